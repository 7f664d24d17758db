"""Response bodies, typed so that the OpenAPI document drives client generators."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from sofadesk.cases.bodies import MAX_INT, Strict
from sofadesk.cases.transit.schemas import TransitContent


class LoginBody(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=500)


class UserCreate(Strict):
    username: str = Field(max_length=64)
    display_name: str = Field("", max_length=200)
    roles: list[str] = Field(max_length=10)
    password: str | None = Field(None, min_length=8, max_length=500)
    email: str | None = Field(None, max_length=254, description="Where notifications are e-mailed.")
    notify_by_email: Literal["immediate", "daily", "off"] = Field(
        "immediate",
        description="Each notification at once, a daily digest, or none by e-mail (the inbox has all).",
    )

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        from sofadesk.notifications.addresses import valid_email

        value = (value or "").strip() or None
        if value is not None and not valid_email(value):
            raise ValueError("not an e-mail address (one @, no spaces, at most 254 characters)")
        return value


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    state: str
    roles: list[str]
    active: bool = True
    email: str | None = Field(
        default=None, description="Shown where users are listed or created; null elsewhere."
    )
    notify_by_email: Literal["immediate", "daily", "off"] | None = Field(
        default=None, description="Shown where users are listed or created; null elsewhere."
    )


class TokenOut(BaseModel):
    token: str
    user: UserOut


class NoticeRuleOut(BaseModel):
    state: str
    lead_time_working_days: int
    requires_countersignature: bool
    restrictions: list[dict[str, str]]
    basis: str = "configuration kept by the State's administrator, not law"


class TransitSummary(BaseModel):
    id: int
    reference: str
    sending_state: str
    status: str
    revision: int
    first_entry: str
    last_exit: str


class TransitList(BaseModel):
    items: list[TransitSummary]
    total: int
    limit: int
    offset: int


class DecisionOut(BaseModel):
    state: str
    status: str
    note: str | None
    due_on: str | None
    overdue: bool
    decided_at: str | None
    carried_over_from: int | None
    version: int


class CrossingOut(BaseModel):
    state: str
    kind: str
    at: str
    point: str


class TransitRead(BaseModel):
    id: int
    reference: str
    sending_state: str
    status: str
    revision: int
    latest_revision: int
    version: int
    first_entry: str
    last_exit: str
    created_at: str
    updated_at: str
    content: TransitContent
    decisions: list[DecisionOut]
    crossings: list[CrossingOut]
    exercise_id: int | None = Field(None, description="The exercise this transit brings a contingent to.")


class CheckOut(BaseModel):
    leg: int | None
    state: str
    kind: str
    status: str
    message: str
    citations: list[str]
    basis: str


class CheckReportOut(BaseModel):
    flags: int
    unknown: int
    checks: list[CheckOut]


class TimelineEvent(BaseModel):
    event: int
    at: str
    actor: str | None
    actor_state: str | None
    action: str
    details: dict[str, Any]
    citations: list[str]
    hash: str


class AuditVerifyOut(BaseModel):
    intact: bool
    events: int
    first_broken: int | None
    problem: str | None


class OverdueOut(BaseModel):
    transit: int
    reference: str
    due_on: str | None
    first_entry: str


class VersionBody(Strict):
    version: int = Field(ge=0, le=MAX_INT)


class ContentUpdate(Strict):
    version: int = Field(ge=0, le=MAX_INT)
    content: TransitContent

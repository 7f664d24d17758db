"""Request and response bodies of the accounts, notice-rule and audit endpoints (the cases' own are in each
kind's schemas.py and reads.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from sofadesk.cases.bodies import Strict


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


class AuditVerifyOut(BaseModel):
    intact: bool
    events: int
    first_broken: int | None
    problem: str | None

"""Request and response bodies of the accounts, notice-rule and audit endpoints (the cases' own are in each
kind's schemas.py and reads.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from sofadesk.cases.bodies import Strict


class LoginBody(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=500)


class UserCreate(Strict):
    username: str = Field(max_length=64)
    display_name: str = Field("", max_length=200)
    roles: list[str] = Field(max_length=10)
    password: str | None = Field(None, min_length=8, max_length=500)


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    state: str
    roles: list[str]
    active: bool = True


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

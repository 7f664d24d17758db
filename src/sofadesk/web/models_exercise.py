"""Exercise response bodies, typed so that the OpenAPI document drives client generators."""

from __future__ import annotations

from pydantic import BaseModel

from sofadesk.cases.exercise.schemas import ContingentBody, ExercisePlan
from sofadesk.web.models import CheckOut


class TrainingAreaOut(BaseModel):
    state: str
    code: str
    name: str
    capacity_persons: int


class ExerciseSummary(BaseModel):
    id: int
    reference: str
    host_state: str
    name: str
    purpose: str
    status: str
    starts_on: str
    ends_on: str


class ExerciseList(BaseModel):
    items: list[ExerciseSummary]
    total: int
    limit: int
    offset: int


class BookingOut(BaseModel):
    id: int
    area: str
    area_name: str
    capacity_persons: int
    first_day: str
    last_day: str
    planned_persons: int


class ParticipantOut(BaseModel):
    state: str
    status: str
    version: int
    note: str | None
    invited_at: str | None
    responded_at: str | None
    persons: int | None
    certificate: str | None
    report_filed: bool


class LinkedTransit(BaseModel):
    id: int
    reference: str
    sending_state: str
    status: str


class ExerciseRead(BaseModel):
    id: int
    reference: str
    host_state: str
    name: str
    purpose: str
    status: str
    starts_on: str
    ends_on: str
    description: str
    version: int
    cancel_reason: str | None
    created_at: str | None
    updated_at: str | None
    approved_at: str | None
    plan: ExercisePlan
    locations: list[BookingOut]
    participants: list[ParticipantOut]
    transits: list[LinkedTransit]


class CertificateLineOut(BaseModel):
    line: int
    description: str
    imported: int
    re_exported: int
    declared: int
    declaration: str | None
    outstanding: int


class CertificateOut(BaseModel):
    serial: str
    exercise: str
    host_state: str
    state: str
    status: str
    version: int
    issued_at: str | None
    legal_basis: list[str]
    lines: list[CertificateLineOut]
    balanced: bool


class ContingentOut(BaseModel):
    state: str
    registration: int
    registered_at: str | None
    content: ContingentBody
    certificates: list[CertificateOut]


class DayRangeOut(BaseModel):
    first: str
    last: str
    text: str


class CoverageOut(BaseModel):
    state: str
    status: str
    message: str
    not_covered: list[DayRangeOut]
    unknown: list[DayRangeOut]
    citations: list[str]


class ExerciseChecksOut(BaseModel):
    flags: int
    unknown: int
    checks: list[CheckOut]
    coverage: list[CoverageOut]


class PrimaryRightOut(BaseModel):
    primary_right: str | None
    reason: str
    citations: list[str]


class JurisdictionOut(BaseModel):
    state: str
    host: str
    as_of: str | None
    on_duty: PrimaryRightOut | None
    off_duty: PrimaryRightOut | None
    note: str | None


class ClashExercise(BaseModel):
    id: int
    reference: str
    name: str


class ClashOut(BaseModel):
    area: str
    area_name: str
    exercises: list[ClashExercise]
    first_day: str
    last_day: str
    days: int
    text: str

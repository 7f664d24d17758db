"""What services return about exercises: the typed shapes the API, the pages and the CLI all use."""

from __future__ import annotations

from pydantic import BaseModel

from sofadesk.cases.core.reads import Page, SlotRead
from sofadesk.cases.exercise.schemas import ContingentBody, ExercisePlan
from sofadesk.cases.force_checks import CheckRead
from sofadesk.law.messages import MessageText


class TrainingAreaRead(BaseModel):
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


class ExerciseList(Page[ExerciseSummary]):
    """A page of the exercises a State may see."""


class BookingRead(BaseModel):
    id: int
    area: str
    area_name: str
    capacity_persons: int
    first_day: str
    last_day: str
    planned_persons: int


class ParticipantRead(BaseModel):
    state: str
    status: str
    version: int
    # Why it withdrew or declined.
    note: str | None
    # The answer to the invitation: a decision due from the State, with its own version.
    invitation: SlotRead | None
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
    revision: int
    locations: list[BookingRead]
    participants: list[ParticipantRead]
    transits: list[LinkedTransit]


class CertificateLineRead(BaseModel):
    line: int
    description: str
    imported: int
    re_exported: int
    declared: int
    declaration: str | None
    outstanding: int


class CertificateRead(BaseModel):
    serial: str
    exercise: str
    host_state: str
    state: str
    status: str
    version: int
    issued_at: str | None
    legal_basis: list[str]
    lines: list[CertificateLineRead]
    balanced: bool


class ContingentRead(BaseModel):
    state: str
    registration: int
    registered_at: str | None
    content: ContingentBody
    certificates: list[CertificateRead]


class DayRangeRead(BaseModel):
    first: str
    last: str
    text: MessageText


class CoverageRead(BaseModel):
    state: str
    status: str
    message: MessageText
    not_covered: list[DayRangeRead]
    unknown: list[DayRangeRead]
    citations: list[str]


class ExerciseChecksRead(BaseModel):
    flags: int
    unknown: int
    checks: list[CheckRead]
    coverage: list[CoverageRead]


class PrimaryRightRead(BaseModel):
    primary_right: str | None
    reason: MessageText
    citations: list[str]


class JurisdictionRead(BaseModel):
    state: str
    host: str
    as_of: str | None
    on_duty: PrimaryRightRead | None
    off_duty: PrimaryRightRead | None
    note: MessageText | None


class ClashExercise(BaseModel):
    id: int
    reference: str
    name: str


class ClashRead(BaseModel):
    area: str
    area_name: str
    exercises: list[ClashExercise]
    first_day: str
    last_day: str
    days: int
    text: MessageText

"""What incident services return: the typed shapes the API, the pages and the CLI all use.  Personal fields
are None where the reader's role may not see them (`personal_data` says "redacted") or after erasure
("erased")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sofadesk.cases.core.reads import Page, SlotRead
from sofadesk.cases.incident.schemas import SettingsBody

Basis = Literal["law", "configuration"]


class JurisdictionFindingRead(BaseModel):
    """The same `value`, `reasons`, `citations`, `not_modelled` as `sofadesk law decide jurisdiction --json`,
    for one suspect, with what it turns on while a fact is unknown."""

    kind: str = "jurisdiction"
    value: dict[str, Any] | None
    reasons: list[str]
    citations: list[str]
    not_modelled: list[str]
    turns_on: list[str] = Field(default_factory=list, description="The unknown facts the answer turns on.")
    alternatives: list[dict[str, Any]] = Field(default_factory=list, description="The answer under each.")
    suspect: int | None = None
    category: str | None = Field(None, description="The suspect's status found under NATO SOFA Art. I.")
    status: dict[str, Any] | None = Field(None, description="The Art. I finding (value, reasons, citations).")
    outside_article_vii: bool = False
    primary_right_state: str | None = None
    regimes: list[dict[str, Any]] = Field(default_factory=list)


class OffenceRead(BaseModel):
    description: str
    type: str
    harmed: list[str]
    minor: bool
    solely_against: str | None = Field(description="Worked out from the victims and the harm (VII(3)(a)(i)).")


class PersonRead(BaseModel):
    number: int
    role: str
    category: str
    name: str | None
    identifier: str | None
    date_of_birth: str | None
    notes: str | None
    facts: dict[str, Any]


class LawStatementRead(BaseModel):
    state: str
    punishable: bool
    security_offence: bool
    death_penalty_possible: bool
    provision: str | None
    stated_at: str


class DutyCertificateRead(BaseModel):
    number: int
    on_duty: bool
    signed_by: str
    signed_on: str
    statement: str | None
    issued_at: str
    contest_until: str | None = Field(description="The receiving State's configured period (not law).")
    answer: str
    answer_note: str | None
    answered_at: str | None
    outcome: str | None
    outcome_decided_by: str | None
    outcome_note: str | None
    outcome_at: str | None


class DutyRead(BaseModel):
    official_duty: str = Field(description="yes, no, unknown or disputed, as the finding takes it.")
    certificates: list[DutyCertificateRead]
    consultation: str | None = Field(None, description="Where a contest is settled, with its citations.")
    citations: list[str]


class WaiverRequestRead(BaseModel):
    number: int
    by_state: str
    to_state: str
    reasons: str
    requested_at: str
    due_on: str | None
    overdue: bool
    answer: str
    answer_reasons: str | None
    answered_at: str | None


class StandingWaiverRead(BaseModel):
    """A receiving State's standing waiver towards the sending State: configuration, with its clock."""

    basis: Basis = "configuration"
    source: str
    recall_days: int
    notified_on: str | None
    recall_until: str | None
    state: str = Field(description="awaiting_notification, open, recalled or final.")
    days_left: int | None
    recall_likely: bool = Field(description="The offence type is one the practice names as likely recalled.")


class IncidentPrimaryRightRead(BaseModel):
    holder: str | None
    decision: str | None = Field(
        description="exercised, waived, granted (a request), standing (a standing "
        "waiver) or None while undecided."
    )
    decision_note: str | None
    decided_at: str | None
    declines: bool
    trying_state: str | None = Field(description="The State that is to try the person, once settled.")
    requests: list[WaiverRequestRead]
    standing: StandingWaiverRead | None
    recall_statement: str | None
    citations: list[str]


class CustodyRead(BaseModel):
    number: int
    person: int
    held_by: str
    arrest: bool
    since: str
    place: str | None
    notice_due_on: str | None = Field(description="VII(5)(b): due promptly; the days are configuration.")
    notified_at: str | None
    notice_overdue: bool
    until: str | None
    end_reason: str | None


class CustodyRequestRead(BaseModel):
    number: int
    person: int
    by_state: str
    to_state: str
    reasons: str
    requested_at: str
    due_on: str | None
    overdue: bool
    answer: str
    answer_note: str | None
    answered_at: str | None


class VisitRead(BaseModel):
    person: int
    by_state: str
    visited_on: str
    note: str | None


class ObserverRead(BaseModel):
    id: int
    state: str
    name: str
    lawyer: bool
    active: bool


class ChecklistItemRead(BaseModel):
    item: str
    citation: str
    text: str
    met: str | None = Field(description="yes, no, not_applicable, or None while not filled in.")
    note: str | None


class TrialRead(BaseModel):
    number: int
    person: int
    state: str
    kind: str
    court: str
    charges: str
    charged_on: str
    hearings: list[str]
    in_receiving_state_territory: bool
    observer: ObserverRead | None
    checklist: list[ChecklistItemRead]
    outcome: str | None
    sentence: str | None
    sentence_detail: str | None
    verdict_on: str | None


class AttachmentRead(BaseModel):
    number: int
    filename: str
    media_type: str
    size: int
    sha256: str
    by_state: str
    uploaded_at: str
    available: bool = Field(description="False after erasure, or where the reader's role may not open it.")


class FlagRead(BaseModel):
    code: str
    message: str
    citations: list[str]
    basis: Basis


class IncidentRead(BaseModel):
    id: int
    reference: str
    status: str
    version: int
    sending_state: str
    receiving_state: str
    reported_by_state: str
    occurred_at: str
    place: str
    summary: str
    police_reference: str | None
    prosecutor_reference: str | None
    offence: OffenceRead
    persons: list[PersonRead]
    law_statements: list[LawStatementRead]
    jurisdiction: JurisdictionFindingRead
    jurisdiction_by_suspect: list[JurisdictionFindingRead]
    official_duty: DutyRead
    primary_right: IncidentPrimaryRightRead
    custody: list[CustodyRead]
    custody_requests: list[CustodyRequestRead]
    visits: list[VisitRead]
    trials: list[TrialRead]
    attachments: list[AttachmentRead]
    decisions: list[SlotRead]
    flags: list[FlagRead]
    actions: list[str] = Field(description="What the reader may do now (pages and the CLI offer these).")
    personal_data: Literal["shown", "redacted", "erased"]
    disposition: str | None
    created_at: str
    updated_at: str
    closed_at: str | None
    retention_until: str | None
    erased_at: str | None


class IncidentSummary(BaseModel):
    id: int
    reference: str
    status: str
    sending_state: str
    receiving_state: str
    occurred_on: str
    offence_type: str
    jurisdiction: str | None
    primary_right_state: str | None
    trying_state: str | None


class IncidentList(Page[IncidentSummary]):
    """A page of the incidents a State may see."""


class SettingsRead(SettingsBody):
    state: str
    basis: Basis = "configuration"
    configured: bool = Field(description="False: the defaults apply (the State has kept none).")
    updated_at: str | None


class WaiverPracticeRead(BaseModel):
    receiving_state: str
    sending_state: str
    advance_waiver: bool
    recall_days: int
    recall_likely: list[str]
    source: str
    basis: Basis = "configuration"
    updated_at: str | None


class CountShare(BaseModel):
    count: int
    share: float | None = Field(description="Of the cases where the receiving State held the primary right.")


class StatsBlock(BaseModel):
    incidents: int
    by_category: dict[str, dict[str, int]] = Field(description="Person category -> offence type -> offences.")
    by_jurisdiction: dict[str, int]
    primary_right: dict[str, int] = Field(description="sending_state, receiving_state, undetermined.")
    reserved: CountShare
    waived: CountShare
    recalls: int
    charges_dropped: int
    trials: int
    outcomes: dict[str, int]


class StatsRead(BaseModel):
    state: str
    year: int
    as_sending_state: StatsBlock = Field(description="Offences by this State's people in other States.")
    as_receiving_state: StatsBlock = Field(description="Offences in this State by other States' people.")
    notes: list[str]


class PurgeRead(BaseModel):
    erased: list[str]
    checked: int

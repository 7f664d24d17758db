"""What the claims services return: the typed shapes the API, the pages and the CLI all use.  Amounts are exact
decimal strings in their currency ("1234.50"; whole lire "1000000"), dates YYYY-MM-DD, times UTC with a Z."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sofadesk.cases.core.reads import Page, SlotRead


class Money(BaseModel):
    amount: str
    currency: str


class ShareRead(BaseModel):
    state: str
    amount: str
    currency: str
    role: str  # sending_state, receiving_state
    fraction: str
    status: str  # proposed, accepted, deemed_accepted, contested, own
    proposal: int
    proposal_on: str
    reply_ends_on: str  # the last day of the two months (VIII(5)(d)): accepted that day without a reply
    replied_on: str | None
    accepted_on: str | None
    half: str | None
    statement: str | None
    decision: SlotRead | None


class SendingPartRead(BaseModel):
    state: str
    notice_due_on: str | None
    notice_sent_on: str | None
    answer_due_on: str | None
    answered_on: str | None
    duty_certificate: str | None
    certificate_on: str | None
    certificate_by: str | None
    evidence: str | None
    # The sending State's own view: shown to that State alone.
    own_reference: str | None
    record: list[dict[str, Any]]


class RouteAlternative(BaseModel):
    state: str
    route: str | None
    handled_by: str | None
    citations: list[str]
    reasons: list[str]
    not_modelled: list[str]


class RouteRead(BaseModel):
    route: str | None  # None where the answer differs by sending State or turns on what is not established
    handled_by: str | None
    steps: list[str]
    citations: list[str]
    reasons: list[str]
    not_modelled: list[str]
    by_state: list[RouteAlternative]
    decided_at: str


class ClockRead(BaseModel):
    code: str
    label: str
    kind: str  # deadline, opens, reply
    basis: str  # where it comes from: national law (configuration), the Agreement, bilateral configuration
    starts_on: str | None
    ends_on: str | None
    status: str  # running, ended, met, open, not_started
    effect: str
    source_title: str | None
    source_url: str | None


class DueRead(BaseModel):
    what: str
    on: str
    basis: str


class PaymentRead(BaseModel):
    kind: str
    amount: str
    currency: str
    paid_on: str
    note: str | None


class DisputeRead(BaseModel):
    id: int
    question: str
    forum: str
    referred_by: str
    referred_on: str
    note: str | None
    outcome: str | None
    award_text: str | None
    award: Money | None
    decided_on: str | None


class DocumentRead(BaseModel):
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: str
    source: str


class ClaimantRead(BaseModel):
    kind: str
    name: str
    relation: str
    state: str | None
    # Contact and bank details: the receiving State's claims office only.
    address: str | None
    email: str | None
    phone: str | None
    bank: dict[str, Any] | None


class ClaimRead(BaseModel):
    id: int
    reference: str
    receiving_state: str
    status: str
    version: int
    revision: int
    source: str
    language: str
    claimant: ClaimantRead
    occurred_on: str
    knew_on: str | None
    place: str
    region: str | None
    description: str
    damage_kind: str
    manoeuvre: bool
    unit_marks: str | None
    vehicle_marks: str | None
    claimed: Money
    submitted_at: str | None
    received_on: str | None
    office: str | None
    office_name: str | None
    incident_id: int | None
    sending_states: list[SendingPartRead]
    facts: dict[str, Any]
    # The procedure the rules give (receiving_state_adjudicates, ex_gratia_by_sending_state, waived, arbitrator,
    # negotiation, outside_the_agreement, ...; None until routed or where it turns on what is not established),
    # and the answer in full: who handles it, steps, citations, reasons, what is left to people, per sending State.
    route: str | None
    routing: RouteRead | None
    awarded: Money | None
    award_basis: str | None
    adjudicated_on: str | None
    payments: list[PaymentRead]
    paid: Money | None
    paid_on: str | None
    shares: list[ShareRead]
    disputes: list[DisputeRead]
    ex_gratia: dict[str, Any]
    documents: list[DocumentRead]
    clocks: list[ClockRead]
    next_due: DueRead | None
    actions: list[str]
    close_reason: str | None
    created_at: str | None
    updated_at: str | None


class ClaimSummary(BaseModel):
    id: int
    reference: str
    receiving_state: str
    status: str
    occurred_on: str
    damage_kind: str
    claimant: str
    claimed: Money
    route: str | None
    incident_id: int | None


class ClaimList(Page[ClaimSummary]):
    """A page of the claims a State may see."""


class PublicSubmitted(BaseModel):
    """What the claimant gets back: the reference and the secret key of the follow link (shown once)."""

    reference: str
    key: str
    follow: str
    status: str
    status_text: str
    documents: int


class PublicClaimRead(BaseModel):
    """A claim as its claimant follows it: its own claim only, nothing of the States' work on it."""

    reference: str
    status: str
    status_text: str
    language: str
    receiving_state: str
    occurred_on: str
    damage_kind: str
    claimed: Money
    submitted_at: str | None
    received_on: str | None
    office_name: str | None
    awarded: Money | None
    adjudicated_on: str | None
    paid: Money | None
    paid_on: str | None
    documents: int
    clocks: list[ClockRead]


class StatementLine(BaseModel):
    claim_id: int
    reference: str
    occurred_on: str
    damage_kind: str
    paid_on: str
    amount_paid: str
    fraction: str
    accepted_on: str
    acceptance: str  # accepted, deemed_accepted
    share: str


class StatementRead(BaseModel):
    reference: str | None  # None while not issued (a preview)
    receiving_state: str
    sending_state: str
    half: str
    period_start: str
    period_end: str
    currency: str
    cases: int
    total: str
    lines: list[StatementLine]
    issued_on: str | None
    request: str  # the reimbursement request
    reimbursed: str
    outstanding: str
    citations: list[str]


class StatementSummary(BaseModel):
    id: int
    reference: str
    receiving_state: str
    sending_state: str
    half: str
    currency: str
    cases: int
    total: str
    issued_on: str
    reimbursed: str
    outstanding: str


class BalanceRead(BaseModel):
    receiving_state: str
    sending_state: str
    currency: str
    stated: str
    reimbursed: str
    outstanding: str
    # Outstanding amounts by the age of their statement on the as-of day.
    ageing: dict[str, str]
    statements: list[StatementSummary]


class CountAmounts(BaseModel):
    currency: str
    claimed: str
    awarded: str
    paid: str
    reimbursed: str


class Durations(BaseModel):
    cases: int
    mean_days: float | None
    median_days: float | None


class ReportRead(BaseModel):
    state: str
    year: int
    received: int
    by_route: dict[str, int]
    by_status: dict[str, int]
    by_damage_kind: dict[str, int]
    amounts: list[CountAmounts]
    receipt_to_decision: Durations
    receipt_to_payment: Durations


class PeriodAmount(BaseModel):
    period: str
    currency: str
    amount: str
    cases: int
    damage_kind: str | None = None


class SendingReportRead(BaseModel):
    state: str
    year: int
    monthly_reimbursed: list[PeriodAmount]
    quarterly_by_damage_kind: list[PeriodAmount]


class SendingViewRead(BaseModel):
    """A sending State's own view of a claim notified to it: the particulars it was sent, date-stamped."""

    claim_id: int
    reference: str
    receiving_state: str
    particulars: dict[str, Any]
    part: SendingPartRead
    shares: list[ShareRead]

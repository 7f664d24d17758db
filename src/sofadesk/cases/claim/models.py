"""Claims, what each sending State holds of them, payments, cost shares, statements and reimbursements, the
claimant's uploads, and the configuration the claims offices keep (competent offices, national clocks, notice
and answer periods per pair of States, the Art. VIII(2)(f) conversion rates).

Money is stored as integers of the currency's minor unit (`*_minor`, with the currency next to it): exact on
both databases (see money.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class ClaimRow(Base):
    """One claim, owned by the receiving State (where the damage was done)."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_occurred_on_id", "occurred_on", "id"),
    )  # the search's order, read backwards
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    receiving_state: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))  # public (the form) or office (entered by the office)
    language: Mapped[str] = mapped_column(String(2))  # the claimant's: en, fr, ru
    # The claimant: person, company, municipality, other_body, or state (a Contracting Party, VIII(1)-(4)).
    claimant_kind: Mapped[str] = mapped_column(String(16))
    claimant_state: Mapped[str | None] = mapped_column(String(3))
    # Whether the claimant is a member of a visiting force or civilian component, or a dependent, harmed
    # privately: the law decides what follows (a third party's claim), not this label.
    claimant_relation: Mapped[str] = mapped_column(String(24))
    claimant_name: Mapped[str] = mapped_column(String(200))
    claimant_contact: Mapped[dict[str, Any]] = mapped_column(JSON)
    bank: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    occurred_on: Mapped[date] = mapped_column(Date)
    knew_on: Mapped[date | None] = mapped_column(
        Date
    )  # the day the claimant knew a foreign force was involved
    place: Mapped[str] = mapped_column(String(300))
    region: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    damage_kind: Mapped[str] = mapped_column(String(32))
    manoeuvre: Mapped[bool] = mapped_column(Boolean)
    unit_marks: Mapped[str | None] = mapped_column(String(300))
    vehicle_marks: Mapped[str | None] = mapped_column(String(300))
    claimed_minor: Mapped[int] = mapped_column(BigInteger)
    claimed_currency: Mapped[str] = mapped_column(String(3))
    follow_key_hash: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the claimant's secret key
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_on: Mapped[date | None] = mapped_column(Date, index=True)
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)
    office_code: Mapped[str | None] = mapped_column(String(40))
    incident_id: Mapped[int | None] = mapped_column(
        Integer, index=True
    )  # an incident case, where there is one
    # The facts the office established for the route (RouteFacts), and the route the rules gave.
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    route: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    route_name: Mapped[str | None] = mapped_column(String(40), index=True)
    awarded_minor: Mapped[int | None] = mapped_column(BigInteger)
    award_currency: Mapped[str | None] = mapped_column(String(3))
    award_basis: Mapped[str | None] = mapped_column(Text)
    adjudicated_on: Mapped[date | None] = mapped_column(Date)
    paid_minor: Mapped[int | None] = mapped_column(BigInteger)
    paid_currency: Mapped[str | None] = mapped_column(String(3))
    paid_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Ex gratia (VIII(6)): the assessment report, the offer, the claimant's answer, the payment.
    ex_gratia: Mapped[dict[str, Any]] = mapped_column(JSON)
    close_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimSendingRow(Base):
    """A sending State named in a claim, and its part: the notice it was sent, its answer with evidence and
    official duty certificate, and its own date-stamped record of the claim."""

    __tablename__ = "claim_sending_states"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
    notice_due_on: Mapped[date | None] = mapped_column(Date)
    notice_sent_on: Mapped[date | None] = mapped_column(Date)
    answer_due_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(Text)
    duty_certificate: Mapped[str | None] = mapped_column(String(16))  # on_duty, off_duty, not_certified
    certificate_on: Mapped[date | None] = mapped_column(Date)
    certificate_by: Mapped[str | None] = mapped_column(String(200))
    own_reference: Mapped[str | None] = mapped_column(String(60))
    record: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class ClaimPaymentRow(Base):
    """A payment by the receiving State to the claimant: an advance, or the final payment."""

    __tablename__ = "claim_payments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # advance, final
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimShareRow(Base):
    """One State's share of a paid claim (VIII(5)(e)); a sending State's share is proposed to it, and accepted,
    deemed accepted (VIII(5)(d)) or contested.  An accepted share goes on the statement of the half-year the
    claim-statement rule names, once."""

    __tablename__ = "claim_shares"
    __table_args__ = (
        Index("ix_claim_shares_statement", "receiving_state", "state_code", "half", "status"),
        Index("ix_claim_shares_claim", "claim_id", "proposal"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    proposal: Mapped[int] = mapped_column(Integer)  # 1, then 2 after a contested proposal is replaced
    receiving_state: Mapped[str] = mapped_column(String(3))
    state_code: Mapped[str] = mapped_column(String(3))
    role: Mapped[str] = mapped_column(String(16))  # sending_state, receiving_state
    fraction: Mapped[str] = mapped_column(String(16))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)
    proposal_on: Mapped[date] = mapped_column(Date)
    reply_ends_on: Mapped[date] = mapped_column(Date)
    # proposed, accepted, deemed_accepted, contested, superseded; the receiving State's own share: own
    status: Mapped[str] = mapped_column(String(16))
    replied_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    half: Mapped[str | None] = mapped_column(String(7))  # "2024-H1": the statement it goes on
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("claim_statements.id"), index=True)


class ClaimDisputeRow(Base):
    """A question referred to the arbitrator (VIII(2)(b), (8)) or to negotiation (PfP SOFA Art. III), and its
    outcome when recorded."""

    __tablename__ = "claim_disputes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    question: Mapped[str] = mapped_column(String(24))  # official_duty, vehicle_use, liability, distribution
    forum: Mapped[str] = mapped_column(String(16))  # arbitrator, negotiation
    referred_by: Mapped[str] = mapped_column(String(3))
    referred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(24))
    award_text: Mapped[str | None] = mapped_column(Text)
    award_minor: Mapped[int | None] = mapped_column(BigInteger)
    award_currency: Mapped[str | None] = mapped_column(String(3))
    decided_on: Mapped[date | None] = mapped_column(Date)


class ClaimDocumentRow(Base):
    """Evidence uploaded with a claim: stored as opaque bytes with its checked type, never opened or run."""

    __tablename__ = "claim_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(8))  # public, office


class ClaimStatementRow(Base):
    """A half-yearly statement of the sums paid on accepted cases, sent by the receiving State to one sending
    State with its reimbursement request (VIII(5)(e)(iv)); its lines are the shares pointing to it."""

    __tablename__ = "claim_statements"
    __table_args__ = (UniqueConstraint("receiving_state", "sending_state", "half", "currency"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    receiving_state: Mapped[str] = mapped_column(String(3))
    sending_state: Mapped[str] = mapped_column(String(3), index=True)
    half: Mapped[str] = mapped_column(String(7))
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimReimbursementRow(Base):
    """A sum the sending State reimbursed against a statement, as received by the receiving State."""

    __tablename__ = "claim_reimbursements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("claim_statements.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    received_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


# --- configuration, kept by each State's administrator (national practice, not the Agreement) ----------------


class ClaimOfficeRow(Base):
    """A competent claims office of a receiving State, for the regions and kinds of damage it handles."""

    __tablename__ = "claim_offices"
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    regions: Mapped[list[str]] = mapped_column(JSON)  # region codes, or ["*"]
    damage_kinds: Mapped[list[str]] = mapped_column(JSON)  # kinds of damage, or ["*"]
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimClockRow(Base):
    """A period national implementing law sets for claims (filing, going to court): configuration per
    receiving State with its source, shown as such, never as the Agreement."""

    __tablename__ = "claim_clocks"
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    runs_from: Mapped[str] = mapped_column(String(16))  # knowledge, occurrence, receipt, decision
    months: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # deadline (must act by), opens (may act from)
    damage_kinds: Mapped[list[str]] = mapped_column(JSON)  # ["*"] for every kind
    effect: Mapped[str] = mapped_column(Text)
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimPeriodRow(Base):
    """For a pair of States: the days within which the receiving State sends notice of a claim, and within
    which the sending State answers with its evidence (bilateral practice; configuration with its source)."""

    __tablename__ = "claim_periods"
    receiving_state: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    sending_state: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    notice_days: Mapped[int] = mapped_column(Integer)
    answer_days: Mapped[int] = mapped_column(Integer)
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimRateRow(Base):
    """A conversion rate the parties agreed for the Art. VIII(2)(f) threshold amounts, dated and with its source;
    never filled in without one."""

    __tablename__ = "claim_rates"
    __table_args__ = (UniqueConstraint("party", "from_currency", "to_currency", "valid_from"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party: Mapped[str] = mapped_column(ForeignKey("states.code"))  # whose threshold it converts
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[str] = mapped_column(String(40))  # decimal text: units of to_currency per from_currency
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    agreed_by: Mapped[str] = mapped_column(String(200))
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimSubmitThrottleRow(Base):
    """Public submissions (and failed follow-link look-ups) per client address in the current window, shared
    by every worker and node through the database."""

    __tablename__ = "claim_submit_throttle"
    client: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_started: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer)

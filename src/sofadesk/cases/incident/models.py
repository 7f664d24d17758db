"""Incidents: the report, the persons involved, each State's statement on its own law, the official-duty
certificates, waiver requests, custody, trials and attachments; and each State's configuration for them (time
limits, standing waiver practice, retention, trial observers), kept as configuration, never as law.

Personal data (names, identifiers, dates of birth, notes on persons, attachment contents) lives only in the
columns `privacy.erase` clears; the audit trail names persons by their number in the case, never by name, so
that erasing them leaves the hash chain intact."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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


class IncidentRow(Base):
    __tablename__ = "incidents"
    # Statistics read only these columns, by State and day: the two indexes hold them all (stats.py reads the
    # index alone, never the wide rows).
    STATS = (
        "jurisdiction_kind",
        "primary_right_state",
        "waived",
        "recalled",
        "charges_dropped",
        "tried",
        "outcome",
        "offence_type",
        "suspect_categories",
    )
    __table_args__ = (
        Index("ix_incidents_sending_stats", "sending_state", "occurred_on", "receiving_state", *STATS),
        Index("ix_incidents_receiving_stats", "receiving_state", "occurred_on", "sending_state", *STATS),
        Index("ix_incidents_occurred_on_id", "occurred_on", "id"),  # the list's order (read backwards)
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    # The owner in the case engine's sense: the State in whose territory the offence was committed.
    receiving_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    sending_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    reported_by_state: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(24), index=True)
    revision: Mapped[int] = mapped_column(Integer)  # always 1: the slots hang on it
    version: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    occurred_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    police_reference: Mapped[str | None] = mapped_column(String(100))
    prosecutor_reference: Mapped[str | None] = mapped_column(String(100))
    offence_description: Mapped[str] = mapped_column(String(1000))
    offence_type: Mapped[str] = mapped_column(String(32))
    # What besides the victims the offence harmed (Art. VII(3)(a)(i)): a list of codes (schemas.Harm).
    harmed: Mapped[list[str]] = mapped_column(JSON)
    minor_offence: Mapped[bool] = mapped_column(Boolean, default=False)
    # The jurisdiction finding as last recomputed (the case read shows it; `facts.py` makes it).
    finding: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Denormalised from the finding and the steps, for statistics (stats.py) without reading every detail.
    jurisdiction_kind: Mapped[str | None] = mapped_column(String(24))
    primary_right_state: Mapped[str | None] = mapped_column(String(3))
    trying_state: Mapped[str | None] = mapped_column(String(3))
    principal_category: Mapped[str | None] = mapped_column(String(24))
    # Each suspect's category, comma-separated (statistics count offences per suspect without a join).
    suspect_categories: Mapped[str] = mapped_column(String(1300), default="")
    waived: Mapped[bool | None] = mapped_column(Boolean)
    recalled: Mapped[bool] = mapped_column(Boolean, default=False)
    charges_dropped: Mapped[bool] = mapped_column(Boolean, default=False)
    tried: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(24))
    # The State holding the primary right: will it exercise it (Art. VII(3)(c))?
    primary_decision: Mapped[str | None] = mapped_column(String(16))  # exercised, waived
    primary_decision_state: Mapped[str | None] = mapped_column(String(3))
    primary_decision_note: Mapped[str | None] = mapped_column(Text)
    primary_decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The sending State's notification of the case (starts a standing waiver's recall period).
    case_notified_on: Mapped[date | None] = mapped_column(Date)
    recall_statement: Mapped[str | None] = mapped_column(Text)
    recalled_at: Mapped[datetime | None] = mapped_column(DateTime)
    disposition: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)


class IncidentPersonRow(Base):
    """A suspect, victim or witness.  `facts` holds what Art. I needs (service, employment, dependency,
    nationality, residence); name, identifier, date of birth and notes are the personal data erased after
    retention."""

    __tablename__ = "incident_persons"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # suspect, victim, witness
    category: Mapped[str] = mapped_column(String(24))  # as given (victims, witnesses) or found (suspects)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    name: Mapped[str | None] = mapped_column(String(200))
    identifier: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class IncidentLawStatementRow(Base):
    """A State's legal adviser on the offence under that State's own law (only each State knows its law)."""

    __tablename__ = "incident_law_statements"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    punishable: Mapped[bool] = mapped_column(Boolean)
    security_offence: Mapped[bool] = mapped_column(Boolean)
    death_penalty_possible: Mapped[bool] = mapped_column(Boolean)
    provision: Mapped[str | None] = mapped_column(String(300))
    stated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stated_at: Mapped[datetime] = mapped_column(DateTime)


class DutyCertificateRow(Base):
    """The sending State's official-duty certificate, the receiving State's answer, and where it was contested
    the outcome of the consultation between the States."""

    __tablename__ = "incident_duty_certificates"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    on_duty: Mapped[bool] = mapped_column(Boolean)
    signed_by: Mapped[str] = mapped_column(String(200))  # the certifying official and office
    signed_on: Mapped[date] = mapped_column(Date)
    statement: Mapped[str | None] = mapped_column(Text)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    contest_until: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(16))  # pending, accepted, contested, not_needed
    answer_note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))  # on_duty, off_duty
    outcome_decided_by: Mapped[str | None] = mapped_column(String(300))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(DateTime)


class WaiverRequestRow(Base):
    """A request by the State without the primary right that the other waive it (Art. VII(3)(c))."""

    __tablename__ = "incident_waiver_requests"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    by_state: Mapped[str] = mapped_column(String(3))
    to_state: Mapped[str] = mapped_column(String(3))
    reasons: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    due_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(16))  # pending, granted, refused, withdrawn
    answer_reasons: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)


class CustodyRow(Base):
    """A period in one State's hands, from an arrest or a hand-over to its end."""

    __tablename__ = "incident_custody"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    person_number: Mapped[int] = mapped_column(Integer)
    held_by: Mapped[str] = mapped_column(String(3))
    arrest: Mapped[bool] = mapped_column(Boolean)
    since: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    notice_due_on: Mapped[date | None] = mapped_column(Date)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    until: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(24))


class CustodyRequestRow(Base):
    """A State asks the State holding a person to hand him over, and the answer."""

    __tablename__ = "incident_custody_requests"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    person_number: Mapped[int] = mapped_column(Integer)
    by_state: Mapped[str] = mapped_column(String(3))
    to_state: Mapped[str] = mapped_column(String(3))
    reasons: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    due_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(16))  # pending, granted, refused
    answer_note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)


class VisitRow(Base):
    """An access visit to a person in custody (e.g. by a sending-State representative)."""

    __tablename__ = "incident_visits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    person_number: Mapped[int] = mapped_column(Integer)
    by_state: Mapped[str] = mapped_column(String(3))
    visited_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class TrialRow(Base):
    """Proceedings by one State against one person: charges, court, hearings, the trial observer's Art. VII(9)
    checklist, the verdict and the sentence."""

    __tablename__ = "incident_trials"
    __table_args__ = (UniqueConstraint("incident_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    number: Mapped[int] = mapped_column(Integer)
    person_number: Mapped[int] = mapped_column(Integer)
    state_code: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))  # criminal, disciplinary
    court: Mapped[str] = mapped_column(String(300))
    charges: Mapped[str] = mapped_column(Text)
    charged_on: Mapped[date] = mapped_column(Date)
    in_receiving_state_territory: Mapped[bool] = mapped_column(Boolean, default=True)
    hearings: Mapped[list[str]] = mapped_column(JSON)
    observer_id: Mapped[int | None] = mapped_column(ForeignKey("incident_observers.id"))
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str | None] = mapped_column(String(16))  # acquitted, convicted, dropped, pardoned
    sentence: Mapped[str | None] = mapped_column(String(24))
    sentence_detail: Mapped[str | None] = mapped_column(Text)
    verdict_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class AttachmentRow(Base):
    __tablename__ = "incident_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    by_state: Mapped[str] = mapped_column(String(3))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)


class IncidentSettingsRow(Base):
    """A State's own time limits and retention for incidents: configuration kept by its administrator, shown as
    such, never as law."""

    __tablename__ = "incident_state_settings"
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    contest_working_days: Mapped[int] = mapped_column(Integer)
    waiver_answer_working_days: Mapped[int] = mapped_column(Integer)
    arrest_notice_working_days: Mapped[int] = mapped_column(Integer)
    custody_answer_working_days: Mapped[int] = mapped_column(Integer)
    retention_days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class WaiverPracticeRow(Base):
    """A receiving State's standing practice towards a sending State: its primary right waived in advance,
    recallable by a statement within a number of days of the sending State's notification of the case (e.g.
    the German Supplementary Agreement, Art. 19).  Configuration, not the Agreement."""

    __tablename__ = "incident_waiver_practices"
    receiving_state: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    sending_state: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    advance_waiver: Mapped[bool] = mapped_column(Boolean)
    recall_days: Mapped[int] = mapped_column(Integer)
    recall_likely: Mapped[list[str]] = mapped_column(JSON)  # offence types where a recall is likely
    source: Mapped[str] = mapped_column(String(500))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ObserverRow(Base):
    """A State's roster of qualified trial observers."""

    __tablename__ = "incident_observers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lawyer: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

"""Transit requests, their revisions, each State's decision per revision, border crossings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class TransitRow(Base):
    __tablename__ = "transits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    sending_state: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    # Optimistic concurrency: every change increments it; a writer holding an older value gets 409.
    version: Mapped[int] = mapped_column(Integer)
    first_entry: Mapped[date] = mapped_column(Date, index=True)
    last_exit: Mapped[date] = mapped_column(Date, index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when the transit brings a contingent to an exercise (the exercise lists its transits in turn).
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id"), index=True)


class TransitRevisionRow(Base):
    __tablename__ = "transit_revisions"
    __table_args__ = (UniqueConstraint("transit_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transit_id: Mapped[int] = mapped_column(ForeignKey("transits.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TransitPartyRow(Base):
    """Every State a transit concerns (sending State and every State crossed in any revision): visibility."""

    __tablename__ = "transit_parties"
    transit_id: Mapped[int] = mapped_column(ForeignKey("transits.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), primary_key=True, index=True)


class TransitDecisionRow(Base):
    """A crossed State's decision on its leg(s) of one revision."""

    __tablename__ = "transit_decisions"
    __table_args__ = (UniqueConstraint("transit_id", "revision", "state_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transit_id: Mapped[int] = mapped_column(ForeignKey("transits.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    carried_over_from: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)


class TransitCrossingRow(Base):
    __tablename__ = "transit_crossings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transit_id: Mapped[int] = mapped_column(ForeignKey("transits.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(8))  # entered, left
    at: Mapped[datetime] = mapped_column(DateTime)
    point: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class NoticeRuleRow(Base):
    """A State's own notice rule for transits: configuration kept by its administrator, not law."""

    __tablename__ = "notice_rules"
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    lead_time_working_days: Mapped[int] = mapped_column(Integer)
    requires_countersignature: Mapped[bool] = mapped_column(default=False)
    # List of {"code": ..., "text": ...}; codes the checks understand: non_lethal_cargo_only, no_dangerous_goods.
    restrictions: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)

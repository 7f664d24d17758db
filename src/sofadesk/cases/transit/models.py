"""Transit requests, border crossings and each State's notice rule.  A request's content per revision, the States
concerned and each State's decision are the case engine's (cases/core): revisions, parties, slots."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class TransitRow(Base):
    __tablename__ = "transits"
    # The list's order (first entry, id) and the requester's dashboard (own cases by status in that order).
    __table_args__ = (
        Index("ix_transits_first_entry_id", "first_entry", "id"),
        Index("ix_transits_sending_status_entry", "sending_state", "status", "first_entry", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    sending_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    status: Mapped[str] = mapped_column(String(24), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    # Optimistic concurrency: every change increments it; a writer holding an older value gets 409.
    version: Mapped[int] = mapped_column(Integer)
    first_entry: Mapped[date] = mapped_column(Date)
    last_exit: Mapped[date] = mapped_column(Date, index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when the transit brings a contingent to an exercise (the exercise lists its transits in turn).
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id"), index=True)


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

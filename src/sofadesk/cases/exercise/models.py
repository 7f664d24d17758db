"""Exercises, the training areas they book, the States taking part, their contingents and the customs
certificates (Form 302 style) for what each contingent temporarily imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class TrainingAreaRow(Base):
    """A training area of a State, kept by that State's planners: the thing two exercises may both book."""

    __tablename__ = "training_areas"
    __table_args__ = (UniqueConstraint("state_code", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    capacity_persons: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ExerciseRow(Base):
    __tablename__ = "exercises"
    __table_args__ = (Index("ix_exercises_starts_on_id", "starts_on", "id"),)  # the list's order
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    host_state: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    # The plan as last written (ExercisePlan, validated on the way in).
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Each plan is also kept as a revision of the case (cases/core): this is the latest one's number.
    revision: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class AreaBookingRow(Base):
    """One exercise's booking of one training area for a run of days (first and last day included)."""

    __tablename__ = "area_bookings"
    __table_args__ = (Index("ix_area_bookings_area_days", "area_id", "first_day", "last_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("training_areas.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    planned_persons: Mapped[int] = mapped_column(Integer)


class ParticipantRow(Base):
    """An invited State and where its participation stands (its answer to the invitation is the invitation slot's;
    being concerned by the exercise, and so seeing it, is the case engine's party record)."""

    __tablename__ = "exercise_participants"
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer)
    invited_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    invited_at: Mapped[datetime] = mapped_column(DateTime)
    # Why it withdrew, where it did.
    note: Mapped[str | None] = mapped_column(Text)
    report: Mapped[str | None] = mapped_column(Text)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)


class ContingentRow(Base):
    """A participant's contingent as registered; a new registration supersedes the previous one."""

    __tablename__ = "contingents"
    __table_args__ = (UniqueConstraint("exercise_id", "state_code", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"))
    state_code: Mapped[str] = mapped_column(String(3))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(DateTime)


class CertificateRow(Base):
    """Customs certificate (NATO SOFA Art. XI(4); Form 302 style) for a contingent's temporarily imported
    equipment, with what has since been re-exported or declared, line by line."""

    __tablename__ = "customs_certificates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(60), unique=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), index=True)
    state_code: Mapped[str] = mapped_column(String(3))
    contingent_id: Mapped[int] = mapped_column(ForeignKey("contingents.id"))
    status: Mapped[str] = mapped_column(String(16))  # valid, superseded
    # [{"line", "description", "kind", "quantity", "serial_number"}]
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # {line: {"re_exported", "declared", "declaration"}}, keys as strings (JSON)
    discharge: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)

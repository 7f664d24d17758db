"""Tables every case kind shares, keyed by the kind's name and the case's id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class CasePartyRow(Base):
    """A State concerned by a case other than the one that owns it: it may see the case from `since` on.  A
    State never recorded here (nor owning the case) gets 404 for it, as if it did not exist."""

    __tablename__ = "case_parties"
    __table_args__ = (Index("ix_case_parties_state", "state_code", "kind", "case_id"),)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    since: Mapped[datetime] = mapped_column(DateTime)


class CaseSlotRow(Base):
    """What one State must decide on one revision of a case (`subject`: a transit leg, an invitation, ...), by
    when, and its answer.  A new revision carries an answer over or reopens it."""

    __tablename__ = "case_slots"
    __table_args__ = (
        # Its index also finds a case's decisions by (kind, case_id, revision): no second index on those.
        UniqueConstraint("kind", "case_id", "revision", "subject", "state_code"),
        # Open decisions only, in the pending list's order: a State's page of them, and their counts, are read
        # off this index (cases/core/pending.py), however many decisions it answered before.  Every query that
        # reads slots by State asks for open ones, so no index on answered ones (migration 0015).
        Index(
            "ix_case_slots_open",
            "state_code",
            "kind",
            "due_on",
            "case_id",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    case_id: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(40))
    state_code: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(32))  # pending, or the answer
    note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    carried_over_from: Mapped[int | None] = mapped_column(Integer)
    # Optimistic concurrency: an answer lands only on the version the decider read.
    version: Mapped[int] = mapped_column(Integer)


class CaseRevisionRow(Base):
    """A case's content as of one revision; earlier revisions stay readable after an amendment."""

    __tablename__ = "case_revisions"
    __table_args__ = (UniqueConstraint("kind", "case_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    case_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class IdempotencyKeyRow(Base):
    """The first answer to a create sent with an Idempotency-Key, replayed when the same create is repeated."""

    __tablename__ = "idempotency_keys"
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

"""Audit events, chained by SHA-256, and the head row that serialises appends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    # Assigned by the writer under the head lock, so that the sequence has no gaps and is part of the hash.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_username: Mapped[str | None] = mapped_column(String(64))
    actor_state: Mapped[str | None] = mapped_column(String(3))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    citations: Mapped[str] = mapped_column(Text)  # canonical JSON list
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """One row: the last event's id and hash.  Locked by the writer (audit.writer) as a transaction's last act."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditCitationRow(Base):
    """A provision an event relied on, and each provision enclosing it (VII(3)(a)(ii) is also filed under
    VII(3)(a), VII(3) and VII), so that "which decisions used this provision?" is an index lookup, not a scan
    of every event's JSON.  Derived from the event's own (hashed) citations, written with it."""

    __tablename__ = "audit_citations"
    __table_args__ = (Index("ix_audit_citations_citation_event", "citation", "event_id"),)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), primary_key=True)
    citation: Mapped[str] = mapped_column(String(80), primary_key=True)
    # True where the event cites this provision itself, False where it cites a paragraph within it.
    direct: Mapped[bool] = mapped_column(Boolean)


class AuditTreeHeadRow(Base):
    """A signed tree head (RFC 9162 style) over the first `tree_size` events, published to every State.

    `frontier` holds the roots of the complete subtrees at that size (at most log2 n hashes, authenticated by
    the signed root they fold to): the next head, and a verification resumed from this one, start from it
    and read only the events written since."""

    __tablename__ = "audit_tree_heads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tree_size: Mapped[int] = mapped_column(Integer, index=True)
    root_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))
    frontier: Mapped[str] = mapped_column(Text)
    # Kept as the exact text signed, so that no database's datetime rounding can change the signed bytes.
    signed_at: Mapped[str] = mapped_column(String(32))
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(100))

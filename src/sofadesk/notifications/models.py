"""The inbox (one row per user told) and the outbox (e-mails to send, written in the same transaction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base

EVENTS = ("slot.opened", "slot.reopened", "slot.due_soon", "slot.overdue")


class NotificationRow(Base):
    """One thing a user was told, in their inbox until read."""

    __tablename__ = "notifications"
    __table_args__ = (
        # A scan run twice (or by two nodes at once) tells each user once.
        UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_user_dedupe"),
        # The header's unread count on every page: an index range, not a scan of the user's history.
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    event: Mapped[str] = mapped_column(String(32))  # slot.opened, slot.reopened, slot.due_soon, slot.overdue
    case_kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int] = mapped_column(Integer)
    case_reference: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))  # a path of the web interface, e.g. /transits/12
    dedupe_key: Mapped[str] = mapped_column(String(200))
    # When a daily digest listed it (each unread item is listed by one digest: the next lists what came since,
    # including items whose transaction committed while the previous digest was being written).
    digested_at: Mapped[datetime | None] = mapped_column(DateTime)


class OutboxRow(Base):
    """An e-mail to send.  Sent after the transaction that wrote it, by whichever sender claims it first
    (notifications.sender); retried with backoff, given up after a number of attempts (kept, with its error)."""

    __tablename__ = "notification_outbox"
    __table_args__ = (
        Index("ix_notification_outbox_due", "sent_at", "next_attempt_at"),
        UniqueConstraint("dedupe_key", name="uq_notification_outbox_dedupe_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The case's path, made absolute with SOFADESK_PUBLIC_URL when the mail is sent (digests list theirs in
    # the body).
    link: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))  # immediate | digest
    created_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # The sender run that claimed the row last (a random token): it alone sends it.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    # One digest per user and day: "digest:<user id>:<YYYY-MM-DD>" (NULL for immediate mails).
    dedupe_key: Mapped[str | None] = mapped_column(String(64))

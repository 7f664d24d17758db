"""Telling users, and their inboxes.  Functions take a session and never commit: the caller's transaction owns
it, so the inbox rows and the outbox's e-mails are written with the step that caused them, or not at all.
Nothing here touches the network (notifications.sender does, afterwards)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sofadesk.accounts.models import AuthorityRow, UserRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now as utc_now
from sofadesk.notifications.models import NotificationRow, OutboxRow

MAX_LIMIT = 500


@dataclass(frozen=True)
class InboxItem:
    id: int
    created_at: datetime
    read_at: datetime | None
    event: str
    case_kind: str
    case_id: int
    case_reference: str
    subject: str
    body: str
    link: str

    @property
    def unread(self) -> bool:
        return self.read_at is None


def _bounded(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True)
class Notice:
    """What to tell the users of one State's authority who hold any of the roles."""

    state: str
    roles: tuple[str, ...]
    event: str
    case_kind: str
    case_id: int
    case_reference: str
    subject: str
    body: str
    link: str
    dedupe_key: str


def notify(
    session: Session,
    *,
    state: str,
    roles: tuple[str, ...],
    event: str,
    case_kind: str,
    case_id: int,
    case_reference: str,
    subject: str,
    body: str,
    link: str,
    dedupe_key: str,
) -> int:
    """Tell the active users of `state`'s authority who hold any of `roles`: one inbox row each, and an e-mail
    in the outbox for those with an address who asked for mail at once.  A user who already has `dedupe_key`
    is not told again (a scan run twice, or by two nodes at once, tells each user once).  Returns how many users
    were told now.  Writes rows only: no network, whatever the state of the mail server."""
    return notify_many(
        session,
        [Notice(state, roles, event, case_kind, case_id, case_reference, subject, body, link, dedupe_key)],
    )


def notify_many(session: Session, notices: list[Notice]) -> int:
    """`notify` for a batch, in a few multi-row inserts: the recipients of each (State, roles) are looked up
    once, however many cases the batch tells them about."""
    recipients: dict[tuple[str, tuple[str, ...]], dict[int, Any]] = {}
    inbox_rows: list[dict[str, Any]] = []
    stamp = utc_now()
    for n in notices:
        if not n.link.startswith("/") or n.link.startswith("//"):
            raise ValueError(
                f"link must be a path of the web interface, such as /transits/12, not {n.link!r}"
            )
        if not n.dedupe_key or len(n.dedupe_key) > 200:
            raise ValueError("dedupe_key must have 1 to 200 characters")
        key = (n.state, n.roles)
        if key not in recipients:
            recipients[key] = _recipients(session, n.state, n.roles)
        common = {
            "created_at": stamp,
            "read_at": None,
            "event": _bounded(n.event, 32),
            "case_kind": _bounded(n.case_kind, 32),
            "case_id": n.case_id,
            "case_reference": _bounded(n.case_reference, 64),
            "subject": _bounded(n.subject, 200),
            "body": n.body,
            "link": _bounded(n.link, 300),
            "dedupe_key": n.dedupe_key,
        }
        inbox_rows += [{"user_id": user_id, **common} for user_id in recipients[key]]
    if not inbox_rows:
        return 0
    told = _insert_new(session, inbox_rows)
    users = {user_id: row for found in recipients.values() for user_id, row in found.items()}
    mails = [
        {
            "kind": "immediate",
            "attempts": 0,
            "subject": r["subject"],
            "body": r["body"],
            "link": r["link"],
            "user_id": r["user_id"],
            "to_address": users[r["user_id"]].email,
            "created_at": stamp,
            "next_attempt_at": stamp,
        }
        for r in inbox_rows
        if (r["user_id"], r["dedupe_key"]) in told
        and users[r["user_id"]].email
        and users[r["user_id"]].notify_by_email == "immediate"
    ]
    if mails:
        session.execute(insert(OutboxRow), mails)
    return len(told)


def _recipients(session: Session, state: str, roles: tuple[str, ...]) -> dict[int, Any]:
    wanted = set(roles)
    candidates = session.execute(
        select(UserRow.id, UserRow.roles, UserRow.email, UserRow.notify_by_email)
        .join(AuthorityRow, AuthorityRow.id == UserRow.authority_id)
        .where(AuthorityRow.state_code == state, UserRow.active.is_(True))
        .order_by(UserRow.id)
    ).all()
    # Roles are a comma-separated column (accounts.models): matched here rather than with LIKE in SQL.
    return {row.id: row for row in candidates if wanted.intersection(row.roles.split(","))}


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> set[tuple[int, str]]:
    """Insert the inbox rows whose (user, dedupe key) is new; the (user, key) pairs written.  ON CONFLICT DO
    NOTHING rather than a check then an insert: a concurrent scan writing the same key waits for this one and
    then skips, instead of failing the step that called it with a unique violation.  One statement run over
    all the rows (SQLAlchemy batches them into multi-row inserts, RETURNING included)."""
    dialect = session.get_bind().dialect.name
    stmt: Any
    if dialect == "postgresql":
        stmt = postgresql.insert(NotificationRow)
    elif dialect == "sqlite":
        stmt = sqlite.insert(NotificationRow)
    else:  # pragma: no cover - SOFA Desk runs on SQLite and PostgreSQL only
        raise NotImplementedError(dialect)
    stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"]).returning(
        NotificationRow.user_id, NotificationRow.dedupe_key
    )
    result = session.connection().execute(stmt, rows)
    return {(user_id, key) for user_id, key in result}


def inbox(session: Session, user: CurrentUser, limit: int = 50, unread_only: bool = False) -> list[InboxItem]:
    """The user's notifications, newest first."""
    query = select(NotificationRow).where(NotificationRow.user_id == user.id)
    if unread_only:
        query = query.where(NotificationRow.read_at.is_(None))
    rows = session.execute(
        query.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc()).limit(
            max(1, min(limit, MAX_LIMIT))
        )
    ).scalars()
    return [_item(r) for r in rows]


def _item(r: NotificationRow) -> InboxItem:
    return InboxItem(
        r.id,
        r.created_at,
        r.read_at,
        r.event,
        r.case_kind,
        r.case_id,
        r.case_reference,
        r.subject,
        r.body,
        r.link,
    )


def unread_count(session: Session, user: CurrentUser) -> int:
    """How many notifications the user has not read (one indexed range: ix_notifications_user_read)."""
    return int(
        session.execute(
            select(func.count())
            .select_from(NotificationRow)
            .where(NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None))
        ).scalar_one()
    )


def mark_read(session: Session, user: CurrentUser, ids: Iterable[int] | Literal["all"]) -> int:
    """Mark the user's own notifications read (all of them, or those of `ids`); ids of other users' notifications
    are ignored.  Returns how many were marked now."""
    condition = [NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None)]
    if ids != "all":
        wanted = sorted(set(ids))
        if not wanted:
            return 0
        condition.append(NotificationRow.id.in_(wanted))
    result = session.execute(
        update(NotificationRow)
        .where(*condition)
        .values(read_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]

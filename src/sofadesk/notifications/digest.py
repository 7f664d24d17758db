"""The daily digest: for each user who chose `daily`, one e-mail a day listing their unread notifications that no
digest has listed yet (each is then marked `digested_at`).  Written to the outbox (one row per user and day, its dedupe key unique: a second run the
same day, or another node's run, writes nothing), then sent like any mail (notifications.sender)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.models import UserRow
from sofadesk.config import SmtpSettings
from sofadesk.notifications.models import NotificationRow, OutboxRow
from sofadesk.notifications.sender import SendResult, send_due

ITEMS = 50  # listed in one digest; the rest are counted, with a link to the inbox


def digest_key(user_id: int, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def _body(
    name: str, items: list[NotificationRow], total: int, since: datetime | None, public_url: str
) -> str:
    heading = f"since your last digest ({since:%Y-%m-%d %H:%M} UTC)" if since else "waiting for you"
    lines = [f"Hello {name},", "", f"Unread in your SOFA Desk inbox, {heading}: {total}.", ""]
    for item in items:
        lines.append(f"- {item.subject} ({item.case_reference}), {item.created_at:%Y-%m-%d %H:%M} UTC")
        lines.append(f"  {public_url}{item.link}")
    if total > len(items):
        lines.append(f"... and {total - len(items)} more.")
    lines += ["", "You receive this digest once a day because your e-mail preference is 'daily'."]
    return "\n".join(lines)


def queue_digests(session: Session, smtp: SmtpSettings, now: datetime) -> int:
    """Write today's digests to the outbox; how many were written.  Takes the caller's session, never commits."""
    users = session.execute(
        select(UserRow.id, UserRow.email, UserRow.display_name, UserRow.username)
        .where(UserRow.active.is_(True), UserRow.notify_by_email == "daily", UserRow.email.is_not(None))
        .order_by(UserRow.id)
    ).all()
    queued = 0
    for user in users:
        key = digest_key(user.id, now.date())
        if session.execute(select(OutboxRow.id).where(OutboxRow.dedupe_key == key)).first():
            continue
        since = session.execute(
            select(func.max(OutboxRow.created_at)).where(
                OutboxRow.user_id == user.id, OutboxRow.kind == "digest"
            )
        ).scalar_one()
        # What no digest has listed yet, read once: the items listed and counted are exactly those marked.
        ids = list(
            session.execute(
                select(NotificationRow.id)
                .where(
                    NotificationRow.user_id == user.id,
                    NotificationRow.read_at.is_(None),
                    NotificationRow.digested_at.is_(None),
                )
                .order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
            ).scalars()
        )
        if not ids:
            continue
        total = len(ids)
        items = list(
            session.execute(
                select(NotificationRow)
                .where(NotificationRow.id.in_(ids[:ITEMS]))
                .order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc())
            ).scalars()
        )
        row = OutboxRow(
            user_id=user.id,
            to_address=user.email,
            kind="digest",
            dedupe_key=key,
            link="/inbox",
            subject=f"Daily digest: {total} unread notification{'s' if total != 1 else ''}",
            body=_body(user.display_name or user.username, items, total, since, smtp.public_url),
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
        try:
            with session.begin_nested():  # another node's run may have written it since the check above
                session.add(row)
                session.flush()
                for start in range(0, total, 500):
                    session.execute(
                        update(NotificationRow)
                        .where(NotificationRow.id.in_(ids[start : start + 500]))
                        .values(digested_at=now)
                        .execution_options(synchronize_session=False)
                    )
        except IntegrityError:
            continue
        queued += 1
    return queued


def send_digests(
    session_factory: sessionmaker[Session], smtp: SmtpSettings, now: datetime, batch: int = 50
) -> SendResult:
    """Queue today's digests, then send them.  Does nothing while e-mail is off.  Never raises for a mail
    failure (a digest not sent is retried like any mail)."""
    if not smtp.enabled:
        return SendResult()
    with session_factory() as session, session.begin():
        queued = queue_digests(session, smtp, now)
    sent = failed = gave_up = 0
    while True:
        result = send_due(session_factory, smtp, now, batch, kind="digest")
        sent, failed, gave_up = sent + result.sent, failed + result.failed, gave_up + result.gave_up
        if result.sent + result.failed + result.gave_up < batch:
            break
    return SendResult(sent=sent, failed=failed, gave_up=gave_up, queued=queued)

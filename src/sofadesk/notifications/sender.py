"""Sending the outbox by SMTP, after the transactions that wrote it.

Claiming: one short transaction marks a batch of due rows as this run's (a random token in `claimed_by`) and
pushes their `next_attempt_at` a lease ahead, with `attempts` counted; on PostgreSQL the batch is chosen with
SELECT ... FOR UPDATE SKIP LOCKED, so concurrent senders (threads, processes, API nodes) take disjoint batches
without waiting on each other; SQLite serialises writers, and the UPDATE re-checks that each row is still due.
Once committed, no other sender sees those rows until the lease runs out (a sender that died mid-batch), so
each message is sent by one sender.  The mails go out with no database lock held; a second transaction records
each outcome: sent, or the error and the next attempt (exponential backoff, capped), or given up after
MAX_ATTEMPTS (the row is kept, with its error).  A mail failure is never raised.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.config import SmtpSettings
from sofadesk.notifications.models import OutboxRow

log = logging.getLogger("sofadesk.notifications")

SUBJECT_PREFIX = "[SOFA Desk]"
MAX_ATTEMPTS = 10
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
# A claimed row is not offered to another sender before this: longer than a batch can take to send.
LEASE = timedelta(minutes=10)
# A notice not sent within this is given up rather than sent late (a "due soon" mail days late misleads).
EXPIRE_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0  # will be tried again
    gave_up: int = 0  # MAX_ATTEMPTS reached, or too old to send
    queued: int = 0  # digests written by send_digests


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, ... at most 1 h."""
    return min(BACKOFF_FIRST * (1 << min(max(attempts - 1, 0), 20)), BACKOFF_CAP)


def _due(now: datetime, kind: str | None) -> list[ColumnElement[bool]]:
    condition: list[ColumnElement[bool]] = [
        OutboxRow.sent_at.is_(None),
        OutboxRow.attempts < MAX_ATTEMPTS,
        OutboxRow.next_attempt_at <= now,
    ]
    if kind is not None:
        condition.append(OutboxRow.kind == kind)
    return condition


def _claim(session: Session, now: datetime, batch: int, kind: str | None) -> tuple[list[OutboxRow], int]:
    """This run's batch (see the module's docstring), and how many stale rows were given up.  The first
    statement writes, so on SQLite the transaction holds the write lock from its start (concurrent claims wait
    for it, instead of two readers deadlocking on the upgrade)."""
    expired = session.execute(
        update(OutboxRow)
        .where(*_due(now, kind), OutboxRow.created_at < now - EXPIRE_AFTER)
        .values(attempts=MAX_ATTEMPTS, last_error=f"not sent within {EXPIRE_AFTER.days} days: given up")
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    token = uuid.uuid4().hex
    chosen = (
        select(OutboxRow.id)
        .where(*_due(now, kind))
        .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Rows locked by another sender's claim are skipped, not waited for; ours stay locked until commit.
        # Selected first, then updated by id: inside the UPDATE, PostgreSQL may re-run a LIMIT subquery (it
        # would then go on claiming rows past the batch).
        chosen = chosen.with_for_update(skip_locked=True)
    ids = list(session.execute(chosen).scalars())
    if not ids:
        return [], int(expired)
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.id.in_(ids), *_due(now, kind))
        .values(claimed_by=token, attempts=OutboxRow.attempts + 1, next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(select(OutboxRow).where(OutboxRow.claimed_by == token).order_by(OutboxRow.id))
    return list(rows.scalars()), int(expired)


def message(row: OutboxRow, smtp: SmtpSettings) -> EmailMessage:
    """The e-mail of an outbox row: UTF-8 plain text, subject prefixed, the case's link made absolute when
    SOFADESK_PUBLIC_URL is set."""
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = row.to_address
    msg["Subject"] = f"{SUBJECT_PREFIX} {row.subject}"
    msg["Date"] = format_datetime(row.created_at.replace(tzinfo=UTC))
    msg["Message-ID"] = make_msgid(idstring=f"sofadesk.{row.id}", domain=smtp.sender.split("@")[1])
    body = row.body.rstrip()
    if row.link:
        body += f"\n\nOpen it in SOFA Desk: {smtp.public_url}{row.link}"
    msg.set_content(body + "\n", charset="utf-8")
    return msg


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    """A connection, secured and logged in as the settings say (the socket times out after a few seconds)."""
    assert smtp.host is not None
    context = ssl.create_default_context()
    if smtp.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context
        )
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
    try:
        if smtp.security == "starttls":
            client.starttls(context=context)
        if smtp.user and smtp.password:
            client.login(smtp.user, smtp.password)
    except BaseException:
        client.close()
        raise
    return client


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _deliver(rows: list[OutboxRow], smtp: SmtpSettings) -> dict[int, str | None]:
    """Send the rows over one connection: row id -> None when sent, else the error.  Never raises."""
    outcome: dict[int, str | None] = {}
    try:
        client = _connect(smtp)
    except (OSError, smtplib.SMTPException) as exc:
        return {row.id: _error(exc) for row in rows}
    try:
        for row in rows:
            try:
                client.send_message(message(row, smtp), from_addr=smtp.sender, to_addrs=[row.to_address])
                outcome[row.id] = None
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # The connection is gone or in an unknown state (a timeout): the rest wait for the next round.
                outcome.update({r.id: _error(exc) for r in rows if r.id not in outcome})
                break
            except (smtplib.SMTPException, ValueError) as exc:  # this message refused (its recipient, say)
                outcome[row.id] = _error(exc)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return outcome


def send_due(
    session_factory: sessionmaker[Session],
    smtp: SmtpSettings,
    now: datetime,
    batch: int = 50,
    *,
    kind: str | None = None,
) -> SendResult:
    """Claim the due mails (up to `batch`; `kind` limits them to immediate or digest), send them, record each
    outcome.  `now` is UTC without tzinfo, as stored.  Never raises for a mail failure; does nothing while
    e-mail is off."""
    if not smtp.enabled:
        return SendResult()
    with session_factory() as session, session.begin():
        rows, expired = _claim(session, now, batch, kind)
    if not rows:
        return SendResult(gave_up=expired)
    outcome = _deliver(rows, smtp)
    sent = failed = gave_up = 0
    with session_factory() as session, session.begin():
        for row in rows:
            error = outcome.get(row.id, "not attempted")
            mine = (OutboxRow.id == row.id, OutboxRow.claimed_by == row.claimed_by)
            if error is None:
                values: dict[str, object] = {"sent_at": now, "last_error": None}
                sent += 1
            elif row.attempts >= MAX_ATTEMPTS:
                values = {"last_error": error}
                gave_up += 1
                log.warning(
                    "mail %s to user %s given up after %s attempts: %s",
                    row.id,
                    row.user_id,
                    row.attempts,
                    error,
                )
            else:
                values = {"last_error": error, "next_attempt_at": now + backoff(row.attempts)}
                failed += 1
            session.execute(
                update(OutboxRow).where(*mine).values(**values).execution_options(synchronize_session=False)
            )
    if failed:
        log.info("%s mail(s) not sent, will retry: %s", failed, next(e for e in outcome.values() if e))
    return SendResult(sent=sent, failed=failed, gave_up=gave_up + expired)


def outbox_status(session: Session) -> dict[str, int]:
    """Counts for operators: waiting (to be sent or retried), sent, given up."""
    waiting = session.execute(
        select(func.count()).where(OutboxRow.sent_at.is_(None), OutboxRow.attempts < MAX_ATTEMPTS)
    ).scalar_one()
    sent = session.execute(select(func.count()).where(OutboxRow.sent_at.is_not(None))).scalar_one()
    given_up = session.execute(
        select(func.count()).where(OutboxRow.sent_at.is_(None), OutboxRow.attempts >= MAX_ATTEMPTS)
    ).scalar_one()
    return {"waiting": int(waiting), "sent": int(sent), "given_up": int(given_up)}

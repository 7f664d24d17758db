"""`sofadesk notify send|digest|scan|inbox`: deliver the e-mail outbox now, send the daily digests, tell the deciders
of decisions about to fall due or overdue, read an inbox.
The server does the first two by itself when SMTP is configured; these are for cron jobs, checks and tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.output import UserError, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sofadesk.config import SmtpSettings
    from sofadesk.notifications.sender import SendResult

notify_app = typer.Typer(
    help="Notifications of decisions to take: the e-mail outbox, daily digests, inboxes.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _smtp() -> SmtpSettings:
    from sofadesk.config import ConfigError, SmtpSettings

    try:
        smtp = SmtpSettings.from_env()
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    if not smtp.enabled:
        raise UserError(
            "e-mail is off: SOFADESK_SMTP_HOST is not set",
            "set SOFADESK_SMTP_HOST (and SOFADESK_SMTP_PORT, SOFADESK_SMTP_SECURITY, ...); the inbox works without it",
        )
    return smtp


@contextmanager
def _sessions() -> Iterator[sessionmaker[Session]]:
    from sqlalchemy.exc import SQLAlchemyError

    from sofadesk.config import Settings
    from sofadesk.db.bootstrap import open_registry
    from sofadesk.db.engine import make_engine, session_factory

    settings = Settings.from_env()
    open_registry(settings)
    engine = make_engine(settings.database_url)
    try:
        yield session_factory(engine)
    except SQLAlchemyError as exc:
        raise UserError(f"database: {str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()


def _report(result: SendResult, status: dict[str, int], as_json: bool, digests: bool = False) -> None:
    data: dict[str, Any] = {
        "sent": result.sent,
        "failed": result.failed,
        "given_up": result.gave_up,
        "outbox": status,
    }
    if digests:
        data["digests_queued"] = result.queued
    if as_json:
        print_json(data)
        return
    if digests:
        out.print(Text(f"Digests written: {result.queued}."))
    style = "yellow" if result.failed or result.gave_up else "green"
    out.print(
        Text(
            f"Sent {result.sent}, failed {result.failed} (will be retried), given up {result.gave_up}.",
            style=style,
        )
    )
    out.print(
        Text(f"Outbox: {status['waiting']} waiting, {status['sent']} sent, {status['given_up']} given up.")
    )


@notify_app.command("send")
def send(as_json: JsonOpt = False) -> None:
    """Send the e-mails that are due now (each claimed by one sender; failures are retried later)."""
    from sofadesk.audit.chain import now
    from sofadesk.notifications.sender import outbox_status, send_due

    smtp = _smtp()
    with _sessions() as sessions:
        result = send_due(sessions, smtp, now())
        with sessions() as session:
            status = outbox_status(session)
    _report(result, status, as_json)


@notify_app.command("digest")
def digest(as_json: JsonOpt = False) -> None:
    """Send today's daily digests to the users who chose them (a second run the same day sends nothing)."""
    from sofadesk.audit.chain import now
    from sofadesk.notifications.digest import send_digests
    from sofadesk.notifications.sender import outbox_status

    smtp = _smtp()
    with _sessions() as sessions:
        result = send_digests(sessions, smtp, now())
        with sessions() as session:
            status = outbox_status(session)
    _report(result, status, as_json, digests=True)


@notify_app.command("scan")
def scan(as_json: JsonOpt = False) -> None:
    """Tell the deciders of every decision about to fall due or overdue (the server does this every quarter of an
    hour; each decision is told once per due date)."""
    from sofadesk.audit.chain import now
    from sofadesk.cases.core.notices import scheduled
    from sofadesk.cli.cases import run

    told = run(lambda session: scheduled(session, now()))
    if as_json:
        print_json({"decisions_told": told})
        return
    out.print(Text(f"{told} decision(s) due soon or overdue; their deciders are told (once per due date)."))


@notify_app.command("inbox")
def inbox(
    as_user: Annotated[str, typer.Option("--as", help="The user whose inbox to show (e.g. rus.approver).")],
    unread: Annotated[bool, typer.Option("--unread", help="Only the unread ones.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """A user's notifications, newest first."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.notifications import service

    def use_case(session: Session) -> tuple[list[service.InboxItem], int]:
        user = acting_as(session, as_user)
        return service.inbox(session, user, limit, unread), service.unread_count(session, user)

    items, count = run(use_case)
    if as_json:
        print_json(
            {
                "unread": count,
                "items": [
                    {
                        "id": i.id,
                        "created_at": i.created_at.isoformat() + "Z",
                        "read_at": i.read_at.isoformat() + "Z" if i.read_at else None,
                        "unread": i.unread,
                        "event": i.event,
                        "case_kind": i.case_kind,
                        "case_id": i.case_id,
                        "case_reference": i.case_reference,
                        "subject": i.subject,
                        "body": i.body,
                        "link": i.link,
                    }
                    for i in items
                ],
            }
        )
        return
    out.print(Text(f"{as_user}: {count} unread.", style="bold"))
    if not items:
        out.print(Text("No notifications."))
        return
    table = Table()
    for col in ("Id", "When (UTC)", "", "Subject", "Case", "Link"):
        table.add_column(col)
    for i in items:
        table.add_row(
            str(i.id),
            i.created_at.strftime("%Y-%m-%d %H:%M"),
            "unread" if i.unread else "",
            i.subject,
            i.case_reference,
            i.link,
        )
    out.print(table)

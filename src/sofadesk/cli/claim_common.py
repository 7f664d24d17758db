"""What the `sofadesk claim` commands share: options, acting as a user, running a step and showing the claim
(the underscored helpers are for the claim command modules only)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import engine_from, run
from sofadesk.cli.files import validated
from sofadesk.cli.output import UserError, out, parse_day, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.cases.claim.reads import ClaimRead

FileOpt = Annotated[Path, typer.Option("--file", help="YAML or JSON file.")]
OnOpt = Annotated[str | None, typer.Option("--on", help="The day it happened, YYYY-MM-DD (default: today).")]
AmountOpt = Annotated[str, typer.Option("--amount", help="Exact amount, e.g. 1234.50 (whole lire: 1500000).")]
CurrencyOpt = Annotated[str, typer.Option("--currency", help="ISO 4217 code, e.g. EUR.")]
EvidenceOpt = Annotated[list[Path] | None, typer.Option("--evidence", help="PDF, JPEG or PNG (repeatable).")]


def _me(session: Session, username: str) -> Any:
    from sofadesk.accounts.service import acting_as

    return acting_as(session, username)


def _day(value: str | None, option: str = "--on") -> str | None:
    return parse_day(value, option).isoformat() if value else None


def _uploads(paths: list[Path] | None) -> list[Any]:
    from sofadesk.cases.claim.public import Upload

    found = []
    for p in paths or []:
        if not p.is_file():
            raise UserError(f"--evidence: {p} is not a readable file")
        found.append(Upload(p.name, p.read_bytes()))
    return found


def _show(c: ClaimRead) -> None:
    out.print(
        Text(f"{c.reference} (id {c.id}) - {c.status.replace('_', ' ')}, version {c.version}", style="bold")
    )
    out.print(
        Text(
            f"{c.claimant.name} ({c.claimant.kind}) against the forces in {c.receiving_state}: "
            f"{c.damage_kind.replace('_', ' ')} on {c.occurred_on} at {c.place}; claimed {c.claimed.amount} "
            f"{c.claimed.currency}"
        )
    )
    if c.received_on:
        out.print(
            Text(
                f"  Received {c.received_on}; office {c.office_name or c.office or 'not assigned'}"
                + (f"; incident {c.incident_id}" if c.incident_id else "")
            )
        )
    if c.routing:
        out.print(Text(f"  Route: {c.route or 'not settled'} - {c.routing.handled_by or ''}"))
        out.print(Text(f"  Citations: {'; '.join(c.routing.citations[:8])}"))
        for note in c.routing.not_modelled:
            out.print(Text(f"  Left to people: {note}"))
    for p in c.sending_states:
        out.print(
            Text(
                f"  Sending State {p.state}: notice {p.notice_sent_on or '-'}, answer {p.answered_on or '-'}"
                f" (due {p.answer_due_on or 'not configured'}), certificate {p.duty_certificate or '-'}"
            )
        )
    if c.awarded:
        out.print(
            Text(f"  Awarded {c.awarded.amount} {c.awarded.currency} on {c.adjudicated_on}: {c.award_basis}")
        )
    if c.paid:
        out.print(Text(f"  Paid {c.paid.amount} {c.paid.currency} on {c.paid_on}"))
    for s in c.shares:
        detail = f"accepted {s.accepted_on}" if s.accepted_on else f"reply by {s.reply_ends_on}"
        out.print(
            Text(
                f"  Share {s.state}: {s.amount} {s.currency} ({s.fraction}) - {s.status.replace('_', ' ')}"
                + ("" if s.role == "receiving_state" else f", {detail}")
                + (f", statement {s.half}" if s.half else "")
            )
        )
    for k in c.clocks:
        out.print(
            Text(f"  Clock [{k.status}] {k.label}: {k.starts_on or '?'} - {k.ends_on or '?'} ({k.basis})")
        )
    if c.next_due:
        out.print(Text(f"  Next due: {c.next_due.what} by {c.next_due.on}", style="bold"))


def _claim_step(as_user: str, claim_id: int, act: Any, as_json: bool) -> None:
    """Run `act(session, user, current ClaimRead, engine factory)` and print the claim after it."""
    from sofadesk.cases.claim import service

    def use_case(s: Session) -> ClaimRead:
        user = _me(s, as_user)
        act(s, user, service.read_visible(s, user, claim_id), lambda: engine_from(s))
        s.flush()
        return service.read_visible(s, user, claim_id)

    data = run(use_case)
    print_json(data) if as_json else _show(data)


def _body(model_name: str, data: dict[str, Any], where: str) -> Any:
    from sofadesk.cases.claim import schemas

    return validated(getattr(schemas, model_name), {k: v for k, v in data.items() if v is not None}, where)


def _slot_version(c: ClaimRead, state: str, subject: str) -> int:
    if subject == "cost_share":
        found = next((x.decision for x in c.shares if x.state == state and x.decision), None)
        return found.version if found else 0
    return 1

"""`sofadesk claim statement|statements|reimburse|balances|report|sending-report` and `sofadesk claim config ...`:
the half-yearly statements, money owed and received, reports, and the claims offices' configuration.  Registered on
`sofadesk claim` by claim_cmds; services imported when a command runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.files import read_yaml, validated
from sofadesk.cli.output import AsOpt, JsonOpt, UserError, err, out, parse_day, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _me(session: Session, username: str) -> Any:
    from sofadesk.accounts.service import acting_as

    return acting_as(session, username)


def _write(path: Path | None, data: bytes, what: str) -> None:
    if path is None:
        return
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    err.print(Text(f"{what} written to {path}."))  # on stderr: --json keeps stdout to the JSON


def statement(
    as_user: AsOpt,
    receiving: Annotated[str, typer.Option("--receiving", help="The receiving State (alpha-3).")],
    sending: Annotated[str, typer.Option("--sending", help="The sending State (alpha-3).")],
    half: Annotated[str, typer.Option("--half", help="The half-year, e.g. 2024-H1.")],
    currency: Annotated[str | None, typer.Option("--currency")] = None,
    issue: Annotated[
        bool,
        typer.Option("--issue", help="Issue it (the receiving State's office; the half must have ended)."),
    ] = False,
    on: Annotated[str | None, typer.Option("--on", help="The day it is issued (default today).")] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write it as PDF.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also write it as XLSX.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The half-yearly statement (Art. VIII(5)(e)(iv)) of the accepted cases, each share and the total: as issued,
    or a preview of what it would hold now; --issue issues it with its reimbursement request."""
    import re

    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import StatementIssue

    if not re.fullmatch(r"(19[5-9]\d|2[01]\d\d)-H[12]", half):
        raise UserError(
            f"--half: {half!r} is not a half-year", "write it as YYYY-H1 or YYYY-H2, e.g. 2024-H1"
        )
    r, s_, c = receiving.upper(), sending.upper(), currency.upper() if currency else None

    def use_case(s: Session) -> Any:
        user = _me(s, as_user)
        if issue:
            if user.state != r:
                raise UserError("--issue: a statement is issued by the receiving State's claims office")
            body = validated(
                StatementIssue,
                {
                    "sending_state": s_,
                    "half": half,
                    "currency": c,
                    "on": parse_day(on).isoformat() if on else None,
                },
                "the statement",
            )
            return service.issue_statement(s, user, body)
        return service.statement(s, user, r, s_, half, c)

    data = run(use_case)
    from sofadesk.cases.claim import documents

    _write(pdf, documents.statement_pdf(data), "Statement (PDF)")
    _write(xlsx, documents.statement_xlsx(data), "Statement (XLSX)")
    if as_json:
        print_json(data)
        return
    out.print(
        Text(
            f"Statement {data.reference or '(preview, not issued)'}: {data.receiving_state} to "
            f"{data.sending_state}, {data.half} ({data.period_start} - {data.period_end})",
            style="bold",
        )
    )
    for line in data.lines:
        out.print(
            Text(
                f"  {line.reference:<20} paid {line.paid_on} {line.amount_paid:>14}  x {line.fraction:<5} "
                f"= {line.share:>14} {data.currency}  ({line.acceptance.replace('_', ' ')} {line.accepted_on})"
            )
        )
    out.print(
        Text(
            f"  Total {data.total} {data.currency} ({data.cases} case(s)); reimbursed {data.reimbursed}, "
            f"outstanding {data.outstanding}",
            style="bold",
        )
    )
    out.print(Text(f"  {data.request}"))


def statements(
    as_user: AsOpt, state: Annotated[str | None, typer.Option("--state")] = None, as_json: JsonOpt = False
) -> None:
    """Statements the acting user's State issued or was sent."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.statements(s, _me(s, as_user), state.upper() if state else None))
    if as_json:
        print_json(data)
        return
    for x in data:
        out.print(
            Text(
                f"{x.id:>4}  {x.reference:<28} {x.cases:>5} case(s)  total {x.total} {x.currency}  "
                f"reimbursed {x.reimbursed}  outstanding {x.outstanding}  issued {x.issued_on}"
            )
        )
    out.print(Text(f"{len(data)} statement(s)"))


def reimburse(
    statement_id: int,
    as_user: AsOpt,
    amount: Annotated[str, typer.Option("--amount")],
    currency: Annotated[str, typer.Option("--currency")],
    on: Annotated[str, typer.Option("--on")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a reimbursement received against a statement (the receiving State's office)."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import ReimbursementBody

    body = validated(
        ReimbursementBody,
        {"amount": amount, "currency": currency.upper(), "on": parse_day(on).isoformat(), "note": note},
        "the reimbursement",
    )
    data = run(lambda s: service.reimburse(s, _me(s, as_user), statement_id, body))
    if as_json:
        print_json(data)
        return
    out.print(
        Text(
            f"{data.reference}: reimbursed {data.reimbursed} of {data.total} {data.currency}, outstanding "
            f"{data.outstanding}"
        )
    )


def balances(
    as_user: AsOpt, as_of: Annotated[str | None, typer.Option("--as-of")] = None, as_json: JsonOpt = False
) -> None:
    """Stated, reimbursed and outstanding amounts per pair of States, with their ageing."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.balances(s, _me(s, as_user), parse_day(as_of, "--as-of") if as_of else None))
    if as_json:
        print_json(data)
        return
    for b in data:
        ages = ", ".join(f"{k} days {v}" for k, v in b.ageing.items())
        out.print(
            Text(
                f"{b.receiving_state} <- {b.sending_state}: stated {b.stated}, reimbursed {b.reimbursed}, "
                f"outstanding {b.outstanding} {b.currency} ({ages})"
            )
        )


def report(
    as_user: AsOpt,
    year: Annotated[int, typer.Option("--year", min=1951, max=2200)],
    csv: Annotated[Path | None, typer.Option("--csv")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The acting user's State's claims received in a year: by route, amounts, processing times."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.report(s, _me(s, as_user), year))
    if csv is not None:
        _write(csv, service.report_csv(data).encode(), "Report (CSV)")
    _write(xlsx, service.report_xlsx(data) if xlsx else b"", "Report (XLSX)")
    if as_json:
        print_json(data)
        return
    out.print(Text(f"{data.state} {data.year}: {data.received} claim(s) received", style="bold"))
    for route, n in sorted(data.by_route.items()):
        out.print(Text(f"  {route:<34} {n}"))
    for a in data.amounts:
        out.print(
            Text(
                f"  {a.currency}: claimed {a.claimed}, awarded {a.awarded}, paid {a.paid}, reimbursed {a.reimbursed}"
            )
        )
    for name, d in (
        ("receipt to decision", data.receipt_to_decision),
        ("receipt to payment", data.receipt_to_payment),
    ):
        out.print(Text(f"  {name}: {d.cases} case(s), mean {d.mean_days} days, median {d.median_days} days"))


def sending_report(
    as_user: AsOpt, year: Annotated[int, typer.Option("--year", min=1951, max=2200)], as_json: JsonOpt = False
) -> None:
    """The acting user's State as sending State: reimbursed each month; accepted shares by quarter and damage."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.sending_report(s, _me(s, as_user), year))
    if as_json:
        print_json(data)
        return
    for m in data.monthly_reimbursed:
        out.print(Text(f"  {m.period} reimbursed {m.amount} {m.currency} ({m.cases})"))
    for q in data.quarterly_by_damage_kind:
        out.print(Text(f"  {q.period} {q.damage_kind:<24} {q.amount} {q.currency} ({q.cases} share(s))"))


COMMANDS: dict[str, Callable[..., None]] = {
    "statement": statement,
    "statements": statements,
    "reimburse": reimburse,
    "balances": balances,
    "report": report,
    "sending-report": sending_report,
}


# --- configuration --------------------------------------------------------------------------------------------


def config_office(
    code: str,
    as_user: AsOpt,
    name: Annotated[str, typer.Option("--name")],
    region: Annotated[
        list[str] | None, typer.Option("--region", help="Region code (repeatable; default all).")
    ] = None,
    damage: Annotated[
        list[str] | None, typer.Option("--damage", help="Kind of damage or 'manoeuvre' (repeatable).")
    ] = None,
    address: Annotated[str | None, typer.Option("--address")] = None,
) -> None:
    """Record a competent claims office of the acting administrator's State."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import OfficeBody

    body = validated(
        OfficeBody,
        {"name": name, "address": address, "regions": region or ["*"], "damage_kinds": damage or ["*"]},
        "the office",
    )
    run(lambda s: service.set_office(s, _me(s, as_user), code, body))
    out.print(Text(f"Claims office {code} recorded."))


def config_clock(
    code: str, as_user: AsOpt, file: Annotated[Path, typer.Option("--file", help="YAML (ClockBody).")]
) -> None:
    """Record a national clock of the acting administrator's State, with its source."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import ClockBody

    body = validated(ClockBody, read_yaml(file), f"the clock in {file}")
    run(lambda s: service.set_clock(s, _me(s, as_user), code, body))
    out.print(Text(f"Clock {code} recorded (national law, configuration)."))


def config_period(
    sending: str,
    as_user: AsOpt,
    notice_days: Annotated[int, typer.Option("--notice-days")],
    answer_days: Annotated[int, typer.Option("--answer-days")],
    source: Annotated[str, typer.Option("--source", help="Where the periods come from.")],
    url: Annotated[str | None, typer.Option("--url")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
) -> None:
    """Record the notice and answer periods with a sending State."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import PeriodBody

    body = validated(
        PeriodBody,
        {
            "notice_days": notice_days,
            "answer_days": answer_days,
            "source_title": source,
            "source_url": url,
            "note": note,
        },
        "the periods",
    )
    run(lambda s: service.set_period(s, _me(s, as_user), sending.upper(), body))
    out.print(
        Text(
            f"Periods with {sending.upper()} recorded: notice {notice_days} days, answer {answer_days} days."
        )
    )


def config_rate(
    as_user: AsOpt, file: Annotated[Path, typer.Option("--file", help="YAML (RateBody) with its source.")]
) -> None:
    """Record a conversion rate the parties agreed for an Art. VIII(2)(f) amount (dated, with its source)."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import RateBody

    body = validated(RateBody, read_yaml(file), f"the rate in {file}")
    made = run(lambda s: service.add_rate(s, _me(s, as_user), body))
    out.print(
        Text(
            f"Rate {made.id} recorded: 1 {made.from_currency} = {made.rate} {made.to_currency} from {made.valid_from}."
        )
    )


def config_show(as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """The acting user's State's offices, clocks and periods, and every Art. VIII(2)(f) amount with its rates."""
    from sofadesk.cases.claim import service

    def use_case(s: Session) -> dict[str, Any]:
        user = _me(s, as_user)
        return {
            "offices": service.offices(s, user.state),
            "clocks": service.clocks(s, user.state),
            "periods": service.periods(s, user.state),
            "thresholds": service.thresholds(s),
        }

    data = run(use_case)
    if as_json:
        print_json({k: [x.model_dump(mode="json") for x in v] for k, v in data.items()})
        return
    for o in data["offices"]:
        out.print(
            Text(
                f"office {o.code}: {o.name} - regions {', '.join(o.regions)}; damage {', '.join(o.damage_kinds)}"
            )
        )
    for c in data["clocks"]:
        out.print(
            Text(
                f"clock {c.code}: {c.label} ({c.months} months {c.days} days from {c.runs_from}) - {c.basis}; {c.source_title}"
            )
        )
    for p in data["periods"]:
        out.print(
            Text(
                f"periods {p.receiving_state}<-{p.sending_state}: notice {p.notice_days} d, answer {p.answer_days} d - {p.source_title}"
            )
        )
    for t in data["thresholds"]:
        out.print(Text(f"Art. VIII(2)(f) {t.party}: {t.amount} {t.currency} - {t.note}"))


CONFIG_COMMANDS: dict[str, Callable[..., None]] = {
    "office": config_office,
    "clock": config_clock,
    "period": config_period,
    "rate": config_rate,
    "show": config_show,
}

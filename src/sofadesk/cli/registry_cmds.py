"""`sofadesk coverage`, `sofadesk parties`, `sofadesk timeline`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from sofadesk.cli.output import UserError, out, parse_day, print_json, tri_style, tri_word
from sofadesk.config import Settings
from sofadesk.db.bootstrap import open_registry
from sofadesk.law.instruments import INSTRUMENTS, find_instrument
from sofadesk.registry.explain import Coverage, explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry, State
from sofadesk.registry.parties import party_rows
from sofadesk.registry.states import UnknownStateError, resolve_state
from sofadesk.registry.timeline import state_timeline

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of text.")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="Date, YYYY-MM-DD (default: today).", show_default=False)
]


def _engine() -> tuple[Registry, InForceEngine]:
    registry = open_registry(Settings.from_env())
    return registry, InForceEngine(registry)


def _state(registry: Registry, text: str, role: str) -> State:
    try:
        return resolve_state(registry, text)
    except UnknownStateError as exc:
        raise UserError(f"{role}: {exc}") from None


def coverage(
    sending: Annotated[
        str, typer.Argument(help="Sending State: alpha-3 (RUS), alpha-2 (RU) or English name.")
    ],
    receiving: Annotated[str, typer.Argument(help="Receiving State (a transit State counts as receiving).")],
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Does the NATO SOFA regime apply between SENDING and RECEIVING on a date - through which instrument,
    with the Additional Protocol or not, and why."""
    day = parse_day(on)
    registry, engine = _engine()
    s = _state(registry, sending, "sending State")
    r = _state(registry, receiving, "receiving State")
    if s.code == r.code:
        raise UserError(
            f"sending and receiving State are both {s.code} ({s.display_name})",
            "the Agreement governs one State's force in another State's territory; name two different States",
        )
    result = explain_coverage(engine, s, r, day)
    if as_json:
        print_json(result.as_json())
    else:
        print_coverage(result)


def print_coverage(c: Coverage) -> None:
    a = c.answer
    out.print(
        Text(
            f"{c.sending.display_name} ({c.sending.code}) -> {c.receiving.display_name} "
            f"({c.receiving.code}), on {long_date(c.on)}",
            style="bold",
        )
    )
    line = Text("NATO SOFA regime applies: ")
    line.append(tri_word(a.applies), style=f"bold {tri_style(a.applies)}")
    if a.instrument:
        line.append(f" - through the {INSTRUMENTS[a.instrument].short_name}")
    out.print(line)
    ap = Text("Additional Protocol (no death sentences): ")
    ap.append(c.additional_protocol_status, style=tri_style(a.additional_protocol))
    out.print(ap)
    out.print(Text("Reasons:", style="bold"))
    for reason in c.finding.reasons:
        out.print(Text(f"  - {reason}"))
    out.print(Text("Citations: ", style="bold") + Text("; ".join(c.finding.cite_strings())))
    out.print(Text("Not modelled:", style="bold"))
    for note in c.finding.left_to_humans:
        out.print(Text(f"  - {note}"))
    if c.sources:
        out.print(Text("Sources:", style="bold"))
        for src in c.sources:
            out.print(Text(f"  - {src.title}: {src.url}"))


def parties(
    agreement: Annotated[str, typer.Argument(help="nato-sofa, pfp-sofa, pfp-sofa-ap or pfp-sofa-fap.")],
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The States recorded for an agreement, with their dates; with --on, whether it is in force for each."""
    inst = find_instrument(agreement)
    if inst is None:
        raise UserError(f"{agreement!r} is not an agreement we know", "use one of: " + ", ".join(INSTRUMENTS))
    day = parse_day(on) if on is not None else None
    _, engine = _engine()
    rows = party_rows(engine, inst.id, day)
    if as_json:
        print_json(
            {
                "agreement": {"id": inst.id, "name": inst.short_name, "official_url": inst.official_url},
                "on": day.isoformat() if day else None,
                "parties": [r.as_json() for r in rows],
            }
        )
        return
    title = f"{inst.short_name}: States recorded" + (f", status on {long_date(day)}" if day else "")
    table = Table(title=title, show_lines=False)
    for col in ("State", "Status", "Signature", "Deposit", "Entry into force"):
        table.add_column(col)
    if day:
        table.add_column("In force")
    for row in rows:
        if row.entry_into_force:
            eif = row.entry_into_force.isoformat()
            if row.entry_into_force_basis in ("derived", "inferred"):
                eif += f" ({row.entry_into_force_basis})"
        elif row.earliest_possible:
            eif = f"unknown (not before {row.earliest_possible.isoformat()})"
        else:
            eif = "-"
        cells = [
            f"{row.name} ({row.code})",
            row.party_status,
            row.signature.isoformat() if row.signature else "-",
            row.deposit.isoformat() if row.deposit else "unknown" if row.party_status != "signatory" else "-",
            eif,
        ]
        if day:
            cells.append(tri_word(row.in_force))
        table.add_row(*cells)
    out.print(table)
    out.print(Text(f"Official text: {inst.official_url}"))


def timeline(
    state: Annotated[str, typer.Argument(help="State: alpha-3, alpha-2 or English name.")],
    as_json: JsonOpt = False,
) -> None:
    """Every recorded act of a State under the four instruments, in date order, with sources."""
    registry, engine = _engine()
    st = _state(registry, state, "State")
    events, summaries = state_timeline(engine, st)
    if as_json:
        print_json(
            {
                "state": {"code": st.code, "name": st.display_name},
                "events": [e.as_json() for e in events],
                "summary": summaries,
            }
        )
        return
    out.print(Text(f"{st.display_name} ({st.code})", style="bold"))
    if not events:
        out.print(Text("No acts recorded under the NATO SOFA, the PfP SOFA or its Protocols."))
        return
    table = Table(show_lines=False)
    for col in ("Date", "Act", "Basis", "Source"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.on.isoformat() if e.on else "unknown", e.text, e.basis, e.source_url or "")
    out.print(table)
    for line in summaries:
        out.print(Text(f"- {line}"))

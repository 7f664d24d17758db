"""`sofadesk law decide|schema|coverage|explain|kinds`: the Agreement as executable, cited rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.files import read_yaml
from sofadesk.cli.output import AsOpt, JsonOpt, UserError, out, print_json

if TYPE_CHECKING:
    from sofadesk.law.decisions import DecisionKind
    from sofadesk.registry.regime import RegimeOptions

# sofadesk.law.decisions (and pydantic with it) is imported inside the commands: every other command of the
# CLI would otherwise pay for it at start-up.

law_app = typer.Typer(
    help="The NATO SOFA as executable, cited rules: decide, schema, coverage, explain, reading-record.",
    no_args_is_help=True,
)


def _kind(name: str) -> DecisionKind:
    from sofadesk.law.decisions import KINDS

    kind = KINDS.get(name)
    if kind is None:
        raise UserError(f"{name!r} is not a decision kind", "use one of: " + ", ".join(KINDS))
    return kind


def _regime_options(kind: DecisionKind, data: dict[str, Any]) -> RegimeOptions | None:
    """Where the facts leave `regime` out, the regimes the registry leaves possible for their States and date."""
    if not kind.needs_regime or not isinstance(data, dict) or "regime" in data:
        return None
    assert kind.date_path is not None
    from sofadesk.config import Settings
    from sofadesk.db.bootstrap import open_registry
    from sofadesk.registry.inforce import InForceEngine
    from sofadesk.registry.regime import RegimeError, fill_regime

    try:
        return fill_regime(lambda: InForceEngine(open_registry(Settings.from_env())), kind.date_path, data)
    except RegimeError as exc:
        raise UserError(str(exc)) from None


STATE_FIELD_NAMES = ("sending_state", "receiving_state", "claimant_state", "same_incident_party")


def _state_fields(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """(field path, value) of each State code the facts give at their top level."""
    found: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key in STATE_FIELD_NAMES:
            found.append((key, value))
        elif key == "responsible_states" and isinstance(value, list):
            found.extend((f"{key}.{i}", v) for i, v in enumerate(value))
    return found


def _check_states(data: dict[str, Any]) -> None:
    """A State written as a name ("Russia") or in lower case is refused with the code it most likely means, as the
    registry commands suggest it."""
    import re

    wrong = [
        (k, v) for k, v in _state_fields(data) if not (isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v))
    ]
    if not wrong:
        return
    from sofadesk.config import Settings
    from sofadesk.db.bootstrap import open_registry
    from sofadesk.registry.states import UnknownStateError, resolve_state, suggest_states

    registry = open_registry(Settings.from_env())
    problems = []
    for key, value in wrong:
        text = str(value)
        try:
            meant = [resolve_state(registry, text)]
        except UnknownStateError:
            meant = suggest_states(registry, text)
        hint = (
            "; did you mean " + ", ".join(f"{s.code} ({s.display_name})" for s in meant) + "?"
            if meant
            else "; use a code such as RUS or USA"
        )
        problems.append(f"{key}: {text!r} is not an ISO 3166-1 alpha-3 code{hint}")
    raise UserError("\n  - ".join(["facts name States by ISO 3166-1 alpha-3 code:", *problems]))


def _check_shape(k: DecisionKind, data: Any, facts: Path) -> None:
    """Checks made before the registry is asked for the regime, so that their message is the first one shown:
    facts written for another kind, a date that is not one, a State given by name."""
    from sofadesk.law.decisions import date_problem, likely_kinds
    from sofadesk.registry.regime import date_at

    others = likely_kinds(k, data)
    if others:
        model, _ = k.load()
        foreign = sorted(str(key) for key in data if key not in model.model_fields)
        raise UserError(
            f"facts in {facts} look like {others[0]} facts, not {k.name} facts ({', '.join(foreign)} "
            f"{'is not a field' if len(foreign) == 1 else 'are not fields'} of {k.name})",
            f"use `sofadesk law decide {others[0]} --facts {facts}`, or `sofadesk law schema {k.name}`",
        )
    if not isinstance(data, dict):
        return
    if k.date_path is not None and "regime" not in data:
        raw: Any = data
        for part in k.date_path.split("."):
            raw = raw.get(part) if isinstance(raw, dict) else None
        if raw is not None and date_at(data, k.date_path) is None:
            raise UserError(
                f"facts in {facts} cannot be used:\n  - {date_problem(k.date_path, raw)}",
                f"`sofadesk law schema {k.name}` prints every field",
            )
    _check_states(data)


def decide_cmd(
    kind: Annotated[str, typer.Argument(help="Decision kind (see `sofadesk law kinds`).")],
    facts: Annotated[Path, typer.Option("--facts", help="YAML or JSON file with the facts.")],
    as_json: JsonOpt = False,
) -> None:
    """Decide one question under the Agreement from a facts file, with reasons and citations."""
    from sofadesk.law.decisions import FactsError, decide, decide_under, finding_json, parse_facts

    k = _kind(kind)
    data = read_yaml(facts, "--facts")
    _check_shape(k, data, facts)
    options = _regime_options(k, data)
    try:
        if options is None:
            result = finding_json(k.name, decide(k, parse_facts(k, data)))
        else:
            result = decide_under(k, data, options.regimes)
            result["reasons"] = [options.note, *result["reasons"]]
    except FactsError as exc:
        raise UserError(
            f"facts in {facts} cannot be used:\n  - " + "\n  - ".join(exc.problems),
            f"`sofadesk law schema {k.name}` prints every field",
        ) from None
    if as_json:
        print_json(result)
        return
    out.print(Text(f"Decision: {k.name} - {k.summary}", style="bold"))
    _print_value(result["value"], 1)
    for alt in result.get("alternatives", []):
        regime = alt["regime"]
        out.print(
            Text(
                f"If the regime is {regime['instrument']} (Additional Protocol "
                f"{'applies' if regime['additional_protocol'] else 'does not apply'}):",
                style="bold",
            )
        )
        _print_value(alt["value"], 1)
    for title, key in (("Reasons", "reasons"), ("Not modelled", "not_modelled")):
        if result[key]:
            out.print(Text(f"{title}:", style="bold"))
            for line in result[key]:
                out.print(Text(f"  - {line}"))
    out.print(Text("Citations: ", style="bold") + Text("; ".join(result["citations"])))


def _print_value(value: Any, depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.print(Text(f"{pad}{key}:"))
                _print_value(v, depth + 1)
            else:
                out.print(Text(f"{pad}{key}: {'-' if v in (None, [], ()) else v}"))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict):
                out.print(Text(f"{pad}-"))
                _print_value(v, depth + 1)
            else:
                out.print(Text(f"{pad}- {v}"))


def schema_cmd(kind: Annotated[str, typer.Argument(help="Decision kind.")]) -> None:
    """Print the JSON Schema of a decision's facts."""
    model, _ = _kind(kind).load()
    print_json(model.model_json_schema())


def kinds_cmd(as_json: JsonOpt = False) -> None:
    """List the decision kinds."""
    from sofadesk.law.decisions import KINDS

    if as_json:
        print_json([{"kind": k.name, "summary": k.summary} for k in KINDS.values()])
        return
    for k in KINDS.values():
        out.print(Text(f"{k.name:<16} {k.summary}"))


def coverage_cmd(
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="nato-sofa, pfp-sofa, pfp-sofa-ap, pfp-sofa-fap.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Per article and paragraph: encoded (by which decision) or not modelled (and why), with its anchor in the
    reading record (docs/law-reading.md)."""
    from rich.table import Table

    from sofadesk.law.coverage import coverage_rows
    from sofadesk.law.instruments import find_instrument
    from sofadesk.law.reading import READING_RECORD, reading_link

    wanted = None
    if instrument:
        inst = find_instrument(instrument)
        if inst is None:
            raise UserError(f"--instrument: {instrument!r} is not an instrument we know")
        wanted = inst.id
    rows = [r for r in coverage_rows() if wanted is None or r.node.cite.instrument == wanted]
    if as_json:
        print_json(
            [
                {
                    "citation": r.node.cite.render(),
                    "heading": r.node.heading,
                    "status": r.status,
                    "detail": r.detail,
                    "module": r.module,
                    "official_url": r.node.cite.url,
                    "reading": reading_link(r.node.cite),
                }
                for r in rows
            ]
        )
        return
    table = Table(title="Coverage of the Agreement by SOFA Desk rules")
    for col in ("Citation", "Status", "Decision kinds / reason", "Reading record"):
        table.add_column(col, overflow="fold")
    for r in rows:
        style = {"encoded": "green", "not_modelled": "yellow", "unaccounted": "bold red"}[r.status]
        table.add_row(
            r.node.cite.render(),
            Text(r.status.replace("_", " "), style=style),
            r.detail,
            reading_link(r.node.cite),
        )
    out.print(table)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("encoded", "not_modelled", "unaccounted")}
    out.print(
        Text(
            f"{counts['encoded']} encoded, {counts['not_modelled']} not modelled, {counts['unaccounted']} unaccounted"
            f"; our reading of each paragraph, with its cases: {READING_RECORD}"
        )
    )


def explain_cmd(
    citation: Annotated[str, typer.Argument(help="e.g. 'NATO SOFA Art. VII(3)(a)(ii)'.")],
    as_json: JsonOpt = False,
) -> None:
    """Our summary of a provision, our reading, its official link, how SOFA Desk treats it, and its cases."""
    from sofadesk.law.article_map import nodes_by_cite
    from sofadesk.law.cite import CitationError, Cite
    from sofadesk.law.reading import anchor as anchor_of
    from sofadesk.law.reading import reading_link, section_by_anchor

    try:
        c = Cite.parse(citation)
    except CitationError as exc:
        raise UserError(str(exc)) from None
    node = nodes_by_cite().get(c)
    if node is None:
        raise UserError(
            f"{c.render()} is not a provision in our article map", "check the article and paragraph numbers"
        )
    section = section_by_anchor()[anchor_of(c)]
    row = section.coverage
    children = [
        n
        for n in nodes_by_cite().values()
        if n.cite != c
        and n.cite.instrument == c.instrument
        and n.cite.article == c.article
        and n.cite.render().startswith(c.render())
    ]
    data = {
        "citation": c.render(),
        "heading": node.heading,
        "summary": node.summary,
        "reading_note": section.note,
        "official_url": c.url,
        "status": row.status,
        "detail": row.detail,
        "treatment": section.treatment,
        "reading": reading_link(c),
        "sub_provisions": [{"citation": n.cite.render(), "summary": n.summary} for n in children],
        "cases": [{"id": k.id, "file": k.file, "name": k.name} for k in section.cases],
    }
    if as_json:
        print_json(data)
        return
    out.print(Text(f"{c.render()} - {node.heading}", style="bold"))
    if node.summary:
        out.print(Text(f"Our summary: {node.summary}"))
    for n in children:
        out.print(Text(f"  {n.cite.render()}: {n.summary}"))
    if section.note:
        out.print(Text(f"Our reading: {section.note}"))
    out.print(Text(f"SOFA Desk: {section.treatment}"))
    if section.cases:
        out.print(Text(f"Legal cases ({len(section.cases)}):"))
        for k in section.cases:
            out.print(Text(f"  - {k.name} [{k.file}]"))
    out.print(Text(f"Reading record: {reading_link(c)}"))
    out.print(Text(f"Official text: {c.url}"))


def reading_record_cmd() -> None:
    """Print the reading record (Markdown): every paragraph in our words, our reading, what the code does, and the
    legal cases that test it.  docs/law-reading.md is this output."""
    from sofadesk.law.reading import render_markdown

    typer.echo(render_markdown(), nl=False)


def used_cmd(
    citation: Annotated[
        str, typer.Argument(help='A provision, e.g. "NATO SOFA Art. VII(3)(a)(ii)" or "NATO SOFA Art. VIII".')
    ],
    as_user: AsOpt,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """The case steps that relied on a provision (or a paragraph within it), newest first, among the cases the
    acting user's State may see: the way back from the law to the decisions."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.core.audit import events_citing
    from sofadesk.cli.cases import run

    found = run(lambda session: events_citing(session, acting_as(session, as_user), citation, limit))
    if as_json:
        print_json(found)
        return
    for e in found:
        how = "" if e.direct else " (a paragraph within it)"
        out.print(Text(f"{e.at}  {e.reference:<20} {e.action:<28} {e.actor_state or '-'}{how}"))
    out.print(Text(f"{len(found)} step(s) relied on {citation}"))


law_app.command("decide")(decide_cmd)
law_app.command("used")(used_cmd)
law_app.command("schema")(schema_cmd)
law_app.command("kinds")(kinds_cmd)
law_app.command("coverage")(coverage_cmd)
law_app.command("explain")(explain_cmd)
law_app.command("reading-record")(reading_record_cmd)

"""Every sentence the rules and the registry give people, gathered by running them: each legal case (decisions
and in-force questions) and every State's registry timeline.
The translation tests render all of it in French and Russian; the demo's case pages are scanned as pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from sofadesk.law.decisions import KINDS, FactsError, decide, finding_json, parse_facts
from sofadesk.law.legal_cases import all_cases
from sofadesk.law.messages import Msg, Term
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


@cache
def engine() -> InForceEngine:
    from sofadesk.registry.shipped import load_shipped

    return InForceEngine(load_shipped())


def legal_case_output() -> Iterator[tuple[str, str]]:
    """(where, sentence) for every reason, note and word of every legal case's answer."""
    for case in all_cases():
        if case.kind is None:
            f = case.facts
            states = engine().registry.states
            c = explain_coverage(
                engine(), states[f["sending"]], states[f["receiving"]], date.fromisoformat(str(f["date"]))
            )
            for s in (*c.finding.reasons, *c.finding.left_to_humans):
                yield case.id, s
            continue
        kind = KINDS[case.kind]
        try:
            answer = finding_json(kind.name, decide(kind, parse_facts(kind, case.facts)))
        except FactsError as exc:
            for p in exc.problems:
                yield case.id, p
            continue
        for s in (*answer["reasons"], *answer["not_modelled"]):
            yield case.id, s
        for s in _strings(answer["value"]):
            yield case.id + " (value)", s


def registry_output() -> Iterator[tuple[str, str]]:
    """Every State's timeline and standing sentences."""
    from sofadesk.registry.timeline import state_timeline

    for code, st in sorted(engine().registry.states.items()):
        events, summaries = state_timeline(engine(), st)
        for e in events:
            yield f"timeline {code}", e.text
        for s in summaries:
            yield f"timeline {code}", s


def all_output() -> list[tuple[str, str]]:
    return [*legal_case_output(), *registry_output()]


def keys(texts: list[tuple[str, str]]) -> dict[str, str]:
    """message key -> where it was seen first, for every sentence and nested parameter."""
    found: dict[str, str] = {}

    def visit(text: object, where: str) -> None:
        if isinstance(text, Term):
            if text.kind == "list":
                for item in text.value[1]:
                    visit(item, where)
            return
        if isinstance(text, Msg):
            found.setdefault(text.key, where)
            for v in text.params.values():
                visit(v, where)
        elif isinstance(text, str):
            found.setdefault(text, where)

    for where, text in texts:
        visit(text, where)
    return found

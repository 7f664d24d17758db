"""The regime between two States on a date, in the form the law rules take (sofadesk.law.common.Regime)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import PFP, Answer, InForceEngine


def regime_fields(a: Answer) -> dict[str, object] | None:
    """The regime in the form the law rules take, or None where the answer does not establish one."""
    if a.applies is not True or a.instrument is None or (a.instrument == PFP and a.nato is None):
        return None
    return {
        "instrument": a.instrument,
        "additional_protocol": bool(a.additional_protocol),
        "non_nato_sofa_party_involved": (not a.nato) if a.instrument == PFP else False,
    }


class RegimeError(ValueError):
    """The regime cannot be worked out: it does not apply, or a date it depends on is unknown."""


def regime_between(engine: InForceEngine, sending: str, receiving: str, day: date) -> dict[str, object]:
    registry = engine.registry
    for role, code in (("sending_state", sending), ("receiving_state", receiving)):
        if code not in registry.states:
            raise RegimeError(f"{role}: {code!r} is not an ISO 3166-1 alpha-3 code we know")
    coverage = explain_coverage(engine, registry.states[sending], registry.states[receiving], day)
    a = coverage.answer
    if a.applies is not True:
        word = "does not apply" if a.applies is False else "cannot be established"
        raise RegimeError(
            f"the NATO SOFA regime {word} between {sending} and {receiving} on {long_date(day)} "
            f"({coverage.finding.reasons[0]}); give `regime` explicitly to decide under an assumed regime"
        )
    if a.additional_protocol is None:
        raise RegimeError(
            f"whether the Additional Protocol applies between {sending} and {receiving} on {long_date(day)} is "
            "unknown; give `regime` explicitly"
        )
    if a.instrument == PFP and a.nato is None:
        raise RegimeError(
            f"whether both {sending} and {receiving} are NATO SOFA parties on {long_date(day)} is unknown, and PfP "
            "SOFA Art. III depends on it; give `regime` explicitly"
        )
    fields = regime_fields(a)
    assert fields is not None  # every case without a regime was refused above, with its reason
    return fields


def date_at(data: dict[str, Any], dotted: str) -> date | None:
    """The date at a dotted path of a facts mapping, or None where it is missing or not a date."""
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def fill_regime(engine: Callable[[], InForceEngine], date_path: str, data: dict[str, Any]) -> str:
    """Put into facts that leave it out the regime between their two States on the date at `date_path`, from
    the registry; return a sentence saying so, to show with the decision's reasons.  `engine` is called only
    once the date is there, so that facts without one are refused before the registry is opened."""
    day = date_at(data, date_path)
    if day is None:
        raise RegimeError(f"{date_path}: needed to work out the regime from the registry (or give `regime`)")
    data["regime"] = regime_between(
        engine(), str(data.get("sending_state")), str(data.get("receiving_state")), day
    )
    return f"Regime on {day.isoformat()} from the registry: {json.dumps(data['regime'])}."

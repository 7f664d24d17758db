"""The regime between two States on a date, in the form the law rules take (sofadesk.law.common.Regime)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sofadesk.law.messages import day as day_term
from sofadesk.law.messages import listing, literal, msg, state
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import NATO, PFP, Answer, InForceEngine


def possible_regimes(a: Answer) -> list[dict[str, object]]:
    """Every regime, in the form the law rules take, consistent with an answer: none where the Agreement does
    not (or is not known to) apply; one where the registry settles it; several where it applies but a standing
    it turns on is unknown (whether both are NATO SOFA parties; whether the Additional Protocol applies)."""
    if a.applies is not True:
        return []
    protocols = [a.additional_protocol] if a.additional_protocol is not None else [False, True]
    if a.instrument == NATO:
        bases = [(NATO, False)]
    elif a.instrument == PFP:
        bases = [(PFP, True)]  # through the PfP SOFA because a State is not a NATO SOFA party (Art. III)
    else:  # directly, if both are NATO SOFA parties; through the PfP SOFA otherwise
        bases = [(NATO, False), (PFP, True)]
    return [
        {"instrument": instrument, "additional_protocol": bool(ap), "non_nato_sofa_party_involved": outsider}
        for instrument, outsider in bases
        for ap in protocols
    ]


def regime_fields(a: Answer) -> dict[str, object] | None:
    """The regime in the form the law rules take, where the answer establishes exactly one."""
    regimes = possible_regimes(a)
    return regimes[0] if len(regimes) == 1 else None


def open_points(a: Answer) -> str:
    """What the registry leaves open between the possible regimes, in words."""
    points = []
    if a.applies is True and a.instrument is None:
        points.append(
            "whether both States are NATO SOFA parties (directly under the NATO SOFA, or through the "
            "PfP SOFA with its Art. III)"
        )
    if a.additional_protocol is None:
        points.append("whether the Additional Protocol applies between them")
    return listing(points)


def describe_regime(regime: dict[str, object]) -> str:
    """A regime in words ("the NATO SOFA directly; the Additional Protocol does not apply")."""
    through = (
        msg("through the PfP SOFA, a State concerned not being a NATO SOFA party (PfP SOFA Art. III)")
        if regime.get("non_nato_sofa_party_involved")
        else msg("through the PfP SOFA")
        if regime.get("instrument") == PFP
        else msg("the NATO SOFA directly")
    )
    protocol = (
        msg("the Additional Protocol applies")
        if regime.get("additional_protocol")
        else msg("the Additional Protocol does not apply")
    )
    return msg("{through}; {protocol}", through=through, protocol=protocol)


class RegimeError(ValueError):
    """The regime cannot be worked out: it does not apply, or a date it depends on is unknown."""


def regimes_between(
    engine: InForceEngine, sending: str, receiving: str, day: date
) -> list[dict[str, object]]:
    """Every regime possible between two States on a day, or RegimeError where the Agreement does not apply or
    whether it applies cannot be established."""
    registry = engine.registry
    for role, code in (("sending_state", sending), ("receiving_state", receiving)):
        if code not in registry.states:
            raise RegimeError(
                msg(
                    "{role}: {code} is not an ISO 3166-1 alpha-3 code we know",
                    role=literal(role),
                    code=literal(repr(code)),
                )
            )
    coverage = explain_coverage(engine, registry.states[sending], registry.states[receiving], day)
    a = coverage.answer
    if a.applies is not True:
        raise RegimeError(
            msg(
                "the NATO SOFA regime does not apply between {sending} and {receiving} on {day} ({reason}); give "
                "`regime` explicitly to decide under an assumed regime"
                if a.applies is False
                else "the NATO SOFA regime cannot be established between {sending} and {receiving} on {day} "
                "({reason}); give `regime` explicitly to decide under an assumed regime",
                sending=state(sending),
                receiving=state(receiving),
                day=day_term(day, long_date(day)),
                reason=coverage.finding.reasons[0],
            )
        )
    return possible_regimes(a)


def regime_between(engine: InForceEngine, sending: str, receiving: str, day: date) -> dict[str, object]:
    """The one regime between two States on a day, or RegimeError (also where the registry leaves it open)."""
    regimes = regimes_between(engine, sending, receiving, day)
    if len(regimes) > 1:
        raise RegimeError(
            msg(
                "the regime between {sending} and {receiving} on {day} turns on {points}, which the registry does "
                "not establish; give `regime` explicitly",
                sending=state(sending),
                receiving=state(receiving),
                day=day_term(day, long_date(day)),
                points=open_points(engine.answer(sending, receiving, day)),
            )
        )
    return regimes[0]


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


def fill_regime(engine: Callable[[], InForceEngine], date_path: str, data: dict[str, Any]) -> RegimeOptions:
    """The regimes possible between the facts' two States on the date at `date_path`, from the registry, for
    facts that leave `regime` out.  `engine` is called only once the date is there, so that facts without one
    are refused before the registry is opened."""
    day = date_at(data, date_path)
    if day is None:
        raise RegimeError(
            msg(
                "{path}: needed to work out the regime from the registry (or give `regime`)",
                path=literal(date_path),
            )
        )
    inforce = engine()
    sending, receiving = str(data.get("sending_state")), str(data.get("receiving_state"))
    regimes = regimes_between(inforce, sending, receiving, day)
    if len(regimes) == 1:
        note: str = msg(
            "Regime on {day} from the registry: {regime}.",
            day=day_term(day),
            regime=describe_regime(regimes[0]),
        )
    else:
        note = msg(
            "On {day} the registry establishes that the Agreement applies but not {points}: the question was "
            "decided under each possible regime.",
            day=day_term(day),
            points=open_points(inforce.answer(sending, receiving, day)),
        )
    return RegimeOptions(regimes, note)


@dataclass(frozen=True)
class RegimeOptions:
    regimes: list[dict[str, object]]
    note: str

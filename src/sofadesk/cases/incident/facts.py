"""The jurisdiction finding of an incident, worked out again from its facts at every change.

For each suspect: the regime between the two States on the day (from the registry; every possible regime where
the registry leaves part of it open), the suspect's status under NATO SOFA Art. I, then Art. VII by the same
rule as `sofadesk law decide jurisdiction`.  Facts not yet known (a State's own law not yet stated, a victim's
category, whether the sending State's military law reaches the person) are not guessed: the question is
decided under each possibility, and where the answers differ the finding has no value and says what it turns
on, with each alternative.  Only plain values come in (no database): the caller gathers them (common.py)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sofadesk.law.decisions import finding_json
from sofadesk.law.finding import Finding
from sofadesk.law.rules.art_01_definitions import PersonFacts, StatusFacts, decide_status
from sofadesk.law.rules.art_07_criminal_jurisdiction import JurisdictionFacts, decide_jurisdiction
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import RegimeError, regimes_between

ROLE = {
    "armed_services": "armed_services_personnel",
    "civilian_employee": "civilian_employee",
    "spouse": "spouse",
    "child": "child",
    "local_hire": "local_hire",
    "other": "other",
}
FORCE_PEOPLE = ("member_of_force", "civilian_component", "dependent")
OWN_HARM = ("sending_state_property", "sending_state_security")
DUTY_TURN = (
    "whether the act was done in the performance of official duty (the sending State certifies it; "
    "the receiving State may contest it)"
)


@dataclass(frozen=True)
class Suspect:
    number: int
    facts: dict[str, Any]
    in_hands_of: str = "neither"  # sending_state, receiving_state, neither
    arrested_by_receiving_state: bool = False
    previous_trial: dict[str, Any] | None = None


@dataclass(frozen=True)
class CaseFacts:
    sending_state: str
    receiving_state: str
    day: date
    description: str
    suspects: tuple[Suspect, ...]
    victims: tuple[str, ...]  # categories
    harmed: tuple[str, ...]
    punishable: dict[str, bool | None]  # by State code: None while its legal adviser has not said
    death_penalty: dict[str, bool | None] = field(default_factory=dict)
    official_duty: str = "unknown"  # yes, no, unknown, disputed
    declines: bool = False
    waiver_requested: bool = False


def solely_against(f: CaseFacts) -> str | None:
    """Art. VII(3)(a)(i), worked out from the victims' categories and what else was harmed: None while a
    victim's category is unknown."""
    if any(v == "unknown" for v in f.victims):
        return None
    own_people = bool(f.victims) and all(v in FORCE_PEOPLE for v in f.victims)
    others = [h for h in f.harmed if h not in OWN_HARM]
    if others or (f.victims and not own_people):
        return "other"
    if own_people:
        return "sending_state_force_people"
    if any(h in OWN_HARM for h in f.harmed):
        return "sending_state_property_or_security"
    return "other"  # no victim and nothing of the sending State's harmed: an offence against public order


_REGIMES: dict[tuple[int, str, str, date], tuple[list[dict[str, object]], str | None]] = {}


def regimes(engine: InForceEngine, f: CaseFacts) -> tuple[list[dict[str, object]], str | None]:
    key = (id(engine), f.sending_state, f.receiving_state, f.day)
    if key not in _REGIMES:
        try:
            _REGIMES[key] = (regimes_between(engine, f.sending_state, f.receiving_state, f.day), None)
        except RegimeError as exc:
            _REGIMES[key] = ([], str(exc))
        if len(_REGIMES) > 4096:
            _REGIMES.pop(next(iter(_REGIMES)))
    return _REGIMES[key]


def status_of(f: CaseFacts, s: Suspect, regime: dict[str, object]) -> tuple[Finding[Any] | None, str | None]:
    """The suspect's status under Art. I, or what it turns on."""
    x = s.facts
    nationality = x.get("nationality")
    third = "none"
    if nationality not in (None, f.sending_state, f.receiving_state):
        third = x.get("third_state_nationality") or ""
        if not third and x.get("service") == "civilian_employee":
            return None, (
                f"the suspect {s.number}'s third-State nationality ({nationality}): party to the North "
                "Atlantic Treaty, Partnership for Peace State or neither (Art. I(1)(b))"
            )
    person = {
        "role": ROLE[x["service"]],
        "in_receiving_state_on_official_duty": x.get("in_receiving_state_on_official_duty"),
        "accompanying_the_force": x.get("accompanying_the_force"),
        "employed_by_sending_state_armed_service": x.get("employed_by_sending_state_armed_service"),
        "stateless": bool(x.get("stateless")),
        "national_of_receiving_state": nationality == f.receiving_state,
        "third_state_nationality": third or "none",
        "ordinarily_resident_in_receiving_state": bool(x.get("ordinarily_resident_in_receiving_state")),
        "spouse_or_parent_status": x.get("spouse_or_parent_status"),
        "child_depends_on_member_for_support": x.get("child_depends_on_member_for_support"),
    }
    try:
        facts = StatusFacts(
            sending_state=f.sending_state,
            receiving_state=f.receiving_state,
            event_date=f.day,
            regime=regime,  # type: ignore[arg-type]
            person=PersonFacts.model_validate(person),
        )
        return decide_status(facts), None
    except ValueError as exc:
        text = str(exc).split("\n")[-1].strip()
        return None, f"the suspect {s.number}'s status under Art. I ({text.removeprefix('Value error, ')})"


def _key(finding: Finding[Any]) -> tuple[Any, ...]:
    v = finding.value
    return (v.jurisdiction, v.primary_right, v.may_try, v.barred_from_trying, v.receiving_state_to_try)


def _side_state(f: CaseFacts, side: str | None) -> str | None:
    return {"sending_state": f.sending_state, "receiving_state": f.receiving_state}.get(side or "")


Unknown = tuple[str, tuple[Any, ...], tuple[str, str]]  # what, the values it may take, where in the facts


def _unknowns(f: CaseFacts, s: Suspect, category: str) -> tuple[dict[str, Any], list[Unknown]]:
    """The Art. VII facts for one suspect, and those still unknown with the values they may take."""
    against = solely_against(f)
    military = s.facts.get("subject_to_sending_state_military_law")
    if military is None and category == "member_of_force":
        military = True  # a member of the force is subject to its military law (Art. VII(1)(a))
    base: dict[str, Any] = {
        "sending_state": f.sending_state,
        "receiving_state": f.receiving_state,
        "accused": {
            "category": category,
            "subject_to_sending_state_military_law": bool(military),
            "national_of_receiving_state": s.facts.get("nationality") == f.receiving_state,
            "ordinarily_resident_in_receiving_state": bool(
                s.facts.get("ordinarily_resident_in_receiving_state")
            ),
            "in_hands_of": s.in_hands_of,
            "arrested_by_receiving_state": s.arrested_by_receiving_state,
        },
        "offence": {
            "description": f.description,
            "date": f.day,
            "punishable_by_sending_state": bool(f.punishable.get(f.sending_state)),
            "punishable_by_receiving_state": bool(f.punishable.get(f.receiving_state)),
            "solely_against": against or "other",
            "official_duty": f.official_duty,
            "sending_state_law_provides_death_penalty": bool(f.death_penalty.get(f.sending_state)),
            "receiving_state_law_provides_death_penalty_for_similar_case": f.death_penalty.get(
                f.receiving_state
            ),
        },
        "primary_state_declines": f.declines,
        "waiver_requested": f.waiver_requested and not f.declines,
        "previous_trial": s.previous_trial,
    }
    unknown: list[Unknown] = []
    for state, key in (
        (f.sending_state, "punishable_by_sending_state"),
        (f.receiving_state, "punishable_by_receiving_state"),
    ):
        if f.punishable.get(state) is None:
            unknown.append(
                (
                    f"whether the act is punishable under {state}'s law (a statement by {state}'s legal "
                    "adviser)",
                    (True, False),
                    ("offence", key),
                )
            )
    if against is None:
        own = "sending_state_force_people"
        unknown.append(
            (
                "whom the offence was solely against: the victims' categories (Art. VII(3)(a)(i))",
                (own, "other"),
                ("offence", "solely_against"),
            )
        )
    if military is None:
        unknown.append(
            (
                f"whether {f.sending_state}'s military law reaches the suspect {s.number} (Art. VII(1)(a))",
                (True, False),
                ("accused", "subject_to_sending_state_military_law"),
            )
        )
    return base, unknown


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}


def decide_suspect(f: CaseFacts, s: Suspect, possible: list[dict[str, object]]) -> dict[str, Any]:
    statuses: list[Finding[Any]] = []
    for regime in possible:
        status, missing = status_of(f, s, regime)
        if missing or status is None:
            return _undetermined(
                s,
                [missing or "the suspect's status"],
                "The suspect's status under NATO SOFA Art. I cannot be found yet.",
                ["NATO SOFA Art. I(1)"],
            )
        statuses.append(status)
    found = {st.value.status for st in statuses}
    if len(found) > 1:
        return _undetermined(
            s,
            ["the regime between the States, which decides the suspect's status (Art. I(1)(b))"],
            "The suspect's status differs under the regimes the registry leaves possible.",
            statuses[0].cite_strings(),
        )
    category = found.pop()
    status_json = finding_json("status", statuses[0])
    if category == "none":
        out = _undetermined(s, [], "", [*statuses[0].cite_strings(), "NATO SOFA Art. VII(1)"])
        out["reasons"] = [
            *statuses[0].reasons,
            "Art. VII allocates jurisdiction only over members of a force or "
            "civilian component and their dependents: the receiving State's ordinary jurisdiction "
            "applies as to anyone else.",
        ]
        out.update(outside_article_vii=True, category="none", status=status_json)
        return out
    base, unknown = _unknowns(f, s, category)
    results: list[tuple[dict[str, object], tuple[Any, ...], Finding[Any]]] = []
    for regime in possible:
        for combo in itertools.product(*(values for _, values, _ in unknown)):
            data = _copy(base)
            data["regime"] = regime
            for (_, _, (section, key)), value in zip(unknown, combo, strict=True):
                data[section][key] = value
            results.append((regime, combo, decide_jurisdiction(JurisdictionFacts.model_validate(data))))
    keys = {_key(r[2]) for r in results}
    first = results[0][2]
    out = finding_json("jurisdiction", first)
    out.update(
        suspect=s.number,
        category=category,
        status=status_json,
        turns_on=[],
        alternatives=[],
        outside_article_vii=False,
    )
    if len(possible) == 1:
        out["reasons"].insert(
            0, f"Regime on {f.day.isoformat()} from the registry: {json.dumps(possible[0])}."
        )
    if len(keys) == 1:
        if unknown:
            out["reasons"].append(
                "Not yet known, and not changing the answer: " + "; ".join(u[0] for u in unknown) + "."
            )
        if len(possible) > 1:
            out["reasons"].append("The same answer follows under every regime the registry leaves possible.")
        if first.value.primary_right == "undetermined":
            out["turns_on"].append(DUTY_TURN)
        out["primary_right_state"] = _side_state(f, first.value.primary_right)
        return out
    turns = [u[0] for i, u in enumerate(unknown) if _varies(results, i)]
    if len({_key(r[2]) for r in results if r[0] == possible[0]}) < len(keys):
        turns.append("what the registry does not establish about the regime")
    turns = turns or [u[0] for u in unknown]
    if any(r[2].value.primary_right == "undetermined" for r in results):
        turns.append(DUTY_TURN)
    # Relied on whatever the unknown facts turn out to be: the provisions every alternative cites.
    common = set.intersection(*(set(r[2].cite_strings()) for r in results))
    out.update(
        value=None,
        primary_right_state=None,
        turns_on=turns,
        citations=[c for c in first.cite_strings() if c in common],
    )
    out["reasons"] = [
        *(out["reasons"][:1] if len(possible) == 1 else []),
        "The answer turns on facts not yet known: " + "; ".join(turns) + ".",
    ]
    seen: set[tuple[Any, ...]] = set()
    for regime, combo, finding in results:
        if _key(finding) in seen:
            continue
        seen.add(_key(finding))
        assumed = [f"{label}: {value}" for (label, _, _), value in zip(unknown, combo, strict=True)]
        out["alternatives"].append(
            {"assuming": assumed, "regime": regime, **finding_json("jurisdiction", finding)}
        )
    return out


def _varies(results: list[tuple[dict[str, object], tuple[Any, ...], Finding[Any]]], i: int) -> bool:
    """Whether changing the i-th unknown alone changes the answer somewhere."""
    by_rest: dict[tuple[Any, ...], set[tuple[Any, ...]]] = {}
    for regime, combo, finding in results:
        rest = (json.dumps(regime, sort_keys=True), *combo[:i], *combo[i + 1 :])
        by_rest.setdefault(rest, set()).add(_key(finding))
    return any(len(v) > 1 for v in by_rest.values())


def _undetermined(s: Suspect | None, turns: list[str], reason: str, cites: list[str]) -> dict[str, Any]:
    return {
        "kind": "jurisdiction",
        "value": None,
        "reasons": [reason] if reason else [],
        "citations": cites,
        "not_modelled": [],
        "turns_on": turns,
        "alternatives": [],
        "suspect": s.number if s else None,
        "category": None,
        "status": None,
        "outside_article_vii": False,
        "primary_right_state": None,
    }


def compute(engine: InForceEngine, f: CaseFacts) -> dict[str, Any]:
    """The case's finding: the principal (first) suspect's under `jurisdiction`'s own fields, and each
    suspect's under `by_suspect`."""
    possible, problem = regimes(engine, f)
    if not possible:
        out = _undetermined(None, [], f"Art. VII cannot be applied: {problem}.", ["PfP SOFA Art. I"])
        out["by_suspect"] = []
        return out
    if not f.suspects:
        out = _undetermined(
            None,
            ["who the suspect is, with the facts NATO SOFA Art. I needs"],
            "No suspect is recorded yet.",
            [],
        )
        out.update(by_suspect=[], regimes=possible)
        return out
    each = [decide_suspect(f, s, possible) for s in f.suspects]
    principal = dict(each[0])
    principal["by_suspect"] = each
    principal["regimes"] = possible
    return principal


def regime_says(finding: dict[str, Any], key: str) -> bool | None:
    """Whether every regime the finding was decided under has `key` (additional_protocol,
    non_nato_sofa_party_involved): True, False, or None where they differ or none is known."""
    values = {bool(r.get(key)) for r in finding.get("regimes", [])}
    return values.pop() if len(values) == 1 else None

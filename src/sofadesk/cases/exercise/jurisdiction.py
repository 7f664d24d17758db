"""The jurisdiction quick reference for an exercise: for each participant, who holds the primary right to try
a member of its force for an offence punishable by both States, done on duty and off duty (NATO SOFA
Art. VII(3)), decided by the same rules as `sofadesk law decide jurisdiction`.

Where the registry leaves part of the regime unknown (say, whether both States are NATO SOFA parties, which
only changes how disputes are settled under PfP SOFA Art. III), the answer is worked out for every possibility;
if they agree it is given with that caveat, otherwise it is left unknown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sofadesk.cases.exercise.coverage import first_covered_day
from sofadesk.law.common import Regime
from sofadesk.law.messages import day as day_term
from sofadesk.law.messages import listing, msg, state
from sofadesk.law.rules.art_07_criminal_jurisdiction import JurisdictionFacts, decide_jurisdiction
from sofadesk.registry.explain import long_date
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import possible_regimes


def _primary(participant: str, host: str, day: date, regimes: list[Regime], duty: str) -> dict[str, Any]:
    findings = []
    for regime in regimes:
        facts = JurisdictionFacts.model_validate(
            {
                "sending_state": participant,
                "receiving_state": host,
                "event_date": day,
                "regime": regime,
                "accused": {"category": "member_of_force", "subject_to_sending_state_military_law": True},
                "offence": {
                    "description": f"An offence punishable by both States, {'on' if duty == 'yes' else 'off'} "
                    "duty, against a local person or property",
                    "date": day,
                    "punishable_by_sending_state": True,
                    "punishable_by_receiving_state": True,
                    "solely_against": "other",
                    "official_duty": duty,
                },
            }
        )
        findings.append(decide_jurisdiction(facts))
    sides = {f.value.primary_right for f in findings}
    if len(sides) > 1:
        return {
            "primary_right": None,
            "reason": "Depends on what the registry does not know about the regime.",
            "citations": [],
        }
    side = sides.pop()
    state = participant if side == "sending_state" else host if side == "receiving_state" else None
    return {
        "primary_right": state,
        "reason": findings[0].reasons[-1],
        "citations": findings[0].cite_strings(),
    }


def quick_reference(
    engine: InForceEngine, host: str, participants: list[str], first: date, last: date
) -> list[dict[str, Any]]:
    out = []
    known = engine.registry.states
    for p in participants:
        day = first_covered_day(engine, p, host, first, last) if p in known and host in known else None
        entry: dict[str, Any] = {"state": p, "host": host, "as_of": day.isoformat() if day else None}
        if day is None:
            entry.update(
                on_duty=None,
                off_duty=None,
                note=msg(
                    "No allocation under NATO SOFA Art. VII for {state} in {host}: the Agreement is not "
                    "established as applying on any day of the exercise.",
                    state=state(p),
                    host=state(host),
                ),
            )
            out.append(entry)
            continue
        regimes = [Regime.model_validate(r) for r in possible_regimes(engine.answer(p, host, day))]
        entry["on_duty"] = _primary(p, host, day, regimes, "yes")
        entry["off_duty"] = _primary(p, host, day, regimes, "no")
        notes: list[str] = []
        if day != first:
            notes.append(
                msg("From {day}, the first day the Agreement applies.", day=day_term(day, long_date(day)))
            )
        if len(regimes) > 1:
            notes.append(
                "Part of the regime is unknown in the registry (NATO SOFA status or the Additional "
                "Protocol); the answer is the same for every possibility."
            )
        entry["note"] = listing(notes, separator=" ") if notes else None
        out.append(entry)
    return out

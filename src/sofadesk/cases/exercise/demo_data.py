"""The demo's joint exercise: a search-and-rescue exercise hosted by Germany in September-October 2007, with
the United States, Poland and Russia taking part.

The dates are chosen around a real event in the registry: the PfP SOFA entered into force for Russia on
27 September 2007, so Russia's contingent is not covered for the first ten days (17-26 September 2007) and the
coverage check names those days.  A second, German-only exercise books the same training area for the first
days of October, so the deconfliction check has something to flag.  Training-area names are real places;
capacities are demo figures, not official data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import acting_as
from sofadesk.cases.exercise import service
from sofadesk.cases.exercise.models import ExerciseRow
from sofadesk.cases.exercise.schemas import ContingentBody, ExercisePlan, ResponseBody, TrainingAreaBody

NAME = "VILNIUS BRIDGE 2007"
AREAS = {"GRF": ("Grafenwoehr Training Area", 5000), "HFS": ("Hohenfels Training Area", 3000)}
PARTICIPANTS = {
    "USA": "usa.planner",
    "POL": "pol.planner",
    "RUS": "rus.planner",
}  # who registers the contingent
ANSWERED_BY = {"USA": "usa.planner", "POL": "pol.planner", "RUS": "rus.approver"}  # who accepts (an approver)
LANGUAGES = {"USA": ["en"], "POL": ["pl"], "RUS": ["ru"]}


def plan(name: str = NAME, first: date = date(2007, 9, 17), last: date = date(2007, 10, 5)) -> dict[str, Any]:
    return {
        "name": name,
        "purpose": "search_and_rescue",
        "starts_on": first.isoformat(),
        "ends_on": last.isoformat(),
        "description": "Combined search and rescue after a simulated rail accident; field hospital at Hohenfels.",
        "locations": [
            {
                "area": "GRF",
                "first_day": first.isoformat(),
                "last_day": last.isoformat(),
                "planned_persons": 900,
            },
            {"area": "HFS", "first_day": "2007-09-24", "last_day": "2007-10-02", "planned_persons": 400},
        ]
        if name == NAME
        else [
            {
                "area": "GRF",
                "first_day": first.isoformat(),
                "last_day": last.isoformat(),
                "planned_persons": 1200,
            },
        ],
    }


def contingent(state: str, persons: int = 12, equipment_lines: int = 4) -> dict[str, Any]:
    """A contingent with documented members, two civilians and temporarily imported equipment."""
    kinds = ("service_vehicle_not_own_power", "force_equipment", "provisions_and_supplies", "force_equipment")
    return {
        "unit": {"name": f"{state} search and rescue company", "regularly_constituted": True},
        "sending_state_languages": LANGUAGES.get(state, ["en"]),
        "movement_order": {
            "kind": "collective",
            "languages": [*LANGUAGES.get(state, []), "en", "fr"],
            "issued_by": "sending_state_agency",
        },
        "certificate_deposited": True,
        "personnel": [
            {
                "full_name": f"{state} member {n:03d}",
                "category": "member_of_force",
                "date_of_birth": "1980-05-01",
                "rank": "SGT",
                "service": "Army",
                "service_number": f"{state}{n:06d}",
                "identity_card_number": f"{state}-ID{n:05d}",
                "photo_on_identity_card": True,
            }
            for n in range(1, persons - 1)
        ]
        + [
            {
                "full_name": f"{state} civilian {n}",
                "category": "civilian_component",
                "passport_number": f"{state}P{n:06d}",
                "passport_describes_status": True,
            }
            for n in (1, 2)
        ],
        "equipment": [
            {
                "description": f"{state} SAR equipment line {n + 1}",
                "kind": kinds[n % len(kinds)],
                "quantity": 2 + n,
                "serial_number": f"{state}-EQ-{n + 1:03d}",
            }
            for n in range(equipment_lines)
        ],
        "arms": [],
    }


def seed_exercise_demo(session: Session) -> int:
    """Training areas, the exercise approved and accepted by all three, contingents registered, and the
    clashing German exercise.  Returns the exercise's id; a second run finds and returns the first one."""
    existing = session.execute(select(ExerciseRow.id).where(ExerciseRow.name == NAME)).scalars().first()
    if existing is not None:
        return existing
    planner, approver = acting_as(session, "deu.planner"), acting_as(session, "deu.approver")
    for code, (name, capacity) in AREAS.items():
        service.set_training_area(
            session, planner, code, TrainingAreaBody(name=name, capacity_persons=capacity)
        )
    x = service.create(session, planner, ExercisePlan.model_validate(plan()))
    session.flush()
    service.approve(session, approver, x.id, x.version)
    service.invite(session, planner, x.id, list(PARTICIPANTS), x.version)
    session.flush()
    for state, username in PARTICIPANTS.items():
        service.respond(
            session,
            acting_as(session, ANSWERED_BY[state]),
            x.id,
            ResponseBody(answer="accepted", note=None, version=1),
        )
        service.register_contingent(
            session, acting_as(session, username), x.id, ContingentBody.model_validate(contingent(state))
        )
    service.create(
        session,
        planner,
        ExercisePlan.model_validate(plan("GRAFENWOEHR GUNNERY WEEK", date(2007, 10, 1), date(2007, 10, 7))),
    )
    session.flush()
    return x.id

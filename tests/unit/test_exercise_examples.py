"""The example files under examples/exercise are valid input for the commands their headers name."""

from __future__ import annotations

from pathlib import Path

import yaml

from sofadesk.cases.exercise.schemas import ContingentBody, DischargeBody, ExercisePlan, TransitFromContingent

EXAMPLES = Path(__file__).parents[2] / "examples" / "exercise"


def _load(name: str) -> object:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def test_the_example_files_validate() -> None:
    plan = ExercisePlan.model_validate(_load("plan.yaml"))
    assert plan.purpose == "search_and_rescue" and {b.area for b in plan.locations} == {"GRF", "HFS"}
    contingent = ContingentBody.model_validate(_load("contingent.yaml"))
    assert len(contingent.personnel) == 4 and len(contingent.equipment) == 3
    discharge = DischargeBody.model_validate({"lines": _load("discharge.yaml"), "version": 1})
    assert sum(d.re_exported + d.declared for d in discharge.lines) == sum(
        e.quantity for e in contingent.equipment
    )
    route = TransitFromContingent.model_validate(_load("route.yaml"))
    assert route.legs[-1].state == "DEU"

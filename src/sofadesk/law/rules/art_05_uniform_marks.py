"""NATO SOFA Art. V: uniform, and nationality marks on service vehicles.

NOT MODELLED
- The receiving State's conditions for its own forces' civilian dress, and any contrary arrangement between
  the two States: inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Facts
from sofadesk.law.finding import Finding
from sofadesk.law.tri import Tri


class UniformFacts(Facts):
    situation: Literal["unit_crossing_frontier", "individual_on_duty", "individual_off_duty"]
    dress: Literal["uniform", "civilian"]
    civilian_dress_allowed_for_receiving_state_forces: bool | None = None
    contrary_arrangement_between_the_states: bool = False
    service_vehicle: bool = False
    vehicle_shows_registration_number: bool | None = None
    vehicle_shows_nationality_mark: bool | None = None


@dataclass(frozen=True)
class UniformDecision:
    dress_in_order: Tri
    vehicle_marks_in_order: Tri


def decide_uniform(f: UniformFacts) -> Finding[UniformDecision]:
    cites: list[Cite] = [cite("nato-sofa", "V", 1)]
    reasons: list[str] = []
    dress: Tri
    if f.dress == "uniform":
        dress = True
        reasons.append("Members of a force normally wear uniform.")
    elif f.situation == "unit_crossing_frontier":
        dress = False
        reasons.append(
            "A regularly constituted unit or formation must be in uniform when crossing a frontier."
        )
    elif f.contrary_arrangement_between_the_states:
        dress = True
        reasons.append("The two States have an arrangement on civilian dress, which prevails.")
    else:
        dress = f.civilian_dress_allowed_for_receiving_state_forces
        reasons.append(
            "Civilian dress is worn on the same conditions as for the receiving State's own forces"
            + ("." if dress is not None else "; those conditions are not stated, so the answer is unknown.")
        )
    marks: Tri = None
    if f.service_vehicle:
        cites.append(cite("nato-sofa", "V", 2))
        if f.vehicle_shows_registration_number is None or f.vehicle_shows_nationality_mark is None:
            raise ValueError("vehicle_shows_nationality_mark: give both vehicle marks for a service vehicle")
        marks = f.vehicle_shows_registration_number and f.vehicle_shows_nationality_mark
        reasons.append(
            "A service vehicle carries a distinctive nationality mark as well as its registration number."
        )
    return Finding(UniformDecision(dress, marks), tuple(cites), tuple(reasons))


ENCODED: dict[str, str] = {"NATO SOFA Art. V(1)": "uniform", "NATO SOFA Art. V(2)": "uniform"}
NOT_MODELLED: dict[str, str] = {}

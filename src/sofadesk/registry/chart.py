"""How many States each agreement is in force for, over time: counted from the in-force engine (the same
answers as every other question), with the States whose status on a date is unknown counted apart, so a
chart can show them as a band between the certain count and the possible one rather than guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sofadesk.registry.inforce import InForceEngine


@dataclass(frozen=True)
class Point:
    on: date
    in_force: int  # certainly in force
    unknown: int  # in force or not: a date the answer depends on is unknown


def parties_over_time(
    engine: InForceEngine, agreement: str, until: date, step_months: int = 3
) -> list[Point]:
    """One point per `step_months` from the agreement's general entry into force to `until`."""
    start = engine.registry.agreements[agreement].general_entry_into_force
    states = [p.state for p in engine.registry.parties_of(agreement)]
    points = []
    year, month = start.year, start.month
    while (day := date(year, month, 1)) <= until:
        answers = [engine.in_force(agreement, s, day) for s in states]
        points.append(Point(day, sum(a is True for a in answers), sum(a is None for a in answers)))
        month += step_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return points

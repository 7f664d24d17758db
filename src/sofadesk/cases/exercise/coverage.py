"""Is every participant covered on every day of the exercise?

The NATO SOFA regime must apply between the host (receiving State) and each participating State (sending
State) on each day its force is there: through the NATO SOFA between two NATO SOFA parties (Art. XVIII), or the
PfP SOFA (Art. I) otherwise.  A participant for whom the Agreement enters into force, or ends, during the
exercise is flagged with the days not covered; days on which the registry cannot tell are shown as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sofadesk.cases.force_checks import Status
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine


@dataclass(frozen=True)
class DayRange:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def text(self) -> str:
        a, b = self.first, self.last
        if a == b:
            return long_date(a)
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}-{b.day} {b:%B %Y}"
        if a.year == b.year:
            return f"{a.day} {a:%B} - {long_date(b)}"
        return f"{long_date(a)} - {long_date(b)}"

    def as_json(self) -> dict[str, str]:
        return {"first": self.first.isoformat(), "last": self.last.isoformat(), "text": self.text()}


def day_ranges(days: Iterable[date]) -> list[DayRange]:
    """Runs of consecutive days, in order."""
    runs: list[DayRange] = []
    for d in sorted(days):
        if runs and runs[-1].last + timedelta(days=1) == d:
            runs[-1] = DayRange(runs[-1].first, d)
        else:
            runs.append(DayRange(d, d))
    return runs


def joined(ranges: list[DayRange]) -> str:
    return ", ".join(r.text() for r in ranges)


@dataclass(frozen=True)
class ParticipantCoverage:
    state: str
    status: Status
    message: str
    not_covered: tuple[DayRange, ...] = ()
    unknown: tuple[DayRange, ...] = ()
    citations: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"state": self.state, "status": self.status, "message": self.message,
                "not_covered": [r.as_json() for r in self.not_covered],
                "unknown": [r.as_json() for r in self.unknown], "citations": list(self.citations)}  # fmt: skip


def participant_coverage(
    engine: InForceEngine, host: str, participant: str, first: date, last: date
) -> ParticipantCoverage:
    states = engine.registry.states
    if host not in states or participant not in states:
        missing = host if host not in states else participant
        return ParticipantCoverage(participant, "unknown", f"{missing} is not a State in the registry.")
    start, span = first.toordinal(), (last - first).days + 1
    applies = [engine.answer_ordinal(participant, host, start + n).applies for n in range(span)]
    uncovered = [first + timedelta(days=n) for n, a in enumerate(applies) if a is False]
    unknown = [first + timedelta(days=n) for n, a in enumerate(applies) if a is None]
    name, host_name = states[participant].display_name, states[host].display_name
    if not uncovered and not unknown:
        instrument = engine.answer_ordinal(participant, host, start).instrument
        basis = "NATO SOFA Art. XVIII(2)" if instrument == "nato-sofa" else "PfP SOFA Art. I"
        return ParticipantCoverage(participant, "ok",
            f"The NATO SOFA regime applies between {name} and {host_name} on every day of the exercise.",
            citations=("NATO SOFA Art. I(1)(e)", basis))  # fmt: skip
    off, unsure = day_ranges(uncovered), day_ranges(unknown)
    worst = uncovered[0] if uncovered else unknown[0]
    why = explain_coverage(engine, states[participant], states[host], worst)
    parts = []
    if off:
        when = ""
        if span - len(uncovered) - len(unknown):
            when = (
                " (it enters into force during the exercise)"
                if applies[0] is False
                else " (it ends during the exercise)"
            )
        parts.append(f"does not apply on {joined(off)}{when}")
    if unsure:
        parts.append(f"cannot be established on {joined(unsure)}")
    # The registry's reason names the day it speaks of (the first day not covered).
    message = (
        f"Between {name} and {host_name} the NATO SOFA regime "
        + "; it ".join(parts)
        + f". {why.finding.reasons[0]}"
    )
    return ParticipantCoverage(participant, "flag" if off else "unknown", message, tuple(off), tuple(unsure),
                               tuple(why.finding.cite_strings()))  # fmt: skip


def first_covered_day(
    engine: InForceEngine, participant: str, host: str, first: date, last: date
) -> date | None:
    """The first day from `first` to `last` on which the Agreement applies between the two, if any."""
    day = first
    while day <= last:
        if engine.answer(participant, host, day).applies is True:
            return day
        day += timedelta(days=1)
    return None


def exercise_coverage(
    engine: InForceEngine, host: str, participants: Iterable[str], first: date, last: date
) -> list[ParticipantCoverage]:
    return [participant_coverage(engine, host, p, first, last) for p in participants]

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
from sofadesk.law.messages import Term, days, listing, literal, msg, state
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine


@dataclass(frozen=True)
class DayRange:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def text(self) -> Term:
        a, b = self.first, self.last
        if a == b:
            english = long_date(a)
        elif (a.year, a.month) == (b.year, b.month):
            english = f"{a.day}-{b.day} {b:%B %Y}"
        elif a.year == b.year:
            english = f"{a.day} {a:%B} - {long_date(b)}"
        else:
            english = f"{long_date(a)} - {long_date(b)}"
        return days(a, b, english)

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
    return listing((r.text() for r in ranges), separator=", ")


@dataclass(frozen=True)
class ParticipantCoverage:
    state: str
    status: Status
    message: str
    not_covered: tuple[DayRange, ...] = ()
    unknown: tuple[DayRange, ...] = ()
    citations: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "status": self.status,
            "message": self.message,
            "not_covered": [r.as_json() for r in self.not_covered],
            "unknown": [r.as_json() for r in self.unknown],
            "citations": list(self.citations),
        }


def participant_coverage(
    engine: InForceEngine, host: str, participant: str, first: date, last: date
) -> ParticipantCoverage:
    states = engine.registry.states
    if host not in states or participant not in states:
        missing = host if host not in states else participant
        return ParticipantCoverage(
            participant, "unknown", msg("{state} is not a State in the registry.", state=literal(missing))
        )
    start, span = first.toordinal(), (last - first).days + 1
    applies = [engine.answer_ordinal(participant, host, start + n).applies for n in range(span)]
    uncovered = [first + timedelta(days=n) for n, a in enumerate(applies) if a is False]
    unknown = [first + timedelta(days=n) for n, a in enumerate(applies) if a is None]
    name, host_name = (
        state(participant, states[participant].display_name),
        state(host, states[host].display_name),
    )
    if not uncovered and not unknown:
        instrument = engine.answer_ordinal(participant, host, start).instrument
        basis = "NATO SOFA Art. XVIII(2)" if instrument == "nato-sofa" else "PfP SOFA Art. I"
        return ParticipantCoverage(
            participant,
            "ok",
            msg(
                "The NATO SOFA regime applies between {state} and {host} on every day of the exercise.",
                state=name,
                host=host_name,
            ),
            citations=("NATO SOFA Art. I(1)(e)", basis),
        )
    off, unsure = day_ranges(uncovered), day_ranges(unknown)
    worst = uncovered[0] if uncovered else unknown[0]
    why = explain_coverage(engine, states[participant], states[host], worst)
    parts: list[str] = []
    if off:
        if not span - len(uncovered) - len(unknown):
            parts.append(msg("does not apply on {days}", days=joined(off)))
        elif applies[0] is False:
            parts.append(
                msg("does not apply on {days} (it enters into force during the exercise)", days=joined(off))
            )
        else:
            parts.append(msg("does not apply on {days} (it ends during the exercise)", days=joined(off)))
    if unsure:
        parts.append(msg("cannot be established on {days}", days=joined(unsure)))
    # The registry's reason names the day it speaks of (the first day not covered).
    message = msg(
        "Between {state} and {host} the NATO SOFA regime {what}. {reason}",
        state=name,
        host=host_name,
        what=parts[0] if len(parts) == 1 else msg("{first}; it {second}", first=parts[0], second=parts[1]),
        reason=why.finding.reasons[0],
    )
    return ParticipantCoverage(
        participant,
        "flag" if off else "unknown",
        message,
        tuple(off),
        tuple(unsure),
        tuple(why.finding.cite_strings()),
    )


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

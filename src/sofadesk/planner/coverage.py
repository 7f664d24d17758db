"""Coverage day by day for a plan: whether the NATO SOFA regime applies between the sending State and a State
crossed on a day, from the in-force engine's ordinal path, each (State, day) asked once per plan; the earliest
departure a route's schedule allows; and, for the days it does not apply, the engine's reasons and citations.

Only `applies is True` counts as covered: a day on which the answer is unknown (a date it depends on is not
established) is not covered, and is said so.  `Answer.instrument` may be None while the regime applies (a
NATO member whose NATO SOFA date is unknown, covered through the PfP SOFA); nothing here relies on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sofadesk.law.cite import cite
from sofadesk.law.tri import Tri
from sofadesk.planner.model import DayRange, Reason
from sofadesk.registry.explain import explain_coverage, long_date, standing_sentence
from sofadesk.registry.inforce import NATO, PFP, InForceEngine

_NO, _YES, _UNKNOWN = 0, 1, 2

_TRANSIT_STATE = cite(NATO, "I", 1, "e").render()
_NATO_IN_FORCE = cite(NATO, "XVIII", 2).render()
_PFP_APPLIES = cite(PFP, "I").render()

Window = tuple[str, int, int]  # a State crossed, first and last day of its leg as offsets from departure


class CoverageIndex:
    """Per plan and sending State: the engine's answer for each State and day from `base` on, filled lazily
    (a bytearray per State: not covered, covered, unknown)."""

    def __init__(self, engine: InForceEngine, sending: str, base: int) -> None:
        self.engine, self.sending, self.base = engine, sending, base
        self._days: dict[str, bytearray] = {}
        self._explained: dict[tuple[str, int], Reason] = {}
        self._covered: dict[tuple[str, int], tuple[str | None, list[str]]] = {}

    def _fill(self, state: str, upto: int) -> bytearray:
        days = self._days.setdefault(state, bytearray())
        answer, sending = self.engine.answer_ordinal, self.sending
        for d in range(self.base + len(days), upto + 1):
            applies = answer(sending, state, d).applies
            days.append(_YES if applies is True else _NO if applies is False else _UNKNOWN)
        return days

    def _row(self, state: str, upto: int) -> bytearray:
        days = self._days.get(state)
        if days is None or upto - self.base >= len(days):
            days = self._fill(state, upto)
        return days

    def last_gap(self, state: str, lo: int, hi: int) -> int | None:
        """The last day in lo..hi (ordinals) on which the regime is not established as applying."""
        days, base = self._row(state, hi), self.base
        for d in range(hi, lo - 1, -1):
            if days[d - base] != _YES:
                return d
        return None

    def next_covered(self, state: str, d: int, last: int) -> int | None:
        """The first covered day from `d` up to `last`; the engine is asked a few weeks at a time."""
        base = self.base
        while d <= last:
            end = min(last, d + 63)
            found = self._row(state, end).find(_YES, d - base, end - base + 1)
            if found >= 0:
                return found + base
            d = end + 1
        return None

    def gaps(self, state: str, lo: int, hi: int) -> list[int]:
        days, base = self._row(state, hi), self.base
        return [d for d in range(lo, hi + 1) if days[d - base] != _YES]

    def earliest_departure(self, windows: Sequence[Window], start: int, last: int) -> int | None:
        """The first departure day from `start` to `last` (ordinals) on which every State crossed is covered on
        every day of its leg, or None.

        From a candidate day, a leg whose days include an uncovered one, the latest being g, cannot be covered
        by any departure that puts its first day at or before g, nor on the uncovered days right after g; so
        the next candidate puts the leg's first day on the first covered day after g.  No departure in
        between can satisfy that leg, and candidates only grow, so the first candidate all legs accept is the
        earliest."""
        d = start
        while d <= last:
            for state, first, final in windows:
                gap = self.last_gap(state, d + first, d + final)
                if gap is not None:
                    covered = self.next_covered(state, gap + 1, last + first)
                    if covered is None:
                        return None
                    d = covered - first
                    break
            else:
                return d
        return None

    def explain(
        self, state: str, ranges: list[DayRange], names: dict[str, str], whole: bool = False
    ) -> Reason:
        """Why the regime is not established with `state` on the days of `ranges` (ascending): the engine's
        reasons and citations on the first of them, explained once per plan.  `whole`: on no day of the one
        range given (the horizon searched)."""
        key = (state, ranges[0].first.toordinal())
        cached = self._explained.get(key)
        if cached is None:
            cached = self._explain(state, ranges[0].first)
            self._explained[key] = cached
        if whole:
            shown = f"any day from {long_date(ranges[0].first)} to {long_date(ranges[-1].last)}"
        else:
            shown = ", ".join(range_text(r) for r in ranges[:4]) + (" ..." if len(ranges) > 4 else "")
        return cached.model_copy(
            update={"days": ranges, "text": f"Not covered with {names[state]} on {shown}: {cached.text}"}
        )

    def _explain(self, state: str, day: date) -> Reason:
        registry = self.engine.registry
        sending, receiving = registry.states[self.sending], registry.states[state]
        c = explain_coverage(self.engine, sending, receiving, day)
        sentences = [c.finding.reasons[0]]
        for agreement in (NATO, PFP):
            for st in (receiving, sending):
                if self.engine.in_force(agreement, st.code, day) is not True:
                    sentences.append(standing_sentence(self.engine.standing(agreement, st.code), st, day))
        return Reason(
            kind="not_covered",
            basis="law",
            state=state,
            text=" ".join(dict.fromkeys(sentences)),
            citations=c.finding.cite_strings(),
        )

    def covered_citations(self, state: str, d: int) -> tuple[str | None, list[str]]:
        """The instrument the engine names (may be None) and what coverage on day `d` rests on."""
        found = self._covered.get((state, d))
        if found is None:
            a = self.engine.answer_ordinal(self.sending, state, d)
            # A transit State counts as a receiving State (Art. I(1)(e)); then the instrument in force for both.
            cites = [_TRANSIT_STATE]
            nato: Tri = a.nato
            if nato is True:
                cites.append(_NATO_IN_FORCE)
            elif a.pfp is True:
                cites.append(_PFP_APPLIES)
            found = (a.instrument, cites)
            self._covered[(state, d)] = found
        return found[0], list(found[1])


def day_ranges(days: Sequence[int]) -> list[DayRange]:
    ranges: list[list[int]] = []
    for d in days:
        if ranges and d == ranges[-1][1] + 1:
            ranges[-1][1] = d
        else:
            ranges.append([d, d])
    return [DayRange(first=date.fromordinal(a), last=date.fromordinal(b)) for a, b in ranges]


def range_text(r: DayRange) -> str:
    a, b = r.first, r.last
    if a == b:
        return long_date(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{long_date(b)}"
    if a.year == b.year:
        return f"{a.day} {a:%B} – {long_date(b)}"
    return f"{long_date(a)} – {long_date(b)}"

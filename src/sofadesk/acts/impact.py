"""Which open cases an act changes: every case of every kind, not yet ended, concerning the act's State, on whose
days the regime between that State and another State of the case would no longer (or now) apply.

Fast because it looks only where something can change: the act changes one State's standing, so the days on
which any answer can differ are those where that State's standing differs between the registry before and
after; the database is asked only for cases overlapping those days, and each case is checked only on them.
Coverage is the same whichever State sends (both must be bound), so the pairs are the act's State with each
other State of the case (its owner and every State concerned).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from sofadesk.acts.schemas import DaysChanged, ImpactRead
from sofadesk.cases.core.kinds import CaseKind, registered
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.law.tri import Tri
from sofadesk.registry.inforce import AP, NATO, PFP, InForceEngine

_NEVER = 10**7
LAST_DAY = date.max.toordinal()


@dataclass(frozen=True)
class Window:
    start: int  # ordinal, first day that may differ
    end: int  # ordinal, first day after


def changed_windows(before: InForceEngine, after: InForceEngine, state: str) -> list[Window]:
    """The runs of days on which the State's standing under any instrument differs between the two registries."""
    points: set[int] = set()
    spans = []
    for agreement in (NATO, PFP, AP):
        old, new = (
            before.standing(agreement, state).as_ordinals(),
            after.standing(agreement, state).as_ordinals(),
        )
        if old != new:
            spans.append((agreement, old, new))
            points.update(p for p in (*old, *new) if p < _NEVER)
    if not spans:
        return []
    cuts = sorted(points)
    windows: list[Window] = []
    for start, end in zip(cuts, [*cuts[1:], _NEVER], strict=True):
        if any(_status(old, start) != _status(new, start) for _, old, new in spans):
            if windows and windows[-1].end == start:
                windows[-1] = Window(windows[-1].start, end)
            else:
                windows.append(Window(start, end))
    return windows


def _status(span: tuple[int, int, int], d: int) -> Tri:
    if d < span[0] or d >= span[2]:
        return False
    return True if d >= span[1] else None


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    reference: str
    status: str
    first: int  # ordinal
    last: int
    states: set[str]


def _candidates(session: Session, kind: CaseKind, state: str, windows: list[Window]) -> list[Candidate]:
    """Open cases of the kind concerning the State and overlapping a window, with every State of each.  Columns
    only: loading whole rows would cost more than the answers."""
    row, (first, last) = kind.row, (getattr(kind.row, kind.first_day), getattr(kind.row, kind.last_day))
    concerned = select(CasePartyRow.case_id).where(
        CasePartyRow.kind == kind.name, CasePartyRow.state_code == state
    )
    overlapping = or_(
        *(
            and_(first <= date.fromordinal(min(w.end - 1, LAST_DAY)), last >= date.fromordinal(w.start))
            for w in windows
        )
    )
    candidates = (
        select(row.id).where(
            row.status.in_(kind.workflow.open_statuses),
            overlapping,
            or_(cast(ColumnElement[bool], kind.owner_column == state), row.id.in_(concerned)),
        )
    ).subquery()
    cases = session.execute(
        select(row.id, row.reference, row.status, cast(Any, kind.owner_column), first, last).join(
            candidates, candidates.c.id == row.id
        )
    ).all()
    if not cases:
        return []
    # Every State of each candidate in one query joined to the same filter (no long lists of ids to bind).
    states: dict[int, set[str]] = defaultdict(set)
    for case_id, other in session.execute(
        select(CasePartyRow.case_id, CasePartyRow.state_code)
        .join(candidates, candidates.c.id == CasePartyRow.case_id)
        .where(CasePartyRow.kind == kind.name)
    ):
        states[case_id].add(other)
    return [
        Candidate(i, ref, status, f.toordinal(), to.toordinal(), {owner, *states[i]})
        for i, ref, status, owner, f, to in cases
    ]


def impact(
    session: Session,
    before: InForceEngine,
    after: InForceEngine,
    state: str,
    kinds: Iterable[CaseKind] | None = None,
) -> list[ImpactRead]:
    windows = changed_windows(before, after, state)
    if not windows:
        return []
    # The answer for a pair of States is constant between the days on which either State's standing starts,
    # becomes certain or ends, so each pair's changed runs are worked out once and each case only clips them.
    pairs: dict[str, list[Run]] = {}
    # Many cases share the same clipped run (same pair, same first and last day); one object serves them all.
    clipped: dict[tuple[str, int, int, int], DaysChanged] = {}
    found: list[ImpactRead] = []
    for kind in list(kinds) if kinds is not None else registered():
        for case in _candidates(session, kind, state, windows):
            first, last, states = case.first, case.last, case.states
            changes: list[DaysChanged] = []
            for other in sorted(states - {state}):
                if other not in after.registry.states:
                    continue
                if other not in pairs:
                    pairs[other] = pair_runs(before, after, state, other, windows)
                for n, r in enumerate(pairs[other]):
                    if r.start <= last and r.end > first:
                        key = (other, n, max(r.start, first), min(r.end - 1, last))
                        if key not in clipped:
                            clipped[key] = DaysChanged(
                                between=[state, other],
                                first=_iso(key[2]),
                                last=_iso(key[3]),
                                before=r.before,
                                after=r.after,
                            )
                        changes.append(clipped[key])
            if changes:
                found.append(
                    ImpactRead(
                        kind=kind.name,
                        case_id=case.id,
                        reference=case.reference,
                        status=case.status,
                        link=kind.link(case.id),
                        states=sorted(states),
                        changes=changes,
                    )
                )
    return found


@lru_cache(maxsize=8192)
def _iso(ordinal: int) -> str:
    # Cases share a few hundred distinct days; formatting each once keeps 100,000 cases cheap.
    return date.fromordinal(ordinal).isoformat()


@dataclass(frozen=True)
class Run:
    """Days [start, end) (ordinals) on which the pair's answer is `before` under the old registry and `after`
    under the new one."""

    start: int
    end: int
    before: Tri
    after: Tri


def pair_runs(
    before: InForceEngine, after: InForceEngine, state: str, other: str, windows: list[Window]
) -> list[Run]:
    """The runs of days, within the windows, on which the answer for the two States changes."""
    cuts: set[int] = set()
    for engine in (before, after):
        for agreement in (NATO, PFP, AP):
            for code in (state, other):
                cuts.update(engine.standing(agreement, code).as_ordinals())
    runs: list[Run] = []
    for w in windows:
        inside = sorted({w.start, *(c for c in cuts if w.start < c < w.end)})
        for start, end in zip(inside, [*inside[1:], w.end], strict=True):
            old = before.answer_ordinal(state, other, start).applies
            new = after.answer_ordinal(state, other, start).applies
            if old == new:
                continue
            if runs and runs[-1].end == start and (runs[-1].before, runs[-1].after) == (old, new):
                runs[-1] = Run(runs[-1].start, end, old, new)
            else:
                runs.append(Run(start, min(end, LAST_DAY + 1), old, new))
    return runs

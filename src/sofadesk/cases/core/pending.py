"""The decisions a State still has to take, of every kind, the earliest due first (no due date last): read from
the partial index of open slots (`ix_case_slots_open`: state, kind, due date, case, id where pending), so a page
costs the same whether the State has ten decisions pending or a hundred thousand (issue 18).

The order is (no due date, due date, kind, case id, slot id).  Each kind's open slots come from the index in
that order, with and then without a due date, each branch limited to a page; the branches go to the database as
one UNION ALL statement (one round trip however many kinds there are) and are merged here.  A cursor is the
position of a page's last (or first) decision, and "after a position" is answered per kind as a row-value
comparison.  The statements of a first page and of a count take the State, the day and the limit as bound
parameters and are built once per set of kinds: a dashboard asks for both on every request, and building and
keying eight ORM selects was most of its time (BENCHMARKS.md, issue 18).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    any_,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import BindParameter

from sofadesk.audit.chain import now
from sofadesk.cases.core.kinds import CaseKind, built_once, registered
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.reads import PendingRead
from sofadesk.db import direct
from sofadesk.db.planner import generic_plans
from sofadesk.errors import Invalid

# The slots under a one-letter name, and a page reads only the columns it shows: psycopg converts a statement's
# placeholders once and keeps the result only for statements under 4 KiB (`MAX_CACHED_STATEMENT_LENGTH`); with
# every column under the table's name, four kinds' page was 10 KiB, converted again on every request (6 % of
# the decisions page's CPU, profiled at 1,000 cases).
_SLOT = aliased(CaseSlotRow, name="s")
_SHOWN = (_SLOT.id, _SLOT.kind, _SLOT.case_id, _SLOT.subject, _SLOT.due_on)
# A literal, not a bound parameter: SQLite uses a partial index only when the query repeats its condition.
_OPEN = _SLOT.status == literal_column("'pending'")
Position = tuple[bool, date | None, str, int, int]  # (no due date, due date, kind, case id, slot id)
_STATE: BindParameter[str] = bindparam("state")
_TODAY: BindParameter[date] = bindparam("today", type_=Date)
_LIMIT: BindParameter[int] = bindparam("limit", type_=Integer)


@dataclass(frozen=True)
class PendingPage:
    items: list[PendingRead]
    next_cursor: str | None
    previous_cursor: str | None


def _encode(direction: str, at: Position) -> str:
    undated, due, kind, case_id, slot_id = at
    text = json.dumps([direction, undated, due.isoformat() if due else None, kind, case_id, slot_id])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[bool, Position]:
    try:
        d, undated, due, kind, case_id, slot_id = json.loads(
            base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        )
        if (
            d not in ("n", "p")
            or not isinstance(kind, str)
            or not all(isinstance(v, int) for v in (case_id, slot_id))
        ):
            raise ValueError(cursor)
        return d == "p", (bool(undated), date.fromisoformat(due) if due else None, kind, case_id, slot_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Invalid("cursor", "not a cursor this list gave; start again from the first page") from None


def _beyond(kind: str, at: Position, undated: bool, backward: bool) -> ColumnElement[bool] | bool:
    """Which of a kind's open slots (dated or undated ones) lie after `at` (before it when `backward`): True for
    all, False for none, else a condition on the slot's (due date, case, id) or (case, id)."""
    at_undated, _, at_kind, _, _ = at
    # The cursor's values are bound (at_due, at_case, at_slot): the statement is built once per shape of cursor.
    due, case_id, slot_id = _AT_DUE, _AT_CASE, _AT_SLOT
    if undated != at_undated:
        return undated != backward  # undated decisions come after every dated one
    key: tuple[Any, ...] = (_SLOT.case_id, _SLOT.id)
    at_key: tuple[Any, ...] = (case_id, slot_id)
    if kind != at_kind:
        if undated:
            return (kind > at_kind) != backward
        # The same due date, another kind: wholly before or after the cursor's kind.
        later = kind > at_kind
        column = _SLOT.due_on
        if backward:
            return column <= due if not later else column < due
        return column >= due if later else column > due
    if not undated:
        key, at_key = (_SLOT.due_on, *key), (due, *at_key)
    return tuple_(*key) < tuple_(*at_key) if backward else tuple_(*key) > tuple_(*at_key)


_AT_DUE: BindParameter[date] = bindparam("at_due", type_=Date)
_AT_CASE: BindParameter[int] = bindparam("at_case", type_=Integer)
_AT_SLOT: BindParameter[int] = bindparam("at_slot", type_=Integer)


def _base(kind: CaseKind, undated: bool, overdue_only: bool, columns: tuple[Any, ...]) -> Any:
    """`columns` of the kind's open slots of `state` on current revisions.  The case is
    checked by a correlated EXISTS, not a join, so that every planner walks the open-slots index first (with a
    join, SQLite preferred scanning a small table of cases, which grows with the data)."""
    case = aliased(kind.row, name="c")
    current = exists().where(case.id == _SLOT.case_id, case.revision == _SLOT.revision)
    # The kind's name written into the statement (a registered kind's name, never a user's text): shorter.
    named = _SLOT.kind == literal_column(f"'{kind.name}'")
    query = select(*columns).where(_SLOT.state_code == _STATE, named, _OPEN, current)
    if undated:
        return query.where(_SLOT.due_on.is_(None))
    query = query.where(_SLOT.due_on.is_not(None))
    return query.where(_SLOT.due_on < _TODAY) if overdue_only else query


def _branches(
    kinds: Iterable[CaseKind], overdue_only: bool, at: Position | None, backward: bool
) -> list[Any]:
    """Each kind's open slots after (or before) `at`, dated and undated apart, in index order, a page each."""
    branches: list[Any] = []
    for kind in kinds:
        for undated in (False, True):
            if undated and overdue_only:
                continue  # no due date: never overdue
            query = _base(kind, undated, overdue_only, _SHOWN)
            if at is not None:
                condition = _beyond(kind.name, at, undated, backward)
                if condition is False:
                    continue
                if condition is not True:
                    query = query.where(condition)
            order = [_SLOT.case_id, _SLOT.id] if undated else [_SLOT.due_on, _SLOT.case_id, _SLOT.id]
            ordered = query.order_by(*(c.desc() for c in order) if backward else order).limit(_LIMIT)
            # As a subquery, so that each branch keeps its own ORDER BY and LIMIT inside the UNION (SQLite
            # accepts no parenthesised members).
            branches.append(ordered.subquery(f"b{len(branches)}").select())
    return branches


def _page_statement(
    kinds: Iterable[CaseKind], overdue_only: bool, at: Position | None, backward: bool
) -> Any:
    branches = _branches(kinds, overdue_only, at, backward)
    if not branches:
        return None
    return union_all(*branches) if len(branches) > 1 else branches[0]


def _first_page(kinds: tuple[CaseKind, ...], overdue_only: bool) -> Any:
    what = f"open decisions, first page, overdue only: {overdue_only}"
    return built_once(what, kinds, lambda: _page_statement(kinds, overdue_only, None, False))


def _after(kinds: tuple[CaseKind, ...], overdue_only: bool, at: Position, backward: bool) -> Any:
    """A page after (or before) a cursor: built once per shape of cursor (dated or not, its kind, the way)."""
    what = ("open decisions, after a cursor", overdue_only, at[0], at[2], backward)
    return built_once(what, kinds, lambda: _page_statement(kinds, overdue_only, at, backward))


def _count_statement(kinds: tuple[CaseKind, ...], overdue_only: bool, bounded: bool) -> Any:
    what = f"open decisions, count, overdue only: {overdue_only}, bounded: {bounded}"
    return built_once(what, kinds, lambda: _build_count(kinds, overdue_only, bounded))


def _build_count(kinds: tuple[CaseKind, ...], overdue_only: bool, bounded: bool) -> Any:
    counts = []
    for kind in kinds:
        for undated in (False, True):
            if undated and overdue_only:
                continue
            query = _base(kind, undated, overdue_only, (_SLOT.id,))
            if bounded:
                query = query.limit(_LIMIT)
            counts.append(select(func.count()).select_from(query.subquery()).scalar_subquery())
    return select(functools.reduce(operator.add, counts)) if counts else None


def _sort_key(at: Position) -> tuple[Any, ...]:
    undated, due, kind, case_id, slot_id = at
    return (undated, due or date.min, kind, case_id, slot_id)


def _read(kind: CaseKind, at: Position, subject: str, case: tuple[Any, ...], today: date) -> PendingRead:
    """A decision as lists show it, from its position, its subject and its case's (reference, owner, first
    day).  Rows are read by position throughout: a Row's attribute by name costs ten times its index (0.58
    against 0.06 µs measured), some fifteen a decision."""
    _, due, _, case_id, _ = at
    reference, owner, first = case
    # Validated: pydantic's compiled validation builds a model in half the time `model_construct` takes in Python
    # (measured: 2.9 against 5.8 µs).
    return PendingRead(
        kind=kind.name,
        case_id=case_id,
        reference=reference,
        owner=owner,
        subject=subject,
        due_on=due.isoformat() if due else None,
        overdue=due is not None and due < today,
        link=kind.link(case_id),
        first_day=first.isoformat() if first else None,
    )


def _padded(ids: list[int]) -> list[int]:
    """`ids` repeated at the end up to the next power of two (SQLite): an IN list's placeholders are written
    out for each execution, and a few lengths make a few statements, which the driver keeps compiled."""
    size = 1 << (len(ids) - 1).bit_length()
    return ids + ids[-1:] * (size - len(ids))


def _named_cases(kind: CaseKind, postgresql: bool) -> Any:
    """What a pending decision shows of its case, as plain values (mapped objects cost a fifth of the page):
    its id, reference, owning State and first day, in that order.  On PostgreSQL the ids go as one array
    (`= ANY`): an IN list of a hundred placeholders was rendered again by SQLAlchemy and converted again by
    psycopg (which keeps no statement of more than 50 parameters) on every request, a tenth of the decisions
    page's CPU (py-spy, 1,000 cases)."""
    row = kind.row
    ids = (
        row.id == any_(bindparam("ids", type_=ARRAY(Integer)))
        if postgresql
        else row.id.in_(bindparam("ids", expanding=True))
    )
    columns = (row.id, row.reference, getattr(row, kind.owner), getattr(row, kind.first_day))
    return select(*(c.label(f"c{n}") for n, c in enumerate(columns))).where(ids)


def page(
    session: Session,
    state: str,
    *,
    kinds: Iterable[CaseKind] | None = None,
    overdue_only: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> PendingPage:
    """A page of the decisions `state` has to take, after (or before) the cursor's."""
    today = now().date()
    backward, at = _decode(cursor) if cursor else (False, None)
    chosen_kinds = tuple(kinds) if kinds is not None else tuple(registered())
    by_name = {k.name: k for k in chosen_kinds}
    statement = (
        _first_page(chosen_kinds, overdue_only)
        if at is None
        else _after(chosen_kinds, overdue_only, at, backward)
    )
    found: list[tuple[Position, str]] = []  # each decision's position and subject
    if statement is not None:
        params: dict[str, Any] = {"state": state, "today": today, "limit": limit + 1}
        if at is not None:
            params.update(at_due=at[1], at_case=at[3], at_slot=at[4])
        # Rows of the slots' columns on the connection, not mapped objects: a page only shows them, and loading
        # fifty slots into the session was a quarter of the decisions page (profiled).
        session.flush()  # what the ORM's autoflush did: a caller's own unsaved slots are counted in
        with generic_plans(session):
            open_slots = direct.rows(session.connection(), statement, params)
        # In the order of _SHOWN.
        for slot_id, kind_name, case_id, subject, due in open_slots:
            found.append(((due is None, due, kind_name, case_id, slot_id), subject))
    found.sort(key=lambda f: _sort_key(f[0]), reverse=backward)
    further = len(found) > limit
    chosen = found[:limit]
    if backward:
        chosen.reverse()
    cases: dict[tuple[str, int], tuple[Any, ...]] = {}
    by_kind: dict[str, set[int]] = {}
    for at_, _ in chosen:
        by_kind.setdefault(at_[2], set()).add(at_[3])
    postgresql = session.get_bind().dialect.name == "postgresql"
    for name, ids in by_kind.items():
        kind = by_name[name]
        named = built_once(
            ("pending cases", postgresql), [kind], functools.partial(_named_cases, kind, postgresql)
        )
        listed = sorted(ids)
        rows = direct.rows(session.connection(), named, {"ids": listed if postgresql else _padded(listed)})
        cases.update(((name, case_id), tuple(rest)) for case_id, *rest in rows)
    items = [_read(by_name[at_[2]], at_, subject, cases[(at_[2], at_[3])], today) for at_, subject in chosen]
    if not chosen:
        return PendingPage(items, None, None)
    first, last = _encode("p", chosen[0][0]), _encode("n", chosen[-1][0])
    if backward:
        return PendingPage(items, last, first if further else None)
    return PendingPage(items, last if further else None, first if at is not None else None)


def count(
    session: Session,
    state: str,
    *,
    kinds: Iterable[CaseKind] | None = None,
    overdue_only: bool = False,
    bound: int | None = None,
) -> int:
    """How many decisions `state` has to take; with `bound`, counting stops past it (at most bound + 1)."""
    chosen_kinds = tuple(kinds) if kinds is not None else tuple(registered())
    statement = _count_statement(chosen_kinds, overdue_only, bound is not None)
    if statement is None:
        return 0
    params = {"state": state, "today": now().date(), "limit": (bound or 0) + 1}
    session.flush()  # as in `page`
    with generic_plans(session):
        total = int(direct.rows(session.connection(), statement, params)[0][0])
    return min(total, bound + 1) if bound is not None else total

"""Pages of cases and their timelines, for every kind.

Lists are paged by keyset ("the rows after this one in the list's order"), not by offset: the database walks an
index on the sort keys from the cursor's position and stops after a page, so a page costs the same at the
10th row as at the 100,000th, and a row inserted between two requests cannot make a page repeat or skip one.
Counts stop at COUNT_BOUND: an exact number up to it, else "more than COUNT_BOUND" (counting every visible
row was what made lists and dashboards grow with the data, issue 18).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, bindparam, false, func, or_, select, tuple_
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import timeline
from sofadesk.cases.core.kinds import CaseKind, built_once
from sofadesk.cases.core.parties import load_visible
from sofadesk.cases.core.reads import TimelineEvent
from sofadesk.db import direct
from sofadesk.errors import Invalid

# Past this many rows a list says "more than 500": counting further would cost a visibility check per row.
COUNT_BOUND = 500


def one_of(column: Any, prefix: str, shape: Sequence[str]) -> ColumnElement[bool]:
    """`column` IN the values named `prefix`0, `prefix`1, ... in the shape (see `any_of_values`), one bind
    parameter each.  An expanding IN parameter would make SQLAlchemy render the statement again on every
    execution (a twentieth of a dashboard's time, profiled); a fixed number of parameters per shape does not."""
    names = [n for n in shape if n.startswith(prefix) and n[len(prefix) :].isdigit()]
    return cast(ColumnElement[bool], column.in_([bindparam(n) for n in names]))


def any_of_values(prefix: str, values: Sequence[Any]) -> dict[str, Any]:
    """The values of a `one_of` filter, named for the list's shape (`prefix`0, `prefix`1, ...)."""
    return {f"{prefix}{n}": value for n, value in enumerate(values)}


@dataclass(frozen=True)
class Key:
    """One sort key of a list: a column of the kind's row, ascending unless `descending`.  A list's last key
    must be unique (the id), so that every row has its own place."""

    column: Any
    descending: bool = False


@dataclass(frozen=True)
class Window:
    """A page of rows, the bounded count of the whole list, and the cursors of the pages either side."""

    rows: list[Any]
    total: int
    total_exact: bool  # False: more than `total` rows match (the count stopped at the bound)
    next_cursor: str | None
    previous_cursor: str | None


def _encode(direction: str, values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    text = json.dumps([direction, plain], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _refused() -> Invalid:
    return Invalid("cursor", "not a cursor this list gave; start again from the first page")


def _decode(cursor: str, keys: Sequence[Key]) -> tuple[str, list[Any]]:
    """The direction and key values a cursor carries, typed as the key columns; any other text is refused."""
    try:
        direction, values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if direction not in ("n", "p") or not isinstance(values, list) or len(values) != len(keys):
            raise ValueError(cursor)
        typed: list[Any] = []
        for key, value in zip(keys, values, strict=True):
            kind = key.column.type.python_type
            if kind is date or kind is datetime:
                typed.append(kind.fromisoformat(value))
            elif (kind is int and isinstance(value, int) and not isinstance(value, bool)) or (
                kind is str and isinstance(value, str)
            ):
                typed.append(value)
            else:
                raise ValueError(value)
    # A column type without a Python type (SQLAlchemy's python_type raises NotImplementedError for it) is not a
    # sort key a cursor can carry: refused like any other text we did not give out.
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, NotImplementedError):
        raise _refused() from None
    return direction, typed


def _beyond(keys: Sequence[Key], values: Sequence[Any], backward: bool) -> ColumnElement[bool]:
    """Rows after the position `values` in the list's order (before it when `backward`)."""
    if all(k.descending == keys[0].descending for k in keys):
        # One direction for every key: a row-value comparison, which the database answers from the index.
        row, at = tuple_(*(k.column for k in keys)), tuple_(*values)
        return row < at if keys[0].descending != backward else row > at
    # Mixed directions: (a after x) or (a = x and (b after y)) ...
    condition: ColumnElement[bool] = false()
    for n in reversed(range(len(keys))):
        key, value = keys[n], values[n]
        after = key.column < value if key.descending != backward else key.column > value
        condition = or_(after, and_(key.column == value, condition)) if n < len(keys) - 1 else after
    return condition


def _order(keys: Sequence[Key], backward: bool) -> list[Any]:
    return [k.column.desc() if k.descending != backward else k.column.asc() for k in keys]


def _position(row: Any, keys: Sequence[Key]) -> list[Any]:
    return [getattr(row, k.column.key) for k in keys]


def keyset_page(
    session: Session,
    kind: CaseKind,
    where: ColumnElement[bool] | Callable[[tuple[str, ...]], ColumnElement[bool]],
    keys: Sequence[Key],
    limit: int,
    cursor: str | None = None,
    offset: int = 0,
    count_bound: int | None = None,
    *,
    values: Mapping[str, Any] | None = None,
    plain: bool = False,
) -> Window:
    """The page of the kind's rows matching `where` that follows (or, for a "previous" cursor, precedes) the
    cursor's row, in the order of `keys`.  Without a cursor: the first page, or the page at `offset` (kept for
    API clients that page by offset; it costs the offset).

    A list asked on every request gives `where` as a function of its shape (the names of the filters set, which
    are the keys of `values`) building the condition with those values as bind parameters: the page and count
    statements of each shape are then built once and kept (building and keying them again was a quarter of a
    list's time, issue 18).  `plain`: rows of the table's columns rather than mapped objects, for a list that
    only shows values."""
    direction, at = _decode(cursor, keys) if cursor else ("n", [])
    backward = direction == "p"
    mode = "after" if at else "offset" if offset else "first"
    given = dict(values or {})
    shape = tuple(sorted(given))
    params = {**given, "_limit": limit + 1, "_offset": offset}
    params.update({f"_k{n}": value for n, value in enumerate(at)})

    def condition() -> ColumnElement[bool]:
        return where(shape) if callable(where) else where

    def page() -> Any:
        return _page_statement(kind, condition(), keys, mode, backward, plain)

    def count() -> Any:
        listed = select(kind.row.id).where(condition()).limit(bindparam("_bound"))
        return select(func.count()).select_from(listed.subquery())

    once = callable(where)
    page_stmt = (
        built_once(("page", where, tuple(keys), shape, mode, backward, plain), [kind], page)
        if once
        else page()
    )
    if plain and once:
        # Values, from a statement built once: sent by the driver itself (sofadesk.db.direct).
        session.flush()  # as the session's own execute would (autoflush)
        rows = list(direct.rows(session.connection(), page_stmt, params))
    else:
        found = session.execute(page_stmt, params)
        rows = list(found.all() if plain else found.scalars())
    further = len(rows) > limit
    if not at and not offset and not further:
        # The whole list fits on its first page: its length is the count (a dashboard's short lists).
        total, exact = len(rows), True
    else:
        bound = COUNT_BOUND if count_bound is None else count_bound
        bounded = {**given, "_bound": bound + 1}
        if once:
            count_stmt = built_once(("count", where, shape), [kind], count)
            n = direct.rows(session.connection(), count_stmt, bounded)[0][0]
        else:
            n = session.execute(count(), bounded).scalar_one()
        total, exact = (int(n), True) if n <= bound else (bound, False)
    rows = rows[:limit]
    if backward:
        rows.reverse()
    if not rows:
        return Window(rows, total, exact, None, None)
    first, last = _encode("p", _position(rows[0], keys)), _encode("n", _position(rows[-1], keys))
    if backward:
        return Window(rows, total, exact, last, first if further else None)
    earlier = bool(at) or offset > 0
    return Window(rows, total, exact, last if further else None, first if earlier else None)


def _page_statement(
    kind: CaseKind, where: ColumnElement[bool], keys: Sequence[Key], mode: str, backward: bool, plain: bool
) -> Any:
    """A page's select with the limit, offset and cursor position as bind parameters (_limit, _offset, _k0...)."""
    query = select(*kind.row.__table__.columns) if plain else select(kind.row)
    query = query.where(where)
    if mode == "after":
        at = [bindparam(f"_k{n}", type_=k.column.type) for n, k in enumerate(keys)]
        query = query.where(_beyond(keys, at, backward))
    elif mode == "offset":
        query = query.offset(bindparam("_offset"))
    return query.order_by(*_order(keys, backward)).limit(bindparam("_limit"))


def page_fields(window: Window, limit: int, offset: int) -> dict[str, Any]:
    """A Window's counts and cursors as the fields of a list's Page read model."""
    return {
        "total": window.total,
        "total_exact": window.total_exact,
        "limit": limit,
        "offset": offset,
        "next_cursor": window.next_cursor,
        "previous_cursor": window.previous_cursor,
    }


def page_of(
    session: Session,
    kind: CaseKind,
    where: ColumnElement[bool],
    order_by: tuple[Any, ...],
    limit: int,
    offset: int,
) -> tuple[int, list[Any]]:
    """How many cases match (counted up to COUNT_BOUND + 1: a larger number means "more than COUNT_BOUND"),
    and the page at `offset`.  Kept for callers that page by offset; keyset_page is what the lists use."""
    found = session.execute(
        select(func.count()).select_from(select(kind.row.id).where(where).limit(COUNT_BOUND + 1).subquery())
    ).scalar_one()
    rows = session.execute(
        select(kind.row).where(where).order_by(*order_by).limit(limit).offset(offset)
    ).scalars()
    return int(found), list(rows)


def case_timeline(session: Session, kind: CaseKind, user: CurrentUser, case_id: int) -> list[TimelineEvent]:
    case = load_visible(session, kind, user, case_id)
    return [TimelineEvent.model_validate(e) for e in timeline(session, kind.name, case.id)]

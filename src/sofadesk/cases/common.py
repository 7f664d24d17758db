"""Machinery every case kind shares: who may see a case, and optimistic concurrency.

A case is visible to the State that owns it (the sending State of a transit, the host of an exercise) and to
every State recorded as concerned by it.  Anything else answers 404, exactly as if the case did not exist, so
that lists, counts and errors never reveal a case to a State it does not concern.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import BindParameter, ColumnElement, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from sofadesk.errors import Conflict, NotFound

Case = TypeVar("Case")


def visible_clause(
    state: str | BindParameter[str],
    owner_state: InstrumentedAttribute[str],
    case_id: InstrumentedAttribute[int],
    party_case_id: InstrumentedAttribute[int],
    party_state: InstrumentedAttribute[str],
) -> ColumnElement[bool]:
    """SQL condition: the case is owned by `state` or lists it among the States concerned."""
    concerned = exists().where(party_case_id == case_id, party_state == state)
    return or_(owner_state == state, concerned)


def load_case(session: Session, model: type[Case], case_id: int, visible: ColumnElement[bool], noun: str,
              lock: bool = False) -> Case:  # fmt: skip
    """The case if visible (locked for update when asked); otherwise 404 naming only what was asked for."""
    query = select(model).where(model.id == case_id, visible)  # type: ignore[attr-defined]
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no {noun} {case_id}")
    return row


def page_of(session: Session, model: type[Case], where: ColumnElement[bool], order_by: tuple[Any, ...],
            limit: int, offset: int) -> tuple[int, list[Case]]:  # fmt: skip
    """How many cases match, and the requested page of them (list endpoints: total, limit, offset)."""
    total = session.execute(select(func.count()).select_from(model).where(where)).scalar_one()
    rows = session.execute(
        select(model).where(where).order_by(*order_by).limit(limit).offset(offset)
    ).scalars()
    return total, list(rows)


def check_version(noun: str, current: int, given: int | None) -> None:
    """Optimistic concurrency: a writer that read an older version is refused, never silently overwritten."""
    if given is not None and given != current:
        raise Conflict(
            f"the {noun} changed since you read it (version {given}, now {current}); reload and retry"
        )


def as_json_time(value: Any) -> str | None:
    """Naive UTC timestamps as ISO 8601 with a Z, None stays None."""
    return value.isoformat() + "Z" if value is not None else None

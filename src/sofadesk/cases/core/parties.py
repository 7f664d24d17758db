"""Who may see a case: its owner and the States recorded as concerned.  One rule for every kind: anyone else
gets 404, exactly as if the case did not exist, so that lists, counts and errors never reveal a case to a State
it does not concern.  A kind adds a State when it becomes concerned (a transit's States crossed when it is
submitted, not while it is the sending State's draft; an exercise's invited States when invited)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, delete, or_, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.kinds import CaseKind, built_once
from sofadesk.cases.core.models import CasePartyRow, CaseSlotRow
from sofadesk.errors import NotFound


def visible_to_state(kind: CaseKind, state: str | BindParameter[str]) -> ColumnElement[bool]:
    """SQL condition on the kind's rows: the case is owned by `state` or concerns it.

    The party record is looked up by its key for each case the query meets (a scalar subquery), not asked as an
    EXISTS: OR-ed with the owner test, an EXISTS is turned by PostgreSQL into a hashed subplan built from every
    party record of the State, so reading one case cost a pass over all the cases the State takes part in
    (6-13 ms at 8,000 transits, growing with them; found by benchmarks/pair_transit.py, issue 14)."""
    concerned = (
        select(CasePartyRow.case_id)
        .where(
            CasePartyRow.kind == kind.name,
            CasePartyRow.case_id == kind.row.id,
            CasePartyRow.state_code == state,
        )
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )
    owned = cast(ColumnElement[bool], kind.owner_column == state)
    return or_(owned, concerned)


def visible_to(kind: CaseKind, user: CurrentUser) -> ColumnElement[bool]:
    return visible_to_state(kind, user.state)


def visible_ids(kind: CaseKind, state: str) -> Any:
    """A subquery of the ids of the kind's cases the State may see."""
    return select(kind.row.id).where(visible_to_state(kind, state))


def load_visible(
    session: Session, kind: CaseKind, user: CurrentUser, case_id: int, lock: bool = False
) -> Any:
    """The case if the user's State may see it (locked for update when asked); otherwise 404.

    The lock is PostgreSQL's FOR NO KEY UPDATE, the one an UPDATE of the row takes anyway: two steps on one case
    still queue, but rows that merely refer to the case (an exercise's contingents, an incident's persons: their
    foreign key checks take FOR KEY SHARE) are not held up by a step on it, as plain FOR UPDATE would hold them.
    No step changes a case's id."""
    query = built_once(("load_visible", lock), [kind], lambda: _load_statement(kind, lock))
    row = session.execute(query, {"case_id": case_id, "viewer": user.state}).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no {kind.noun} {case_id}")
    return row


@dataclass(frozen=True)
class Loaded:
    """A case loaded and locked to be decided on, with what was read beside it."""

    case: Any
    also: Any  # the value of the caller's scalar subquery
    slots: list[CaseSlotRow]  # the decisions of the case's current revision, in the order they were opened


def load_to_decide(
    session: Session, kind: CaseKind, user: CurrentUser, case_id: int, name: str, also: Callable[[], Any]
) -> Loaded:
    """The case as `load_visible(..., lock=True)` gives it (404 if not visible), and in the same statement the
    value of `also()`, a scalar subquery on the case's row built once under `name` (its current revision's
    content, say), and its current revision's decisions: one round trip where a decision took three (issue 18).
    Only the case's row is locked, as before; the decisions come as the session's objects."""
    query = built_once(("load_to_decide", name), [kind], lambda: _decide_statement(kind, also()))
    rows = session.execute(query, {"case_id": case_id, "viewer": user.state}).all()
    if not rows:
        raise NotFound(f"no {kind.noun} {case_id}")
    return Loaded(rows[0][0], rows[0][1], [r[2] for r in rows if r[2] is not None])


def _decide_statement(kind: CaseKind, also: Any) -> Any:
    row = kind.row
    current = and_(
        CaseSlotRow.kind == kind.name, CaseSlotRow.case_id == row.id, CaseSlotRow.revision == row.revision
    )
    return (
        select(row, also, CaseSlotRow)
        .outerjoin(CaseSlotRow, current)
        .where(row.id == bindparam("case_id"), visible_to_state(kind, bindparam("viewer")))
        .order_by(CaseSlotRow.id)
        .with_for_update(key_share=True, of=row)
    )


def _load_statement(kind: CaseKind, lock: bool) -> Any:
    """Built once per kind: every step of every case loads its case this way (building and keying the select
    again was a sixth of a decision's time, issue 18)."""
    query = select(kind.row).where(
        kind.row.id == bindparam("case_id"), visible_to_state(kind, bindparam("viewer"))
    )
    return query.with_for_update(key_share=True) if lock else query


def concerned(session: Session, kind: CaseKind, case_id: int) -> set[str]:
    return set(
        session.execute(
            select(CasePartyRow.state_code).where(
                CasePartyRow.kind == kind.name, CasePartyRow.case_id == case_id
            )
        ).scalars()
    )


def concern(session: Session, kind: CaseKind, case_id: int, states: Iterable[str], owner: str) -> list[str]:
    """Record States as concerned (the owner never needs it); returns those newly added."""
    added = sorted(set(states) - concerned(session, kind, case_id) - {owner})
    stamp = now()
    for state in added:
        session.add(CasePartyRow(kind=kind.name, case_id=case_id, state_code=state, since=stamp))
    return added


def forget(session: Session, kind: CaseKind, case_id: int, states: Iterable[str]) -> None:
    """States no longer concerned that never saw anything (a State dropped from a draft)."""
    gone = list(states)
    if gone:
        session.execute(
            delete(CasePartyRow).where(
                CasePartyRow.kind == kind.name,
                CasePartyRow.case_id == case_id,
                CasePartyRow.state_code.in_(gone),
            )
        )

"""Per-State decisions ("slots"): which State must decide what on which revision of a case, by when, and its
answer with its conditions or reasons.  A transit's leg decisions and an exercise's invitations are slots; so
will be a waiver request or a cost-share acceptance.  An answer lands only on the version its decider read
(optimistic concurrency); a new revision carries an answer over, or reopens the decision."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import notices, pending
from sofadesk.cases.core.kinds import CaseKind
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.reads import PendingRead
from sofadesk.db import direct, riders
from sofadesk.db.prepared import prepared
from sofadesk.errors import Conflict

PENDING = "pending"
# pending_for without a limit (a kind's own short lists): every decision, in practice.
UNBOUNDED = 1_000_000

# Built once: a decision and a case read run these on every request.
_OF_REVISION = prepared(
    select(CaseSlotRow)
    .where(
        CaseSlotRow.kind == bindparam("kind"),
        CaseSlotRow.case_id == bindparam("case_id"),
        CaseSlotRow.revision == bindparam("revision"),
    )
    .order_by(CaseSlotRow.id)
)
_VALUES_OF_REVISION = prepared(
    select(CaseSlotRow.__table__)
    .where(
        CaseSlotRow.kind == bindparam("kind"),
        CaseSlotRow.case_id == bindparam("case_id"),
        CaseSlotRow.revision == bindparam("revision"),
    )
    .order_by(CaseSlotRow.id)
)


def of_revision(session: Session, kind: CaseKind, case_id: int, revision: int) -> list[CaseSlotRow]:
    return list(
        session.execute(_OF_REVISION, {"kind": kind.name, "case_id": case_id, "revision": revision}).scalars()
    )


def values_of_revision(session: Session, kind: CaseKind, case_id: int, revision: int) -> Sequence[Any]:
    """The slots' plain column values (reads need values, not objects to track)."""
    params = {"kind": kind.name, "case_id": case_id, "revision": revision}
    return direct.rows(session.connection(), _VALUES_OF_REVISION, params)


def open_slot(
    session: Session,
    kind: CaseKind,
    case: Any,
    revision: int,
    subject: str,
    state: str,
    due_on: date | None,
    *,
    reopened: bool = False,
) -> CaseSlotRow:
    """A decision now due from `state`; its deciders are told (inbox and, where set, e-mail)."""
    slot = CaseSlotRow(
        kind=kind.name,
        case_id=case.id,
        revision=revision,
        subject=subject,
        state_code=state,
        status=PENDING,
        due_on=due_on,
        opened_at=now(),
        version=1,
    )
    session.add(slot)
    notices.slot_opened(session, kind, case, slot, reopened=reopened)
    return slot


def reopen(
    session: Session, kind: CaseKind, case: Any, slot: CaseSlotRow, due_on: date | None
) -> CaseSlotRow:
    """The same decision due again from the same State on the same revision (an invitation renewed after a
    refusal); the earlier answer stays in the audit trail."""
    slot.status, slot.note, slot.decided_by, slot.decided_at = PENDING, None, None, None
    slot.due_on, slot.opened_at, slot.carried_over_from, slot.version = due_on, now(), None, slot.version + 1
    notices.slot_opened(session, kind, case, slot, reopened=True)
    return slot


def carry_over(session: Session, prior: CaseSlotRow, revision: int) -> CaseSlotRow:
    """The same answer on a new revision (the State's part did not change)."""
    slot = CaseSlotRow(
        kind=prior.kind,
        case_id=prior.case_id,
        revision=revision,
        subject=prior.subject,
        state_code=prior.state_code,
        status=prior.status,
        note=prior.note,
        due_on=prior.due_on,
        opened_at=prior.opened_at,
        decided_by=prior.decided_by,
        decided_at=prior.decided_at,
        carried_over_from=prior.revision,
        version=1,
    )
    session.add(slot)
    return slot


# Built once: every decision of every kind answers a slot.  On the table, not the mapped class: an ORM-enabled
# UPDATE costs several times the Python time of a Core one (a twentieth of a decision's, profiled), and the
# answered slot's new values are set below as the ORM's committed ones rather than synchronised.
_SLOTS = cast(Table, CaseSlotRow.__table__)
_ANSWER = prepared(
    update(_SLOTS)
    .where(_SLOTS.c.id == bindparam("slot_id"), _SLOTS.c.version == bindparam("read_version"))
    .values(
        status=bindparam("status"),
        note=bindparam("note"),
        decided_by=bindparam("decided_by"),
        decided_at=bindparam("decided_at"),
        carried_over_from=None,
        version=_SLOTS.c.version + 1,
    )
)


def answer(
    session: Session,
    slot: CaseSlotRow,
    user: CurrentUser,
    status: str,
    note: str | None,
    version: int,
    *,
    at_commit: bool = False,
) -> None:
    """Record the State's answer if nobody answered since the caller read the slot at `version`.  `at_commit`:
    the UPDATE rides with the commit (sofadesk.db.riders) when nothing reads the slot's row again before it;
    a later answer is then refused when the transaction commits, which rolls it back whole."""
    # A Core statement on the session's connection does not flush what the session holds first; the slot's own
    # pending changes (a slot opened in this transaction) must be in the database before it is answered.
    session.flush()
    answered = {"status": status, "note": note, "decided_by": user.id, "decided_at": now()}
    params = {"slot_id": slot.id, "read_version": version, **answered}

    def matched(rows: int) -> None:
        if rows != 1:
            raise Conflict(
                f"{slot.state_code}'s decision changed since you read it (version {version}); reload and retry"
            )

    if session.in_nested_transaction():
        matched(session.connection().execute(_ANSWER, params).rowcount)
        session.expire(slot)  # a savepoint's rollback restores only what the ORM saw change: read it again
        return
    if at_commit:
        riders.ride(session, _ANSWER, params, matched)
    else:
        matched(session.connection().execute(_ANSWER, params).rowcount)
    # What the row now holds is known (the UPDATE matched the version read, or the commit will refuse it):
    # recorded as the slot's committed values, so the answer shown back needs no second read of the row.
    for name, value in {**answered, "carried_over_from": None, "version": version + 1}.items():
        set_committed_value(slot, name, value)


def close_pending(
    session: Session, kind: CaseKind, case_id: int, revision: int, subject: str, status: str
) -> list[str]:
    """Pending slots that will not be answered any more (an invitation unanswered at the start) take `status`;
    returns their States."""
    rows = [
        s
        for s in of_revision(session, kind, case_id, revision)
        if s.subject == subject and s.status == PENDING
    ]
    for s in rows:
        s.status, s.version = status, s.version + 1
    return [s.state_code for s in rows]


def pending_for(
    session: Session,
    state: str,
    *,
    kinds: Iterable[CaseKind] | None = None,
    overdue_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[PendingRead]:
    """Decisions `state` still has to take on current revisions, earliest due first (no due date last).  Pages
    by cursor: pending.page; an offset here costs the offset."""
    size = limit + offset if limit is not None else UNBOUNDED
    found = pending.page(session, state, kinds=kinds, overdue_only=overdue_only, limit=size).items
    return found[offset : (offset + limit) if limit is not None else None]


def pending_count(
    session: Session,
    state: str,
    *,
    kinds: Iterable[CaseKind] | None = None,
    overdue_only: bool = False,
    bound: int | None = None,
) -> int:
    """Exact, or with `bound` at most bound + 1 (counting stops there: a dashboard says "more than bound")."""
    return pending.count(session, state, kinds=kinds, overdue_only=overdue_only, bound=bound)

"""One step of any case: load the case the user's State may see (locked), ask the kind's workflow whether this
State and role may take this action in this status, check the version the user read, make the change, touch the
case, and write the audit event with the citations of the findings the step relied on.  Services call `step`
with the change as a function; they do not repeat the sequence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, inspect, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.core.kinds import CaseKind, built_once
from sofadesk.cases.core.parties import load_visible
from sofadesk.db import riders
from sofadesk.errors import Conflict


@dataclass
class Done:
    """What a change reports for the audit trail: the event's details and the provisions it relied on."""

    details: dict[str, Any] = field(default_factory=dict)
    citations: Sequence[str] = ()
    # The status the change itself decided, where the workflow leaves it to the kind (target None).
    status: str | None = None
    # The audit action where one step records different events (an invitation accepted or declined).
    event: str | None = None


def check_version(noun: str, current: int, given: int | None) -> None:
    """Optimistic concurrency: a writer that read an older version is refused, never silently overwritten."""
    if given is not None and given != current:
        raise Conflict(
            f"the {noun} changed since you read it (version {given}, now {current}); reload and retry"
        )


def touch(case: Any) -> None:
    case.version += 1
    case.updated_at = now()


def _stamp_statement(kind: CaseKind) -> Any:
    table: Table = kind.row.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("case_id"), table.c.version == bindparam("read_version"))
        .values(status=bindparam("status"), version=bindparam("version"), updated_at=bindparam("updated_at"))
    )


def stamp(
    session: Session, kind: CaseKind, case: Any, status: str | None, *, at_commit: bool = False
) -> None:
    """The case's new status, version and time.  Where the change touched nothing else of the case row (a
    decision: the usual step), one Core UPDATE written at once, the values recorded as the ORM's committed
    ones: the ORM's flush of the same three columns cost a tenth of a decision's server time (issue 18).
    Otherwise the attributes are set and the flush writes them with the rest of the change, in one UPDATE; so
    too inside a savepoint, whose rollback restores only what the ORM saw change.

    The UPDATE also asks for the version the step read: PostgreSQL has the row locked since, but SQLite reads
    the case before the transaction takes its write lock, and a step committed in between is then refused
    (409) rather than overwritten.

    `at_commit`: the UPDATE rides with the commit (sofadesk.db.riders), sent with the audit head's statement in
    one round trip; only for a step whose caller reads nothing more of the case row from the database before
    committing (the object already holds the new values)."""
    state = inspect(case)
    if state.modified or not state.persistent or session.in_nested_transaction():
        if status is not None:
            case.status = status
        touch(case)
        return
    values = {
        "status": case.status if status is None else status,
        "version": case.version + 1,
        "updated_at": now(),
    }
    statement = built_once(("stamp",), [kind], lambda: _stamp_statement(kind))
    params = {"case_id": case.id, "read_version": case.version, **values}

    def matched(rows: int) -> None:
        if rows != 1:
            raise Conflict(f"the {kind.noun} changed since you read it; reload and retry")

    if at_commit:
        riders.ride(session, statement, params, matched)
    else:
        matched(session.connection().execute(statement, params).rowcount)
    for name, value in values.items():
        set_committed_value(case, name, value)


def record(session: Session, kind: CaseKind, user: CurrentUser, case: Any, event: str, done: Done) -> None:
    append(session, user.actor, event, kind.name, case.id, done.details, sorted(set(done.citations)))


def step(
    session: Session,
    kind: CaseKind,
    user: CurrentUser,
    case_id: int,
    action: str,
    change: Callable[[Any], Done],
    *,
    version: int | None = None,
    case: Any = None,
    stamp_at_commit: bool = False,
) -> Any:
    """Take `action` on the case: checks, `change(case)`, the new status, the version, the audit event.  Pass
    `case` when the caller already loaded and locked it (to check something first); `stamp_at_commit` when
    nothing reads the case row again before the commit (see `stamp`)."""
    if case is None:
        case = load_visible(session, kind, user, case_id, lock=True)
    owner = kind.owner_of(case) == user.state
    transition = kind.workflow.check(action, case.status, owner=owner, roles=user.roles)
    check_version(kind.noun, case.version, version)
    done = change(case)
    stamp(session, kind, case, done.status or transition.target, at_commit=stamp_at_commit)
    record(session, kind, user, case, done.event or transition.event or f"{kind.name}.{action}", done)
    return case

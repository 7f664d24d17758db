"""The audit chain: how an event is hashed, and verifying the stored chain.

Each event's hash covers its own fields and the previous event's hash, so editing, deleting or reordering any
stored event breaks the chain from that event on.  Events are written by `audit.writer` at commit, under a row
lock on the single audit_head row (taken by an UPDATE, which also takes SQLite's write lock), so
concurrent transactions cannot fork the chain, and each event is written in the same transaction as the change
it records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.audit.models import AuditEventRow, AuditHeadRow

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def now() -> datetime:
    """UTC, without tzinfo: stored the same way by SQLite and PostgreSQL, so hashes verify on both."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str | None
    state: str | None


def event_hash(
    event_id: int,
    at: datetime,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str,
    details: str,
    citations: str,
    prev_hash: str,
) -> str:
    payload = canonical(
        {
            "id": event_id,
            "at": at.isoformat(timespec="microseconds"),
            "actor_user_id": actor.user_id,
            "actor_username": actor.username,
            "actor_state": actor.state,
            "action": action,
            "target": [target_type, target_id],
            "details": details,
            "citations": citations,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Verification:
    intact: bool
    events: int
    first_broken: int | None
    problem: str | None


# The columns a verification reads, as plain rows: ORM objects would be kept by the session's identity map
# (786 MiB at 267,000 events); rows fetched a batch at a time through a server-side cursor keep memory flat.
EVENT_COLUMNS = (
    AuditEventRow.id,
    AuditEventRow.at,
    AuditEventRow.actor_user_id,
    AuditEventRow.actor_username,
    AuditEventRow.actor_state,
    AuditEventRow.action,
    AuditEventRow.target_type,
    AuditEventRow.target_id,
    AuditEventRow.details,
    AuditEventRow.citations,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
)
BATCH = 1000  # rows per read: a larger batch only raises the peak memory


@dataclass(frozen=True)
class Walk:
    """Where a walk along the chain stopped: the last event that verified, or the first that did not."""

    verification: Verification
    last_id: int
    last_hash: str


def walk(
    session: Session,
    after_id: int = 0,
    prev_hash: str = GENESIS,
    up_to: int | None = None,
    on_event: Callable[[int, str], None] | None = None,
) -> Walk:
    """Verify the events after `after_id` (whose hash is `prev_hash`), streaming them in id order; call
    `on_event(id, hash)` for each one that verified."""
    prev, expected_id, count = prev_hash, after_id + 1, 0
    for row in _in_batches(session, after_id, up_to):
        count += 1
        problem = None
        if row.id != expected_id:
            problem, at = f"event {expected_id} is missing (next stored is {row.id})", expected_id
        elif row.prev_hash != prev:
            problem, at = "its link to the previous event does not match", row.id
        elif row_hash(row) != row.hash:
            problem, at = "its content does not match its hash (edited after writing)", row.id
        if problem is not None:
            return Walk(Verification(False, count, at, problem), expected_id - 1, prev)
        prev, expected_id = row.hash, row.id + 1
        if on_event is not None:
            on_event(row.id, row.hash)
    return Walk(Verification(True, count, None, None), expected_id - 1, prev)


def _in_batches(session: Session, after_id: int, up_to: int | None) -> Iterator[Any]:
    """The events in id order, a batch at a time by primary key: constant memory, and unlike a server-side
    cursor it works in the API's read-only sessions, which PostgreSQL runs outside a transaction."""
    last = after_id
    while True:
        query = select(*EVENT_COLUMNS).where(AuditEventRow.id > last)
        if up_to is not None:
            query = query.where(AuditEventRow.id <= up_to)
        rows = session.execute(query.order_by(AuditEventRow.id).limit(BATCH)).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1].id


def row_hash(row: Any) -> str:
    actor = Actor(row.actor_user_id, row.actor_username, row.actor_state)
    return event_hash(
        row.id,
        row.at,
        actor,
        row.action,
        row.target_type,
        row.target_id,
        row.details,
        row.citations,
        row.prev_hash,
    )


def verify(session: Session, target_type: str | None = None, target_id: str | None = None) -> Verification:
    """Walk the whole chain (integrity is global); report the first event that does not verify."""
    # The head first: every event up to it was committed with it, so events appended during the walk are not
    # mistaken for a chain that goes on past its head.
    head = session.get(AuditHeadRow, 1)
    done = walk(session, up_to=head.last_id if head is not None else None)
    if not done.verification.intact:
        return done.verification
    if head is not None and (head.last_id != done.last_id or head.last_hash != done.last_hash):
        return Verification(
            False, done.verification.events, done.last_id + 1, "events after the last stored one were removed"
        )
    return done.verification


def verify_case(session: Session, target_type: str, target_id: str | int) -> Verification:
    """Verify one case's events without walking the whole chain: each event's hash is recomputed from its
    content, its link must match the hash of the event before it, and the event after it (or the chain's head)
    must link back to it.  An edited or unlinked event of the case is found; damage elsewhere in the chain is
    for `verify`, which walks everything."""
    rows = list(
        session.execute(
            select(AuditEventRow)
            .where(AuditEventRow.target_type == target_type, AuditEventRow.target_id == str(target_id))
            .order_by(AuditEventRow.id)
        ).scalars()
    )
    if not rows:
        return Verification(True, 0, None, None)
    ids = {r.id for r in rows}
    neighbours = {i for r in rows for i in (r.id - 1, r.id + 1)} - ids
    known: dict[int, Any] = {r.id: r for r in rows}
    for n in session.execute(
        select(AuditEventRow.id, AuditEventRow.hash, AuditEventRow.prev_hash).where(
            AuditEventRow.id.in_(neighbours)
        )
    ):
        known[n.id] = n
    head = session.get(AuditHeadRow, 1)
    for row in rows:
        actor = Actor(row.actor_user_id, row.actor_username, row.actor_state)
        digest = event_hash(
            row.id,
            row.at,
            actor,
            row.action,
            row.target_type,
            row.target_id,
            row.details,
            row.citations,
            row.prev_hash,
        )
        if digest != row.hash:
            return Verification(
                False, len(rows), row.id, "its content does not match its hash (edited after writing)"
            )
        before = known.get(row.id - 1)
        if (before.hash if before is not None else (GENESIS if row.id == 1 else None)) != row.prev_hash:
            return Verification(False, len(rows), row.id, "its link to the previous event does not match")
        after = known.get(row.id + 1)
        if after is not None:
            linked = after.prev_hash == row.hash
        else:
            linked = head is not None and head.last_id == row.id and head.last_hash == row.hash
        if not linked:
            return Verification(False, len(rows), row.id, "the chain does not continue from it")
    return Verification(True, len(rows), None, None)


def timeline(session: Session, target_type: str, target_id: str | int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(AuditEventRow)
        .where(AuditEventRow.target_type == target_type, AuditEventRow.target_id == str(target_id))
        .order_by(AuditEventRow.id)
    ).scalars()
    return [
        {
            "event": r.id,
            "at": r.at.isoformat(timespec="seconds") + "Z",
            "actor": r.actor_username,
            "actor_state": r.actor_state,
            "action": r.action,
            "details": json.loads(r.details),
            "citations": json.loads(r.citations),
            "hash": r.hash,
        }
        for r in rows
    ]

"""Appending to and verifying the audit chain.

Each event's hash covers its own fields and the previous event's hash, so editing, deleting or reordering any
stored event breaks the chain from that event on.  Appends take a row lock on the single audit_head row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers itself), so concurrent transactions cannot
fork the chain, and the event is written in the same transaction as the change it records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sofadesk.audit.models import AuditCitationRow, AuditEventRow, AuditHeadRow
from sofadesk.law.article_map import ancestors
from sofadesk.law.cite import CitationError, Cite

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


def append(
    session: Session,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str | int,
    details: dict[str, Any] | None = None,
    citations: list[str] | None = None,
) -> AuditEventRow:
    """Write one event in the caller's transaction (the caller commits)."""
    head = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    at = now()
    details_text = canonical(details or {})
    citations_text = canonical(citations or [])
    event_id = head.last_id + 1
    digest = event_hash(
        event_id, at, actor, action, target_type, str(target_id), details_text, citations_text, head.last_hash
    )
    row = AuditEventRow(
        id=event_id,
        at=at,
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        actor_state=actor.state,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=details_text,
        citations=citations_text,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(row)
    if citations:
        session.flush()  # the event first: its citations refer to it
        session.add_all(
            AuditCitationRow(event_id=event_id, citation=text, direct=direct)
            for text, direct in filed_under(citations)
        )
    head.last_id, head.last_hash = event_id, digest
    return row


@dataclass(frozen=True)
class Entry:
    """One event of a batch: what happened to which target, and the provisions relied on."""

    target_type: str
    target_id: str | int
    details: dict[str, Any]
    citations: list[str]


def append_many(session: Session, actor: Actor, action: str, entries: list[Entry]) -> list[int]:
    """Write a batch of events by one actor in the caller's transaction, chained in order, under one lock of the
    head and in a few multi-row inserts: one registry act may be told to tens of thousands of cases, which one
    `append` each would take minutes to write.  Returns the events' ids."""
    if not entries:
        return []
    head = session.execute(
        select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHeadRow(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
    session.flush()  # events appended one by one earlier in this transaction are written before these
    at, last_id, last_hash = now(), head.last_id, head.last_hash
    events: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    filed: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    for entry in entries:
        last_id += 1
        details_text, citations_text = canonical(entry.details), canonical(entry.citations)
        digest = event_hash(
            last_id,
            at,
            actor,
            action,
            entry.target_type,
            str(entry.target_id),
            details_text,
            citations_text,
            last_hash,
        )
        events.append(
            {
                "id": last_id,
                "at": at,
                "actor_user_id": actor.user_id,
                "actor_username": actor.username,
                "actor_state": actor.state,
                "action": action,
                "target_type": entry.target_type,
                "target_id": str(entry.target_id),
                "details": details_text,
                "citations": citations_text,
                "prev_hash": last_hash,
                "hash": digest,
            }
        )
        key = tuple(entry.citations)
        if key not in filed:
            filed[key] = filed_under(entry.citations)
        citations += [
            {"event_id": last_id, "citation": text, "direct": direct} for text, direct in filed[key]
        ]
        last_hash = digest
    session.execute(insert(AuditEventRow), events)
    if citations:
        session.execute(insert(AuditCitationRow), citations)
    head.last_id, head.last_hash = last_id, last_hash
    return [e["id"] for e in events]


def filed_under(citations: list[str]) -> list[tuple[str, bool]]:
    """Each citation and every provision enclosing it, once each (direct where the event cites it itself).  A
    string that is not a citation we can read is filed as it is."""
    direct = dict.fromkeys(citations)
    filed: dict[str, bool] = {}
    for text in direct:
        try:
            chain = [c.render() for c in ancestors(Cite.parse(text))]
        except CitationError:
            chain = [text]
        for i, rendered in enumerate(chain):
            filed[rendered[:80]] = filed.get(rendered[:80], False) or i == 0 or rendered in direct
    return list(filed.items())


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

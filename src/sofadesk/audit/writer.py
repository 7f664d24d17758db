"""Writing audit events: held back until the transaction commits, then chained under the head lock.

Every write of every case appends to one chain, so the head row's lock serialises them all.  Taken where the
event is made (mid-transaction), that lock was held over the rest of the step's statements and the COMMIT:
a third of a transit decision's time (BENCHMARKS.md, issue 18).  Events are therefore collected on the
session and written by a `before_commit` hook, after every other change of the transaction has been flushed:
the lock is taken by the last statements before COMMIT and, on PostgreSQL, the events, their citations and the
head's new value go in one statement, so the section that serialises writers is three round trips (lock and
read the head, write, commit) whatever the step did before.  Writes a step held for the commit
(sofadesk.db.riders) are sent in the statement that takes the head.

The event's time is taken under the lock too, so ids and times rise together.  An event is never visible to
another transaction before its case change is (both commit together), and a rollback discards both.  A query
on the audit tables in the same transaction (a timeline read back before commit) writes the held events first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, event, insert, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from sofadesk.audit.chain import GENESIS, Actor, canonical, event_hash, now
from sofadesk.audit.models import AuditCitationRow, AuditEventRow, AuditHeadRow
from sofadesk.db import direct, riders
from sofadesk.db.prepared import prepared
from sofadesk.law.article_map import ancestors
from sofadesk.law.cite import CitationError, Cite

HELD = "sofadesk.audit.held"
# Core tables, not the ORM classes: these statements need no ORM machinery, and an ORM-enabled UPDATE costs
# several times the Python time of a Core one (a fifth of a transit decision's time, profiled).
EVENTS: Table = cast(Table, AuditEventRow.__table__)
CITATIONS: Table = cast(Table, AuditCitationRow.__table__)
HEAD: Table = cast(Table, AuditHeadRow.__table__)
# Up to this many events are sent in one statement with the head's update (PostgreSQL); a larger batch (a
# registry act told to thousands of cases) goes as multi-row inserts.
IN_ONE_STATEMENT = 50
# A fixed statement, prepared once per connection by psycopg: built by SQLAlchemy for every commit instead,
# the events' statements cost more Python time than the rest of a decision's writes (profiled).
EVENT_COLUMNS = ("id", "at", "actor_user_id", "actor_username", "actor_state", "action", "target_type",
                 "target_id", "details", "citations", "prev_hash", "hash")  # fmt: skip
CITATION_COLUMNS = ("event_id", "citation", "direct")


def _array_of(table: Table, name: str) -> str:
    """`%(name)s` cast to an array of the column's PostgreSQL type (so that an empty or all-NULL list is typed)."""
    prefix = "c_" if table is CITATIONS else ""
    pg_type = table.c[name].type.compile(dialect=cast(Any, postgresql.dialect)())
    return f"%({prefix}{name})s::{pg_type}[]"


# One statement: its WITH queries insert the events and their citations (a citation's event is checked at the
# statement's end, when the event is there), its main part moves the head.
WRITE_ALL = (
    f"WITH events AS (INSERT INTO audit_events ({', '.join(EVENT_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(_array_of(EVENTS, c) for c in EVENT_COLUMNS)})), "
    f"citations AS (INSERT INTO audit_citations ({', '.join(CITATION_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(_array_of(CITATIONS, c) for c in CITATION_COLUMNS)})) "
    "UPDATE audit_head SET last_id = %(last_id)s, last_hash = %(last_hash)s WHERE id = 1"
)


@dataclass(frozen=True)
class Entry:
    """One event of a batch: what happened to which target, and the provisions relied on."""

    target_type: str
    target_id: str | int
    details: dict[str, Any]
    citations: list[str]


class HeadValues(NamedTuple):
    last_id: int
    last_hash: str


@dataclass(frozen=True)
class Held:
    actor: Actor
    action: str
    entry: Entry


def append(
    session: Session,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str | int,
    details: dict[str, Any] | None = None,
    citations: list[str] | None = None,
) -> None:
    """Record one event in the caller's transaction; it is written when the transaction commits."""
    _held(session).append(Held(actor, action, Entry(target_type, target_id, details or {}, citations or [])))


def append_many(session: Session, actor: Actor, action: str, entries: list[Entry]) -> None:
    """Record a batch of events by one actor, chained in order after any held before them: one registry act
    may be told to tens of thousands of cases, written in a few multi-row inserts at commit."""
    _held(session).extend(Held(actor, action, e) for e in entries)


def write_held(session: Session) -> list[int]:
    """Chain and write the events held on this session now (normally left to the commit); their ids."""
    held: list[Held] = session.info.pop(HELD, [])
    if not held:
        return []
    last_id, last_hash = _take_head(session)
    at = now()
    events: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    for h in held:
        last_id += 1
        entry = h.entry
        details_text, citations_text = canonical(entry.details), canonical(entry.citations)
        digest = event_hash(
            last_id,
            at,
            h.actor,
            h.action,
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
                "actor_user_id": h.actor.user_id,
                "actor_username": h.actor.username,
                "actor_state": h.actor.state,
                "action": h.action,
                "target_type": entry.target_type,
                "target_id": str(entry.target_id),
                "details": details_text,
                "citations": citations_text,
                "prev_hash": last_hash,
                "hash": digest,
            }
        )
        key = tuple(sorted(set(entry.citations)))
        citations += [{"event_id": last_id, "citation": c, "direct": d} for c, d in _filed_once(key)]
        last_hash = digest
    if session.get_bind().dialect.name == "postgresql" and len(events) <= IN_ONE_STATEMENT:
        _write_in_one_statement(session, events, citations, last_id, last_hash)
    else:
        session.execute(insert(EVENTS), events)
        if citations:
            session.execute(insert(CITATIONS), citations)
        session.execute(update(HEAD).where(HEAD.c.id == 1).values(last_id=last_id, last_hash=last_hash))
    return [e["id"] for e in events]


def _write_in_one_statement(
    session: Session,
    events: list[dict[str, Any]],
    citations: list[dict[str, Any]],
    last_id: int,
    last_hash: str,
) -> None:
    """The events, their citations and the head's new value in one statement (WRITE_ALL), each column's
    values sent as one array: one round trip, and a third of the client's time of the three statements
    pipelined it replaced (measured)."""
    values: dict[str, Any] = {c: [e[c] for e in events] for c in EVENT_COLUMNS}
    values.update({f"c_{c}": [row[c] for row in citations] for c in CITATION_COLUMNS})
    values.update(last_id=last_id, last_hash=last_hash)
    direct.on_driver(session.connection(), WRITE_ALL, values, fetch=False)


# Built once: every write of every case takes the head.
_TAKE_HEAD = prepared(
    update(HEAD)
    .where(HEAD.c.id == 1)
    .values(last_id=HEAD.c.last_id)
    .returning(HEAD.c.last_id, HEAD.c.last_hash)
)


def _take_head(session: Session) -> tuple[int, str]:
    """Lock the head row and read it, in one statement: a no-op UPDATE ... RETURNING.  A write, not a SELECT
    ... FOR UPDATE, because SQLite runs a SELECT before the transaction's first write without any lock, and two
    writers would read the same head; the UPDATE takes SQLite's write lock as it takes PostgreSQL's row lock.
    The first event ever writes the row, once, whoever gets there first.  The transaction's riders (writes
    held for the commit, sofadesk.db.riders) go first, on PostgreSQL in the same round trip."""
    # On the connection, not through the Session: a Core statement on a Core table needs none of the ORM's
    # execution machinery, and every write of every case runs this.
    connection = session.connection()
    waiting = riders.take(session)
    head: Any
    if waiting and connection.dialect.name == "postgresql":
        sent = riders.send(connection, waiting, _TAKE_HEAD, {})
        head = None if sent is None else HeadValues(*sent)
    else:
        riders.run(connection, waiting)
        head = connection.execute(_TAKE_HEAD).first()
    if head is None:
        dialect_insert = (
            postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        genesis = dialect_insert(HEAD).values(id=1, last_id=0, last_hash=GENESIS)
        session.execute(genesis.on_conflict_do_nothing())
        head = session.connection().execute(_TAKE_HEAD).one()
    return int(head.last_id), str(head.last_hash)


@lru_cache(maxsize=1024)
def _filed_once(citations: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    # A kind's steps cite the same few sets of provisions: parsing them and walking up the Agreement's
    # structure once per set, not once per event.
    return tuple(filed_under(list(citations)))


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


def _held(session: Session) -> list[Held]:
    held: list[Held] = session.info.setdefault(HELD, [])
    return held


AUDIT_MAPPERS = {AuditEventRow.__mapper__, AuditCitationRow.__mapper__, AuditHeadRow.__mapper__}


@event.listens_for(Session, "before_commit")
def _write_at_commit(session: Session) -> None:
    # A savepoint's release is not the end: the held events belong to the enclosing transaction.
    if session.in_nested_transaction():
        return
    if HELD in session.info:
        session.flush()  # every other change first: the head lock is the last thing the transaction takes
        write_held(session)
    elif riders.waiting(session):  # riders without an event to ride with (every step records one today)
        session.flush()
        riders.run(session.connection(), riders.take(session))


@event.listens_for(Session, "do_orm_execute")
def _write_before_reading_audit(state: ORMExecuteState) -> None:
    if HELD in state.session.info and AUDIT_MAPPERS.intersection(state.all_mappers):
        write_held(state.session)


@event.listens_for(Session, "after_transaction_end")
def _forget_on_end(session: Session, transaction: SessionTransaction) -> None:
    # Held events of a transaction rolled back are dropped with its changes; they were never written.
    if transaction.parent is None:
        session.info.pop(HELD, None)
        riders.forget(session)

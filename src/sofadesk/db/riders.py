"""Writes that ride with the commit: sent in the round trip that takes the audit chain's head.

A decision's last writes (its answer, the case's new status and version) return nothing the step goes on to use:
only whether they matched one row.  Sent one at a time, each was a round trip of its own, with SQLAlchemy's
execution around it.  A step that reads nothing more of those rows before it commits may hold them here instead:
the audit writer sends them, on PostgreSQL in one statement with the query that locks and reads the head
(`sofadesk.audit.writer`, `joined` below), and each rider's check then sees its row count (and may refuse the transaction,
which is then rolled back whole).  On SQLite, and inside a savepoint (whose rollback must undo them), they run
at once, one after the other, through SQLAlchemy.

The contract is the caller's: a rider's row must not be read again in the transaction before it commits (it
would be read as it was).  Statements are Core statements built once; they are compiled once per statement for
psycopg and sent with their literal values and SQLAlchemy's parameter conversions applied.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import Session

from sofadesk.db.direct import compiled, on_driver

RIDERS = "sofadesk.riders"


@dataclass(frozen=True)
class Rider:
    """A statement, its values, and what to check of the rows it matched (raises to refuse the transaction)."""

    statement: Any
    params: dict[str, Any]
    check: Callable[[int], None]


def ride(session: Session, statement: Any, params: dict[str, Any], check: Callable[[int], None]) -> None:
    """Hold `statement` until the transaction commits (see the module); at once inside a savepoint."""
    if session.in_nested_transaction():
        check(session.connection().execute(statement, params).rowcount)
        return
    waiting: list[Rider] = session.info.setdefault(RIDERS, [])
    waiting.append(Rider(statement, params, check))


def waiting(session: Session) -> bool:
    return RIDERS in session.info


def take(session: Session) -> list[Rider]:
    """The riders held on the session, handed over to whoever sends them (and no longer held)."""
    held: list[Rider] = session.info.pop(RIDERS, [])
    return held


def forget(session: Session) -> None:
    """A transaction rolled back: its riders were never sent and never will be."""
    session.info.pop(RIDERS, None)


def run(connection: Connection, riders: list[Rider]) -> None:
    """The riders one after the other through SQLAlchemy (SQLite, or no head to take with them)."""
    for rider in riders:
        rider.check(connection.execute(rider.statement, rider.params).rowcount)


# A placeholder in a statement compiled for psycopg (not an escaped "%%(").
_PLACEHOLDER = re.compile(r"(?<!%)%\((\w+)\)s")


def _renamed(sql: str, prefix: str) -> str:
    return _PLACEHOLDER.sub(lambda m: f"%({prefix}{m.group(1)})s", sql)


_JOINED: dict[tuple[int, ...], str] = {}


def joined(riders: list[Rider], last: Any, dialect: Dialect) -> str:
    """One PostgreSQL statement: each rider as a data-modifying WITH query counting the rows it matched, and
    `last` (a statement returning at most one row) beside them; it answers one row, the riders' counts and then
    `last`'s columns (NULL where `last` matched nothing).  The queries of one statement run on one snapshot and
    none sees another's changes, which riders never need (each writes its own row)."""
    key = (id(last), *(id(r.statement) for r in riders))
    found = _JOINED.get(key)
    if found is not None:
        return found
    parts = []
    for n, rider in enumerate(riders):
        made = compiled(rider.statement, dialect)
        if " RETURNING " in made.sql.upper():
            raise ValueError("a rider returns nothing: its statement must not have RETURNING")
        if not made.sendable:
            raise ValueError(
                "a rider's text must be complete when built (no expanding IN, no computed value)"
            )
        parts.append(f"r{n} AS ({_renamed(made.sql, f'r{n}_')} RETURNING 1)")
    parts.append(f"last AS ({_renamed(compiled(last, dialect).sql, 'last_')})")
    counts = "".join(f"(SELECT count(*) FROM r{n}), " for n in range(len(riders)))
    sql = f"WITH {', '.join(parts)} SELECT {counts}last.* FROM (VALUES (1)) AS one (n) LEFT JOIN last ON true"
    # Keyed by the statements' ids: `compiled` keeps each statement alive, so an id is never reused.
    _JOINED[key] = sql
    return sql


def send(connection: Connection, riders: list[Rider], last: Any, last_params: dict[str, Any]) -> Any:
    """PostgreSQL: the riders and `last` in one statement (see `joined`) on the transaction's connection; the
    riders' checks run on their row counts, and `last`'s row is returned (None where it matched nothing)."""
    dialect = connection.dialect
    values: dict[str, Any] = {}
    for n, rider in enumerate(riders):
        values.update(
            {f"r{n}_{k}": v for k, v in compiled(rider.statement, dialect).values(rider.params).items()}
        )
    values.update({f"last_{k}": v for k, v in compiled(last, dialect).values(last_params).items()})
    answered = on_driver(connection, joined(riders, last, dialect), values, fetch=True)
    assert len(answered) == 1  # the statement answers one row whatever matched
    row = answered[0]
    for rider, count in zip(riders, row, strict=False):
        rider.check(int(count))
    rest = tuple(row[len(riders) :])
    return None if all(v is None for v in rest) else rest

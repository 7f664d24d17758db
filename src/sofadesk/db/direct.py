"""Statements built once, sent on the driver's own connection: the API's hottest paths (issue 18).

SQLAlchemy's execution of a statement it has compiled and cached still costs more CPU than psycopg's own:
looking the statement up in its cache, building the parameters and the result around the cursor. py-spy on the
case read under load: SQLAlchemy's `Connection.execute` a fifth of the server's CPU, psycopg's execute within
it under a tenth; sent directly, a read took 0.73 of its CPU (BENCHMARKS.md, issue 18). For a statement built
once whose columns need no conversion, nothing of that is needed: compiled once for the dialect, its text and
fixed values are kept, and each execution is the driver's own. Used by the audit writer's riders and by the
case read; on SQLite (whose driver gives dates as text that SQLAlchemy converts) the read goes through
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg.rows import namedtuple_row
from sqlalchemy import Connection
from sqlalchemy.engine.interfaces import Dialect


@dataclass(frozen=True)
class Compiled:
    """A statement as psycopg is sent it: its text, the values fixed when it was built, SQLAlchemy's
    conversions of the values it is given (none for the plain columns used here, but kept exact), and whether
    its rows come from the driver as SQLAlchemy would give them (no column SQLAlchemy converts on reading)."""

    sql: str
    fixed: dict[str, Any]
    convert: dict[str, Callable[[Any], Any]]
    rows_as_sent: bool

    def values(self, params: dict[str, Any]) -> dict[str, Any]:
        values = {**self.fixed, **params}
        for name, conversion in self.convert.items():
            if name in values:
                values[name] = conversion(values[name])
        return values


_COMPILED: dict[tuple[int, str], tuple[Any, Compiled]] = {}


def compiled(statement: Any, dialect: Dialect) -> Compiled:
    """`statement` compiled for `dialect` once (kept with the statement: these are statements built once)."""
    key = (id(statement), dialect.name)
    found = _COMPILED.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    result = statement.compile(dialect=dialect)
    fixed = {name: bind.effective_value for bind, name in result.bind_names.items() if not bind.required}
    as_sent = all(
        column[3]._cached_result_processor(dialect, None) is None for column in result._result_columns
    )
    made = Compiled(result.string, fixed, dict(result._bind_processors), as_sent)
    _COMPILED[key] = (statement, made)  # the statement kept alive with it, so that its id is never reused
    return made


def rows(connection: Connection, statement: Any, params: dict[str, Any]) -> Sequence[Any]:
    """The rows of a select built once, each with its columns as attributes (as SQLAlchemy's rows have them).
    On PostgreSQL sent by psycopg itself when its columns need no conversion; otherwise through SQLAlchemy."""
    dialect = connection.dialect
    if dialect.driver == "psycopg":
        made = compiled(statement, dialect)
        if made.rows_as_sent:
            raw = connection.connection.driver_connection
            assert raw is not None  # a connection in use
            with raw.cursor(row_factory=namedtuple_row) as cursor:
                cursor.execute(made.sql, made.values(params))
                found: list[Any] = cursor.fetchall()
                return found
    return connection.execute(statement, params).all()

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

import threading
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine.interfaces import Dialect


@dataclass(frozen=True)
class Compiled:
    """A statement as psycopg is sent it: its text, the values fixed when it was built, SQLAlchemy's
    conversions of the values it is given (none for the plain columns used here, but kept exact), and whether
    its rows come from the driver as SQLAlchemy would give them (no column SQLAlchemy converts on reading), as
    a named tuple with SQLAlchemy's names for the columns (`row`)."""

    sql: str
    fixed: dict[str, Any]
    convert: dict[str, Callable[[Any], Any]]
    rows_as_sent: bool
    row: Callable[[Any], Callable[[Sequence[Any]], Any]]

    def values(self, params: dict[str, Any]) -> dict[str, Any]:
        values = {**self.fixed, **params}
        for name, conversion in self.convert.items():
            if name in values:
                values[name] = conversion(values[name])
        return values


_COMPILED: dict[tuple[int, str], tuple[Any, Compiled]] = {}
KEPT = 4096
_KEEPING = threading.Lock()


def compiled(statement: Any, dialect: Dialect) -> Compiled:
    """`statement` compiled for `dialect` once (kept with the statement: these are statements built once)."""
    key = (id(statement), dialect.name)
    found = _COMPILED.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    result = statement.compile(dialect=dialect)
    fixed = {name: bind.effective_value for bind, name in result.bind_names.items() if not bind.required}
    # A value rendered into the text at each execution (an expanding IN, a literal) leaves the compiled text
    # unfinished: such a statement is always sent by SQLAlchemy, which completes it.
    finished = not result.post_compile_params and not result.literal_execute_params
    as_sent = finished and all(
        column[3]._cached_result_processor(dialect, None) is None for column in result._result_columns
    )
    # The names SQLAlchemy's rows give the columns; a name that cannot be an attribute (an unnamed literal,
    # twice the same name) is reached by position only, as on SQLAlchemy's rows.
    names = [column[0] for column in result._result_columns]
    row_type = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    made = Compiled(result.string, fixed, dict(result._bind_processors), as_sent, lambda _: row_type._make)
    with _KEEPING:
        if len(_COMPILED) >= KEPT:  # the oldest goes: statements built once are few, but tests make many
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[key] = (statement, made)  # the statement kept alive with it, so that its id is never reused
    return made


def rows(connection: Connection, statement: Any, params: dict[str, Any]) -> Sequence[Any]:
    """The rows of a select built once, each with its columns as attributes (as SQLAlchemy's rows have them).
    On PostgreSQL sent by psycopg itself when its columns need no conversion; otherwise through SQLAlchemy."""
    dialect = connection.dialect
    if dialect.driver == "psycopg":
        made = compiled(statement, dialect)
        if made.rows_as_sent:
            found: list[Any] = on_driver(connection, made.sql, made.values(params), fetch=True, row=made.row)
            return found
    return connection.execute(statement, params).all()


def run(connection: Connection, statement: Any) -> None:
    """A statement built once that answers no rows and takes no values (a setting of the connection), sent
    as `rows` sends a select."""
    if connection.dialect.driver == "psycopg":
        made = compiled(statement, connection.dialect)
        if made.rows_as_sent and not made.fixed:
            on_driver(connection, made.sql, {}, fetch=False)
            return
    connection.execute(statement)


def on_driver(
    connection: Connection, sql: str, values: dict[str, Any], *, fetch: bool, row: Any = None
) -> Any:
    """`sql` sent by psycopg on the connection's own driver connection (in its transaction, if any): if `fetch`,
    its rows, each made by `row` (a psycopg row factory; plain tuples by default); else None.  A driver error is raised as SQLAlchemy raises it
    (sqlalchemy.exc.OperationalError for a lost connection, which is then dropped from the pool), so that the
    service answers it as it answers any other: a database gone away is a 503, not a 500."""
    import psycopg  # in use already: the connection is psycopg's
    from psycopg.rows import tuple_row

    raw = connection.connection.driver_connection
    assert raw is not None  # a connection in use
    # Whoever listens to the engine's cursor events (tracing, a test counting round trips) sees these
    # statements as it sees SQLAlchemy's own; with no listener, nothing is dispatched.
    listened = connection._has_events or connection.engine._has_events
    try:
        with raw.cursor(row_factory=row or tuple_row) as cursor:
            if listened:
                connection.dispatch.before_cursor_execute(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            if listened:
                connection.dispatch.after_cursor_execute(connection, cursor, sql, values, None, False)
            return cursor.fetchall() if fetch else None
    except psycopg.Error as exc:
        connection._handle_dbapi_exception(exc, sql, values, None, None)

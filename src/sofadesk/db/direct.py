"""Statements built once, sent on the driver's own connection: the API's hottest paths (issue 18).

SQLAlchemy's execution of a statement it has compiled and cached still costs more CPU than psycopg's own:
looking the statement up in its cache, building the parameters and the result around the cursor. py-spy on the
case read under load: SQLAlchemy's `Connection.execute` a fifth of the server's CPU, psycopg's execute within
it under a tenth; sent directly, a read took 0.68 of its CPU (BENCHMARKS.md, issue 18). For a statement built
once whose columns need no conversion, nothing of that is needed: compiled once for the dialect, its text and
fixed values are kept, and each execution is the driver's own. Used by the audit writer and its riders and by
the reads every request makes (the case read, the signed-in session, the open decisions, list pages, search);
on SQLite (whose driver gives dates as text that SQLAlchemy converts) everything goes through SQLAlchemy.
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
    conversions of the values it is given, and the names the text gives them where SQLAlchemy had to escape a
    name (`x.y` is sent as `x_y`).  `sendable`: the text is complete (SQLAlchemy renders nothing more into it at
    execution, and no value is computed at execution); `rows_as_sent`: it is sendable and its rows come from
    the driver as SQLAlchemy would give them (no column it converts on reading), as named tuples with
    SQLAlchemy's names for the columns (`row`)."""

    sql: str
    fixed: dict[str, Any]
    convert: dict[str, Callable[[Any], Any]]
    escaped: dict[str, str]
    sendable: bool
    rows_as_sent: bool
    row: Callable[[Any], Callable[[Sequence[Any]], Any]]

    def values(self, params: dict[str, Any]) -> dict[str, Any]:
        values = {**self.fixed, **params}
        for name, conversion in self.convert.items():
            if name in values:
                values[name] = conversion(values[name])
        if self.escaped:
            values = {self.escaped.get(name, name): value for name, value in values.items()}
        return values


# Keyed by the statement's and the dialect's ids, each kept alive with its entry so that neither id is reused
# while the entry lives (two engines' dialects may differ in their settings).
_COMPILED: dict[tuple[int, int], tuple[Any, Dialect, Compiled]] = {}
KEPT = 4096
_KEEPING = threading.Lock()


def compiled(statement: Any, dialect: Dialect) -> Compiled:
    """`statement` compiled for `dialect` once (kept with the statement: these are statements built once)."""
    key = (id(statement), id(dialect))
    found = _COMPILED.get(key)
    if found is not None:
        return found[2]
    result = statement.compile(dialect=dialect)
    fixed = {name: bind.effective_value for bind, name in result.bind_names.items() if not bind.required}
    # A value rendered into the text at each execution (an expanding IN, a literal) leaves the text
    # unfinished, and a value computed at each execution (a bind's callable) would be frozen: such a statement
    # is always sent by SQLAlchemy.
    sendable = (
        not result.post_compile_params
        and not result.literal_execute_params
        and not any(bind.callable is not None for bind in result.bind_names)
    )
    columns = result._result_columns
    made = Compiled(
        result.string,
        fixed,
        dict(result._bind_processors),
        dict(result.escaped_bind_names),
        sendable,
        sendable and bool(columns) and all(not _converted(column[3], dialect) for column in columns),
        _row_maker([column[0] for column in columns]),
    )
    with _KEEPING:
        if len(_COMPILED) >= KEPT:  # the oldest goes: statements built once are few, but tests make many
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[key] = (statement, dialect, made)
    return made


def _converted(column_type: Any, dialect: Dialect) -> bool:
    """Whether SQLAlchemy converts this column's values on reading (or cannot say without the driver's own
    description of the column: then it is taken to, and the statement goes through SQLAlchemy)."""
    try:
        return column_type._cached_result_processor(dialect, None) is not None
    except Exception:  # e.g. psycopg's Numeric, whose processor depends on the type the driver reports
        return True


def _row_maker(names: list[str]) -> Callable[[Any], Callable[[Sequence[Any]], Any]]:
    """A psycopg row factory: named tuples with SQLAlchemy's names for the columns.  A name that cannot be an
    attribute (an unnamed literal, a name given twice) is reached by position only, as on SQLAlchemy's rows."""
    row_type = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    return lambda _cursor: row_type._make


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


def first(connection: Connection, statement: Any, params: dict[str, Any]) -> Any | None:
    """The first row `rows` gives, or None when there is none."""
    found = rows(connection, statement, params)
    return found[0] if found else None


def run(connection: Connection, statement: Any) -> None:
    """A statement built once that answers no rows and takes no values (a setting of the connection), sent
    as `rows` sends a select."""
    if connection.dialect.driver == "psycopg":
        made = compiled(statement, connection.dialect)
        if made.sendable and not made.fixed and not made.convert:
            on_driver(connection, made.sql, {}, fetch=False)
            return
    connection.execute(statement)


def on_driver(
    connection: Connection, sql: str, values: dict[str, Any], *, fetch: bool, row: Any = None
) -> Any:
    """`sql` sent by psycopg on the connection's own driver connection, in its transaction (begun first, as
    SQLAlchemy begins one, if none is): if `fetch`, its rows, each made by `row` (a psycopg row factory; plain
    tuples by default); else None.

    What SQLAlchemy does around a statement that matters here is done too: an error is raised as SQLAlchemy
    raises it (sqlalchemy.exc.OperationalError for a lost connection, which then leaves the pool), so that the
    service answers it as it answers any other (a database gone away is a 503, not a 500); and the engine's
    cursor events are dispatched, so that a listener (tracing, a test counting round trips) sees these
    statements too, with no execution context (which the events allow) and without rewriting them (a
    listener with `retval=True` cannot change them)."""
    from psycopg.rows import tuple_row  # psycopg is in use: the connection is its

    if not connection.in_transaction():
        connection.begin()
    raw = connection.connection.driver_connection
    assert raw is not None  # a connection in use
    listened = connection._has_events or connection.engine._has_events
    try:
        with raw.cursor(row_factory=row or tuple_row) as cursor:
            if listened:
                connection.dispatch.before_cursor_execute(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            if listened:
                connection.dispatch.after_cursor_execute(connection, cursor, sql, values, None, False)
            return cursor.fetchall() if fetch else None
    # Everything, as SQLAlchemy's own execution catches it: an interrupt also invalidates the connection.
    except BaseException as exc:
        connection._handle_dbapi_exception(exc, sql, values, None, None)

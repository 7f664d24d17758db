"""Statements built once and shared by every thread of a server, made ready before any thread uses them.

SQLAlchemy fills in what it memoizes on a statement (its cache key, its selected columns, the ORM entities of a
subquery) on first use.  Two threads doing that at once on one shared statement could leave one of them reading
its rows with the other's columns: reproduced as a 500 on a server's first concurrent dashboards
(`tests/integration/test_built_once.py`).  `prepared` compiles the statement once, in the thread that built it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, literal
from sqlalchemy.sql import ClauseElement

T = TypeVar("T")


def prepared(statement: T) -> T:
    if isinstance(statement, ClauseElement):
        statement._generate_cache_key()
        statement.compile()
    return statement


def fixed_in(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column` IN a list fixed when the statement is built (the registered case kinds), one bound value each.
    Given as a plain list, SQLAlchemy makes it an "expanding" parameter and renders the statement again on
    every execution, which for a statement built once to be run on every request undoes the point."""
    return cast(ColumnElement[bool], column.in_([literal(v, column.type) for v in values]))

"""Reads sent on the driver's own connection (sofadesk.db.direct), on SQLite and PostgreSQL: the same rows,
with the same values under the same attribute names, as SQLAlchemy gives; the transaction's own writes
seen; and a statement whose columns SQLAlchemy converts on reading still read through SQLAlchemy,
converted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    bindparam,
    event,
    literal,
    select,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import TypeDecorator

from sofadesk.cases.core import slots
from sofadesk.cases.transit import queries
from sofadesk.db import direct
from sofadesk.db.engine import make_engine
from sofadesk.db.prepared import prepared


class Shouted(TypeDecorator[str]):
    """A column SQLAlchemy converts on reading (the driver's value is not what the application sees)."""

    impl = String(20)
    cache_ok = True

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else value.upper()


LEGS = Table(
    "direct_legs",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("state_code", String(3), nullable=False),
    Column("due_on", Date),
    Column("decided_at", DateTime),
    Column("note", Text),
    Column("call_sign", Shouted),
    Column("weight_tonnes", Numeric(10, 2)),
)
# As the case read's statements are: built once, values bound.
OF_STATE = prepared(
    select(LEGS.c.id, LEGS.c.state_code, LEGS.c.due_on, LEGS.c.decided_at, LEGS.c.note)
    .where(LEGS.c.state_code == bindparam("state"))
    .order_by(LEGS.c.id)
)
WITH_CALL_SIGN = prepared(select(LEGS.c.id, LEGS.c.call_sign).where(LEGS.c.id == bindparam("leg")))
DECIDED = datetime(2026, 11, 30, 9, 15, 2, 123456)


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    made = make_engine(empty_db_url)
    LEGS.create(made)
    with made.begin() as conn:
        conn.execute(
            LEGS.insert(),
            [
                {"id": 1, "state_code": "RUS", "due_on": date(2026, 12, 1), "decided_at": DECIDED,
                 "note": "approved at Kyakhta", "call_sign": "falcon", "weight_tonnes": Decimal("12.50")},
                {"id": 2, "state_code": "RUS", "due_on": None, "decided_at": None, "note": None,
                 "call_sign": None, "weight_tonnes": None},
                {"id": 3, "state_code": "KAZ", "due_on": date(2026, 12, 3), "decided_at": None,
                 "note": "pending", "call_sign": "owl", "weight_tonnes": Decimal("3.25")},
            ],
        )  # fmt: skip
    yield made
    made.dispose()


def test_a_direct_read_gives_what_sqlalchemy_gives(engine: Engine) -> None:
    with engine.connect() as conn:
        through_sqlalchemy = conn.execute(OF_STATE, {"state": "RUS"}).all()
        sent = direct.rows(conn, OF_STATE, {"state": "RUS"})
    assert [tuple(r) for r in sent] == [tuple(r) for r in through_sqlalchemy]
    first = sent[0]
    assert (first.id, first.state_code, first.due_on, first.decided_at, first.note) == (
        1, "RUS", date(2026, 12, 1), DECIDED, "approved at Kyakhta",
    )  # fmt: skip
    assert sent[1].due_on is None and sent[1].note is None
    with engine.connect() as conn:
        assert direct.rows(conn, OF_STATE, {"state": "USA"}) == []


def test_a_direct_read_sees_its_own_transactions_writes(engine: Engine) -> None:
    """Sent on the transaction's own connection: what the transaction wrote and has not committed is read."""
    with engine.connect() as conn, conn.begin() as transaction:
        conn.execute(LEGS.insert(), {"id": 4, "state_code": "USA", "note": "filed"})
        assert [r.note for r in direct.rows(conn, OF_STATE, {"state": "USA"})] == ["filed"]
        transaction.rollback()
    with engine.connect() as conn:
        assert direct.rows(conn, OF_STATE, {"state": "USA"}) == []


def test_a_column_sqlalchemy_converts_is_still_read_through_it(engine: Engine) -> None:
    with engine.connect() as conn:
        assert direct.rows(conn, WITH_CALL_SIGN, {"leg": 1})[0].call_sign == "FALCON"
        assert direct.rows(conn, WITH_CALL_SIGN, {"leg": 2})[0].call_sign is None
        if conn.dialect.driver == "psycopg":
            assert not direct.compiled(WITH_CALL_SIGN, conn.dialect).rows_as_sent
            assert direct.compiled(OF_STATE, conn.dialect).rows_as_sent


def test_the_case_reads_statements_go_to_the_driver_on_postgresql() -> None:
    """The transit read and its decisions need no conversion of any column: on PostgreSQL they are sent by
    psycopg itself (the point of the module, issue 18)."""
    from sqlalchemy.dialects.postgresql import psycopg

    dialect = psycopg.dialect()  # type: ignore[no-untyped-call]
    for statement in (queries._CURRENT_CASE, queries._REVISION_CASE, slots._VALUES_OF_REVISION):
        assert direct.compiled(statement, dialect).rows_as_sent


def test_a_lost_connection_is_raised_as_sqlalchemy_raises_it(engine: Engine) -> None:
    """The service answers SQLAlchemy's OperationalError with a 503 (the database went away); a read sent by
    the driver must fail the same way, not with psycopg's own error (a 500), and the dead connection must leave
    the pool."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a connection to PostgreSQL is lost; SQLite's reads go through SQLAlchemy anyway")
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(OperationalError):
            direct.rows(conn, OF_STATE, {"state": "RUS"})
        assert conn.invalidated
    with engine.connect() as conn:  # a new connection from the pool answers
        assert [r.id for r in direct.rows(conn, OF_STATE, {"state": "RUS"})] == [1, 2]


def test_statements_sent_directly_are_seen_by_the_engines_listeners(engine: Engine) -> None:
    """A listener on the engine's cursor events (tracing; tests counting round trips) sees a direct read as it
    sees SQLAlchemy's own statements."""
    seen: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        with engine.connect() as conn:
            direct.rows(conn, OF_STATE, {"state": "KAZ"})
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert len(seen) == 1 and "direct_legs" in seen[0]


def test_columns_are_named_as_sqlalchemy_names_them(engine: Engine) -> None:
    """A label is an attribute; unnamed values (two literals, which the database names alike) are reached by
    position, as on SQLAlchemy's rows, and do not stop the read."""
    statement = prepared(
        select(literal("leg"), literal("transit"), LEGS.c.note.label("remark"), LEGS.c.id).where(
            LEGS.c.id == bindparam("leg")
        )
    )
    with engine.connect() as conn:
        (found,) = direct.rows(conn, statement, {"leg": 1})
        (through_sqlalchemy,) = conn.execute(statement, {"leg": 1}).all()
    assert tuple(found) == tuple(through_sqlalchemy) == ("leg", "transit", "approved at Kyakhta", 1)
    assert (found.remark, found.id) == ("approved at Kyakhta", 1)


def test_what_sqlalchemy_completes_at_execution_is_still_read_through_it(engine: Engine) -> None:
    """An expanding IN (rendered at each execution), a value computed at each execution, a number SQLAlchemy
    converts: each read through SQLAlchemy, with its answer as SQLAlchemy gives it."""
    expanding = prepared(select(LEGS.c.id).where(LEGS.c.id.in_(bindparam("ids", expanding=True))))
    asked = {"state": "RUS"}
    computed = prepared(
        select(LEGS.c.id).where(LEGS.c.state_code == bindparam("s", callable_=lambda: asked["state"]))
    )
    weights = prepared(select(LEGS.c.id, LEGS.c.weight_tonnes).order_by(LEGS.c.id))
    with engine.connect() as conn:
        assert [r.id for r in direct.rows(conn, expanding, {"ids": [1, 3]})] == [1, 3]
        assert [r.id for r in direct.rows(conn, expanding, {"ids": [2]})] == [2]
        assert [r.id for r in direct.rows(conn, computed, {})] == [1, 2]
        asked["state"] = "KAZ"
        assert [r.id for r in direct.rows(conn, computed, {})] == [3]
        assert [r.weight_tonnes for r in direct.rows(conn, weights, {})] == [
            Decimal("12.50"),
            None,
            Decimal("3.25"),
        ]
        if conn.dialect.driver == "psycopg":
            assert not any(
                direct.compiled(st, conn.dialect).rows_as_sent for st in (expanding, computed, weights)
            )


def test_names_sqlalchemy_escapes_and_values_it_converts_are_sent_as_it_sends_them(engine: Engine) -> None:
    """A parameter whose name SQLAlchemy escapes in the text (`leg.id` sent as `leg_id`), beside a value fixed
    when the statement was built."""
    statement = prepared(
        select(LEGS.c.id, literal("seen").label("mark")).where(
            LEGS.c.id == bindparam("leg.id"), LEGS.c.state_code == literal("RUS")
        )
    )
    with engine.connect() as conn:
        assert [(r.id, r.mark) for r in direct.rows(conn, statement, {"leg.id": 2})] == [(2, "seen")]
        assert direct.rows(conn, statement, {"leg.id": 3}) == []  # Kazakhstan's leg: the fixed value holds
        if conn.dialect.driver == "psycopg":  # sent by the driver, under the escaped name
            made = direct.compiled(statement, conn.dialect)
            assert made.rows_as_sent and made.escaped == {"leg.id": "leg_id"}


def test_a_setting_is_sent_on_the_connection_it_is_asked_on(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with engine.connect() as conn:
        direct.run(conn, text("SET application_name = 'sofadesk-direct-test'"))
        assert conn.execute(text("SHOW application_name")).scalar_one() == "sofadesk-direct-test"
        direct.run(conn, text("RESET application_name"))
        assert conn.execute(text("SHOW application_name")).scalar_one() != "sofadesk-direct-test"

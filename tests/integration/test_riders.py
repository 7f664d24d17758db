"""Writes held for the commit (sofadesk.db.riders), on SQLite and PostgreSQL: sent with the statement that takes
the audit head, checked on the rows they matched, refusing the whole transaction when a check fails, dropped
with a rollback, run at once inside a savepoint; and a transit decision whose answer and stamp ride so is
written exactly as before (its row, its slot, its audit event)."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.audit.chain import Actor, verify
from sofadesk.audit.models import AuditEventRow
from sofadesk.audit.writer import append
from sofadesk.db import riders
from sofadesk.errors import Conflict

CLERK = Actor(None, "rider-test", "USA")
TOYS = Table(
    "rider_toys",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("note", String(40)),
)
# As riders are: a statement built once, its values bound.
BUMP = (
    update(TOYS)
    .where(TOYS.c.id == bindparam("toy"), TOYS.c.version == bindparam("read"))
    .values(version=TOYS.c.version + 1, note=bindparam("note"))
)


@pytest.fixture
def sessions(set_up_sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    engine = set_up_sessions.kw["bind"]
    TOYS.create(engine)
    with engine.begin() as conn:
        conn.execute(
            TOYS.insert(), [{"id": 1, "version": 1, "note": None}, {"id": 2, "version": 1, "note": None}]
        )
    return set_up_sessions


def _toy(sessions: sessionmaker[Session], toy: int) -> tuple[int, str | None]:
    with sessions() as s:
        row = s.execute(select(TOYS.c.version, TOYS.c.note).where(TOYS.c.id == toy)).one()
        return int(row.version), row.note


def _events(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as s:
        return list(s.scalars(select(AuditEventRow.action).order_by(AuditEventRow.id)))


def _exactly_one(rows: int) -> None:
    if rows != 1:
        raise Conflict("the toy changed since you read it")


def test_riders_are_written_with_the_commit_and_their_event(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "first"}, _exactly_one)
        riders.ride(s, BUMP, {"toy": 2, "read": 1, "note": "second"}, _exactly_one)
        append(s, CLERK, "toy.bumped", "toy", 1)
        # Held, not sent: the contract is that the transaction does not read these rows again before it commits.
        assert s.execute(select(TOYS.c.version).where(TOYS.c.id == 1)).scalar_one() == 1
    assert _toy(sessions, 1) == (2, "first") and _toy(sessions, 2) == (2, "second")
    assert _events(sessions) == ["toy.bumped"]
    with sessions() as s:
        assert verify(s).intact


def test_a_rider_matching_no_row_refuses_the_whole_transaction(sessions: sessionmaker[Session]) -> None:
    """A decision on a version someone else has since answered: refused at commit, and nothing of the
    transaction is written, neither the other rider, nor the event."""
    with sessions() as s, s.begin():
        riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "mine"}, _exactly_one)
    with pytest.raises(Conflict, match="changed since you read it"), sessions() as s, s.begin():
        riders.ride(s, BUMP, {"toy": 2, "read": 1, "note": "kept?"}, _exactly_one)
        riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "stale"}, _exactly_one)  # toy 1 is at version 2
        append(s, CLERK, "toy.bumped", "toy", 1)
    assert _toy(sessions, 1) == (2, "mine") and _toy(sessions, 2) == (1, None)
    assert _events(sessions) == []


def test_riders_of_a_rolled_back_transaction_are_dropped(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        with s.begin():
            riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "never"}, _exactly_one)
            s.rollback()
        assert not riders.waiting(s)
        with s.begin():  # the next transaction of the same session sends nothing of the first
            append(s, CLERK, "toy.seen", "toy", 1)
    assert _toy(sessions, 1) == (1, None) and _events(sessions) == ["toy.seen"]


def test_riders_without_an_event_are_written_at_commit(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "alone"}, _exactly_one)
    assert _toy(sessions, 1) == (2, "alone") and _events(sessions) == []


def test_inside_a_savepoint_a_rider_runs_at_once(sessions: sessionmaker[Session]) -> None:
    """A savepoint's rollback must undo what was done within it: there the write is sent at once."""
    with sessions() as s, s.begin():
        with s.begin_nested():
            riders.ride(s, BUMP, {"toy": 1, "read": 1, "note": "nested"}, _exactly_one)
            assert not riders.waiting(s)
            assert s.execute(select(TOYS.c.note).where(TOYS.c.id == 1)).scalar_one() == "nested"
        savepoint = s.begin_nested()
        riders.ride(s, BUMP, {"toy": 2, "read": 1, "note": "undone"}, _exactly_one)
        savepoint.rollback()
    assert _toy(sessions, 1) == (2, "nested") and _toy(sessions, 2) == (1, None)


def test_a_rider_with_returning_is_refused_on_postgresql() -> None:
    """Riders are counted by the rows they return in the joined statement: one that returns rows itself
    would be miscounted, so it is refused when the statement is put together."""
    from sqlalchemy.dialects import postgresql

    rider = riders.Rider(BUMP.returning(TOYS.c.id), {}, _exactly_one)
    with pytest.raises(ValueError, match="must not have RETURNING"):
        riders.joined([rider], select(TOYS.c.id), postgresql.dialect())  # type: ignore[no-untyped-call]


def test_a_riders_database_error_is_raised_as_sqlalchemy_raises_it(sessions: sessionmaker[Session]) -> None:
    """A rider refused by the database (here a NOT NULL column set to null) is SQLAlchemy's IntegrityError on
    both databases (sent by psycopg itself on PostgreSQL, sofadesk.db.direct), answered as the service answers
    any other; nothing of the transaction is written."""
    from sqlalchemy.exc import IntegrityError

    null_version = update(TOYS).where(TOYS.c.id == bindparam("toy")).values(version=None)
    with pytest.raises(IntegrityError), sessions() as s, s.begin():
        riders.ride(s, null_version, {"toy": 1}, _exactly_one)
        append(s, CLERK, "toy.nulled", "toy", 1)
    assert _toy(sessions, 1) == (1, None) and _events(sessions) == []

"""Statements built once and shared by a server's threads (sofadesk.db.prepared, cases.core.kinds.built_once):
the first requests a server answers at once must not see each other's half-made statement.  Before statements
were compiled as they were built, four threads asking a fresh server's open decisions together got "Could not
locate column in row" (a 500) in most rounds, and SQLAlchemy warned of a cartesian product."""

from __future__ import annotations

import threading
import warnings
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import acting_as
from sofadesk.cases.core import kinds, pending
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine, read_session_factory
from tests.conftest import BACKENDS, demo_sessions, fresh_url, submitted_transit


def with_three_transits(url: str) -> Engine:
    """The demo database at `url` with three transits submitted, each awaiting Russia's decision; its engine."""
    engine, factory, inforce = demo_sessions(url)
    content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
    with factory() as session, session.begin():
        user = acting_as(session, "usa.requester")
        for _ in range(3):
            submitted_transit(session, user, content, inforce)
    return engine  # type: ignore[no-any-return]


@pytest.mark.parametrize("backend", BACKENDS)
def test_threads_first_asking_a_shared_statement_all_get_their_rows(
    backend: str, tmp_path: object, pg_schema_factory: object
) -> None:
    url = fresh_url(backend, tmp_path, pg_schema_factory)  # type: ignore[arg-type]
    with_three_transits(url).dispose()
    failures: list[BaseException] = []
    pages: list[int] = []
    for _ in range(12):
        # A fresh server: no statement built, nothing in SQLAlchemy's compiled cache.
        kinds._BUILT.clear()
        fresh = make_engine(url)
        reads = read_session_factory(fresh)
        start = threading.Barrier(4)

        def ask(start: threading.Barrier, reads: sessionmaker[Session]) -> None:
            start.wait()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # a cartesian product warning is a wrong statement
                    with reads() as session:
                        pages.append(len(pending.page(session, "RUS", limit=10).items))
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=ask, args=(start, reads)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        fresh.dispose()
    assert not failures, failures[:3]
    assert pages == [3] * 48


def test_the_open_decisions_statements_are_converted_once_by_psycopg(
    tmp_path: object, pg_schema_factory: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg turns a statement's placeholders into PostgreSQL's once and keeps the result, but only for
    statements under 4 KiB with at most 50 parameters; any other is converted again on every execution.  The
    open decisions' first page, a page after a cursor and the bounded count were 10 KiB with four kinds, and a
    page's cases were asked with one parameter each (up to a hundred): a tenth of the decisions page's CPU
    (issue 18).  Here every statement of the pending list runs as often as a server would run it, and none
    may be converted more than once."""
    from psycopg import _queries

    url = fresh_url("postgresql", tmp_path, pg_schema_factory)  # type: ignore[arg-type]
    engine = with_three_transits(url)
    uncached: list[int] = []
    convert = _queries._query2pg_nocache

    def counted(query: bytes, encoding: str) -> object:
        uncached.append(len(query))
        return convert(query, encoding)

    monkeypatch.setattr(_queries, "_query2pg_nocache", counted)
    reads = read_session_factory(engine)
    try:
        for _ in range(3):
            with reads() as session:
                first = pending.page(session, "RUS", limit=2)
                assert len(first.items) == 2 and first.next_cursor
                rest = pending.page(session, "RUS", limit=100, cursor=first.next_cursor)
                assert rest.items and rest.previous_cursor
                back = pending.page(session, "RUS", limit=2, cursor=rest.previous_cursor)
                assert [d.case_id for d in back.items] == [d.case_id for d in first.items]
                assert pending.count(session, "RUS", bound=1000) == len(first.items) + len(rest.items)
                assert pending.count(session, "RUS", overdue_only=True) == 0
    finally:
        engine.dispose()
    assert uncached == [], f"statements psycopg converted on every execution, by length: {uncached}"

"""Statements built once and shared by a server's threads (sofadesk.db.prepared, cases.core.kinds.built_once):
the first requests a server answers at once must not see each other's half-made statement.  Before statements
were compiled as they were built, four threads asking a fresh server's open decisions together got "Could not
locate column in row" (a 500) in most rounds, and SQLAlchemy warned of a cartesian product."""

from __future__ import annotations

import threading
import warnings
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import acting_as
from sofadesk.cases.core import kinds, pending
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine, read_session_factory
from tests.conftest import BACKENDS, demo_sessions, fresh_url, submitted_transit


@pytest.mark.parametrize("backend", BACKENDS)
def test_threads_first_asking_a_shared_statement_all_get_their_rows(
    backend: str, tmp_path: object, pg_schema_factory: object
) -> None:
    url = fresh_url(backend, tmp_path, pg_schema_factory)  # type: ignore[arg-type]
    engine, factory, inforce = demo_sessions(url)
    content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
    with factory() as session, session.begin():
        user = acting_as(session, "usa.requester")
        for _ in range(3):
            submitted_transit(session, user, content, inforce)
    engine.dispose()
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

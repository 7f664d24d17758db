"""How SOFA Desk's PostgreSQL connections are set up: JIT compilation off (it spent 194 ms compiling a search
walk that ran in 4.7 ms at 100,000 transits, BENCHMARKS.md), with the server options a URL or the environment
gives kept (the tests' and benchmarks' schemas are chosen by a search_path in the URL's options)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sofadesk.db.engine import make_engine
from tests.conftest import _pg_base, fresh_url


def test_a_connection_runs_without_jit_in_the_schema_its_url_names(
    tmp_path: Path, pg_schema_factory: object
) -> None:
    url = fresh_url("postgresql", tmp_path, pg_schema_factory)
    schema = url.split("search_path%3D")[1]
    engine = make_engine(url)
    try:
        for isolation in ("READ COMMITTED", "AUTOCOMMIT"):  # the write sessions' and the read sessions'
            with engine.connect().execution_options(isolation_level=isolation) as conn:
                assert conn.scalar(text("SHOW jit")) == "off"
                assert conn.scalar(text("SELECT current_schema()")) == schema
    finally:
        engine.dispose()


def test_a_deployments_own_server_options_are_left_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    base = _pg_base()
    if base is None:
        pytest.skip("PostgreSQL not configured; CI always sets it")
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=4321")
    engine = make_engine(base)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SHOW jit")) == "off"
            assert conn.scalar(text("SHOW statement_timeout")) == "4321ms"
    finally:
        engine.dispose()


def test_the_open_decisions_run_on_their_generic_plan_and_the_connection_is_left_as_it_was(
    tmp_path: Path, pg_schema_factory: object
) -> None:
    """The open decisions' page and count were planned afresh on every execution, planning costing 1.2-2 ms of
    their 2.8-4.8 ms at 100,000 transits: they run with plan_cache_mode set to the generic plan, which is reset
    before the connection goes back to the pool, also when a statement inside fails."""
    from sqlalchemy import event

    from sofadesk.cases.core import pending
    from sofadesk.db import planner
    from sofadesk.db.engine import read_session_factory
    from tests.conftest import demo_database

    url = fresh_url("postgresql", tmp_path, pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, statement, *_: sent.append(statement[:30]))
    try:
        with read_session_factory(engine)() as session:
            assert pending.count(session, "RUS", bound=10) >= 0
            assert [s.split()[0] for s in sent[-3:]] == ["SET", "SELECT", "RESET"]
            assert sent[-3] == "SET plan_cache_mode = force_ge"
            with planner.generic_plans(session):
                with planner.generic_plans(session):  # nested: the page and the count inside one block
                    pending.page(session, "RUS")
                assert session.execute(text("SHOW plan_cache_mode")).scalar() == "force_generic_plan"
            assert session.execute(text("SHOW plan_cache_mode")).scalar() == "auto"
            with pytest.raises(Exception, match="division by zero"), planner.generic_plans(session):
                session.execute(text("SELECT 1 / 0"))
            session.rollback()
            assert session.execute(text("SHOW plan_cache_mode")).scalar() == "auto"
    finally:
        engine.dispose()

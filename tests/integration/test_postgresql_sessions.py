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

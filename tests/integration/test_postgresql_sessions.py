"""How SOFA Desk's PostgreSQL connections are set up: JIT compilation off (it spent 194 ms compiling a search
walk that ran in 4.7 ms at 100,000 transits, BENCHMARKS.md), and the server options a URL gives kept (the
tests' and benchmarks' schemas are chosen by a search_path in the URL's options)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from sofadesk.db.engine import make_engine, without_jit
from tests.conftest import fresh_url


def test_a_connection_runs_without_jit_in_the_schema_its_url_names(
    tmp_path: Path, pg_schema_factory: object
) -> None:
    url = fresh_url("postgresql", tmp_path, pg_schema_factory)
    schema = url.split("search_path%3D")[1]
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SHOW jit")) == "off"
            assert conn.scalar(text("SELECT current_schema()")) == schema
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("given", "options"),
    [
        (None, "-c jit=off"),
        ("-csearch_path=cases", "-csearch_path=cases -c jit=off"),
        (
            ("-c statement_timeout=5000", "-c lock_timeout=100"),
            "-c statement_timeout=5000 -c lock_timeout=100 -c jit=off",
        ),
    ],
)
def test_the_url_options_are_kept_before_jit_is_turned_off(
    given: str | tuple[str, ...] | None, options: str
) -> None:
    assert without_jit(given) == options

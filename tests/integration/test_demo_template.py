"""The demo database a test gets is a copy of one seeded template per process (tests/demo_template.py): it
must hold exactly what seeding it afresh would, on both databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.conftest import demo_database, fresh_url, seed_demo_database


def _shape(url: str) -> dict[str, Any]:
    """Every table's row count, index, constraint and sequence position of a database."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        seen = inspect(engine)
        tables = sorted(seen.get_table_names())
        with engine.connect() as conn:
            rows = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
            sequences = (
                sorted(
                    tuple(r)
                    for r in conn.execute(
                        text(
                            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
                        )
                    )
                )
                if engine.dialect.name == "postgresql"
                else []
            )
        indexes = {t: sorted(i["name"] or "" for i in seen.get_indexes(t)) for t in tables}
        keys = {t: sorted(str(f["referred_table"]) for f in seen.get_foreign_keys(t)) for t in tables}
        return {"rows": rows, "indexes": indexes, "foreign keys": keys, "sequences": sequences}
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_copied_demo_holds_what_a_fresh_seeding_does(
    backend: str, tmp_path: Path, pg_schema_factory: object
) -> None:
    seeded, first, second = (fresh_url(backend, tmp_path, pg_schema_factory) for _ in range(3))
    expected_tokens = seed_demo_database(seeded)
    demo_database(first)  # the template is made here if this process has none yet
    tokens = demo_database(second)
    assert _shape(second) == _shape(seeded)
    assert sorted(tokens) == sorted(expected_tokens)
    # The copy is the test's own: a change to it reaches neither the template nor another copy.
    if backend == "sqlite":
        path = second.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM users")
        assert _shape(first)["rows"]["users"] == _shape(seeded)["rows"]["users"] > 0

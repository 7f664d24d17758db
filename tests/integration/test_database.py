"""The registry in SQLite and PostgreSQL: migrations, seeding, and both read paths agreeing with the data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, text

from sofadesk.db.engine import make_engine
from sofadesk.db.fastread import DatabaseNotReady, read_registry, read_state
from sofadesk.db.migrate import HEAD_REVISION, script_head, upgrade
from sofadesk.db.models import Base
from sofadesk.db.seed import seed
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry
from sofadesk.registry.rows import TABLES
from sofadesk.registry.shipped import shipped_digest
from sofadesk.registry.store import load_registry


def test_the_cli_schema_constant_is_alembics_head(tmp_path: object) -> None:
    engine = make_engine("sqlite://")
    assert script_head(engine) == HEAD_REVISION


def test_the_models_have_the_columns_the_read_paths_select() -> None:
    for table, cols in TABLES.items():
        assert tuple(c.name for c in Base.metadata.tables[table].columns) == cols


def test_it_migrates_an_empty_database_to_the_models(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade(engine)
    insp = inspect(engine)
    for name, table in Base.metadata.tables.items():
        assert {c["name"] for c in insp.get_columns(name)} == {c.name for c in table.columns}, name
    assert read_state(empty_db_url) == (HEAD_REVISION, None)
    upgrade(engine)  # a second upgrade is a no-op
    engine.dispose()


def test_seeding_twice_changes_nothing_the_second_time(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade(engine)
    first = seed(engine)
    assert first.changed and first.inserted["states"] >= 249 and first.inserted["registry_facts"] > 250
    with engine.connect() as conn:
        counts = {
            t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar()
            for t in TABLES
        }
    second = seed(engine)
    assert not second.changed
    with engine.connect() as conn:
        assert counts == {
            t: conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar()
            for t in TABLES
        }
    assert read_state(empty_db_url) == (HEAD_REVISION, shipped_digest())
    engine.dispose()


def test_seeding_repairs_edited_and_removes_stray_registry_rows(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade(engine)
    seed(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE registry_facts SET on_date = '1999-01-01' WHERE agreement_id = 'pfp-sofa' "
                "AND state_code = 'RUS' AND kind = 'entry_into_force'"
            )
        )
        conn.execute(
            text(
                "INSERT INTO participations (agreement_id, state_code, status) VALUES ('pfp-sofa', 'BRA', 'party')"
            )
        )
        conn.execute(text("UPDATE registry_meta SET value = 'stale' WHERE key = 'seed_digest'"))
    report = seed(engine)
    assert report.updated["registry_facts"] == 1 and report.deleted["participations"] == 1
    registry = read_registry(empty_db_url)
    eif = registry.participations[("pfp-sofa", "RUS")].fact("entry_into_force")
    assert eif is not None and eif.on == date(2007, 9, 27)
    assert ("pfp-sofa", "BRA") not in registry.participations
    engine.dispose()


def test_a_failed_seed_leaves_the_database_as_it_was(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(empty_db_url)
    upgrade(engine)
    import sofadesk.db.seed as seed_module

    real = seed_module._sync
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:  # after states, agreements and aliases were written in this transaction
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(seed_module, "_sync", failing)
    with pytest.raises(RuntimeError):
        seed(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM states")).scalar() == 0
    engine.dispose()


def test_both_read_paths_return_exactly_the_shipped_registry(seeded_db_url: str, shipped: Registry) -> None:
    fast = read_registry(seeded_db_url)
    engine = make_engine(seeded_db_url)
    with engine.connect() as conn:
        slow = load_registry(conn)
    engine.dispose()
    for loaded in (fast, slow):
        assert loaded.states == shipped.states
        assert loaded.agreements == shipped.agreements
        assert loaded.aliases == shipped.aliases
        assert loaded.participations == shipped.participations


def test_an_unmigrated_database_is_reported_not_ready(tmp_path: object) -> None:
    with pytest.raises(DatabaseNotReady):
        read_state("sqlite:////nonexistent/dir/sofadesk.db")


_ENGINES: dict[str, InForceEngine] = {}


def _engine_for(url: str) -> InForceEngine:
    if url not in _ENGINES:
        _ENGINES[url] = InForceEngine(read_registry(url))
    return _ENGINES[url]


@pytest.fixture(scope="module")
def both_backends(seeded_db_url: str) -> str:
    return seeded_db_url


CODES = [
    "RUS",
    "USA",
    "DEU",
    "DNK",
    "CHE",
    "POL",
    "TUR",
    "BRA",
    "SWE",
    "CAN",
    "FRA",
    "KAZ",
    "UZB",
    "LVA",
    "SRB",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(CODES),
    st.sampled_from(CODES),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 1, 1)),
)
def test_the_answer_from_the_database_equals_the_answer_from_the_shipped_data(
    seeded_db_url: str, engine: InForceEngine, s: str, r: str, day: date
) -> None:
    # Run for SQLite and for PostgreSQL: each equals the shipped answer, hence the two back-ends agree.
    assert _engine_for(seeded_db_url).answer(s, r, day) == engine.answer(s, r, day)


def test_the_migrations_create_exactly_the_models(empty_db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import sofadesk.db.all_models  # noqa: F401  (registers every table on Base.metadata)

    engine = make_engine(empty_db_url)
    upgrade(engine)
    from sofadesk.db.search_indexes import NAMES as OPTIONAL_INDEXES  # made only where pg_trgm can be

    def declared(obj: Any, name: str | None, type_: str, reflected: bool, _other: Any) -> bool:
        return not (type_ == "index" and reflected and name in OPTIONAL_INDEXES)

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": declared})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def _plain_btree(index: dict[str, Any]) -> bool:
    """Not partial, not an expression, not GIN or another access method: an index whose leading columns can
    answer what a shorter one would."""
    options = index.get("dialect_options", {})
    partial = any(k.endswith("_where") for k in options)
    return (
        not partial
        and options.get("postgresql_using", "btree") == "btree"
        and None not in index["column_names"]
    )


def test_no_index_repeats_the_leading_columns_of_another(empty_db_url: str) -> None:
    """An index on (a, b) where one on (a, b, c), or another on (a, b), exists answers nothing the other
    cannot, and every insert and every update that moves the row (a decision's, say) writes both (issue 18)."""
    engine = make_engine(empty_db_url)
    upgrade(engine)
    insp = inspect(engine)
    redundant = []
    for table in insp.get_table_names():
        indexes = [i for i in insp.get_indexes(table) if _plain_btree(i)]
        others = [(i["name"], tuple(i["column_names"])) for i in indexes]
        others += [(u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)]
        pk = insp.get_pk_constraint(table)
        others += [(pk["name"], tuple(pk["constrained_columns"]))] if pk["constrained_columns"] else []
        # A unique index is a constraint as well as a path: never redundant as such.
        for index in (i for i in indexes if not i["unique"]):
            columns = tuple(index["column_names"])
            if any(name != index["name"] and other[: len(columns)] == columns for name, other in others):
                redundant.append(f"{table}.{index['name']} {columns}")
    engine.dispose()
    assert redundant == [], "\n".join(redundant)

"""Shared fixtures: the shipped registry, and databases on SQLite and (when configured) PostgreSQL.

PostgreSQL is reached through SOFADESK_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).
Each test run works in its own schema, dropped at the end.  In CI the variable must be set: the PostgreSQL
tests are never silently skipped there.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry
from sofadesk.registry.shipped import load_shipped

PG_ENV = "SOFADESK_TEST_DATABASE_URL"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"CI is set but {PG_ENV} is not: the PostgreSQL tests must run in CI")


@pytest.fixture(scope="session", autouse=True)
def audit_signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tree heads signed by any test (the API fuzz run signs some) use a key of the test run, never one made in
    the user's own data directory."""
    with pytest.MonkeyPatch.context() as mp:
        if not os.environ.get("SOFADESK_AUDIT_KEY_FILE"):
            mp.setenv("SOFADESK_AUDIT_KEY_FILE", str(tmp_path_factory.mktemp("audit-key") / "audit.pem"))
        yield


@pytest.fixture(scope="session")
def shipped() -> Registry:
    return load_shipped()


@pytest.fixture(scope="session")
def engine(shipped: Registry) -> InForceEngine:
    return InForceEngine(shipped)


def _pg_base() -> str | None:
    return os.environ.get(PG_ENV) or None


def _with_schema(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def pg_schema_factory() -> Iterator[object]:
    """Creates fresh PostgreSQL schemas on demand; drops them all at the end of the session."""
    base = _pg_base()
    created: list[str] = []

    def make() -> str:
        assert base is not None
        import psycopg

        schema = f"sofadesk_t_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        created.append(schema)
        return _with_schema(base, schema)

    yield make
    if base and created:
        import psycopg

        with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            for schema in created:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


BACKENDS = ["sqlite", "postgresql"]


def fresh_url(backend: str, tmp_path: Path, pg_schema_factory: object) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'sofadesk-{uuid.uuid4().hex[:6]}.db'}"
    if _pg_base() is None:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); CI always sets it")
    return pg_schema_factory()  # type: ignore[operator,no-any-return]


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, pg_schema_factory: object) -> str:
    """A database with no schema yet, on each back-end."""
    return fresh_url(request.param, tmp_path, pg_schema_factory)


@pytest.fixture
def set_up_sessions(empty_db_url: str) -> Iterator[Any]:
    """Sessions (a sessionmaker) on a migrated and seeded database of the test's own, on each back-end."""
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory

    set_up_database(empty_db_url)
    engine = make_engine(empty_db_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture(params=BACKENDS, scope="session")
def seeded_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> str:
    """A migrated and seeded database on each back-end, shared by read-only tests."""
    from sofadesk.db.bootstrap import set_up_database

    url = fresh_url(request.param, tmp_path_factory.mktemp("seeded"), pg_schema_factory)
    set_up_database(url)
    return url


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> object:
    """Runs the real entry point (sofadesk.cli.main) in-process, on a private embedded database by default."""
    monkeypatch.setenv("SOFADESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SOFADESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, database_url: str | None = None) -> CliResult:
        from sofadesk.cli import main

        if database_url:
            monkeypatch.setenv("SOFADESK_DATABASE_URL", database_url)
        monkeypatch.setattr(sys, "argv", ["sofadesk", *args])
        capsys.readouterr()
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def submitted_transit(session: Any, user: Any, content: Any, inforce: InForceEngine | None = None) -> Any:
    """A transit filed by `user` and submitted (its row); the in-force engine read from the database if not
    given."""
    from sofadesk.cases.transit import service
    from sofadesk.registry.store import load_registry

    t = service.create(session, user, content)
    session.flush()
    service.submit(
        session, user, t.id, t.version, inforce or InForceEngine(load_registry(session.connection()))
    )
    return t


def demo_sessions(url: str) -> tuple[Any, Any, InForceEngine]:
    """`url` migrated, seeded and given the demo's users (demo_database): its engine (the caller disposes of
    it), a session factory and the in-force engine of its registry."""
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.registry.store import load_registry

    demo_database(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        inforce = InForceEngine(load_registry(conn))
    return engine, session_factory(engine), inforce


def demo_database(url: str) -> dict[str, str]:
    """Migrate and seed `url`, then add the demo States' users; returns username -> API token.  Copied from
    this process's own seeded template (tests/demo_template.py): seeding again for every module was minutes of
    the suite."""
    from tests.demo_template import copied

    return copied(url, seed_demo_database, Path(tempfile.gettempdir()) / f"sofadesk-demo-{os.getpid()}")


def seed_demo_database(url: str) -> dict[str, str]:
    """The demo seeded through the services (what demo_database copies)."""
    from sofadesk.cases.transit.demo_data import seed_demo
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory

    set_up_database(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            return seed_demo(session)
    finally:
        engine.dispose()

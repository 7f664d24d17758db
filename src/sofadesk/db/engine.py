"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# Compiled statements kept per engine (SQLAlchemy's default is 500): the search alone has a few hundred shapes
# (cases.core.kinds.BUILT_KEPT), and an evicted statement is compiled again on its next use.
QUERY_CACHE_SIZE = 2000


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, query_cache_size=QUERY_CACHE_SIZE)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # Connections are opened on demand and kept (the API's thread pool is far smaller than this), recycled
    # hourly instead of pinged on every checkout (a ping is one more round trip per request).
    # A server that does not answer is given up after 5 s (a refused connection fails at once), so a request
    # fails fast with 503 rather than holding a worker while the database is away.
    engine = create_engine(
        url,
        pool_size=20,
        max_overflow=20,
        pool_recycle=3600,
        pool_timeout=10,
        connect_args={"connect_timeout": 5},
        query_cache_size=QUERY_CACHE_SIZE,
    )
    event.listen(engine, "connect", without_jit)
    return engine


def without_jit(dbapi_connection: Any, _record: Any) -> None:
    """A new PostgreSQL connection is set to run without JIT compilation (once: connections are pooled).

    PostgreSQL compiles a statement to machine code when its estimated cost passes `jit_above_cost`.  A walk
    along an index that stops after a page (a search, a list filtered by a condition met often) is estimated at
    the cost of reading every row, far past that threshold, and runs in milliseconds: at 100,000 transits the
    search page's walk ran in 4.7 ms after 194 ms of compiling (`EXPLAIN ANALYZE`, BENCHMARKS.md, issue 18).
    Every statement here is a short one of that kind; none is the long analytical query JIT pays off for.  Set
    by a statement rather than in the connection's startup options, which would replace a deployment's own
    (PGOPTIONS, a service file) and which a connection pooler such as PgBouncer may refuse."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def load_models() -> None:
    """Import every model module: a model's foreign keys name other models' tables, which SQLAlchemy can resolve
    only once those modules are imported.  Sessions are made here, so no path (a CLI command on an already
    set-up database, the API) can reach the database with half the schema known."""
    import sofadesk.db.all_models  # noqa: F401


def session_factory(engine: Engine) -> sessionmaker[Session]:
    load_models()
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for requests that only read: no BEGIN and COMMIT round trips around them.  Nothing is lost:
    under PostgreSQL's default READ COMMITTED each statement of a transaction sees its own snapshot anyway,
    so a read made of two statements is exactly as consistent inside a transaction as outside one."""
    load_models()
    return sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


def database_key(session: Session) -> str:
    """The session's database, as its URL without the password: the key of what a process keeps per database
    (the search's common words, the activity feeds)."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    return engine.url.render_as_string(hide_password=True)

"""The CLI's read path: the registry through the plain DB-API (sqlite3 or psycopg), without SQLAlchemy.

Importing SQLAlchemy alone takes about a quarter of a second; `sofadesk coverage` is used in scripts and must
answer in well under half a second.  The queries come from sofadesk.registry.rows, shared with the SQLAlchemy
path, so the two cannot drift apart (a test compares them on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sofadesk.registry.local import CONFIRMED_SQL, acts_from_rows, with_acts
from sofadesk.registry.model import Registry
from sofadesk.registry.rows import TABLES, registry_from_rows, select_sql


class DatabaseError(RuntimeError):
    """The database cannot be reached or read; the message says which and what to do."""


class DatabaseNotReady(RuntimeError):
    """Reachable, but not migrated to the current schema or not seeded with the current registry data."""


def sqlite_path(url: str) -> Path | None:
    for prefix in ("sqlite+pysqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            return Path(url[len(prefix) :])
    return None


def redact(url: str) -> str:
    """The URL without any password, for messages."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


@contextmanager
def dbapi_connection(url: str) -> Iterator[Any]:
    path = sqlite_path(url)
    if path is not None:
        import sqlite3

        if not path.exists():
            raise DatabaseNotReady(f"the database file {path} does not exist yet")
        conn: Any = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    elif url.split("://", 1)[0] in ("postgresql", "postgresql+psycopg", "postgres"):
        import psycopg

        try:
            conn = psycopg.connect("postgresql://" + url.split("://", 1)[1], connect_timeout=5)
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot connect to {redact(url)}: {str(exc).strip()}") from exc
    else:
        raise DatabaseError(
            f"unsupported database URL {redact(url)}; use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
        )
    try:
        yield conn
    finally:
        conn.close()


def _fetch(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    cur = conn.cursor()
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def _is_missing_table(exc: Exception) -> bool:
    text = str(exc).lower()
    return "no such table" in text or "does not exist" in text or "undefined" in type(exc).__name__.lower()


def read_state(url: str) -> tuple[str | None, str | None]:
    """(schema revision, seed digest) of the database; (None, None) where it has no schema yet."""
    with dbapi_connection(url) as conn:
        try:
            revision = _fetch(conn, "SELECT version_num FROM alembic_version")
            digest = _fetch(conn, "SELECT value FROM registry_meta WHERE key = 'seed_digest'")
        except Exception as exc:
            if _is_missing_table(exc):
                return None, None
            raise DatabaseError(f"cannot read {redact(url)}: {exc}") from exc
    return (revision[0][0] if revision else None), (digest[0][0] if digest else None)


def read_registry(url: str) -> Registry:
    with dbapi_connection(url) as conn:
        try:
            rows = {name: _fetch(conn, select_sql(name)) for name in TABLES}
            local = _fetch(conn, CONFIRMED_SQL)
        except Exception as exc:
            raise DatabaseError(f"cannot read the registry from {redact(url)}: {exc}") from exc
    shipped = registry_from_rows(
        rows["states"],
        rows["state_aliases"],
        rows["agreements"],
        rows["participations"],
        rows["registry_facts"],
    )
    return with_acts(shipped, acts_from_rows(local))

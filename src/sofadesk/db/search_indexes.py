"""The search's trigram indexes on PostgreSQL (issue 18): one over each case kind's revisions' text (partial,
WHERE kind = ...), and over the cases' references and the exercises' names.  They need the `pg_trgm` extension
(PostgreSQL's contrib; trusted since PostgreSQL 13, so a database owner may create it), installed once per
database in `public` and its operator class named where it is, so that several schemas of one database (the
tests make one each) share it.  Optional: where the extension cannot be created nothing fails, and search
walks the lists instead (sofadesk.search.candidates, sofadesk.search.service).  Migration 0014 makes them;
`sofadesk db upgrade` calls `ensure` again each time, so that installing the extension later and upgrading again adds them."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa

# Each case kind's revisions, one index each: a word common in one kind (a place every transit crosses) must
# not make the lookup for another kind read the first kind's entries (measured at 100,000 transits: 17 ms for
# the exercises' lookup through a shared index, under 1 ms through their own).
KINDS = ("transit", "exercise", "incident", "claim")
# Each case kind's table and the columns the search matches besides the revision's text.
COLUMNS = (
    ("transits", "reference"),
    ("exercises", "reference"),
    ("exercises", "name"),
    ("incidents", "reference"),
    ("claims", "reference"),
)


def revisions_index(kind: str) -> str:
    return f"ix_case_revisions_{kind}_trgm"


def column_index(table: str, column: str) -> str:
    return f"ix_{table}_{column}_trgm"


NAMES = frozenset([revisions_index(kind) for kind in KINDS] + [column_index(t, c) for t, c in COLUMNS])


def _trigram_schema(conn: sa.Connection) -> str | None:
    found = conn.scalar(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ))  # fmt: skip
    return None if found is None else str(found)


def ensure(conn: sa.Connection) -> bool:
    """Create the extension and the indexes where missing; whether the indexes are there (always False on
    another database than PostgreSQL)."""
    if conn.dialect.name != "postgresql":
        return False
    if _trigram_schema(conn) is None:
        # A refusal (no privilege, no contrib) must not abort the caller's work, nor must another schema's
        # migration having created it meanwhile: whether it is there is checked next.
        with contextlib.suppress(sa.exc.DBAPIError), conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    schema = _trigram_schema(conn)
    if schema is None:
        return False
    for kind in KINDS:
        conn.execute(sa.text(
            f"CREATE INDEX IF NOT EXISTS {revisions_index(kind)} ON case_revisions USING gin "
            f"((CAST(content AS VARCHAR)) \"{schema}\".gin_trgm_ops) WHERE kind = '{kind}'"
        ))  # fmt: skip
    for table, column in COLUMNS:
        conn.execute(sa.text(
            f'CREATE INDEX IF NOT EXISTS {column_index(table, column)} ON {table} USING gin ({column} "{schema}".gin_trgm_ops)'
        ))  # fmt: skip
    return True


def drop(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        for name in sorted(NAMES):
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))

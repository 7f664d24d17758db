"""Trigram indexes over each case revision's text and each case's reference and name (PostgreSQL): the search
page finds the few cases a rare word names from the indexes instead of reading every visible case (issue 18).

The index needs the `pg_trgm` extension (shipped with PostgreSQL's contrib, trusted since PostgreSQL 13, so a
database owner may create it).  Installed once per database, in `public`, and its operator class named there:
several schemas of one database (the tests make one each) share it.  Where it cannot be created the migration
goes on without the index and the search reads revisions as before (sofadesk.search.service.trigram_ready).

Revision ID: 20261201_0014
Revises: 20261201_0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0014"
down_revision = "20261201_0013"
branch_labels = None
depends_on = None

# One index per case kind, over that kind's revisions only: a word common in one kind (a place every transit
# crosses) must not make the lookup for another kind read the first kind's entries (measured at 100,000
# transits: 17 ms for the exercises' lookup through a shared index, under 1 ms through their own).
KINDS = ("transit", "exercise", "incident", "claim")
# Each case kind's table and the columns the search matches besides the revision's text.
COLUMNS = [
    ("transits", "reference"),
    ("exercises", "reference"),
    ("exercises", "name"),
    ("incidents", "reference"),
    ("claims", "reference"),
]


def _has_trigrams(conn: sa.Connection) -> bool:
    return bool(conn.scalar(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")) == 1)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    if not _has_trigrams(conn):
        try:
            with conn.begin_nested():  # a refusal (no privilege, no contrib) must not abort the migration
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        except sa.exc.DBAPIError:
            pass  # created meanwhile by another schema's migration, or not allowed here: checked next
    if _has_trigrams(conn):
        schema = conn.scalar(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"))  # fmt: skip
        for kind in KINDS:
            conn.execute(sa.text(
                f'CREATE INDEX ix_case_revisions_{kind}_trgm ON case_revisions USING gin '
                f'((CAST(content AS VARCHAR)) "{schema}".gin_trgm_ops) WHERE kind = \'{kind}\''
            ))  # fmt: skip
        for table, column in COLUMNS:
            conn.execute(sa.text(
                f'CREATE INDEX ix_{table}_{column}_trgm ON {table} USING gin ({column} "{schema}".gin_trgm_ops)'
            ))  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in KINDS:
            op.execute(f"DROP INDEX IF EXISTS ix_case_revisions_{kind}_trgm")
        for table, column in COLUMNS:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_trgm")

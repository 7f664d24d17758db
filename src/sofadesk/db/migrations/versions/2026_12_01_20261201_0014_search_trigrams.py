"""Trigram indexes for the search (PostgreSQL): over each case kind's revisions' text and the cases' references
and names, so that a rare word's cases are found from an index instead of reading every visible case (issue 18).
Optional: without the `pg_trgm` extension the migration goes on without them (sofadesk.db.search_indexes).

Revision ID: 20261201_0014
Revises: 20261201_0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from sofadesk.db import search_indexes

revision = "20261201_0014"
down_revision = "20261201_0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_indexes.ensure(op.get_bind())


def downgrade() -> None:
    search_indexes.drop(op.get_bind())

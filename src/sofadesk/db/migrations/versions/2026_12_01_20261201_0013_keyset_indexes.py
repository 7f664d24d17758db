"""Indexes for keyset pages and the pending list (issue 18): each list's sort keys (the search page reads them
backwards, newest first), and the open decisions per State and due date as a partial index.

Revision ID: 20261201_0013
Revises: 20261201_0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0013"
down_revision = "20261201_0012"
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'pending'")
INDEXES = [
    ("ix_transits_first_entry_id", "transits", ["first_entry", "id"]),
    ("ix_transits_sending_status_entry", "transits", ["sending_state", "status", "first_entry", "id"]),
    ("ix_exercises_starts_on_id", "exercises", ["starts_on", "id"]),
    ("ix_incidents_occurred_on_id", "incidents", ["occurred_on", "id"]),
    ("ix_claims_occurred_on_id", "claims", ["occurred_on", "id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.create_index(
        "ix_case_slots_open",
        "case_slots",
        ["state_code", "kind", "due_on", "case_id", "id"],
        unique=False,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_case_slots_open", table_name="case_slots")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)

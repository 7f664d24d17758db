"""Treaty registry: States, agreements, participations, dated facts.

Revision ID: 20261128_0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261128_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "states",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("alpha2", sa.String(2), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("official_name", sa.String(300)),
        sa.Column("common_name", sa.String(200)),
    )
    op.create_table(
        "state_aliases",
        sa.Column("alias", sa.String(200), primary_key=True),
        sa.Column("state_code", sa.String(3), sa.ForeignKey("states.code"), nullable=False),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("done_at", sa.String(100), nullable=False),
        sa.Column("done_on", sa.Date, nullable=False),
        sa.Column("depositary", sa.String(200), nullable=False),
        sa.Column("general_entry_into_force", sa.Date, nullable=False),
        sa.Column("general_eif_source_title", sa.Text, nullable=False),
        sa.Column("general_eif_source_url", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("depends_on", sa.String(32), sa.ForeignKey("agreements.id")),
    )
    op.create_table(
        "participations",
        sa.Column("agreement_id", sa.String(32), sa.ForeignKey("agreements.id"), primary_key=True),
        sa.Column("state_code", sa.String(3), sa.ForeignKey("states.code"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "registry_facts",
        sa.Column("agreement_id", sa.String(32), primary_key=True),
        sa.Column("state_code", sa.String(3), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("on_date", sa.Date),
        sa.Column("date_status", sa.String(16), nullable=False),
        sa.Column("instrument_kind", sa.String(32)),
        sa.Column("place", sa.String(100)),
        sa.Column("summary", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("source_title", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.ForeignKeyConstraint(
            ["agreement_id", "state_code"], ["participations.agreement_id", "participations.state_code"]
        ),
    )
    op.create_table(
        "registry_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "registry_meta",
        "registry_facts",
        "participations",
        "agreements",
        "state_aliases",
        "states",
    ):
        op.drop_table(table)

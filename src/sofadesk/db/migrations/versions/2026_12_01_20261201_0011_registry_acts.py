"""Registry updates in the application: acts entered by registry editors, confirmed by a second (four eyes).

Revision ID: 20261201_0011
Revises: 20261130_0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0011"
down_revision = "20261201_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=32), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("instrument_kind", sa.String(length=32), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("source_where", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["proposed_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["state_code"], ["states.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("registry_acts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_acts_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registry_acts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_acts_status"))
    op.drop_table("registry_acts")

"""Signed tree heads of the audit log (a Merkle tree over the events, RFC 9162 style).

Revision ID: 20261201_0012
Revises: 20261201_0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0012"
down_revision = "20261201_0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_tree_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tree_size", sa.Integer(), nullable=False),
        sa.Column("root_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("frontier", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_tree_heads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_tree_heads_tree_size"), ["tree_size"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_tree_heads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_tree_heads_tree_size"))
    op.drop_table("audit_tree_heads")

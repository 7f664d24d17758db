"""Case work: authorities, users, API tokens, audit chain, transits, notice rules, idempotency keys.

Revision ID: 20261128_0002
Revises: 20261128_0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261128_0002"
down_revision = "20261128_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sa.String(length=64), nullable=True),
        sa.Column("actor_state", sa.String(length=3), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("citations", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_target_id"), ["target_id"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key"),
    )
    op.create_table(
        "authorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("state_code"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authorities.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_authority_id"), ["authority_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notice_rules",
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("lead_time_working_days", sa.Integer(), nullable=False),
        sa.Column("requires_countersignature", sa.Boolean(), nullable=False),
        sa.Column("restrictions", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("state_code"),
    )
    op.create_table(
        "transits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("sending_state", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("first_entry", sa.Date(), nullable=False),
        sa.Column("last_exit", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sending_state"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("transits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transits_first_entry"), ["first_entry"], unique=False)
        batch_op.create_index(batch_op.f("ix_transits_last_exit"), ["last_exit"], unique=False)
        batch_op.create_index(batch_op.f("ix_transits_sending_state"), ["sending_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_transits_status"), ["status"], unique=False)

    op.create_table(
        "transit_crossings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("point", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transit_id"],
            ["transits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transit_crossings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transit_crossings_transit_id"), ["transit_id"], unique=False)

    op.create_table(
        "transit_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("carried_over_from", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transit_id"],
            ["transits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transit_id", "revision", "state_code"),
    )
    with op.batch_alter_table("transit_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transit_decisions_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_transit_decisions_state_code"), ["state_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_transit_decisions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_transit_decisions_transit_id"), ["transit_id"], unique=False)

    op.create_table(
        "transit_parties",
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["transit_id"],
            ["transits.id"],
        ),
        sa.PrimaryKeyConstraint("transit_id", "state_code"),
    )
    with op.batch_alter_table("transit_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transit_parties_state_code"), ["state_code"], unique=False)

    op.create_table(
        "transit_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transit_id"],
            ["transits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transit_id", "number"),
    )
    with op.batch_alter_table("transit_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transit_revisions_transit_id"), ["transit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("transit_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transit_revisions_transit_id"))

    op.drop_table("transit_revisions")
    with op.batch_alter_table("transit_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transit_parties_state_code"))

    op.drop_table("transit_parties")
    with op.batch_alter_table("transit_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transit_decisions_transit_id"))
        batch_op.drop_index(batch_op.f("ix_transit_decisions_status"))
        batch_op.drop_index(batch_op.f("ix_transit_decisions_state_code"))
        batch_op.drop_index(batch_op.f("ix_transit_decisions_due_on"))

    op.drop_table("transit_decisions")
    with op.batch_alter_table("transit_crossings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transit_crossings_transit_id"))

    op.drop_table("transit_crossings")
    with op.batch_alter_table("transits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transits_status"))
        batch_op.drop_index(batch_op.f("ix_transits_sending_state"))
        batch_op.drop_index(batch_op.f("ix_transits_last_exit"))
        batch_op.drop_index(batch_op.f("ix_transits_first_entry"))

    op.drop_table("transits")
    op.drop_table("notice_rules")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_authority_id"))

    op.drop_table("users")
    op.drop_table("authorities")
    op.drop_table("idempotency_keys")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_target_id"))

    op.drop_table("audit_events")

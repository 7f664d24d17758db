"""Exercises: training areas and their bookings, participants, contingents, customs certificates; the link
from a transit to the exercise it serves.

Revision ID: 20261128_0003
Revises: 20261128_0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261128_0003"
down_revision = "20261128_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("host_state", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["host_state"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exercises_ends_on"), ["ends_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_host_state"), ["host_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_starts_on"), ["starts_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_status"), ["status"], unique=False)

    op.create_table(
        "training_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("capacity_persons", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("state_code", "code"),
    )
    with op.batch_alter_table("training_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_areas_state_code"), ["state_code"], unique=False)

    op.create_table(
        "area_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("planned_persons", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["training_areas.id"],
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("area_bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_area_bookings_area_days", ["area_id", "first_day", "last_day"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_area_bookings_exercise_id"), ["exercise_id"], unique=False)

    op.create_table(
        "contingents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("exercise_id", "state_code", "number"),
    )
    with op.batch_alter_table("contingents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contingents_exercise_id"), ["exercise_id"], unique=False)

    op.create_table(
        "exercise_participants",
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.Column("responded_by", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["responded_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("exercise_id", "state_code"),
    )
    with op.batch_alter_table("exercise_participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exercise_participants_state_code"), ["state_code"], unique=False)

    op.create_table(
        "customs_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=60), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("contingent_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("discharge", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contingent_id"],
            ["contingents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["exercises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial"),
    )
    with op.batch_alter_table("customs_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customs_certificates_exercise_id"), ["exercise_id"], unique=False
        )

    with op.batch_alter_table("transits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exercise_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_transits_exercise_id"), ["exercise_id"], unique=False)
        batch_op.create_foreign_key("fk_transits_exercise_id_exercises", "exercises", ["exercise_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("transits", schema=None) as batch_op:
        batch_op.drop_constraint("fk_transits_exercise_id_exercises", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_transits_exercise_id"))
        batch_op.drop_column("exercise_id")

    with op.batch_alter_table("customs_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customs_certificates_exercise_id"))

    op.drop_table("customs_certificates")
    with op.batch_alter_table("exercise_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercise_participants_state_code"))

    op.drop_table("exercise_participants")
    with op.batch_alter_table("contingents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contingents_exercise_id"))

    op.drop_table("contingents")
    with op.batch_alter_table("area_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_bookings_exercise_id"))
        batch_op.drop_index("ix_area_bookings_area_days")

    op.drop_table("area_bookings")
    with op.batch_alter_table("training_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_areas_state_code"))

    op.drop_table("training_areas")
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercises_status"))
        batch_op.drop_index(batch_op.f("ix_exercises_starts_on"))
        batch_op.drop_index(batch_op.f("ix_exercises_host_state"))
        batch_op.drop_index(batch_op.f("ix_exercises_ends_on"))

    op.drop_table("exercises")

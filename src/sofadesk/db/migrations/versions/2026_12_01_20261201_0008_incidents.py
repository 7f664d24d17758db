"""Incidents and criminal jurisdiction (issue 16): the incident cases with their persons, statements on the law,
duty certificates, waiver requests, custody, visits, trials and attachments; each State's incident settings,
standing waiver practices and trial-observer roster.

Revision ID: 20261201_0008
Revises: 20261130_0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0008"
down_revision = "20261130_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "incident_observers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lawyer", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_observers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_observers_state_code"), ["state_code"], unique=False)

    op.create_table(
        "incident_state_settings",
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("contest_working_days", sa.Integer(), nullable=False),
        sa.Column("waiver_answer_working_days", sa.Integer(), nullable=False),
        sa.Column("arrest_notice_working_days", sa.Integer(), nullable=False),
        sa.Column("custody_answer_working_days", sa.Integer(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
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
        "incident_waiver_practices",
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("sending_state", sa.String(length=3), nullable=False),
        sa.Column("advance_waiver", sa.Boolean(), nullable=False),
        sa.Column("recall_days", sa.Integer(), nullable=False),
        sa.Column("recall_likely", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receiving_state"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["sending_state"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("receiving_state", "sending_state"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("sending_state", sa.String(length=3), nullable=False),
        sa.Column("reported_by_state", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("police_reference", sa.String(length=100), nullable=True),
        sa.Column("prosecutor_reference", sa.String(length=100), nullable=True),
        sa.Column("offence_description", sa.String(length=1000), nullable=False),
        sa.Column("offence_type", sa.String(length=32), nullable=False),
        sa.Column("harmed", sa.JSON(), nullable=False),
        sa.Column("minor_offence", sa.Boolean(), nullable=False),
        sa.Column("finding", sa.JSON(), nullable=False),
        sa.Column("jurisdiction_kind", sa.String(length=24), nullable=True),
        sa.Column("primary_right_state", sa.String(length=3), nullable=True),
        sa.Column("trying_state", sa.String(length=3), nullable=True),
        sa.Column("principal_category", sa.String(length=24), nullable=True),
        sa.Column("suspect_categories", sa.String(length=1300), nullable=False),
        sa.Column("waived", sa.Boolean(), nullable=True),
        sa.Column("recalled", sa.Boolean(), nullable=False),
        sa.Column("charges_dropped", sa.Boolean(), nullable=False),
        sa.Column("tried", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("primary_decision", sa.String(length=16), nullable=True),
        sa.Column("primary_decision_state", sa.String(length=3), nullable=True),
        sa.Column("primary_decision_note", sa.Text(), nullable=True),
        sa.Column("primary_decided_at", sa.DateTime(), nullable=True),
        sa.Column("case_notified_on", sa.Date(), nullable=True),
        sa.Column("recall_statement", sa.Text(), nullable=True),
        sa.Column("recalled_at", sa.DateTime(), nullable=True),
        sa.Column("disposition", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["receiving_state"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["sending_state"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incidents_receiving_stats",
            [
                "receiving_state",
                "occurred_on",
                "sending_state",
                "jurisdiction_kind",
                "primary_right_state",
                "waived",
                "recalled",
                "charges_dropped",
                "tried",
                "outcome",
                "offence_type",
                "suspect_categories",
            ],
            unique=False,
        )
        batch_op.create_index(
            "ix_incidents_sending_stats",
            [
                "sending_state",
                "occurred_on",
                "receiving_state",
                "jurisdiction_kind",
                "primary_right_state",
                "waived",
                "recalled",
                "charges_dropped",
                "tried",
                "outcome",
                "offence_type",
                "suspect_categories",
            ],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_incidents_status"), ["status"], unique=False)

    op.create_table(
        "incident_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("by_state", sa.String(length=3), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_attachments_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_number", sa.Integer(), nullable=False),
        sa.Column("held_by", sa.String(length=3), nullable=False),
        sa.Column("arrest", sa.Boolean(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("notice_due_on", sa.Date(), nullable=True),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_custody", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_custody_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_custody_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_number", sa.Integer(), nullable=False),
        sa.Column("by_state", sa.String(length=3), nullable=False),
        sa.Column("to_state", sa.String(length=3), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answer_note", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_custody_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_custody_requests_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_duty_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("contest_until", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answer_note", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_decided_by", sa.String(length=300), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_duty_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_duty_certificates_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incident_law_statements",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("punishable", sa.Boolean(), nullable=False),
        sa.Column("security_offence", sa.Boolean(), nullable=False),
        sa.Column("death_penalty_possible", sa.Boolean(), nullable=False),
        sa.Column("provision", sa.String(length=300), nullable=True),
        sa.Column("stated_by", sa.Integer(), nullable=False),
        sa.Column("stated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["stated_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("incident_id", "state_code"),
    )
    op.create_table(
        "incident_persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("identifier", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_persons_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_number", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("court", sa.String(length=300), nullable=False),
        sa.Column("charges", sa.Text(), nullable=False),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("in_receiving_state_territory", sa.Boolean(), nullable=False),
        sa.Column("hearings", sa.JSON(), nullable=False),
        sa.Column("observer_id", sa.Integer(), nullable=True),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("sentence", sa.String(length=24), nullable=True),
        sa.Column("sentence_detail", sa.Text(), nullable=True),
        sa.Column("verdict_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["observer_id"],
            ["incident_observers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_trials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_trials_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("person_number", sa.Integer(), nullable=False),
        sa.Column("by_state", sa.String(length=3), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_visits_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_waiver_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("by_state", sa.String(length=3), nullable=False),
        sa.Column("to_state", sa.String(length=3), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("answer_reasons", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_waiver_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_waiver_requests_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("incident_waiver_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_waiver_requests_incident_id"))

    op.drop_table("incident_waiver_requests")
    with op.batch_alter_table("incident_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_visits_incident_id"))

    op.drop_table("incident_visits")
    with op.batch_alter_table("incident_trials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_trials_incident_id"))

    op.drop_table("incident_trials")
    with op.batch_alter_table("incident_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_persons_incident_id"))

    op.drop_table("incident_persons")
    op.drop_table("incident_law_statements")
    with op.batch_alter_table("incident_duty_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_duty_certificates_incident_id"))

    op.drop_table("incident_duty_certificates")
    with op.batch_alter_table("incident_custody_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_custody_requests_incident_id"))

    op.drop_table("incident_custody_requests")
    with op.batch_alter_table("incident_custody", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_custody_incident_id"))

    op.drop_table("incident_custody")
    with op.batch_alter_table("incident_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_attachments_incident_id"))

    op.drop_table("incident_attachments")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_status"))
        batch_op.drop_index("ix_incidents_sending_stats")
        batch_op.drop_index("ix_incidents_receiving_stats")

    op.drop_table("incidents")
    op.drop_table("incident_waiver_practices")
    op.drop_table("incident_state_settings")
    with op.batch_alter_table("incident_observers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_observers_state_code"))

    op.drop_table("incident_observers")

"""Claims and cost sharing (NATO SOFA Art. VIII): claims on the case engine, each sending State's part, payments,
cost shares, statements and reimbursements, the claimant's uploads, the public form's counter per address, and the
claims offices' configuration (competent offices, national clocks, notice and answer periods, the Art. VIII(2)(f)
conversion rates).  New tables only.

Revision ID: 20261201_0009
Revises: 20261130_0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "20261201_0009"
down_revision = "20261201_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_submit_throttle",
        sa.Column("client", sa.String(length=80), nullable=False),
        sa.Column("window_started", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client"),
    )
    op.create_table(
        "claim_clocks",
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("runs_from", sa.String(length=16), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("damage_kinds", sa.JSON(), nullable=False),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("state_code", "code"),
    )
    op.create_table(
        "claim_offices",
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("damage_kinds", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("state_code", "code"),
    )
    op.create_table(
        "claim_periods",
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("sending_state", sa.String(length=3), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("answer_days", sa.Integer(), nullable=False),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["receiving_state"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["sending_state"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("receiving_state", "sending_state"),
    )
    op.create_table(
        "claim_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("agreed_by", sa.String(length=200), nullable=False),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party"],
            ["states.code"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("party", "from_currency", "to_currency", "valid_from"),
    )
    op.create_table(
        "claim_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("sending_state", sa.String(length=3), nullable=False),
        sa.Column("half", sa.String(length=7), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receiving_state", "sending_state", "half", "currency"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("claim_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_statements_receiving_state"), ["receiving_state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_claim_statements_sending_state"), ["sending_state"], unique=False
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("claimant_kind", sa.String(length=16), nullable=False),
        sa.Column("claimant_state", sa.String(length=3), nullable=True),
        sa.Column("claimant_relation", sa.String(length=24), nullable=False),
        sa.Column("claimant_name", sa.String(length=200), nullable=False),
        sa.Column("claimant_contact", sa.JSON(), nullable=False),
        sa.Column("bank", sa.JSON(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("knew_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("damage_kind", sa.String(length=32), nullable=False),
        sa.Column("manoeuvre", sa.Boolean(), nullable=False),
        sa.Column("unit_marks", sa.String(length=300), nullable=True),
        sa.Column("vehicle_marks", sa.String(length=300), nullable=True),
        sa.Column("claimed_minor", sa.BigInteger(), nullable=False),
        sa.Column("claimed_currency", sa.String(length=3), nullable=False),
        sa.Column("follow_key_hash", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=True),
        sa.Column("office_code", sa.String(length=40), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("route", sa.JSON(), nullable=True),
        sa.Column("route_name", sa.String(length=40), nullable=True),
        sa.Column("awarded_minor", sa.BigInteger(), nullable=True),
        sa.Column("award_currency", sa.String(length=3), nullable=True),
        sa.Column("award_basis", sa.Text(), nullable=True),
        sa.Column("adjudicated_on", sa.Date(), nullable=True),
        sa.Column("paid_minor", sa.BigInteger(), nullable=True),
        sa.Column("paid_currency", sa.String(length=3), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("ex_gratia", sa.JSON(), nullable=False),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["receiving_state"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_occurred_on"), ["occurred_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_paid_on"), ["paid_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_receiving_state"), ["receiving_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_route_name"), ["route_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_status"), ["status"], unique=False)

    op.create_table(
        "claim_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=24), nullable=False),
        sa.Column("forum", sa.String(length=16), nullable=False),
        sa.Column("referred_by", sa.String(length=3), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("award_text", sa.Text(), nullable=True),
        sa.Column("award_minor", sa.BigInteger(), nullable=True),
        sa.Column("award_currency", sa.String(length=3), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_disputes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_disputes_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_documents_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_payments_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_reimbursements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["claim_statements.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_reimbursements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_reimbursements_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "claim_sending_states",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notice_due_on", sa.Date(), nullable=True),
        sa.Column("notice_sent_on", sa.Date(), nullable=True),
        sa.Column("answer_due_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("duty_certificate", sa.String(length=16), nullable=True),
        sa.Column("certificate_on", sa.Date(), nullable=True),
        sa.Column("certificate_by", sa.String(length=200), nullable=True),
        sa.Column("own_reference", sa.String(length=60), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["state_code"],
            ["states.code"],
        ),
        sa.PrimaryKeyConstraint("claim_id", "state_code"),
    )
    with op.batch_alter_table("claim_sending_states", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_sending_states_state_code"), ["state_code"], unique=False)

    op.create_table(
        "claim_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.Integer(), nullable=False),
        sa.Column("receiving_state", sa.String(length=3), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("fraction", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("proposal_on", sa.Date(), nullable=False),
        sa.Column("reply_ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("half", sa.String(length=7), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["claim_statements.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_shares", schema=None) as batch_op:
        batch_op.create_index("ix_claim_shares_claim", ["claim_id", "proposal"], unique=False)
        batch_op.create_index(
            "ix_claim_shares_statement", ["receiving_state", "state_code", "half", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claim_shares_statement_id"), ["statement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_shares_statement_id"))
        batch_op.drop_index("ix_claim_shares_statement")
        batch_op.drop_index("ix_claim_shares_claim")

    op.drop_table("claim_shares")
    with op.batch_alter_table("claim_sending_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_sending_states_state_code"))

    op.drop_table("claim_sending_states")
    with op.batch_alter_table("claim_reimbursements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_reimbursements_statement_id"))

    op.drop_table("claim_reimbursements")
    with op.batch_alter_table("claim_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_payments_claim_id"))

    op.drop_table("claim_payments")
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_documents_claim_id"))

    op.drop_table("claim_documents")
    with op.batch_alter_table("claim_disputes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_disputes_claim_id"))

    op.drop_table("claim_disputes")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_status"))
        batch_op.drop_index(batch_op.f("ix_claims_route_name"))
        batch_op.drop_index(batch_op.f("ix_claims_receiving_state"))
        batch_op.drop_index(batch_op.f("ix_claims_received_on"))
        batch_op.drop_index(batch_op.f("ix_claims_paid_on"))
        batch_op.drop_index(batch_op.f("ix_claims_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_claims_incident_id"))

    op.drop_table("claims")
    with op.batch_alter_table("claim_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_statements_sending_state"))
        batch_op.drop_index(batch_op.f("ix_claim_statements_receiving_state"))

    op.drop_table("claim_statements")
    op.drop_table("claim_rates")
    op.drop_table("claim_periods")
    op.drop_table("claim_offices")
    op.drop_table("claim_clocks")
    op.drop_table("claim_submit_throttle")

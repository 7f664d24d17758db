"""Drop fifteen indexes whose columns lead a longer index or a unique constraint on the same table (issue 18).

Each answered nothing the longer one cannot (a lookup by `incident_id` reads the (incident_id, number)
constraint's index as well), and every insert, and every update that moves an indexed column, wrote both: a
decision changes its case_slots row's status, so each wrote ix_case_slots_case for nothing.  The test
`test_no_index_repeats_the_leading_columns_of_another` keeps it so.

Revision ID: 20261202_0015
Revises: 20261201_0014
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "20261202_0015"
down_revision = "20261201_0014"
branch_labels = None
depends_on = None

# (index, table, its columns): each column list leads a longer index or unique constraint on the table.
REDUNDANT = [
    ("ix_case_slots_case", "case_slots", ["kind", "case_id", "revision"]),
    ("ix_claim_statements_receiving_state", "claim_statements", ["receiving_state"]),
    ("ix_claims_occurred_on", "claims", ["occurred_on"]),
    ("ix_contingents_exercise_id", "contingents", ["exercise_id"]),
    ("ix_exercises_starts_on", "exercises", ["starts_on"]),
    ("ix_incident_custody_incident_id", "incident_custody", ["incident_id"]),
    ("ix_incident_custody_requests_incident_id", "incident_custody_requests", ["incident_id"]),
    ("ix_incident_duty_certificates_incident_id", "incident_duty_certificates", ["incident_id"]),
    ("ix_incident_persons_incident_id", "incident_persons", ["incident_id"]),
    ("ix_incident_trials_incident_id", "incident_trials", ["incident_id"]),
    ("ix_incident_waiver_requests_incident_id", "incident_waiver_requests", ["incident_id"]),
    ("ix_saved_filters_user_id", "saved_filters", ["user_id"]),
    ("ix_training_areas_state_code", "training_areas", ["state_code"]),
    ("ix_transits_first_entry", "transits", ["first_entry"]),
    ("ix_transits_sending_state", "transits", ["sending_state"]),
]


def upgrade() -> None:
    for name, table, _columns in REDUNDANT:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in reversed(REDUNDANT):
        op.create_index(name, table, columns, unique=False)

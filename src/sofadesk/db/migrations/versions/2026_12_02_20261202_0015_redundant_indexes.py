"""Drop sixteen indexes no query needs (issue 18): fifteen whose columns lead a longer index or a unique
constraint on the same table, and case_slots' (state_code, status, due_on).

Each answered nothing the longer one cannot (a lookup by `incident_id` reads the (incident_id, number)
constraint's index as well), and every insert, and every update that moves an indexed column, wrote both: a
decision changes its case_slots row's status, so each wrote ix_case_slots_case for nothing.  The test
`test_no_index_repeats_the_leading_columns_of_another` keeps it so.

Every query that reads case_slots by State asks for open decisions, and the partial index of open decisions
(ix_case_slots_open, migration 0013) answers each of them: with both present PostgreSQL chose
ix_case_slots_state_status_due only for the counts of open and overdue decisions, and without it planned
those on ix_case_slots_open in the same time or less (EXPLAIN ANALYZE, 2,500 transits with half of Russia's
decisions answered).  A decision moves its slot out of the partial index and wrote this one besides.

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

# (index, table, its columns): all but the last lead a longer index or unique constraint on their table.
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
    # Superseded by the partial index of open decisions (see above), not by a longer one.
    ("ix_case_slots_state_status_due", "case_slots", ["state_code", "status", "due_on"]),
]


def upgrade() -> None:
    for name, table, _columns in REDUNDANT:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in reversed(REDUNDANT):
        op.create_index(name, table, columns, unique=False)

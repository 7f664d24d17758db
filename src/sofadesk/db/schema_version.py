"""The newest schema revision, importable without Alembic or SQLAlchemy (the CLI checks it on every call).
A test checks it equals Alembic's own head."""

HEAD_REVISION = "20261201_0014"
# Indexes a migration creates only where the database allows it, so no model declares them: the trigram indexes
# of the search need PostgreSQL's pg_trgm extension (migration 0014; without them search walks the lists).
OPTIONAL_INDEXES = frozenset(
    {
        "ix_case_revisions_transit_trgm",
        "ix_case_revisions_exercise_trgm",
        "ix_case_revisions_incident_trgm",
        "ix_case_revisions_claim_trgm",
        "ix_transits_reference_trgm",
        "ix_exercises_reference_trgm",
        "ix_exercises_name_trgm",
        "ix_incidents_reference_trgm",
        "ix_claims_reference_trgm",
    }
)

"""The newest schema revision, importable without Alembic or SQLAlchemy (the CLI checks it on every call).
A test checks it equals Alembic's own head."""

HEAD_REVISION = "20261201_0014"
# Indexes a migration creates only where the database allows it, so no model declares them: the trigram index
# of revisions' text needs PostgreSQL's pg_trgm extension (migration 0014; without it search reads revisions).
OPTIONAL_INDEXES = frozenset({"ix_case_revisions_text_trgm"})

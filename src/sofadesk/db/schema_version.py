"""The newest schema revision, importable without Alembic or SQLAlchemy (the CLI checks it on every call).
A test checks it equals Alembic's own head."""

HEAD_REVISION = "20261202_0015"

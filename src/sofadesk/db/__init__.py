"""Storage: SQLAlchemy models, engine, Alembic migrations, seeding, and the CLI's fast read."""

"""Alembic environment: the engine is handed in by sofadesk.db.migrate (never read from a file)."""

from __future__ import annotations

from alembic import context

from sofadesk.db.all_models import registry_models

Base = registry_models.Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()

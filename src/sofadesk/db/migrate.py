"""Alembic migrations, run programmatically: no alembic.ini to find, works from an installed package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from sofadesk.db.schema_version import HEAD_REVISION

__all__ = ["HEAD_REVISION", "alembic_config", "script_head", "upgrade"]


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # Date-prefixed migration files, as the house style asks.
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)
    if revision == "head" and engine.dialect.name == "postgresql":
        # Optional indexes a past upgrade could not make (pg_trgm installed since): made now if possible.
        from sofadesk.db import search_indexes

        with engine.begin() as conn:
            search_indexes.ensure(conn)


def script_head(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()

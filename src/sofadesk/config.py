"""Settings: one place, read from the environment.

A plain dataclass rather than pydantic-settings: the CLI reads settings on every call and must start fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATABASE_URL_ENV = "SOFADESK_DATABASE_URL"
DATA_DIR_ENV = "SOFADESK_DATA_DIR"


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("sofadesk", appauthor=False))


@dataclass(frozen=True)
class Settings:
    database_url: str
    # True when the user configured nothing: the embedded SQLite file, which we may set up on first use.
    embedded: bool

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get(DATABASE_URL_ENV, "").strip()
        if url:
            return cls(database_url=url, embedded=False)
        path = default_data_dir() / "sofadesk.db"
        return cls(database_url=f"sqlite:///{path}", embedded=True)

"""The CLI answers registry questions fast because it starts without SQLAlchemy, Alembic, FastAPI or the case
services (0.4 s together); every command that needs them imports them when it runs."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "sofadesk.cases.exercise.service",
    "sofadesk.cases.transit.service",
)


def test_importing_the_cli_loads_none_of_the_heavy_modules() -> None:
    code = f"import sys, sofadesk.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""

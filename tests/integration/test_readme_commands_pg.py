"""The README's commands on PostgreSQL given by URL: the schema made by `sofadesk db upgrade`, every command of the
README run as a user runs it, then the demo again on the same database (test_readme_commands.py runs them on
the embedded database; apart, the two long runs go to different test workers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import fresh_url
from tests.readme_user import User

pytestmark = pytest.mark.slow


def test_it_runs_every_readme_command_on_postgresql_given_by_url(
    tmp_path: Path, pg_schema_factory: object
) -> None:
    url = fresh_url("postgresql", tmp_path, pg_schema_factory)
    user = User(tmp_path / "data", url)
    for words in (["sofadesk", "db", "upgrade"], ["sofadesk", "db", "seed"], ["sofadesk", "db", "status"]):
        user.run(words)
    user.readme()
    user.run(["sofadesk", "demo", "--no-serve"])  # again, on the same database

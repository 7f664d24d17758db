"""The demo database, seeded once per test process and copied for each test that asks for one.

Seeding the demo (migrations, the shipped registry, the demo States' users and cases through the services)
takes seconds, and some eighty test modules start from it on each database.  The first request in a process
seeds a template; later ones copy it: on SQLite with SQLite's own backup (a consistent copy, WAL included), on
PostgreSQL by restoring the template schema's `pg_dump` into the test's schema.  The copy holds the same rows,
sequences, indexes and constraints as a fresh seeding would; the tokens are the ones the seeding issued.  Where
a copy cannot be made (no pg_dump, a target that already holds tables), the demo is seeded as before.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

Seed = Callable[[str], dict[str, str]]

_SQLITE: dict[str, tuple[Path, dict[str, str]]] = {}
_POSTGRES: dict[
    str, tuple[str, dict[str, str]]
] = {}  # server URL -> (dump with a placeholder schema, tokens)
_PLACEHOLDER = "sofadesk_demo_template_schema"


def copied(url: str, seed: Seed, workdir: Path) -> dict[str, str]:
    """The demo in the empty database `url`, copied from this process's template (made by `seed` first)."""
    if url.startswith("sqlite:///"):
        return _sqlite(url, seed, workdir)
    schema = _schema_of(url)
    if url.startswith(("postgresql://", "postgresql+psycopg://")) and schema and shutil.which("pg_dump"):
        return _postgres(url, schema, seed)
    return seed(url)


def _sqlite(url: str, seed: Seed, workdir: Path) -> dict[str, str]:
    target = Path(url.removeprefix("sqlite:///"))
    if target.exists() and target.stat().st_size > 0:
        return seed(url)
    if "template" not in _SQLITE:
        workdir.mkdir(parents=True, exist_ok=True)
        template = workdir / f"demo-template-{uuid.uuid4().hex[:8]}.db"
        _SQLITE["template"] = (template, seed(f"sqlite:///{template}"))
    template, tokens = _SQLITE["template"]
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return dict(tokens)


def _schema_of(url: str) -> str | None:
    options = parse_qs(urlsplit(url).query).get("options", [""])[0]
    return options.removeprefix("-csearch_path=") if options.startswith("-csearch_path=") else None


def _server(url: str) -> str:
    """The URL without the schema option, for the command-line tools and a plain connection."""
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    return parts._replace(query="").geturl()


def _postgres(url: str, schema: str, seed: Seed) -> dict[str, str]:
    import psycopg

    server = _server(url)
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchone() != (0,):
            return seed(url)
        if server not in _POSTGRES:
            template = f"sofadesk_demo_{uuid.uuid4().hex[:10]}"
            conn.execute(f'CREATE SCHEMA "{template}"')
            atexit.register(_drop, server, template)
            tokens = seed(f"{server}?options=-csearch_path%3D{template}")
            dump = subprocess.run(
                ["pg_dump", "--no-owner", "--no-privileges", "--schema", template, server],
                check=True, capture_output=True, text=True, timeout=120,
            ).stdout  # fmt: skip
            # The schema exists already where the copy goes: its CREATE is left out, every name moved over.
            dump = dump.replace(f"CREATE SCHEMA {template};", "").replace(template, _PLACEHOLDER)
            _POSTGRES[server] = (dump, tokens)
    dump, tokens = _POSTGRES[server]
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-X", server],
        input=dump.replace(_PLACEHOLDER, schema), check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return dict(tokens)


def _drop(server: str, schema: str) -> None:
    import psycopg

    # Suppressed: the server may have gone first at the end of a run (its test database goes with it).
    with contextlib.suppress(psycopg.Error), psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

"""`sofadesk db upgrade|seed|status`."""

from __future__ import annotations

import typer
from rich.text import Text

from sofadesk.cli.output import out
from sofadesk.config import Settings

db_app = typer.Typer(
    help="Set up and inspect the database (SQLite by default, PostgreSQL by URL).", no_args_is_help=True
)


@db_app.command("upgrade")
def upgrade_cmd() -> None:
    """Apply every pending migration."""
    from sofadesk.db.engine import make_engine
    from sofadesk.db.fastread import redact
    from sofadesk.db.migrate import HEAD_REVISION, upgrade

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    out.print(Text(f"Database {redact(settings.database_url)} is at schema {HEAD_REVISION}."))


@db_app.command("seed")
def seed_cmd() -> None:
    """Load the shipped registry data (States, agreements, dated acts).  Safe to run again."""
    from sofadesk.db.engine import make_engine
    from sofadesk.db.fastread import redact
    from sofadesk.db.seed import seed

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    try:
        report = seed(engine)
    finally:
        engine.dispose()
    where = redact(settings.database_url)
    if not report.changed:
        out.print(Text(f"Registry data in {where} is already up to date ({report.digest})."))
        return
    out.print(Text(f"Registry data written to {where} ({report.digest}):"))
    for table, n in report.inserted.items():
        if n or report.updated[table] or report.deleted[table]:
            out.print(
                Text(
                    f"  {table}: {n} added, {report.updated[table]} updated, {report.deleted[table]} removed"
                )
            )


@db_app.command("status")
def status_cmd() -> None:
    """Where the database is, its schema revision and whether its registry data is current."""
    from sofadesk.db.fastread import DatabaseNotReady, read_state, redact
    from sofadesk.db.schema_version import HEAD_REVISION
    from sofadesk.registry.shipped import shipped_digest

    settings = Settings.from_env()
    try:
        revision, digest = read_state(settings.database_url)
    except DatabaseNotReady:
        revision, digest = None, None
    out.print(
        Text(
            f"Database: {redact(settings.database_url)}"
            + (" (embedded default)" if settings.embedded else "")
        )
    )
    out.print(Text(f"Schema: {revision or 'none'} (this version needs {HEAD_REVISION})"))
    state = (
        "none"
        if digest is None
        else ("current" if digest == shipped_digest() else "differs from shipped data")
    )
    out.print(Text(f"Registry data: {state}"))

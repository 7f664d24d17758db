"""`sofadesk db upgrade|seed|status`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.text import Text

from sofadesk.cli.output import UserError, out
from sofadesk.config import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

T = TypeVar("T")

db_app = typer.Typer(
    help="Set up and inspect the database (SQLite by default, PostgreSQL by URL).", no_args_is_help=True
)


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """An engine for `url`; connection and driver failures become one clear error, never a traceback."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from sofadesk.db.engine import make_engine
    from sofadesk.db.fastread import redact

    try:
        engine = make_engine(url)
    except (ArgumentError, SQLAlchemyError, ValueError) as exc:
        raise UserError(f"cannot use the database URL {redact(url)}: {exc}") from None
    try:
        yield engine
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UserError(f"database {redact(url)}: {detail}") from None
    finally:
        engine.dispose()


def _run(url: str, action: Callable[[Engine], T]) -> T:
    with _engine(url) as engine:
        return action(engine)


@db_app.command("upgrade")
def upgrade_cmd() -> None:
    """Apply every pending migration."""
    from sofadesk.db.fastread import redact
    from sofadesk.db.migrate import HEAD_REVISION, upgrade

    settings = Settings.from_env()
    _run(settings.database_url, upgrade)
    out.print(Text(f"Database {redact(settings.database_url)} is at schema {HEAD_REVISION}."))


@db_app.command("seed")
def seed_cmd() -> None:
    """Load the shipped registry data (States, agreements, dated acts).  Safe to run again."""
    from sofadesk.db.fastread import redact
    from sofadesk.db.seed import seed

    settings = Settings.from_env()
    report = _run(settings.database_url, seed)
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

"""The `sofadesk` command line.

Heavy modules (SQLAlchemy, Alembic) are imported only by the commands that need them, so that the registry
questions answer fast enough to be used in scripts.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from sofadesk.cases.kinds import SHIPPED
from sofadesk.cli.acts_cmds import acts_app
from sofadesk.cli.audit_cmds import audit_app
from sofadesk.cli.db_cmds import db_app
from sofadesk.cli.demo import demo
from sofadesk.cli.law_cmds import law_app
from sofadesk.cli.notify_cmds import notify_app
from sofadesk.cli.output import EXIT_USAGE, UserError, err
from sofadesk.cli.registry_cmds import coverage, parties, timeline
from sofadesk.cli.route_cmds import route_app
from sofadesk.cli.serve import serve
from sofadesk.cli.users_cmds import users_app


def import_cli(path: str) -> typer.Typer:
    module, _, name = path.partition(":")
    commands: typer.Typer = getattr(importlib.import_module(module), name)
    return commands


app = typer.Typer(
    name="sofadesk",
    help="SOFA Desk: the NATO SOFA / PfP SOFA regime - registry, in-force answers with reasons and citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(coverage)
app.command()(parties)
app.command()(timeline)
app.command()(demo)
app.command()(serve)
app.add_typer(db_app, name="db")
app.add_typer(acts_app, name="registry")
app.add_typer(law_app, name="law")
# The commands of every case kind the kinds list names.
for _kind in SHIPPED:
    if _kind.cli:
        app.add_typer(import_cli(_kind.cli), name=_kind.command)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(notify_app, name="notify")
app.add_typer(route_app, name="route")


def main() -> None:
    from sofadesk.db.fastread import DatabaseError, DatabaseNotReady
    from sofadesk.registry.shipped import RegistryDataError

    try:
        app()
    except UserError as exc:
        err.print(f"[bold red]Error:[/] {_escape(str(exc))}")
        if exc.hint:
            err.print(f"[dim]Hint:[/] {_escape(exc.hint)}")
        sys.exit(EXIT_USAGE)
    except (DatabaseError, DatabaseNotReady, RegistryDataError) as exc:
        err.print(f"[bold red]Error:[/] {_escape(str(exc))}")
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # last line of defence: never a raw traceback for users
        if os.environ.get("SOFADESK_DEBUG"):
            raise
        err.print(f"[bold red]Internal error:[/] {_escape(type(exc).__name__)}: {_escape(str(exc))}")
        err.print("[dim]Set SOFADESK_DEBUG=1 to see the traceback, and please report it.[/]")
        sys.exit(1)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)

"""The `sofadesk` command line.

Heavy modules (SQLAlchemy, Alembic) are imported only by the commands that need them, so that the registry
questions answer fast enough to be used in scripts.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from sofadesk.cases.kinds import SHIPPED
from sofadesk.cli.output import EXIT_USAGE, UserError, err

HELP = "SOFA Desk: the NATO SOFA / PfP SOFA regime - registry, in-force answers with reasons and citations."

# Where each command and each group of commands lives, in the order `--help` lists them.  A command line that
# names one of them builds and imports that one alone: building the whole tree makes Typer read the parameters
# of every one of the 140-odd commands (a quarter of a second, more than `sofadesk coverage` takes to answer).
COMMANDS: dict[str, str] = {
    "coverage": "sofadesk.cli.registry_cmds:coverage",
    "parties": "sofadesk.cli.registry_cmds:parties",
    "timeline": "sofadesk.cli.registry_cmds:timeline",
    "demo": "sofadesk.cli.demo:demo",
    "serve": "sofadesk.cli.serve:serve",
}
GROUPS: dict[str, str] = {
    "db": "sofadesk.cli.db_cmds:db_app",
    "registry": "sofadesk.cli.acts_cmds:acts_app",
    "law": "sofadesk.cli.law_cmds:law_app",
    # The commands of every case kind the kinds list names.
    **{kind.command: kind.cli for kind in SHIPPED if kind.cli},
    "users": "sofadesk.cli.users_cmds:users_app",
    "audit": "sofadesk.cli.audit_cmds:audit_app",
    "notify": "sofadesk.cli.notify_cmds:notify_app",
    "route": "sofadesk.cli.route_cmds:route_app",
}


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def build(names: list[str] | None = None) -> typer.Typer:
    """The `sofadesk` command with the named commands and groups (all of them by default)."""
    app = typer.Typer(
        name="sofadesk", help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
    )
    for name in names if names is not None else [*COMMANDS, *GROUPS]:
        if name in COMMANDS:
            command: Callable[..., Any] = _load(COMMANDS[name])
            app.command(name=name)(command)
        else:
            app.add_typer(_load(GROUPS[name]), name=name)
    if names is not None and len(names) == 1:
        # With one command and no callback Typer would run it as the program itself (`sofadesk USA LVA`); a
        # callback keeps `sofadesk coverage USA LVA` a command of a group, as in the whole tree.
        app.callback()(_group)
    return app


def _group() -> None:
    """SOFA Desk: the NATO SOFA / PfP SOFA regime - registry, in-force answers with reasons and citations."""


def app_for(argv: list[str]) -> typer.Typer:
    """The command tree a command line needs: the one command or group it names, or the whole tree (for
    `--help`, or a name that is not a command, which the whole tree then refuses with the list of commands)."""
    name = argv[1] if len(argv) > 1 else None
    if name in COMMANDS or name in GROUPS:
        return build([name])
    return build()


def main() -> None:
    from sofadesk.db.fastread import DatabaseError, DatabaseNotReady
    from sofadesk.registry.shipped import RegistryDataError

    try:
        app_for(sys.argv)()
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

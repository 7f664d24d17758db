"""`sofadesk users add|token|notify`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.output import UserError, out

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

users_app = typer.Typer(
    help="States' users: bootstrap the first administrator, issue API tokens.", no_args_is_help=True
)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name, e.g. rus.admin")],
    state: Annotated[str, typer.Option("--state", help="The user's State (alpha-3), e.g. RUS.")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="requester, planner, approver, legal_adviser, observer, administrator (repeatable).",
        ),
    ],
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a password from standard input.")
    ] = False,
    token: Annotated[
        bool, typer.Option("--token", help="Issue an API token and print it (shown once).")
    ] = False,
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address for notifications of decisions to take.")
    ] = None,
    notify: Annotated[
        str,
        typer.Option("--notify", help="E-mail notifications: immediate (default), daily (a digest) or off."),
    ] = "immediate",
) -> None:
    """Create a user of a State's authority (the authority is created with its first user)."""
    from sofadesk.accounts.service import create_user, issue_token

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        raise UserError("--password-stdin: no password was given on standard input")

    def use_case(session: object) -> str | None:
        user = create_user(
            session,  # type: ignore[arg-type]
            None,
            state.strip().upper(),
            username,
            name,
            role,
            password,
            email=email,
            notify_by_email=notify.strip().lower(),
        )
        return issue_token(session, user, "cli") if token else None  # type: ignore[arg-type]

    issued = run(use_case)
    out.print(Text(f"User {username} created for {state.upper()} with roles {', '.join(sorted(set(role)))}."))
    if issued:
        out.print(Text(f"API token (shown once): {issued}"))


@users_app.command("token")
def token_cmd(username: Annotated[str, typer.Argument(help="Existing user.")]) -> None:
    """Issue a new API token for an existing user (shown once)."""
    from sofadesk.accounts.service import get_user, issue_token

    issued = run(lambda session: issue_token(session, get_user(session, username), "cli"))
    out.print(Text(f"API token for {username} (shown once): {issued}"))


@users_app.command("notify")
def notify_cmd(
    username: Annotated[str, typer.Argument(help="Existing user.")],
    email: Annotated[
        str | None, typer.Option("--email", help='E-mail address for notifications ("" removes it).')
    ] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", help="immediate (each at once), daily (a digest) or off.")
    ] = None,
) -> None:
    """Set how a user is told of decisions to take by e-mail (the in-app inbox has them all either way)."""
    from sofadesk.accounts.service import set_notification_preferences

    if email is None and mode is None:
        raise UserError("give --email ADDRESS, --mode immediate|daily|off, or both")

    chosen_mode = (mode or "").strip().lower() or None

    def use_case(session: Session) -> tuple[str | None, str]:
        if email is None:
            row = set_notification_preferences(session, None, username, notify_by_email=chosen_mode)
        else:
            row = set_notification_preferences(session, None, username, email, chosen_mode)
        return row.email, row.notify_by_email

    address, chosen = run(use_case)
    out.print(Text(f"User {username}: e-mail {address or '(none)'}, notifications by e-mail: {chosen}."))

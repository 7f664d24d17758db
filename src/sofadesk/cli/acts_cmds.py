"""`sofadesk registry acts|propose|confirm|reject|impact`: a State's dated acts entered by one registry editor,
confirmed by a second, and their impact on open cases (to see before confirming)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.files import read_yaml, validated
from sofadesk.cli.output import AsOpt, JsonOpt, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.acts.schemas import ActRead, ImpactRead

acts_app = typer.Typer(
    help="Registry updates: enter a State's act, confirm it (four eyes), see its impact.",
    no_args_is_help=True,
)
ActFile = Annotated[
    Path, typer.Option("--act", "--file", help="YAML or JSON file with the act and its source.")
]


def _body(path: Path) -> Any:
    from sofadesk.acts.schemas import ActBody

    return validated(ActBody, read_yaml(path), f"the act in {path}")


def _me(session: Session, username: str) -> Any:
    from sofadesk.accounts.service import acting_as

    return acting_as(session, username)


def _show(act: ActRead) -> None:
    when = act.date or "undated"
    out.print(
        Text(
            f"Act {act.id}: {act.kind.replace('_', ' ')} of {act.state} under the {act.agreement}, {when} - "
            f"{act.status}",
            style="bold",
        )
    )
    out.print(
        Text(
            f"  Source: {act.source_title}{f' ({act.source_where})' if act.source_where else ''} {act.source_url}"
        )
    )
    out.print(
        Text(
            f"  Entered by {act.proposed_by} {act.proposed_at}"
            + (f"; {act.status} by {act.decided_by} {act.decided_at}" if act.decided_by else "")
        )
    )


def _show_impact(changed: list[ImpactRead]) -> None:
    for case in changed:
        out.print(
            Text(
                f"  {case.reference} ({case.kind}, {case.status}): "
                + "; ".join(
                    f"{'-'.join(c.between)} {c.first} to {c.last}: {_word(c.before)} -> {_word(c.after)}"
                    for c in case.changes
                )
            )
        )
    out.print(Text(f"{len(changed)} open case(s) whose coverage changes."))


def _word(value: bool | None) -> str:
    return "unknown" if value is None else ("covered" if value else "not covered")


@acts_app.command("acts")
def list_cmd(
    status: Annotated[
        str | None, typer.Option("--status", help="proposed, confirmed, rejected, withdrawn")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The acts entered by registry editors, newest first."""
    from sofadesk.acts.service import list_acts

    found = run(lambda s: list_acts(s, status))
    if as_json:
        print_json(found)
        return
    for act in found:
        _show(act)
    out.print(Text(f"{len(found)} act(s)"))


@acts_app.command("propose")
def propose(act: ActFile, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Enter an act (a registry editor); it takes effect once another editor confirms it."""
    from sofadesk.acts import service

    body = _body(act)
    made = run(lambda s: service.read(s, service.propose(s, _me(s, as_user), body)))
    print_json(made) if as_json else _show(made)


@acts_app.command("confirm")
def confirm(act_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Confirm an act entered by another editor: it takes effect, and the open cases it changes are told."""
    from sofadesk.acts import service
    from sofadesk.acts.schemas import ConfirmRead
    from sofadesk.cli.cases import engine_from

    def use_case(s: Session) -> ConfirmRead:
        user = _me(s, as_user)
        row, changed, _ = service.confirm(s, user, act_id, engine_from(s))
        return ConfirmRead(act=service.read(s, row), impact=service.visible(changed, user))

    result = run(use_case)
    if as_json:
        print_json(result)
        return
    _show(result.act)
    _show_impact(result.impact)


@acts_app.command("reject")
def reject(act_id: int, as_user: AsOpt, reason: Annotated[str, typer.Option("--reason")]) -> None:
    """Reject another editor's act, or withdraw your own, with the reason."""
    from sofadesk.acts import service

    _show(run(lambda s: service.read(s, service.reject(s, _me(s, as_user), act_id, reason))))


@acts_app.command("impact")
def impact(
    act: ActFile,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Only the cases this user's State "
            "may see; without it, every case (the database's operator).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The open cases whose coverage the act would change, and on which days: before anyone enters it."""
    from sofadesk.acts import service
    from sofadesk.cli.cases import engine_from

    body = _body(act)

    def use_case(s: Session) -> list[ImpactRead]:
        changed = service.preview(s, engine_from(s), body)
        return service.visible(changed, _me(s, as_user)) if as_user else changed

    changed = run(use_case)
    print_json(changed) if as_json else _show_impact(changed)

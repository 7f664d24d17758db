"""`sofadesk transit create|submit|decide|show|list|checks|cross|complete`, acting as a named local user."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from sofadesk.cli.cases import engine_from, run
from sofadesk.cli.files import read_yaml, validated, with_manifests
from sofadesk.cli.output import AsOpt, JsonOpt, UserError, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.cases.transit.reads import TransitRead

transit_app = typer.Typer(help="Transit requests: file, submit, decide, follow.", no_args_is_help=True)


def _content(path: Path, manifests: dict[str, Path | None] | None = None) -> Any:
    from sofadesk.cases.transit.schemas import TransitContent

    data = with_manifests(read_yaml(path), manifests or {})
    return validated(TransitContent, data, f"the request in {path}", whole="request")


def _show(data: TransitRead) -> None:
    out.print(
        Text(
            f"{data.reference} (id {data.id}) - {data.status}, revision {data.revision}, version {data.version}",
            style="bold",
        )
    )
    route = " -> ".join(f"{leg.state} ({leg.entry_point} - {leg.exit_point})" for leg in data.content.legs)
    out.print(Text(f"From {data.sending_state}: {route}"))
    table = Table(title="Decisions")
    for col in ("State", "Decision", "Due", "Note"):
        table.add_column(col)
    for d in data.decisions:
        due = (d.due_on or "-") + (" OVERDUE" if d.overdue else "")
        carried = f" (carried over from revision {d.carried_over_from})" if d.carried_over_from else ""
        table.add_row(d.state, d.status + carried, due, d.note or "")
    if data.decisions:
        out.print(table)
    for c in data.crossings:
        out.print(Text(f"  {c.at}  {c.kind} {c.state} at {c.point}"))


def _print(data: TransitRead, as_json: bool) -> None:
    print_json(data.model_dump(mode="json")) if as_json else _show(data)


def _read(session: Session, user: Any, transit_id: int, revision: int | None = None) -> TransitRead:
    from sofadesk.cases.transit import service

    return service.read_visible(session, user, transit_id, revision)


@transit_app.command("create")
def create(
    file: Annotated[Path, typer.Option("--file", help="YAML or JSON request.")],
    as_user: AsOpt,
    personnel: Annotated[
        Path | None, typer.Option("--personnel", help="CSV or XLSX personnel manifest.")
    ] = None,
    equipment: Annotated[
        Path | None, typer.Option("--equipment", help="CSV or XLSX equipment manifest.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """File a transit request (a draft) for the acting user's State; manifests replace the file's lists."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    content = _content(file, {"personnel": personnel, "equipment": equipment})

    def use_case(session: Session) -> TransitRead:
        user = acting_as(session, as_user)
        t = service.create(session, user, content)
        session.flush()
        return service.read(session, t)

    _print(run(use_case), as_json)


@transit_app.command("submit")
def submit(transit_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Submit a draft: each crossed State then decides its leg(s)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    def use_case(session: Session) -> TransitRead:
        user = acting_as(session, as_user)
        t = service.load_visible(session, user, transit_id)
        service.submit(session, user, transit_id, t.version, engine_from(session))
        return _read(session, user, transit_id)

    _print(run(use_case), as_json)


@transit_app.command("decide")
def decide(
    transit_id: int,
    as_user: AsOpt,
    decision: Annotated[
        str, typer.Option("--decision", help="approved, approved_with_conditions, more_information, denied.")
    ],
    note: Annotated[str | None, typer.Option("--note", help="Conditions, questions or reasons.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Decide the acting user's State's leg(s)."""
    from pydantic import ValidationError

    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.schemas import DecisionBody

    def use_case(session: Session) -> TransitRead:
        user = acting_as(session, as_user)
        current = _read(session, user, transit_id)
        version = next((d.version for d in current.decisions if d.state == user.state), 0)
        try:
            body = DecisionBody(decision=decision, note=note, version=version)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise UserError(
                "; ".join(
                    f"--{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                    for e in exc.errors()
                )
            ) from None
        service.decide(session, user, transit_id, body)
        return _read(session, user, transit_id)

    _print(run(use_case), as_json)


@transit_app.command("show")
def show(
    transit_id: int,
    as_user: AsOpt,
    revision: Annotated[int | None, typer.Option("--revision")] = None,
    as_json: JsonOpt = False,
) -> None:
    """One transit as the acting user's State sees it."""
    from sofadesk.accounts.service import acting_as

    _print(run(lambda session: _read(session, acting_as(session, as_user), transit_id, revision)), as_json)


@transit_app.command("list")
def list_cmd(
    as_user: AsOpt,
    status: Annotated[str | None, typer.Option("--status")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those with an overdue decision.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Transits the acting user's State may see."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    data = run(
        lambda session: service.list_visible(
            session, acting_as(session, as_user), status, None, None, None, True if overdue else None, 200, 0
        )
    )
    if as_json:
        print_json(data.model_dump(mode="json"))
        return
    for t in data.items:
        out.print(Text(f"{t.id:>5}  {t.reference:<22} {t.status:<16} {t.first_entry} - {t.last_exit}"))
    out.print(Text(f"{data.total} transit(s)"))


@transit_app.command("checks")
def checks(transit_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Checks with reasons and citations; configuration is marked as such."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    data = run(
        lambda session: service.checks(session, acting_as(session, as_user), transit_id, engine_from(session))
    )
    if as_json:
        print_json(data.model_dump(mode="json"))
        return
    for c in data.checks:
        style = {"flag": "red", "unknown": "yellow", "ok": "green"}.get(c.status, "")
        line = Text(f"[{c.status:<7}] ", style=style)
        line.append(
            f"leg {c.leg + 1 if c.leg is not None else '-'} {c.state} {c.kind} ({c.basis}): {c.message}"
        )
        if c.citations:
            line.append(f"  [{'; '.join(c.citations[:4])}]")
        out.print(line)
    out.print(Text(f"{data.flags} flag(s), {data.unknown} unknown"))


@transit_app.command("cross")
def cross(
    transit_id: int,
    as_user: AsOpt,
    kind: Annotated[str, typer.Option("--kind", help="entered or left")],
    point: Annotated[str, typer.Option("--point")],
    at: Annotated[str | None, typer.Option("--at")] = None,
) -> None:
    """Record that the force entered or left the acting user's State."""
    from pydantic import ValidationError

    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.schemas import CrossingBody

    def use_case(session: Session) -> None:
        user = acting_as(session, as_user)
        try:
            when = datetime.fromisoformat(at) if at else datetime.now(UTC)
            body = CrossingBody.model_validate(
                {"state": user.state, "kind": kind, "point": point, "at": when}
            )
        except (ValidationError, ValueError) as exc:
            raise UserError(f"crossing: {exc}") from None
        service.record_crossing(session, user, transit_id, body)

    run(use_case)
    out.print(Text("Crossing recorded."))


@transit_app.command("complete")
def complete(transit_id: int, as_user: AsOpt) -> None:
    """Close a transit in movement as completed (sending State)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    run(lambda session: service.complete(session, acting_as(session, as_user), transit_id))
    out.print(Text("Transit completed."))


VersionOpt = Annotated[
    int | None,
    typer.Option(
        "--version",
        help="The version you read (refused if the case changed since); default: the current one.",
    ),
]


def _edit(transit_id: int, file: Path, as_user: str, version: int | None, as_json: bool, how: str) -> None:
    """Replace a draft's content (`edit`) or file a new revision of a submitted request (`amend`)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service

    content = _content(file)

    def use_case(session: Session) -> TransitRead:
        user = acting_as(session, as_user)
        current = service.load_visible(session, user, transit_id).version if version is None else version
        if how == "edit":
            service.update_draft(session, user, transit_id, content, current)
        else:
            service.amend(session, user, transit_id, content, current, engine_from(session))
        return _read(session, user, transit_id)

    _print(run(use_case), as_json)


@transit_app.command("update")
def update(
    transit_id: int,
    file: Annotated[
        Path, typer.Option("--file", help="YAML or JSON request: the draft's whole new content.")
    ],
    as_user: AsOpt,
    version: VersionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Edit a draft (sending State): e.g. add the dangerous goods of a draft filed from a planned route."""
    _edit(transit_id, file, as_user, version, as_json, "edit")


@transit_app.command("amend")
def amend(
    transit_id: int,
    file: Annotated[Path, typer.Option("--file", help="YAML or JSON request: the new revision's content.")],
    as_user: AsOpt,
    version: VersionOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A new revision of a submitted request: only the States whose legs changed decide again."""
    _edit(transit_id, file, as_user, version, as_json, "amend")


@transit_app.command("withdraw")
def withdraw(
    transit_id: int, as_user: AsOpt, reason: Annotated[str, typer.Option("--reason", help="Why.")]
) -> None:
    """Withdraw a request before the movement (sending State)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.bodies import ReasonBody
    from sofadesk.cases.transit import service

    why = validated(ReasonBody, {"reason": reason}, "--reason", whole="reason").reason
    run(lambda session: service.withdraw(session, acting_as(session, as_user), transit_id, why))
    out.print(Text("Transit withdrawn."))


@transit_app.command("cancel")
def cancel(
    transit_id: int, as_user: AsOpt, reason: Annotated[str, typer.Option("--reason", help="Why.")]
) -> None:
    """Cancel a transit (sending State)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.bodies import ReasonBody
    from sofadesk.cases.transit import service

    why = validated(ReasonBody, {"reason": reason}, "--reason", whole="reason").reason
    run(lambda session: service.cancel(session, acting_as(session, as_user), transit_id, why))
    out.print(Text("Transit cancelled."))

"""`sofadesk exercise ...`: the exercise workflow from the command line, acting as a named local user; the same
service functions as the API, one transaction per command."""

from __future__ import annotations

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

    from sofadesk.cases.exercise.reads import CertificateRead, ContingentRead, ExerciseRead

exercise_app = typer.Typer(help="Joint exercises and training: plan, invite, contingents, checks, calendar.",
                           no_args_is_help=True)  # fmt: skip
FileOpt = Annotated[Path, typer.Option("--file", help="YAML or JSON file.")]


def _me(session: Session, username: str) -> Any:
    from sofadesk.accounts.service import acting_as

    return acting_as(session, username)


def _read(session: Session, user: Any, exercise_id: int) -> ExerciseRead:
    from sofadesk.cases.exercise import service

    return service.read_visible(session, user, exercise_id)


def _show(data: ExerciseRead) -> None:
    out.print(Text(f"{data.reference} (id {data.id}) {data.name} - {data.status.replace('_', ' ')}, "
                   f"version {data.version}", style="bold"))  # fmt: skip
    out.print(
        Text(f"Host {data.host_state}, {data.purpose.replace('_', ' ')}, {data.starts_on} - {data.ends_on}")
    )
    for b in data.locations:
        out.print(Text(f"  {b.area_name} ({b.area}): {b.first_day} - {b.last_day}, "
                       f"{b.planned_persons} persons planned, capacity {b.capacity_persons}"))  # fmt: skip
    if data.participants:
        table = Table(title="Participants")
        for col in ("State", "Status", "Version", "Persons", "Certificate", "Note"):
            table.add_column(col)
        for p in data.participants:
            note = p.note or (p.invitation.note if p.invitation else None) or ""
            table.add_row(
                p.state, p.status, str(p.version), str(p.persons or "-"), p.certificate or "-", note
            )
        out.print(table)
    for t in data.transits:
        out.print(Text(f"  Transit {t.reference} (id {t.id}) from {t.sending_state}: {t.status}"))


def _step(fn: Any, show: bool = True, as_json: bool = False) -> None:
    data = run(fn)
    if as_json:
        print_json(data)
    elif show:
        _show(data)


@exercise_app.command("area")
def area(code: str, as_user: AsOpt, name: Annotated[str, typer.Option("--name")],
         capacity: Annotated[int, typer.Option("--capacity", help="Persons the area takes.")]) -> None:  # fmt: skip
    """Record or update a training area of the acting user's State."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import TrainingAreaBody

    body = validated(TrainingAreaBody, {"name": name, "capacity_persons": capacity}, "the training area")
    run(lambda s: service.set_training_area(s, _me(s, as_user), code, body))
    out.print(Text(f"Training area {code} recorded."))


@exercise_app.command("create")
def create(file: FileOpt, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Propose an exercise hosted by the acting user's State (a planner)."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import ExercisePlan

    plan = validated(ExercisePlan, read_yaml(file), f"the plan in {file}")

    def use_case(s: Session) -> ExerciseRead:
        user = _me(s, as_user)
        x = service.create(s, user, plan)
        s.flush()
        return service.read(s, user, x)

    _step(use_case, as_json=as_json)


@exercise_app.command("show")
def show(exercise_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """One exercise as the acting user's State sees it."""
    _step(lambda s: _read(s, _me(s, as_user), exercise_id), as_json=as_json)


@exercise_app.command("list")
def list_cmd(as_user: AsOpt, status: Annotated[str | None, typer.Option("--status")] = None,
             as_json: JsonOpt = False) -> None:  # fmt: skip
    """Exercises the acting user's State hosts or is invited to."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.list_visible(s, _me(s, as_user), status, limit=200))
    if as_json:
        print_json(data)
        return
    for x in data.items:
        out.print(Text(f"{x.id:>5}  {x.reference:<20} {x.status:<13} {x.starts_on} - {x.ends_on}  {x.name}"))
    out.print(Text(f"{data.total} exercise(s)"))


def _versioned(action: str) -> Any:
    """A host step that needs only the exercise's current version.  The service module is imported when the
    command runs, not when the CLI starts (it pulls in SQLAlchemy: 0.4 s the registry questions must not pay)."""

    def command(exercise_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
        from sofadesk.cases.exercise import service

        def use_case(s: Session) -> ExerciseRead:
            user = _me(s, as_user)
            getattr(service, action)(s, user, exercise_id, service.load_visible(s, user, exercise_id).version)
            return _read(s, user, exercise_id)

        _step(use_case, as_json=as_json)

    return command


for _name, _help in (("approve", "Approve the plan (the host's approver)."),
                     ("start", "Begin execution; unanswered invitations lapse (host planner)."),
                     ("finish", "End execution: reports and re-export follow (host planner)."),
                     ("close", "Close once every report is in and all equipment is accounted for (host planner).")):  # fmt: skip
    exercise_app.command(_name, help=_help)(_versioned(_name))


@exercise_app.command("invite")
def invite(exercise_id: int, states: Annotated[list[str], typer.Argument(help="Alpha-3 codes.")], as_user: AsOpt,
           as_json: JsonOpt = False) -> None:  # fmt: skip
    """Invite States (host planner)."""
    from sofadesk.cases.exercise import service

    def use_case(s: Session) -> ExerciseRead:
        user = _me(s, as_user)
        x = service.load_visible(s, user, exercise_id)
        service.invite(s, user, exercise_id, [c.upper() for c in states], x.version)
        return _read(s, user, exercise_id)

    _step(use_case, as_json=as_json)


@exercise_app.command("respond")
def respond(exercise_id: int, as_user: AsOpt,
            answer: Annotated[str, typer.Option("--answer", help="accepted or declined")],
            note: Annotated[str | None, typer.Option("--note", help="Reason (required to decline).")] = None,
            as_json: JsonOpt = False) -> None:  # fmt: skip
    """Accept or decline an invitation (the invited State's approver)."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import ResponseBody

    def use_case(s: Session) -> ExerciseRead:
        user = _me(s, as_user)
        current = _read(s, user, exercise_id)
        mine = next(
            (p.invitation for p in current.participants if p.state == user.state and p.invitation), None
        )
        version = mine.version if mine else 0
        body = validated(ResponseBody, {"answer": answer, "note": note, "version": version}, "the answer")
        service.respond(s, user, exercise_id, body)
        return _read(s, user, exercise_id)

    _step(use_case, as_json=as_json)


@exercise_app.command("register")
def register(exercise_id: int, file: FileOpt, as_user: AsOpt,
             personnel: Annotated[Path | None, typer.Option("--personnel", help="CSV or XLSX personnel manifest.")] = None,
             equipment: Annotated[Path | None, typer.Option("--equipment", help="CSV or XLSX equipment manifest.")] = None,
             as_json: JsonOpt = False) -> None:  # fmt: skip
    """Register the acting user's State's contingent; prints the customs certificate issued for it."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import ContingentBody

    data = with_manifests(read_yaml(file), {"personnel": personnel, "equipment": equipment})
    body = validated(ContingentBody, data, f"the contingent in {file}")

    def use_case(s: Session) -> ContingentRead:
        user = _me(s, as_user)
        service.register_contingent(s, user, exercise_id, body)
        return service.contingent(s, user, exercise_id, user.state)

    result = run(use_case)
    if as_json:
        print_json(result)
        return
    persons, lines = len(result.content.personnel), len(result.content.equipment)
    out.print(Text(f"Contingent of {result.state} registered (registration {result.registration}): "
                   f"{persons} person{'' if persons == 1 else 's'}, {lines} equipment line{'' if lines == 1 else 's'}."))  # fmt: skip
    for c in result.certificates:
        out.print(
            Text(f"Customs certificate {c.serial} ({'; '.join(c.legal_basis)}): {len(c.lines)} line(s).")
        )


@exercise_app.command("checks")
def checks(exercise_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Coverage per day, contingents' documents and customs, capacity, deconfliction, re-export."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.checks(s, _me(s, as_user), exercise_id, engine_from(s)))
    if as_json:
        print_json(data)
        return
    for c in data.checks:
        style = {"flag": "red", "unknown": "yellow", "ok": "green"}.get(c.status, "")
        line = Text(f"[{c.status:<7}] ", style=style)
        line.append(f"{c.state} {c.kind} ({c.basis}): {c.message}")
        if c.citations:
            line.append(f"  [{'; '.join(c.citations[:4])}]")
        out.print(line)
    out.print(Text(f"{data.flags} flag(s), {data.unknown} unknown"))


@exercise_app.command("deconfliction")
def deconfliction(as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Training areas booked by two of the acting user's State's exercises on the same days."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.deconfliction(s, _me(s, as_user)))
    if as_json:
        print_json(data)
        return
    for c in data:
        a, b = c.exercises
        out.print(Text(f"{c.area_name}: {a.reference} and {b.reference} on {c.text} ({c.days} days)"))
    out.print(Text(f"{len(data)} clash(es)"))


@exercise_app.command("jurisdiction")
def jurisdiction(exercise_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Who has the primary right for an on-duty and an off-duty offence, per participant (Art. VII(3))."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.jurisdiction(s, _me(s, as_user), exercise_id, engine_from(s)))
    if as_json:
        print_json(data)
        return
    table = Table(title="Primary right (NATO SOFA Art. VII(3))")
    for col in ("Participant", "On duty", "Off duty", "Note"):
        table.add_column(col)
    for e in data:
        table.add_row(e.state, (e.on_duty.primary_right if e.on_duty else None) or "-",
                      (e.off_duty.primary_right if e.off_duty else None) or "-", e.note or "")  # fmt: skip
    out.print(table)


@exercise_app.command("participants")
def participants(exercise_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """The participants list: each State, where it stands, its contingent's size and certificate."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.participants_list(s, _me(s, as_user), exercise_id))
    if as_json:
        print_json(data)
        return
    for p in data:
        out.print(Text(f"{p.state}  {p.status:<10} persons {p.persons or '-':>5}  "
                       f"certificate {p.certificate or '-'}  {p.note or ''}"))  # fmt: skip
    out.print(Text(f"{len(data)} participant(s)"))


@exercise_app.command("calendar")
def calendar(as_user: AsOpt, output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the .ics file.")],
             exercise_id: Annotated[int | None, typer.Option("--exercise", help="Only this exercise.")] = None) -> None:  # fmt: skip
    """Write the acting user's State's exercise calendar as iCalendar."""
    from sofadesk.cases.exercise import service

    data = run(lambda s: service.calendar(s, _me(s, as_user), exercise_id))
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UserError(f"--output: cannot write {output}: {exc.strerror}") from None
    out.print(Text(f"Calendar written to {output} ({data.count(b'BEGIN:VEVENT')} event(s))."))


@exercise_app.command("discharge")
def discharge(exercise_id: int, serial: str, file: FileOpt, as_user: AsOpt) -> None:
    """Record re-exported and declared quantities per certificate line (running totals, from YAML)."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import DischargeBody

    data = read_yaml(file)

    def use_case(s: Session) -> CertificateRead:
        user = _me(s, as_user)
        version = service.certificate(s, user, exercise_id, serial).version
        body = validated(DischargeBody, {"lines": data, "version": version}, f"the lines in {file}")
        service.discharge(s, user, exercise_id, serial, body)
        return service.certificate(s, user, exercise_id, serial)

    c = run(use_case)
    out.print(Text(f"Certificate {c.serial}: {'balanced' if c.balanced else 'still outstanding'}"))
    for line in c.lines:
        out.print(Text(f"  line {line.line} {line.description}: imported {line.imported}, re-exported "
                       f"{line.re_exported}, declared {line.declared}, outstanding {line.outstanding}"))  # fmt: skip


@exercise_app.command("report")
def report(exercise_id: int, as_user: AsOpt, text: Annotated[str, typer.Option("--text", help="The after-action report.")]) -> None:  # fmt: skip
    """File the acting user's State's after-action report."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import ReportBody

    body = validated(ReportBody, {"report": text}, "the report")
    run(lambda s: service.file_report(s, _me(s, as_user), exercise_id, body.report))
    out.print(Text("After-action report filed."))


@exercise_app.command("withdraw")
def withdraw(exercise_id: int, as_user: AsOpt, reason: Annotated[str, typer.Option("--reason")]) -> None:
    """Withdraw the acting user's State from the exercise, with a reason."""
    from sofadesk.cases.exercise import service

    run(lambda s: service.withdraw(s, _me(s, as_user), exercise_id, _reason(reason)))
    out.print(Text("Withdrawal recorded."))


@exercise_app.command("cancel")
def cancel(exercise_id: int, as_user: AsOpt, reason: Annotated[str, typer.Option("--reason")]) -> None:
    """Cancel the exercise (host planner), with a reason."""
    from sofadesk.cases.exercise import service

    run(lambda s: service.cancel(s, _me(s, as_user), exercise_id, _reason(reason)))
    out.print(Text("Exercise cancelled."))


def _reason(text: str) -> str:
    from sofadesk.cases.bodies import ReasonBody

    body: ReasonBody = validated(ReasonBody, {"reason": text}, "--reason")
    return body.reason


@exercise_app.command("transit")
def transit(exercise_id: int, file: FileOpt, as_user: AsOpt) -> None:
    """File the transit request (a draft) that brings the acting user's State's contingent to the host: the
    file gives `modes` and `legs`; the people and equipment come from the registered contingent."""
    from sofadesk.cases.exercise import service
    from sofadesk.cases.exercise.schemas import TransitFromContingent

    body = validated(TransitFromContingent, read_yaml(file), f"the route in {file}")
    transit_id = run(lambda s: service.transit_from_contingent(s, _me(s, as_user), exercise_id, body))
    out.print(
        Text(
            f"Transit {transit_id} filed as a draft; submit it with: sofadesk transit submit {transit_id} --as {as_user}"
        )
    )

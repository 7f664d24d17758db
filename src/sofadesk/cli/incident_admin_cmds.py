"""`sofadesk incident purge|stats|settings|waiver-practice|observer|observers`: retention, statistics and each
State's incident configuration (configuration, not law).  Registered on the same `incident` command group."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.incident_cmds import S, _body, _service, incident_app
from sofadesk.cli.output import AsOpt, JsonOpt, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@incident_app.command("purge")
def purge(as_json: JsonOpt = False) -> None:
    """Erase the personal data of closed incidents past their retention period (each an audit event)."""
    data = run(lambda session: _service().purge(session))
    if as_json:
        print_json(data)
        return
    out.print(
        Text(
            f"Checked {data.checked} closed incident(s); erased personal data of {len(data.erased)}: "
            f"{', '.join(data.erased) or '-'}"
        )
    )


@incident_app.command("stats")
def stats(
    as_user: AsOpt,
    state: Annotated[str, typer.Option("--state")],
    year: Annotated[int, typer.Option("--year")],
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Write CSV here.")] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Write XLSX here.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The year's figures of the acting user's State (as sending and as receiving State)."""
    from sofadesk.accounts.service import acting_as

    data = run(
        lambda session: _service().statistics(session, acting_as(session, as_user), state.upper(), year)
    )
    if csv_file:
        csv_file.write_bytes(_service().as_csv(data))
        out.print(Text(f"CSV written to {csv_file}"))
    if xlsx_file:
        xlsx_file.write_bytes(_service().as_xlsx(data))
        out.print(Text(f"XLSX written to {xlsx_file}"))
    if as_json:
        print_json(data)
    elif not (csv_file or xlsx_file):
        from sofadesk.cases.incident.stats import rows

        for role, measure, key, value in rows(data):
            out.print(Text(f"{role:<16} {measure:<16} {key:<32} {value}"))


@incident_app.command("settings")
def settings(
    state: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code")],
    as_user: AsOpt,
    contest_days: Annotated[int | None, typer.Option("--contest-days")] = None,
    waiver_answer_days: Annotated[int | None, typer.Option("--waiver-answer-days")] = None,
    arrest_notice_days: Annotated[int | None, typer.Option("--arrest-notice-days")] = None,
    custody_answer_days: Annotated[int | None, typer.Option("--custody-answer-days")] = None,
    retention_days: Annotated[int | None, typer.Option("--retention-days")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a State's incident configuration, or set it (its administrator): configuration, not law."""
    from sofadesk.accounts.service import acting_as

    given = {
        "contest_working_days": contest_days,
        "waiver_answer_working_days": waiver_answer_days,
        "arrest_notice_working_days": arrest_notice_days,
        "custody_answer_working_days": custody_answer_days,
        "retention_days": retention_days,
    }

    def use_case(session: Session) -> Any:
        user = acting_as(session, as_user)
        current = _service().settings_read(session, state.upper())
        if all(v is None for v in given.values()):
            return current
        merged = {k: (v if v is not None else getattr(current, k)) for k, v in given.items()}
        return _service().set_settings(
            session, user, state.upper(), _body(S + "SettingsBody", merged, "settings")
        )

    data = run(use_case)
    if as_json:
        print_json(data)
        return
    out.print(
        Text(
            f"{data.state} (configuration, not law{'' if data.configured else '; defaults'}): contest "
            f"{data.contest_working_days}, waiver answer {data.waiver_answer_working_days}, arrest notice "
            f"{data.arrest_notice_working_days}, custody answer {data.custody_answer_working_days} working "
            f"day(s); retention {data.retention_days} days after closure"
        )
    )


@incident_app.command("waiver-practice")
def waiver_practice(
    sending_state: Annotated[str, typer.Argument(help="The sending State it applies to.")],
    as_user: AsOpt,
    source: Annotated[str, typer.Option("--source", help="Where it comes from.")],
    recall_days: Annotated[int, typer.Option("--recall-days")] = 21,
    likely: Annotated[list[str] | None, typer.Option("--likely", help="Offence type (repeat).")] = None,
    off: Annotated[bool, typer.Option("--off", help="No standing waiver.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """The acting administrator's State's standing waiver towards a sending State (configuration)."""
    from sofadesk.accounts.service import acting_as

    body = _body(
        S + "WaiverPracticeBody",
        {
            "advance_waiver": not off,
            "recall_days": recall_days,
            "recall_likely": likely or [],
            "source": source,
        },
        "practice",
    )
    data = run(
        lambda session: _service().set_waiver_practice(
            session, acting_as(session, as_user), sending_state.upper(), body
        )
    )
    if as_json:
        print_json(data)
        return
    out.print(
        Text(
            f"{data.receiving_state} towards {data.sending_state}: standing waiver "
            f"{'yes' if data.advance_waiver else 'no'}, recall within {data.recall_days} days "
            f"(configuration: {data.source})"
        )
    )


@incident_app.command("observer")
def observer(
    as_user: AsOpt,
    name: Annotated[str, typer.Option("--name")],
    lawyer: Annotated[bool, typer.Option("--lawyer/--not-lawyer")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Add a qualified trial observer to the acting administrator's State's roster."""
    from sofadesk.accounts.service import acting_as

    body = _body(S + "ObserverBody", {"name": name, "lawyer": lawyer}, "observer")
    data = run(lambda session: _service().add_observer(session, acting_as(session, as_user), body))
    print_json(data) if as_json else out.print(Text(f"Observer {data.id}: {data.name} ({data.state})"))


@incident_app.command("observers")
def observers(state: Annotated[str, typer.Argument()], as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """A State's roster of trial observers."""
    from sofadesk.accounts.service import acting_as

    def use_case(session: Session) -> Any:
        acting_as(session, as_user)
        return _service().observers(session, state.upper())

    data = run(use_case)
    if as_json:
        print_json(data)
        return
    for o in data:
        out.print(
            Text(
                f"{o.id:>4} {o.name} - {'lawyer' if o.lawyer else 'not a lawyer'}{'' if o.active else ' (inactive)'}"
            )
        )

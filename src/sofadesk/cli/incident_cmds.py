"""`sofadesk incident ...`: report an incident, follow its jurisdiction finding and take each step, acting as a
named local user; statistics, retention and each State's configuration.  Every command prints the incident
(`--json`: the same IncidentRead as the API) after its step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import engine_from, run
from sofadesk.cli.files import read_yaml, validated
from sofadesk.cli.incident_view import show_incident
from sofadesk.cli.output import AsOpt, JsonOpt, UserError, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.cases.incident.reads import IncidentRead

incident_app = typer.Typer(help="Incidents and criminal jurisdiction (NATO SOFA Art. VII): report, settle, try.",
                           no_args_is_help=True)  # fmt: skip
Id = Annotated[int, typer.Argument(help="The incident's id.")]
Person = Annotated[int, typer.Option("--person", help="The person's number in the incident.")]


def _body(model_path: str, data: dict[str, Any], where: str) -> Any:
    import importlib

    module, _, name = model_path.rpartition(".")
    model = getattr(importlib.import_module(module), name)
    return validated(model, {k: v for k, v in data.items() if v is not None}, where, whole="options")


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UserError(
            f"{option}: {value!r} is not a date-time", "write it as 2009-06-15T14:30 (UTC)"
        ) from None


def _print(data: IncidentRead, as_json: bool) -> None:
    print_json(data) if as_json else show_incident(data)


def _step(as_user: str, incident_id: int, call: Callable[[Session, Any, Any], Any], as_json: bool) -> None:
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.incident import service

    def use_case(session: Session) -> IncidentRead:
        user = acting_as(session, as_user)
        service.load_visible(session, user, incident_id)
        result: IncidentRead = call(session, user, engine_from(session))
        return result

    _print(run(use_case), as_json)


def _service() -> Any:
    from sofadesk.cases.incident import service

    return service


S = "sofadesk.cases.incident.schemas."


@incident_app.command("create")
def create(file: Annotated[Path, typer.Option("--file", help="YAML or JSON report (examples/incident/).")],
           as_user: AsOpt, as_json: JsonOpt = False) -> None:  # fmt: skip
    """Report an incident as the acting user's State (its sending or receiving State)."""
    from sofadesk.accounts.service import acting_as

    body = validated(_model("IncidentReport"), read_yaml(file), f"the report in {file}", whole="report")

    def use_case(session: Session) -> IncidentRead:
        user = acting_as(session, as_user)
        result: IncidentRead = _service().create(session, user, body, engine_from(session))
        return result

    _print(run(use_case), as_json)


def _model(name: str) -> Any:
    from sofadesk.cases.incident import schemas

    return getattr(schemas, name)


@incident_app.command("show")
def show(incident_id: Id, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """One incident as the acting user's State and role see it."""
    from sofadesk.accounts.service import acting_as

    _print(
        run(lambda session: _service().read_visible(session, acting_as(session, as_user), incident_id)),
        as_json,
    )


@incident_app.command("list")
def list_cmd(as_user: AsOpt, status: Annotated[str | None, typer.Option("--status")] = None,
             year: Annotated[int | None, typer.Option("--year")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """Incidents the acting user's State may see."""
    from sofadesk.accounts.service import acting_as

    data = run(lambda session: _service().list_visible(session, acting_as(session, as_user), status, None, year,
                                                       None, 200, 0))  # fmt: skip
    if as_json:
        print_json(data)
        return
    for i in data.items:
        out.print(Text(f"{i.id:>5}  {i.reference:<22} {i.status:<15} {i.occurred_on} {i.sending_state}->"
                       f"{i.receiving_state} {i.offence_type:<14} {i.jurisdiction or 'unsettled'} "
                       f"primary {i.primary_right_state or '-'}"))  # fmt: skip
    out.print(Text(f"{data.total} incident(s)"))


@incident_app.command("timeline")
def timeline(incident_id: Id, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Every step of the incident, with the provisions it relied on."""
    from sofadesk.accounts.service import acting_as

    events = run(lambda session: _service().timeline(session, acting_as(session, as_user), incident_id))
    if as_json:
        print_json(events)
        return
    for e in events:
        out.print(
            Text(f"{e.event:>6} {e.at} {e.actor_state or '-'} {e.action}  [{'; '.join(e.citations[:5])}]")
        )


@incident_app.command("person")
def person(incident_id: Id, as_user: AsOpt, file: Annotated[Path, typer.Option("--file", help="YAML person.")],
           number: Annotated[int | None, typer.Option("--number", help="Replace this person.")] = None,
           as_json: JsonOpt = False) -> None:  # fmt: skip
    """Add a suspect, victim or witness (or replace person --number)."""
    body = validated(_model("PersonBody"), read_yaml(file), f"the person in {file}", whole="person")
    _step(
        as_user,
        incident_id,
        lambda s, u, e: _service().set_person(s, u, incident_id, number, body, e),
        as_json,
    )


@incident_app.command("law")
def law(incident_id: Id, as_user: AsOpt,
        punishable: Annotated[bool, typer.Option("--punishable/--not-punishable", help="Under your State's law.")],
        security: Annotated[bool, typer.Option("--security-offence", help="A security offence (VII(2)(c)).")] = False,
        death_penalty: Annotated[bool, typer.Option("--death-penalty", help="Your law provides it.")] = False,
        provision: Annotated[str | None, typer.Option("--provision")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """State whether the act is punishable under the acting user's State's own law."""
    body = _body(S + "LawStatementBody", {"punishable": punishable, "security_offence": security,
                                          "death_penalty_possible": death_penalty, "provision": provision}, "law")  # fmt: skip
    _step(as_user, incident_id, lambda s, u, e: _service().state_law(s, u, incident_id, body, e), as_json)


@incident_app.command("attach")
def attach(
    incident_id: Id, as_user: AsOpt, file: Annotated[Path, typer.Option("--file")], as_json: JsonOpt = False
) -> None:
    """Attach a PDF, PNG, JPEG or text file (at most 10 MiB)."""
    if not file.is_file():
        raise UserError(f"--file: {file} is not a readable file")
    data = file.read_bytes()
    _step(
        as_user,
        incident_id,
        lambda s, u, e: _service().attach(s, u, incident_id, file.name, data, e),
        as_json,
    )


@incident_app.command("certify")
def certify(incident_id: Id, as_user: AsOpt, signed_by: Annotated[str, typer.Option("--signed-by")],
            signed_on: Annotated[str, typer.Option("--signed-on", help="YYYY-MM-DD")],
            on_duty: Annotated[bool, typer.Option("--on-duty/--off-duty")] = True,
            statement: Annotated[str | None, typer.Option("--statement")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """The sending State's official-duty certificate."""
    body = _body(S + "CertificateBody", {"on_duty": on_duty, "signed_by": signed_by, "signed_on": signed_on,
                                         "statement": statement}, "certificate")  # fmt: skip
    _step(as_user, incident_id, lambda s, u, e: _service().certify(s, u, incident_id, body, e), as_json)


def _answer(incident_id: int, as_user: str, answer: str, note: str | None, as_json: bool) -> None:
    body = _body(S + "CertificateAnswerBody", {"answer": answer, "note": note}, answer)
    _step(
        as_user,
        incident_id,
        lambda s, u, e: _service().answer_certificate(s, u, incident_id, body, e),
        as_json,
    )


@incident_app.command("accept")
def accept(incident_id: Id, as_user: AsOpt, note: Annotated[str | None, typer.Option("--note")] = None,
           as_json: JsonOpt = False) -> None:  # fmt: skip
    """The receiving State accepts the duty certificate."""
    _answer(incident_id, as_user, "accepted", note, as_json)


@incident_app.command("contest")
def contest(incident_id: Id, as_user: AsOpt, note: Annotated[str, typer.Option("--note", help="Why.")],
            as_json: JsonOpt = False) -> None:  # fmt: skip
    """The receiving State contests the duty certificate: consultation between the States opens."""
    _answer(incident_id, as_user, "contested", note, as_json)


@incident_app.command("settle-duty")
def settle_duty(incident_id: Id, as_user: AsOpt, outcome: Annotated[str, typer.Option("--outcome", help="on_duty or off_duty")],
                decided_by: Annotated[str, typer.Option("--decided-by", help="Who decided.")],
                note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """The outcome of the consultation on a contested certificate."""
    body = _body(
        S + "DutyOutcomeBody", {"outcome": outcome, "decided_by": decided_by, "note": note}, "outcome"
    )
    _step(as_user, incident_id, lambda s, u, e: _service().settle_duty(s, u, incident_id, body, e), as_json)


@incident_app.command("primary")
def primary(incident_id: Id, as_user: AsOpt, decision: Annotated[str, typer.Option("--decision", help="exercised or waived")],
            note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """The State holding the primary right exercises or waives it."""
    body = _body(S + "PrimaryDecisionBody", {"decision": decision, "note": note}, "decision")
    _step(
        as_user, incident_id, lambda s, u, e: _service().decide_primary(s, u, incident_id, body, e), as_json
    )


@incident_app.command("notify-case")
def notify_case(incident_id: Id, as_user: AsOpt, on: Annotated[str | None, typer.Option("--on")] = None,
                as_json: JsonOpt = False) -> None:  # fmt: skip
    """The sending State notifies the case (a standing waiver's recall period runs from that day)."""
    body = _body(S + "CaseNoticeBody", {"notified_on": on}, "notice")
    _step(as_user, incident_id, lambda s, u, e: _service().notify_case(s, u, incident_id, body, e), as_json)


@incident_app.command("recall")
def recall(incident_id: Id, as_user: AsOpt, statement: Annotated[str, typer.Option("--statement")],
           as_json: JsonOpt = False) -> None:  # fmt: skip
    """The receiving State recalls its standing waiver."""
    body = _body(S + "StatementBody", {"statement": statement}, "recall")
    _step(as_user, incident_id, lambda s, u, e: _service().recall_waiver(s, u, incident_id, body, e), as_json)


@incident_app.command("waiver-request")
def waiver_request(incident_id: Id, as_user: AsOpt, reasons: Annotated[str, typer.Option("--reasons")],
                   as_json: JsonOpt = False) -> None:  # fmt: skip
    """Ask the State holding the primary right to waive it (Art. VII(3)(c))."""
    body = _body(S + "WaiverRequestBody", {"reasons": reasons}, "request")
    _step(
        as_user, incident_id, lambda s, u, e: _service().request_waiver(s, u, incident_id, body, e), as_json
    )


@incident_app.command("waiver-answer")
def waiver_answer(incident_id: Id, as_user: AsOpt, answer: Annotated[str, typer.Option("--answer", help="granted or refused")],
                  reasons: Annotated[str, typer.Option("--reasons")], as_json: JsonOpt = False) -> None:  # fmt: skip
    """Grant or refuse the waiver request, with reasons."""
    body = _body(S + "WaiverAnswerBody", {"answer": answer, "reasons": reasons}, "answer")
    _step(as_user, incident_id, lambda s, u, e: _service().answer_waiver(s, u, incident_id, body, e), as_json)


@incident_app.command("arrest")
def arrest(incident_id: Id, as_user: AsOpt, person_: Person, at: Annotated[str, typer.Option("--at", help="UTC time")],
           place: Annotated[str | None, typer.Option("--place")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """An arrest by the acting user's State."""
    body = _body(S + "ArrestBody", {"person": person_, "at": _when(at, "--at"), "place": place}, "arrest")
    _step(as_user, incident_id, lambda s, u, e: _service().arrest(s, u, incident_id, body, e), as_json)


@incident_app.command("arrest-notified")
def arrest_notified(incident_id: Id, as_user: AsOpt, at: Annotated[str | None, typer.Option("--at")] = None,
                    as_json: JsonOpt = False) -> None:  # fmt: skip
    """The receiving State notified the sending State of its arrests (Art. VII(5)(b))."""
    body = _body(S + "NoticeBody", {"at": _when(at, "--at")}, "notice")
    _step(as_user, incident_id, lambda s, u, e: _service().notify_arrest(s, u, incident_id, body, e), as_json)


@incident_app.command("custody-request")
def custody_request(incident_id: Id, as_user: AsOpt, person_: Person, reasons: Annotated[str, typer.Option("--reasons")],
                    as_json: JsonOpt = False) -> None:  # fmt: skip
    """Ask the State holding a person to hand him over."""
    body = _body(S + "CustodyRequestBody", {"person": person_, "reasons": reasons}, "request")
    _step(
        as_user, incident_id, lambda s, u, e: _service().request_custody(s, u, incident_id, body, e), as_json
    )


@incident_app.command("custody-answer")
def custody_answer(incident_id: Id, as_user: AsOpt, request: Annotated[int, typer.Option("--request")],
                   answer: Annotated[str, typer.Option("--answer", help="granted or refused")],
                   note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    body = _body(S + "CustodyAnswerBody", {"request": request, "answer": answer, "note": note}, "answer")
    _step(
        as_user, incident_id, lambda s, u, e: _service().answer_custody(s, u, incident_id, body, e), as_json
    )


@incident_app.command("visit")
def visit(incident_id: Id, as_user: AsOpt, person_: Person, on: Annotated[str, typer.Option("--on")],
          note: Annotated[str | None, typer.Option("--note")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """An access visit to a person in custody."""
    body = _body(S + "VisitBody", {"person": person_, "visited_on": on, "note": note}, "visit")
    _step(as_user, incident_id, lambda s, u, e: _service().visit(s, u, incident_id, body, e), as_json)


@incident_app.command("custody-end")
def custody_end(incident_id: Id, as_user: AsOpt, person_: Person,
                reason: Annotated[str, typer.Option("--reason", help="released, acquitted, sentence_started")],
                as_json: JsonOpt = False) -> None:  # fmt: skip
    body = _body(S + "EndCustodyBody", {"person": person_, "reason": reason}, "custody")
    _step(as_user, incident_id, lambda s, u, e: _service().end_custody(s, u, incident_id, body, e), as_json)


@incident_app.command("trial")
def trial(incident_id: Id, as_user: AsOpt, person_: Person, court: Annotated[str, typer.Option("--court")],
          charges: Annotated[str, typer.Option("--charges")], charged_on: Annotated[str, typer.Option("--charged-on")],
          hearing: Annotated[list[str] | None, typer.Option("--hearing", help="A hearing date (repeat).")] = None,
          kind: Annotated[str, typer.Option("--kind", help="criminal or disciplinary")] = "criminal",
          as_json: JsonOpt = False) -> None:  # fmt: skip
    """Record proceedings by the acting user's State (refused for a second trial: Art. VII(8))."""
    body = _body(S + "TrialBody", {"person": person_, "court": court, "charges": charges, "charged_on": charged_on,
                                   "hearings": hearing or [], "kind": kind}, "trial")  # fmt: skip
    _step(as_user, incident_id, lambda s, u, e: _service().trial(s, u, incident_id, body, e), as_json)


@incident_app.command("observe")
def observe(incident_id: Id, as_user: AsOpt, trial_: Annotated[int, typer.Option("--trial")],
            observer: Annotated[int, typer.Option("--observer", help="Roster id.")],
            item: Annotated[list[str], typer.Option("--item", help="e.g. interpreter=yes, counsel=no:reason")],
            as_json: JsonOpt = False) -> None:  # fmt: skip
    """The trial observer's Art. VII(9) checklist: prompt_trial, charges_in_advance, confrontation, witnesses,
    counsel, interpreter, representative; each yes, no or not_applicable (a note after a colon)."""
    checklist: dict[str, Any] = {}
    for entry in item:
        name, _, rest = entry.partition("=")
        met, _, note = rest.partition(":")
        checklist[name.strip()] = {"met": met.strip(), **({"note": note.strip()} if note else {})}
    body = _body(
        S + "ObservationBody", {"trial": trial_, "observer": observer, "checklist": checklist}, "observation"
    )
    _step(as_user, incident_id, lambda s, u, e: _service().observe(s, u, incident_id, body, e), as_json)


@incident_app.command("verdict")
def verdict(incident_id: Id, as_user: AsOpt, trial_: Annotated[int, typer.Option("--trial")],
            outcome: Annotated[str, typer.Option("--outcome", help="acquitted, convicted, dropped, pardoned")],
            on: Annotated[str, typer.Option("--on", help="YYYY-MM-DD")],
            sentence: Annotated[str, typer.Option("--sentence", help="fine, suspended_confinement, confinement, ...")] = "none",
            detail: Annotated[str | None, typer.Option("--detail")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    body = _body(S + "VerdictBody", {"trial": trial_, "outcome": outcome, "sentence": sentence, "detail": detail,
                                     "verdict_on": on}, "verdict")  # fmt: skip
    _step(as_user, incident_id, lambda s, u, e: _service().verdict(s, u, incident_id, body, e), as_json)


@incident_app.command("close")
def close(incident_id: Id, as_user: AsOpt, disposition: Annotated[str, typer.Option("--disposition")],
          as_json: JsonOpt = False) -> None:  # fmt: skip
    """Close the case with its disposition (Art. VII(6)(b)); retention runs from now."""
    body = _body(S + "IncidentCloseBody", {"disposition": disposition}, "close")
    _step(as_user, incident_id, lambda s, u, e: _service().close(s, u, incident_id, body, e), as_json)

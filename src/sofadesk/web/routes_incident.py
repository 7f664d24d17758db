"""Incidents and criminal jurisdiction over HTTP.  Every route is a few lines around one service call in one
transaction; a step answers with the incident as the user's State and role may see it afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Path, Query, Request, Response, UploadFile, status
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.core.reads import PendingRead, TimelineEvent
from sofadesk.cases.incident import service
from sofadesk.cases.incident.kind import Status
from sofadesk.cases.incident.reads import (
    IncidentList,
    IncidentRead,
    PurgeRead,
    StatsRead,
)
from sofadesk.cases.incident.report import MAX_ATTACHMENT
from sofadesk.cases.incident.schemas import (
    ArrestBody,
    CaseNoticeBody,
    CertificateAnswerBody,
    CertificateBody,
    CustodyAnswerBody,
    CustodyRequestBody,
    DutyOutcomeBody,
    EndCustodyBody,
    IncidentCloseBody,
    IncidentReport,
    LawStatementBody,
    NoticeBody,
    ObservationBody,
    PersonUpdate,
    PrimaryDecisionBody,
    ReportUpdate,
    StatementBody,
    TrialBody,
    VerdictBody,
    VisitBody,
    WaiverAnswerBody,
    WaiverRequestBody,
)
from sofadesk.errors import Invalid
from sofadesk.registry.inforce import InForceEngine
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS
from sofadesk.serving.responses import idempotent_create, json_response
from sofadesk.web.routes_incident_config import router as config_router

# A list's next_cursor or previous_cursor, as given (opaque; issue 18).
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]
router = APIRouter(tags=["incidents"], responses=ERRORS)
IncidentId = Annotated[int, Path(ge=1, le=MAX_INT)]
Number = Annotated[int, Path(ge=1, le=1000)]
StateCode = Annotated[str, Path(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]
Year = Annotated[int, Query(ge=1951, le=2200)]
FILE = {"content": {"application/octet-stream": {}}, "description": "The attachment as uploaded."}
CSV = {"content": {"text/csv": {}}, "description": "The figures, one line each."}
# Sent as bytes (a generated client handles no spreadsheet media type); the file name says .xlsx.
XLSX = {
    "content": {"application/octet-stream": {}},
    "description": "An XLSX workbook with the figures and a chart.",
}

Step = Callable[[Session, CurrentUser, int, Any, InForceEngine], Any]


def _read_after(request: Request, user: CurrentUser, incident_id: int) -> Response:
    """Read back in a fresh transaction, after the write has committed (and released its locks)."""
    with read_only(request) as session:
        return json_response(service.read_visible(session, user, incident_id))


def _step(
    request: Request, user: CurrentUser, incident_id: int, engine: InForceEngine, fn: Step, body: Any
) -> Response:
    with unit_of_work(request) as session:
        fn(session, user, incident_id, body, engine)
    return _read_after(request, user, incident_id)


@router.post("/incidents", response_model=IncidentRead, status_code=status.HTTP_201_CREATED)
def create_incident(body: IncidentReport, user: CurrentActor, engine: EngineDep, request: Request,
                    idempotency_key: Annotated[str | None, Header(max_length=200, description="Repeat a create safely.")] = None,
                    ) -> Response:  # fmt: skip
    """Report an incident (a legal adviser of its sending or receiving State); the finding comes with it."""

    def create(session: Session) -> dict[str, Any]:
        return service.create(session, user, body, engine).model_dump(mode="json")

    return idempotent_create(request, user, idempotency_key, body, create, "/api/v1/incidents/{}")


@router.get("/incidents", response_model=IncidentList)
def list_incidents(user: CurrentActor, request: Request, status_: Annotated[Status | None, Query(alias="status")] = None,
                   state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="The other State")] = None,
                   year: Annotated[int | None, Query(ge=1951, le=2200)] = None, overdue: bool | None = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Cursor = None) -> IncidentList:  # fmt: skip
    """Incidents the user's State may see, newest first."""
    with read_only(request) as session:
        return service.list_visible(session, user, status_, state, year, overdue, limit, offset, cursor)


@router.get("/incidents/decisions", response_model=list[PendingRead])
def pending_incident_decisions(
    user: CurrentActor, request: Request, overdue: bool = False
) -> list[PendingRead]:
    """Decisions and duties the user's State still owes on incidents, the earliest due first."""
    with read_only(request) as session:
        return service.pending_decisions(session, user, overdue)


@router.get("/incidents/statistics", response_model=StatsRead)
def incident_statistics(user: CurrentActor, request: Request, state: Annotated[str, Query(pattern=r"^[A-Z]{3}$")],
                        year: Year) -> StatsRead:  # fmt: skip
    """The year's figures of the user's own State, as sending State and as receiving State."""
    with read_only(request) as session:
        return service.statistics(session, user, state, year)


@router.get("/incidents/statistics.csv", response_class=Response, responses={200: CSV})
def incident_statistics_csv(user: CurrentActor, request: Request, state: Annotated[str, Query(pattern=r"^[A-Z]{3}$")],
                            year: Year) -> Response:  # fmt: skip
    with read_only(request) as session:
        data = service.as_csv(service.statistics(session, user, state, year))
    return Response(data, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="incidents-{state}-{year}.csv"'})  # fmt: skip


@router.get("/incidents/statistics.xlsx", response_class=Response, responses={200: XLSX})
def incident_statistics_xlsx(user: CurrentActor, request: Request, state: Annotated[str, Query(pattern=r"^[A-Z]{3}$")],
                             year: Year) -> Response:  # fmt: skip
    with read_only(request) as session:
        data = service.as_xlsx(service.statistics(session, user, state, year))
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="incidents-{state}-{year}.xlsx"'})  # fmt: skip


@router.post("/incidents/purge", response_model=PurgeRead)
def purge_incidents(user: CurrentActor, request: Request) -> PurgeRead:
    """Erase the personal data of closed incidents past their retention period (an administrator)."""
    user.require("administrator")
    with unit_of_work(request) as session:
        return service.purge(session)


@router.get("/incidents/{incident_id}", response_model=IncidentRead)
def get_incident(incident_id: IncidentId, user: CurrentActor, request: Request) -> Response:
    """One incident with its finding, slots, custody, trials and flags, redacted for the user's role."""
    return _read_after(request, user, incident_id)


@router.put("/incidents/{incident_id}", response_model=IncidentRead)
def edit_incident_report(incident_id: IncidentId, body: ReportUpdate, user: CurrentActor, engine: EngineDep,
                         request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.edit_report, body)


@router.post("/incidents/{incident_id}/persons", response_model=IncidentRead)
def add_incident_person(incident_id: IncidentId, body: PersonUpdate, user: CurrentActor, engine: EngineDep,
                        request: Request) -> Response:  # fmt: skip
    """A suspect, victim or witness; a suspect's status is found from the facts (Art. I)."""
    with unit_of_work(request) as session:
        service.set_person(session, user, incident_id, None, _person(body), engine, body.version)
    return _read_after(request, user, incident_id)


def _person(body: PersonUpdate) -> Any:
    from sofadesk.cases.incident.schemas import PersonBody

    return PersonBody.model_validate(body.model_dump(exclude={"version"}))


@router.put("/incidents/{incident_id}/persons/{number}", response_model=IncidentRead)
def set_incident_person(incident_id: IncidentId, number: Number, body: PersonUpdate, user: CurrentActor,
                        engine: EngineDep, request: Request) -> Response:  # fmt: skip
    with unit_of_work(request) as session:
        service.set_person(session, user, incident_id, number, _person(body), engine, body.version)
    return _read_after(request, user, incident_id)


@router.delete("/incidents/{incident_id}/persons/{number}", response_model=IncidentRead)
def remove_incident_person(incident_id: IncidentId, number: Number, user: CurrentActor, engine: EngineDep,
                           request: Request) -> Response:  # fmt: skip
    with unit_of_work(request) as session:
        service.remove_person(session, user, incident_id, number, engine)
    return _read_after(request, user, incident_id)


@router.put("/incidents/{incident_id}/law", response_model=IncidentRead)
def state_incident_law(incident_id: IncidentId, body: LawStatementBody, user: CurrentActor, engine: EngineDep,
                       request: Request) -> Response:  # fmt: skip
    """The user's State on its own law: punishable, security offence, death penalty possible."""
    return _step(request, user, incident_id, engine, service.state_law, body)


@router.post("/incidents/{incident_id}/attachments", response_model=IncidentRead,
             responses={413: {"description": "The file is over the size bound."}})  # fmt: skip
def attach_to_incident(incident_id: IncidentId, user: CurrentActor, engine: EngineDep, request: Request,
                       file: Annotated[UploadFile, File(description="PDF, PNG, JPEG or plain text, at most 10 MiB.")],
                       version: Annotated[int | None, Form(ge=0, le=MAX_INT)] = None) -> Response:  # fmt: skip
    with read_only(request) as session:
        service.load_visible(session, user, incident_id)  # 404 before the file is read
    data = file.file.read(MAX_ATTACHMENT + 1)
    if len(data) > MAX_ATTACHMENT:
        raise Invalid("file", f"an attachment is at most {MAX_ATTACHMENT:,} bytes (10 MiB)")
    with unit_of_work(request) as session:
        service.attach(session, user, incident_id, file.filename or "attachment", data, engine, version)
    return _read_after(request, user, incident_id)


@router.get("/incidents/{incident_id}/attachments/{number}", response_class=Response, responses={200: FILE})
def incident_attachment(
    incident_id: IncidentId, number: Number, user: CurrentActor, request: Request
) -> Response:
    """An attachment, for the legal advisers of the two States (it may hold personal data)."""
    with read_only(request) as session:
        name, media, data = service.attachment(session, user, incident_id, number)
    safe = "".join(c for c in name if c.isalnum() or c in "._- ")[:100] or "attachment"
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{safe}"', "X-Media-Type": media})  # fmt: skip


@router.post("/incidents/{incident_id}/duty-certificates", response_model=IncidentRead)
def certify_duty(incident_id: IncidentId, body: CertificateBody, user: CurrentActor, engine: EngineDep,
                 request: Request) -> Response:  # fmt: skip
    """The sending State's official-duty certificate (who signed, when)."""
    return _step(request, user, incident_id, engine, service.certify, body)


@router.post("/incidents/{incident_id}/duty-certificates/answer", response_model=IncidentRead)
def answer_duty_certificate(incident_id: IncidentId, body: CertificateAnswerBody, user: CurrentActor,
                            engine: EngineDep, request: Request) -> Response:  # fmt: skip
    """The receiving State accepts or contests the certificate (contesting opens consultation)."""
    return _step(request, user, incident_id, engine, service.answer_certificate, body)


@router.post("/incidents/{incident_id}/duty-certificates/outcome", response_model=IncidentRead)
def settle_official_duty(incident_id: IncidentId, body: DutyOutcomeBody, user: CurrentActor, engine: EngineDep,
                         request: Request) -> Response:  # fmt: skip
    """The outcome of the consultation on a contested certificate, and who decided it."""
    return _step(request, user, incident_id, engine, service.settle_duty, body)


@router.post("/incidents/{incident_id}/primary-right", response_model=IncidentRead)
def decide_primary_right(incident_id: IncidentId, body: PrimaryDecisionBody, user: CurrentActor,
                         engine: EngineDep, request: Request) -> Response:  # fmt: skip
    """The State holding the primary right exercises or waives it (a waiver is notified to the other)."""
    return _step(request, user, incident_id, engine, service.decide_primary, body)


@router.post("/incidents/{incident_id}/case-notice", response_model=IncidentRead)
def notify_incident_case(incident_id: IncidentId, body: CaseNoticeBody, user: CurrentActor, engine: EngineDep,
                         request: Request) -> Response:  # fmt: skip
    """The sending State notifies the case: a standing waiver's recall period runs from that day."""
    return _step(request, user, incident_id, engine, service.notify_case, body)


@router.post("/incidents/{incident_id}/recall", response_model=IncidentRead)
def recall_incident_waiver(incident_id: IncidentId, body: StatementBody, user: CurrentActor, engine: EngineDep,
                           request: Request) -> Response:  # fmt: skip
    """The receiving State recalls its standing waiver within the recall period."""
    return _step(request, user, incident_id, engine, service.recall_waiver, body)


@router.post("/incidents/{incident_id}/waiver-requests", response_model=IncidentRead)
def request_incident_waiver(incident_id: IncidentId, body: WaiverRequestBody, user: CurrentActor,
                            engine: EngineDep, request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.request_waiver, body)


@router.post("/incidents/{incident_id}/waiver-requests/answer", response_model=IncidentRead)
def answer_incident_waiver(incident_id: IncidentId, body: WaiverAnswerBody, user: CurrentActor,
                           engine: EngineDep, request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.answer_waiver, body)


@router.post("/incidents/{incident_id}/arrests", response_model=IncidentRead)
def record_arrest(incident_id: IncidentId, body: ArrestBody, user: CurrentActor, engine: EngineDep,
                  request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.arrest, body)


@router.post("/incidents/{incident_id}/arrests/notice", response_model=IncidentRead)
def notify_arrests(incident_id: IncidentId, body: NoticeBody, user: CurrentActor, engine: EngineDep,
                   request: Request) -> Response:  # fmt: skip
    """The receiving State notifies the sending State of its arrests (Art. VII(5)(b))."""
    return _step(request, user, incident_id, engine, service.notify_arrest, body)


@router.post("/incidents/{incident_id}/custody-requests", response_model=IncidentRead)
def request_incident_custody(incident_id: IncidentId, body: CustodyRequestBody, user: CurrentActor,
                             engine: EngineDep, request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.request_custody, body)


@router.post("/incidents/{incident_id}/custody-requests/answer", response_model=IncidentRead)
def answer_incident_custody(incident_id: IncidentId, body: CustodyAnswerBody, user: CurrentActor,
                            engine: EngineDep, request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.answer_custody, body)


@router.post("/incidents/{incident_id}/visits", response_model=IncidentRead)
def record_visit(incident_id: IncidentId, body: VisitBody, user: CurrentActor, engine: EngineDep,
                 request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.visit, body)


@router.post("/incidents/{incident_id}/custody/end", response_model=IncidentRead)
def end_incident_custody(incident_id: IncidentId, body: EndCustodyBody, user: CurrentActor, engine: EngineDep,
                         request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.end_custody, body)


@router.post("/incidents/{incident_id}/trials", response_model=IncidentRead)
def record_trial(incident_id: IncidentId, body: TrialBody, user: CurrentActor, engine: EngineDep,
                 request: Request) -> Response:  # fmt: skip
    """Charges, court and hearings; a second trial for the same offence is refused (Art. VII(8))."""
    return _step(request, user, incident_id, engine, service.trial, body)


@router.post("/incidents/{incident_id}/observations", response_model=IncidentRead)
def observe_trial(incident_id: IncidentId, body: ObservationBody, user: CurrentActor, engine: EngineDep,
                  request: Request) -> Response:  # fmt: skip
    """The sending State's trial observer's Art. VII(9) checklist."""
    return _step(request, user, incident_id, engine, service.observe, body)


@router.post("/incidents/{incident_id}/verdicts", response_model=IncidentRead)
def record_verdict(incident_id: IncidentId, body: VerdictBody, user: CurrentActor, engine: EngineDep,
                   request: Request) -> Response:  # fmt: skip
    return _step(request, user, incident_id, engine, service.verdict, body)


@router.post("/incidents/{incident_id}/close", response_model=IncidentRead)
def close_incident(incident_id: IncidentId, body: IncidentCloseBody, user: CurrentActor, engine: EngineDep,
                   request: Request) -> Response:  # fmt: skip
    """Closed with its disposition (Art. VII(6)(b)); retention of personal data runs from now."""
    return _step(request, user, incident_id, engine, service.close, body)


@router.get("/incidents/{incident_id}/timeline", response_model=list[TimelineEvent])
def incident_timeline(incident_id: IncidentId, user: CurrentActor, request: Request) -> list[TimelineEvent]:
    with read_only(request) as session:
        return service.timeline(session, user, incident_id)


# Each State's incident configuration (time limits, retention, waiver practice, observers): its own module.
router.include_router(config_router)

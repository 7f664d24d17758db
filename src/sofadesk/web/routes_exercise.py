"""Exercise cases over HTTP.  Same shape as the transit routes: one service call in one transaction, the
answer read back after the write has committed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response, status
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT, IsoDate, ReasonBody, VersionBody
from sofadesk.cases.core.reads import TimelineEvent
from sofadesk.cases.exercise import service
from sofadesk.cases.exercise.kind import Status
from sofadesk.cases.exercise.reads import (
    CertificateRead,
    ClashRead,
    ContingentRead,
    ExerciseChecksRead,
    ExerciseList,
    ExerciseRead,
    JurisdictionRead,
    ParticipantRead,
    TrainingAreaRead,
)
from sofadesk.cases.exercise.schemas import (
    ContingentBody,
    DischargeBody,
    ExercisePlan,
    InviteBody,
    PlanUpdate,
    ReportBody,
    ResponseBody,
    TrainingAreaBody,
    TransitFromContingent,
)
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS
from sofadesk.serving.responses import idempotent_create, json_response

# A list's next_cursor or previous_cursor, as given (opaque; issue 18).
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]
router = APIRouter(tags=["exercises"], responses=ERRORS)
ExerciseId = Annotated[int, Path(ge=1, le=MAX_INT)]
StateParam = Annotated[str, Path(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]
Serial = Annotated[str, Path(max_length=60, pattern=r"^[A-Z0-9-]+$")]
CALENDAR = {"content": {"text/calendar": {}}, "description": "An iCalendar (RFC 5545) file."}


def _read_after(request: Request, user: CurrentUser, exercise_id: int) -> Response:
    with read_only(request) as session:
        return json_response(service.read_visible(session, user, exercise_id))


# --- training areas -------------------------------------------------------------------------------------


@router.put("/training-areas/{code}", response_model=TrainingAreaRead)
def put_training_area(
    code: Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")],
    body: TrainingAreaBody,
    user: CurrentActor,
    request: Request,
) -> TrainingAreaRead:
    """Record or update one of the user's own State's training areas (planner or administrator)."""
    with unit_of_work(request) as session:
        return service.set_training_area(session, user, code, body)


@router.get("/training-areas", response_model=list[TrainingAreaRead])
def get_training_areas(
    user: CurrentActor,
    request: Request,
    state: Annotated[
        str | None, Query(pattern=r"^[A-Z]{3}$", description="Default: the user's State")
    ] = None,
) -> list[TrainingAreaRead]:
    with read_only(request) as session:
        return service.training_areas(session, state or user.state)


# --- exercises ------------------------------------------------------------------------------------------


@router.post("/exercises", response_model=ExerciseRead, status_code=status.HTTP_201_CREATED)
def create_exercise(
    body: ExercisePlan,
    user: CurrentActor,
    request: Request,
    idempotency_key: Annotated[
        str | None, Header(max_length=200, description="Repeat a create safely.")
    ] = None,
) -> Response:
    """The host's planner proposes an exercise on the host's territory (the user's own State)."""

    def create(session: Session) -> dict[str, Any]:
        x = service.create(session, user, body)
        session.flush()
        return service.read(session, user, x).model_dump(mode="json")

    return idempotent_create(request, user, idempotency_key, body, create, "/api/v1/exercises/{}")


@router.get("/exercises", response_model=ExerciseList)
def list_exercises(
    user: CurrentActor,
    request: Request,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    host: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    date_from: Annotated[IsoDate | None, Query(alias="from", description="Ending on or after")] = None,
    date_to: Annotated[IsoDate | None, Query(alias="to", description="Starting on or before")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Cursor = None,
) -> ExerciseList:
    """Exercises the user's State hosts or is invited to."""
    with read_only(request) as session:
        return service.list_visible(session, user, status_, host, date_from, date_to, limit, offset, cursor)


@router.get("/exercises/calendar.ics", response_class=Response, responses={200: CALENDAR})
def state_calendar(user: CurrentActor, request: Request) -> Response:
    """The user's State's exercise calendar (iCalendar)."""
    with read_only(request) as session:
        body = service.calendar(session, user)
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="exercises-{user.state}.ics"'},
    )


@router.get("/exercises/deconfliction", response_model=list[ClashRead])
def deconfliction(user: CurrentActor, request: Request) -> list[ClashRead]:
    """Training areas booked by two of the user's State's exercises on the same days, with the days."""
    with read_only(request) as session:
        return service.deconfliction(session, user)


@router.get("/exercises/{exercise_id}", response_model=ExerciseRead)
def get_exercise(exercise_id: ExerciseId, user: CurrentActor, request: Request) -> Response:
    with read_only(request) as session:
        return json_response(service.read_visible(session, user, exercise_id))


@router.put("/exercises/{exercise_id}", response_model=ExerciseRead)
def update_exercise(
    exercise_id: ExerciseId, body: PlanUpdate, user: CurrentActor, request: Request
) -> Response:
    """Change the plan before execution; a changed approved plan goes back to the approver."""
    with unit_of_work(request) as session:
        service.update_plan(session, user, exercise_id, body.plan, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/approve", response_model=ExerciseRead)
def approve(exercise_id: ExerciseId, body: VersionBody, user: CurrentActor, request: Request) -> Response:
    """The host's approver approves the plan."""
    with unit_of_work(request) as session:
        service.approve(session, user, exercise_id, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/invitations", response_model=ExerciseRead)
def invite(exercise_id: ExerciseId, body: InviteBody, user: CurrentActor, request: Request) -> Response:
    """The host's planner invites States (they then see the exercise)."""
    with unit_of_work(request) as session:
        service.invite(session, user, exercise_id, body.states, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/response", response_model=ExerciseRead)
def respond(exercise_id: ExerciseId, body: ResponseBody, user: CurrentActor, request: Request) -> Response:
    """An invited State's approver accepts or declines; `version` is the invitation's version as read."""
    with unit_of_work(request) as session:
        service.respond(session, user, exercise_id, body)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/contingent", response_model=ContingentRead)
def register_contingent(
    exercise_id: ExerciseId, body: ContingentBody, user: CurrentActor, request: Request
) -> Response:
    """Register (or replace) the user's State's contingent; issues its customs certificate (Art. XI(4))."""
    with unit_of_work(request) as session:
        service.register_contingent(session, user, exercise_id, body)
    with read_only(request) as session:  # read back after the write has committed
        return json_response(service.contingent(session, user, exercise_id, user.state))


@router.get("/exercises/{exercise_id}/contingents/{state}", response_model=ContingentRead)
def get_contingent(
    exercise_id: ExerciseId, state: StateParam, user: CurrentActor, request: Request
) -> Response:
    """A contingent in full: for the host and the State sending it."""
    with read_only(request) as session:
        return json_response(service.contingent(session, user, exercise_id, state))


@router.get("/exercises/{exercise_id}/certificates/{serial}", response_model=CertificateRead)
def get_certificate(
    exercise_id: ExerciseId, serial: Serial, user: CurrentActor, request: Request
) -> Response:
    with read_only(request) as session:
        return json_response(service.certificate(session, user, exercise_id, serial))


@router.post("/exercises/{exercise_id}/certificates/{serial}/discharge", response_model=CertificateRead)
def discharge(
    exercise_id: ExerciseId, serial: Serial, body: DischargeBody, user: CurrentActor, request: Request
) -> Response:
    """Running totals re-exported and declared per certificate line (Art. XI(8))."""
    with unit_of_work(request) as session:
        service.discharge(session, user, exercise_id, serial, body)
    with read_only(request) as session:  # read back after the write has committed
        return json_response(service.certificate(session, user, exercise_id, serial))


@router.post("/exercises/{exercise_id}/start", response_model=ExerciseRead)
def start(exercise_id: ExerciseId, body: VersionBody, user: CurrentActor, request: Request) -> Response:
    """Execution begins; unanswered invitations lapse."""
    with unit_of_work(request) as session:
        service.start(session, user, exercise_id, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/finish", response_model=ExerciseRead)
def finish(exercise_id: ExerciseId, body: VersionBody, user: CurrentActor, request: Request) -> Response:
    """Execution has ended: participants now report and account for their equipment."""
    with unit_of_work(request) as session:
        service.finish(session, user, exercise_id, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/report", response_model=ExerciseRead)
def report(exercise_id: ExerciseId, body: ReportBody, user: CurrentActor, request: Request) -> Response:
    """The user's State files its after-action report."""
    with unit_of_work(request) as session:
        service.file_report(session, user, exercise_id, body.report)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/close", response_model=ExerciseRead)
def close(exercise_id: ExerciseId, body: VersionBody, user: CurrentActor, request: Request) -> Response:
    """Close: refused while a report is due or equipment is neither re-exported nor declared."""
    with unit_of_work(request) as session:
        service.close(session, user, exercise_id, body.version)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/withdraw", response_model=ExerciseRead)
def withdraw(exercise_id: ExerciseId, body: ReasonBody, user: CurrentActor, request: Request) -> Response:
    """The user's State withdraws from the exercise, with its reason."""
    with unit_of_work(request) as session:
        service.withdraw(session, user, exercise_id, body.reason)
    return _read_after(request, user, exercise_id)


@router.post("/exercises/{exercise_id}/cancel", response_model=ExerciseRead)
def cancel(exercise_id: ExerciseId, body: ReasonBody, user: CurrentActor, request: Request) -> Response:
    with unit_of_work(request) as session:
        service.cancel(session, user, exercise_id, body.reason)
    return _read_after(request, user, exercise_id)


@router.get("/exercises/{exercise_id}/checks", response_model=ExerciseChecksRead)
def checks(exercise_id: ExerciseId, user: CurrentActor, engine: EngineDep, request: Request) -> Response:
    """Coverage per participant and day, contingents' documents, customs and arms, capacity, deconfliction,
    re-export; each with its citations, `basis` saying law or configuration."""
    with read_only(request) as session:
        return json_response(service.checks(session, user, exercise_id, engine))


@router.get("/exercises/{exercise_id}/participants", response_model=list[ParticipantRead])
def participants(exercise_id: ExerciseId, user: CurrentActor, request: Request) -> Response:
    with read_only(request) as session:
        return json_response(service.participants_list(session, user, exercise_id))


@router.get("/exercises/{exercise_id}/jurisdiction", response_model=list[JurisdictionRead])
def jurisdiction(
    exercise_id: ExerciseId, user: CurrentActor, engine: EngineDep, request: Request
) -> Response:
    """Per participant: the primary right for an offence on duty and off duty (NATO SOFA Art. VII(3))."""
    with read_only(request) as session:
        return json_response(service.jurisdiction(session, user, exercise_id, engine))


@router.get("/exercises/{exercise_id}/calendar.ics", response_class=Response, responses={200: CALENDAR})
def exercise_calendar(exercise_id: ExerciseId, user: CurrentActor, request: Request) -> Response:
    with read_only(request) as session:
        body = service.calendar(session, user, exercise_id)
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="exercise-{exercise_id}.ics"'},
    )


@router.get("/exercises/{exercise_id}/timeline", response_model=list[TimelineEvent])
def exercise_timeline(exercise_id: ExerciseId, user: CurrentActor, request: Request) -> list[TimelineEvent]:
    with read_only(request) as session:
        return service.timeline(session, user, exercise_id)


@router.post(
    "/exercises/{exercise_id}/transits", response_model=TransitRead, status_code=status.HTTP_201_CREATED
)
def transit_from_contingent(
    exercise_id: ExerciseId, body: TransitFromContingent, user: CurrentActor, request: Request
) -> Response:
    """A transit request (draft) bringing the user's State's registered contingent to the host."""
    with unit_of_work(request) as session:
        transit_id = service.transit_from_contingent(session, user, exercise_id, body)
    with read_only(request) as session:  # read back after the write has committed
        data = transits.read_visible_json(session, user, transit_id)
    return Response(data, 201, {"Location": f"/api/v1/transits/{transit_id}"}, media_type="application/json")

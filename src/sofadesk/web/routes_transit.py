"""Transit cases over HTTP.  Every route is a few lines around one service call in one transaction."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Header, Path, Query, Request, Response, UploadFile, status
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT, IsoDate, ReasonBody, VersionBody
from sofadesk.cases.core.reads import TimelineEvent
from sofadesk.cases.force_checks import CheckReportRead
from sofadesk.cases.manifests import MAX_BYTES, ManifestError, ManifestTooLarge, parse_manifest
from sofadesk.cases.transit import service
from sofadesk.cases.transit.kind import Status
from sofadesk.cases.transit.reads import OverdueRead, TransitList, TransitRead
from sofadesk.cases.transit.schemas import ContentUpdate, CrossingBody, DecisionBody, TransitCreate
from sofadesk.errors import DomainError
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS, Problem
from sofadesk.serving.responses import idempotent_create


def _json(text: str) -> Response:
    return Response(text, media_type="application/json")


def _read_after(request: Request, user: CurrentUser, transit_id: int) -> Response:
    """Read back in a fresh transaction, after the write has committed (and released its locks)."""
    with read_only(request) as session:
        return _json(service.read_visible_json(session, user, transit_id))


# A list's next_cursor or previous_cursor, as given (opaque; issue 18).
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]
router = APIRouter(tags=["transits"], responses=ERRORS)
TransitId = Annotated[int, Path(ge=1, le=MAX_INT)]


@router.post("/transits", response_model=TransitRead, status_code=status.HTTP_201_CREATED)
def create_transit(
    body: TransitCreate,
    user: CurrentActor,
    request: Request,
    idempotency_key: Annotated[
        str | None, Header(max_length=200, description="Repeat a create safely.")
    ] = None,
) -> Response:
    """File a transit request (a draft) for the requester's own State's force."""

    def create(session: Session) -> dict[str, Any]:
        t = service.create(session, user, body)
        session.flush()
        return service.read(session, t).model_dump(mode="json")

    return idempotent_create(request, user, idempotency_key, body, create, "/api/v1/transits/{}")


@router.get("/transits", response_model=TransitList)
def list_transits(
    user: CurrentActor,
    request: Request,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="Sending or crossed State")] = None,
    entry_from: IsoDate | None = None,
    entry_to: IsoDate | None = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Cursor = None,
) -> TransitList:
    """Transits the user's State may see, with filters and pagination."""
    with read_only(request) as session:
        return service.list_visible(
            session, user, status_, state, entry_from, entry_to, overdue, limit, offset, cursor=cursor
        )


@router.get("/transits/{transit_id}", response_model=TransitRead)
def get_transit(
    transit_id: TransitId,
    user: CurrentActor,
    request: Request,
    revision: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    """One transit (any revision), with each State's decision and the crossings recorded."""
    with read_only(request) as session:
        return _json(service.read_visible_json(session, user, transit_id, revision))


@router.put("/transits/{transit_id}", response_model=TransitRead)
def update_transit(
    transit_id: TransitId, body: ContentUpdate, user: CurrentActor, request: Request
) -> Response:
    """Edit a draft (version must match)."""
    with unit_of_work(request) as session:
        service.update_draft(session, user, transit_id, body.content, body.version)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/submit", response_model=TransitRead)
def submit_transit(
    transit_id: TransitId, body: VersionBody, user: CurrentActor, engine: EngineDep, request: Request
) -> Response:
    with unit_of_work(request) as session:
        service.submit(session, user, transit_id, body.version, engine)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/decisions", response_model=TransitRead)
def decide_transit(
    transit_id: TransitId, body: DecisionBody, user: CurrentActor, request: Request
) -> Response:
    """The user's State decides its leg(s); `version` is that decision's version as read (409 if stale)."""
    with unit_of_work(request) as session:
        decided = service.decide(session, user, transit_id, body)
        # Shaped before the commit from what the step holds; sent only once the commit has succeeded.
        answer = service.written_json(session, decided.transit, decided.decisions, decided.content_text)
    return _json(answer)


@router.post("/transits/{transit_id}/amend", response_model=TransitRead)
def amend_transit(
    transit_id: TransitId, body: ContentUpdate, user: CurrentActor, engine: EngineDep, request: Request
) -> Response:
    """A new revision; only States whose legs changed decide again."""
    with unit_of_work(request) as session:
        service.amend(session, user, transit_id, body.content, body.version, engine)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/crossings", response_model=TransitRead)
def record_crossing(
    transit_id: TransitId, body: CrossingBody, user: CurrentActor, request: Request
) -> Response:
    """The State crossed records that the force entered or left its territory."""
    with unit_of_work(request) as session:
        service.record_crossing(session, user, transit_id, body)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/complete", response_model=TransitRead)
def complete_transit(transit_id: TransitId, user: CurrentActor, request: Request) -> Response:
    with unit_of_work(request) as session:
        service.complete(session, user, transit_id)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/withdraw", response_model=TransitRead)
def withdraw_transit(
    transit_id: TransitId, body: ReasonBody, user: CurrentActor, request: Request
) -> Response:
    with unit_of_work(request) as session:
        service.withdraw(session, user, transit_id, body.reason)
    return _read_after(request, user, transit_id)


@router.post("/transits/{transit_id}/cancel", response_model=TransitRead)
def cancel_transit(transit_id: TransitId, body: ReasonBody, user: CurrentActor, request: Request) -> Response:
    with unit_of_work(request) as session:
        service.cancel(session, user, transit_id, body.reason)
    return _read_after(request, user, transit_id)


@router.get("/transits/{transit_id}/checks", response_model=CheckReportRead)
def transit_checks(
    transit_id: TransitId, user: CurrentActor, engine: EngineDep, request: Request
) -> CheckReportRead:
    """Checks with reasons and citations; `basis` says whether a check is law or a State's configuration."""
    with read_only(request) as session:
        return service.checks(session, user, transit_id, engine)


@router.get("/transits/{transit_id}/timeline", response_model=list[TimelineEvent])
def transit_timeline(transit_id: TransitId, user: CurrentActor, request: Request) -> list[TimelineEvent]:
    with read_only(request) as session:
        return service.timeline(session, user, transit_id)


@router.get("/decisions/overdue", response_model=list[OverdueRead])
def overdue(user: CurrentActor, request: Request) -> list[OverdueRead]:
    """Transit decisions the user's State has not taken by their due date."""
    with read_only(request) as session:
        return service.overdue_decisions(session, user)


class ManifestProblem(DomainError):
    status = 422
    title = "Invalid manifest"


class ManifestTooLargeProblem(ManifestProblem):
    status = 413
    title = "Manifest too large"


def parse_upload(kind: str, filename: str, data: bytes) -> list[Any]:
    """A manifest's items, or its problems as a problem response (the first ones, with a count of the rest)."""
    try:
        return parse_manifest(kind, filename, data)  # type: ignore[arg-type]
    except ManifestError as exc:
        errors = [{"field": f"row {e['row']}, {e['column']}", "message": e["message"]} for e in exc.errors]
        if exc.total > len(exc.errors):
            errors.append({"field": "-", "message": f"and {exc.total - len(exc.errors):,} more problem(s)"})
        problem_type = ManifestTooLargeProblem if isinstance(exc, ManifestTooLarge) else ManifestProblem
        raise problem_type(str(exc), errors) from None


@router.post(
    "/transits/{transit_id}/manifests/{kind}",
    response_model=TransitRead,
    responses={413: {"model": Problem, "description": "The file is over the size bound."}},
)
def upload_manifest(
    transit_id: TransitId,
    kind: Literal["personnel", "equipment"],
    user: CurrentActor,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV or XLSX; first row names the columns.")],
    version: Annotated[int, Form(ge=0, le=MAX_INT)],
) -> Response:
    """Replace a draft's personnel or equipment from a CSV or XLSX manifest; errors name row and column.

    The case and the user's right to change it are checked before the file is read; reading it is bounded
    (size, unpacked size, rows with blank ones counted, columns, cell length) and runs in a worker thread,
    never on the event loop that answers other requests."""
    with read_only(request) as session:
        service.own_draft_at(session, user, transit_id, version)
    data = file.file.read(MAX_BYTES + 1)
    items = parse_upload(kind, file.filename or "manifest.csv", data)
    with unit_of_work(request) as session:
        service.import_manifest(session, user, transit_id, kind, items, version)
    return _read_after(request, user, transit_id)

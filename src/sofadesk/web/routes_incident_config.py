"""Each State's incident configuration over HTTP - time limits, retention, standing waiver practice, trial
observers: configuration kept by each State, shown as such, never as law."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.incident import service
from sofadesk.cases.incident.reads import ObserverRead, SettingsRead, WaiverPracticeRead
from sofadesk.cases.incident.schemas import ObserverBody, SettingsBody, WaiverPracticeBody
from sofadesk.serving.deps import CurrentActor, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS

router = APIRouter(tags=["incidents"], responses=ERRORS)
StateCode = Annotated[str, Path(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]


@router.get("/states/{state}/incident-settings", response_model=SettingsRead, tags=["configuration"])
def get_incident_settings(state: StateCode, user: CurrentActor, request: Request) -> SettingsRead:
    """A State's incident time limits and retention: configuration, not law (the defaults where it kept none)."""
    with read_only(request) as session:
        return service.settings_read(session, state)


@router.put("/states/{state}/incident-settings", response_model=SettingsRead, tags=["configuration"])
def put_incident_settings(
    state: StateCode, body: SettingsBody, user: CurrentActor, request: Request
) -> SettingsRead:
    with unit_of_work(request) as session:
        return service.set_settings(session, user, state, body)


@router.get("/incident-waiver-practices", response_model=list[WaiverPracticeRead], tags=["configuration"])
def list_waiver_practices(
    user: CurrentActor, request: Request, state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None
) -> list[WaiverPracticeRead]:
    """Standing waiver practices of receiving States towards sending States: configuration, not law."""
    with read_only(request) as session:
        return service.waiver_practices(session, state)


@router.put(
    "/incident-waiver-practices/{sending_state}", response_model=WaiverPracticeRead, tags=["configuration"]
)
def put_waiver_practice(
    sending_state: StateCode, body: WaiverPracticeBody, user: CurrentActor, request: Request
) -> WaiverPracticeRead:
    """The administrator's State (as receiving State) records its standing practice towards a sending State."""
    with unit_of_work(request) as session:
        return service.set_waiver_practice(session, user, sending_state, body)


@router.get("/states/{state}/trial-observers", response_model=list[ObserverRead], tags=["configuration"])
def list_trial_observers(state: StateCode, user: CurrentActor, request: Request) -> list[ObserverRead]:
    with read_only(request) as session:
        return service.observers(session, state)


@router.post(
    "/trial-observers",
    response_model=ObserverRead,
    status_code=status.HTTP_201_CREATED,
    tags=["configuration"],
)
def add_trial_observer(body: ObserverBody, user: CurrentActor, request: Request) -> ObserverRead:
    with unit_of_work(request) as session:
        return service.add_observer(session, user, body)


@router.put("/trial-observers/{observer_id}", response_model=ObserverRead, tags=["configuration"])
def update_trial_observer(
    observer_id: Annotated[int, Path(ge=1, le=MAX_INT)],
    body: ObserverBody,
    user: CurrentActor,
    request: Request,
) -> ObserverRead:
    with unit_of_work(request) as session:
        return service.update_observer(session, user, observer_id, body)

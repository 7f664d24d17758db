"""The registry over HTTP: the in-force question, and the registry editors' acts (four eyes) with their impact."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, status
from pydantic import BaseModel

from sofadesk.acts import service as acts
from sofadesk.acts.reload import refresh_registry
from sofadesk.acts.schemas import ActBody, ActRead, ConfirmRead, ImpactRead
from sofadesk.cases.bodies import MAX_INT, IsoDate, ReasonBody
from sofadesk.errors import Invalid
from sofadesk.registry.explain import explain_coverage
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS

router = APIRouter(tags=["registry"], responses=ERRORS)
ActId = Annotated[int, Path(ge=1, le=MAX_INT)]
StateParam = Annotated[str, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]


class SourceRead(BaseModel):
    title: str
    url: str


class StateRef(BaseModel):
    code: str
    name: str


class PairCoverageRead(BaseModel):
    sending_state: StateRef
    receiving_state: StateRef
    on: str
    applies: bool | None
    instrument: str | None
    instrument_name: str | None
    nato_sofa_directly: bool | None
    pfp_sofa: bool | None
    additional_protocol: bool
    additional_protocol_status: str
    reasons: list[str]
    citations: list[str]
    not_modelled: list[str]
    sources: list[SourceRead]


@router.get("/registry/coverage", response_model=PairCoverageRead)
def coverage(
    user: CurrentActor,
    engine: EngineDep,
    sending: StateParam,
    receiving: StateParam,
    on: Annotated[IsoDate | None, Query(description="Default: today")] = None,
) -> Any:
    """Does the NATO SOFA regime apply between the two States on the day, through which instrument, and why."""
    states = engine.registry.states
    for field, code in (("sending", sending), ("receiving", receiving)):
        if code not in states:
            raise Invalid(f"query.{field}", f"{code!r} is not a State in the registry")
    if sending == receiving:
        raise Invalid("query.receiving", "must differ from the sending State")
    return explain_coverage(engine, states[sending], states[receiving], on or date.today()).as_json()


@router.get("/registry/acts", response_model=list[ActRead])
def list_acts(
    user: CurrentActor,
    request: Request,
    status_: Annotated[
        Literal["proposed", "confirmed", "rejected", "withdrawn"] | None, Query(alias="status")
    ] = None,
) -> list[ActRead]:
    """Acts entered by registry editors: waiting for a second editor, confirmed (in effect), rejected or withdrawn."""
    with read_only(request) as session:
        return acts.list_acts(session, status_)


@router.post("/registry/acts", response_model=ActRead, status_code=status.HTTP_201_CREATED)
def propose(body: ActBody, user: CurrentActor, request: Request) -> ActRead:
    """Enter a State's dated act with its source (registry editor); it takes effect once another editor confirms."""
    with unit_of_work(request) as session:
        return acts.read(session, acts.propose(session, user, body))


@router.post("/registry/acts/{act_id}/confirm", response_model=ConfirmRead)
def confirm(act_id: ActId, user: CurrentActor, engine: EngineDep, request: Request) -> ConfirmRead:
    """A second editor confirms: the act takes effect everywhere within seconds; the open cases whose coverage it
    changes are told (each State of each sees its own); the answer lists those the user's State may see."""
    with unit_of_work(request) as session:
        row, changed, _ = acts.confirm(session, user, act_id, engine)
        answer = ConfirmRead(act=acts.read(session, row), impact=acts.visible(changed, user))
    refresh_registry(request.app, force=True)
    return answer


@router.post("/registry/acts/{act_id}/reject", response_model=ActRead)
def reject(act_id: ActId, body: ReasonBody, user: CurrentActor, request: Request) -> ActRead:
    """Another editor rejects the act, or its own editor withdraws it, with the reason."""
    with unit_of_work(request) as session:
        return acts.read(session, acts.reject(session, user, act_id, body.reason))


@router.post("/registry/impact", response_model=list[ImpactRead])
def impact(body: ActBody, user: CurrentActor, engine: EngineDep, request: Request) -> list[ImpactRead]:
    """Before entering an act: the open cases of the user's State whose coverage it would change, and how."""
    with read_only(request) as session:
        return acts.visible(acts.preview(session, engine, body), user)

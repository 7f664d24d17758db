"""The covered-route planner over HTTP: plan the routes between two States, and file one as a transit draft."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response, status
from sqlalchemy.orm import Session

from sofadesk.cases.transit import service
from sofadesk.cases.transit.from_route import RouteDraftBody, draft_from_route
from sofadesk.cases.transit.notice_rules import notice_rules
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.errors import Invalid
from sofadesk.planner import PlanError, PlanRequest, PlanResult, plan_routes
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only
from sofadesk.serving.problems import ERRORS
from sofadesk.serving.responses import idempotent_create

router = APIRouter(tags=["routes"], responses=ERRORS)


@router.post("/routes/plan", response_model=PlanResult)
def plan_route(body: PlanRequest, user: CurrentActor, engine: EngineDep, request: Request) -> PlanResult:
    """Which routes from one State to another can be permitted - the Agreement applying with every State crossed
    on every day of its leg, each State's notice counted in its own working days, its restrictions met - ranked
    by earliest arrival; each excluded route with its reasons and citations.  Nothing is stored."""
    with read_only(request) as session:
        rules = notice_rules(session)
    try:
        return plan_routes(engine, body, rules)
    except PlanError as exc:
        raise Invalid(exc.field, exc.message) from None


@router.post("/routes/draft", response_model=TransitRead, status_code=status.HTTP_201_CREATED)
def draft_route(
    body: RouteDraftBody,
    user: CurrentActor,
    engine: EngineDep,
    request: Request,
    idempotency_key: Annotated[
        str | None, Header(max_length=200, description="Repeat a create safely.")
    ] = None,
) -> Response:
    """Plan again as things stand, take the chosen permitted route (rank 1 by default) and file it as a transit
    draft of the requester's State: one leg per State crossed with the entry and exit of the earliest permitted
    departure, and the manifest given.  Dangerous goods (UN numbers per leg) and advance customs notification
    are left for the requester to fill in before submitting."""

    def create(session: Session) -> dict[str, Any]:
        transit, _ = draft_from_route(session, user, engine, body)
        session.flush()
        return service.read(session, transit).model_dump(mode="json")

    return idempotent_create(request, user, idempotency_key, body, create, "/api/v1/transits/{}")

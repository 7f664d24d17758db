"""From plan to case (issue 19, item 5): a transit draft filled from one route of the covered-route planner -
its States as legs, with the entry and exit days of its earliest permitted departure, and the requester's own
manifest.

The plan is worked out again here rather than taken from the client: the draft must rest on the registry and the
notice rules as they stand when it is filed.  The force profile the plan is checked against is the manifest's
own (its categories of personnel, its arms, its vehicles), so a route that a State's restriction would refuse to
this force cannot be turned into a draft by planning it for a lighter one.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from pydantic import Field, model_validator
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT, Strict
from sofadesk.cases.force import ForceManifest
from sofadesk.cases.transit import commands
from sofadesk.cases.transit.models import TransitRow
from sofadesk.cases.transit.notice_rules import notice_rules
from sofadesk.cases.transit.schemas import Purpose, TransitCreate
from sofadesk.errors import Invalid
from sofadesk.law.common import StateCode
from sofadesk.planner import ForceProfile, PlanError, PlanRequest, RoutePlan, plan_routes, transit_draft
from sofadesk.planner.model import Item
from sofadesk.registry.inforce import InForceEngine

VEHICLES = ("service_vehicle_own_power", "service_vehicle_not_own_power")


class RouteManifest(ForceManifest):
    """Who and what moves, and why: a transit request without its legs and modes, which the route gives."""

    purpose: Purpose


class RouteDraftBody(Strict):
    """Plan, pick one permitted route (by rank, or by its States), and file it as a transit draft."""

    plan: PlanRequest
    rank: Annotated[int, Field(ge=1, le=MAX_INT)] | None = Field(
        default=None, description="The permitted route's rank in the plan (1: soonest arrival). Default 1."
    )
    route: Annotated[list[StateCode], Field(min_length=2, max_length=10)] | None = Field(
        default=None, description="Or the route's States, origin to destination."
    )
    manifest: RouteManifest

    @model_validator(mode="after")
    def _one_choice(self) -> RouteDraftBody:
        if self.rank is not None and self.route is not None:
            raise ValueError("route: give the route's rank or its States, not both")
        return self


def profile_of(manifest: ForceManifest, dangerous_goods_classes: list[str]) -> ForceProfile:
    """The planner's view of a manifest: persons per category, the arms carried, the vehicles."""
    personnel = Counter(p.category for p in manifest.personnel)
    return ForceProfile(
        personnel=dict(personnel),
        arms=[Item(description=a.description, quantity=a.quantity) for a in manifest.arms],
        dangerous_goods_classes=dangerous_goods_classes,
        vehicles=sum(e.quantity for e in manifest.equipment if e.kind in VEHICLES),
    )


def choose(routes: list[RoutePlan], rank: int | None, states: list[str] | None) -> RoutePlan:
    """The chosen permitted route; an excluded or unknown one is refused with its reasons."""
    if states is not None:
        found = next((r for r in routes if r.states == states), None)
        if found is None:
            raise Invalid(
                "route",
                f"{'-'.join(states)} is not among the routes planned (check --max-states, "
                "--avoid and --via, or give it in plan.routes)",
            )
        if not found.permitted:
            why = "; ".join(r.text for r in found.reasons[:3])
            raise Invalid("route", f"{'-'.join(states)} cannot be permitted: {why}")
        return found
    permitted = [r for r in routes if r.permitted]
    wanted = rank or 1
    if not permitted:
        raise Invalid("plan", "no route can be permitted: nothing to file (see the plan's excluded routes)")
    if wanted > len(permitted):
        raise Invalid("rank", f"the plan has {len(permitted)} permitted route(s); there is no rank {wanted}")
    return permitted[wanted - 1]


def plan_for(user: CurrentUser, body: RouteDraftBody) -> PlanRequest:
    """The plan as the requester's State files it: its own force, with the manifest's profile."""
    if body.plan.sending_state not in (None, user.state):
        raise Invalid(
            "plan.sending_state",
            f"a draft is filed by your State ({user.state}) for its own force, "
            f"not {body.plan.sending_state}'s",
        )
    profile = profile_of(body.manifest, body.plan.profile.dangerous_goods_classes)
    return body.plan.model_copy(update={"sending_state": user.state, "profile": profile})


def draft_from_route(
    session: Session, user: CurrentUser, engine: InForceEngine, body: RouteDraftBody
) -> tuple[TransitRow, RoutePlan]:
    """Plan, choose, and create the draft (the requester's own; nothing is sent to any State until submitted)."""
    user.require("requester")
    try:
        result = plan_routes(engine, plan_for(user, body), notice_rules(session))
    except PlanError as exc:
        raise Invalid(f"plan.{exc.field}", exc.message) from None
    route = choose(result.routes, body.rank, body.route)
    content: dict[str, Any] = transit_draft(route, body.manifest.model_dump(mode="json"))
    transit = commands.create(session, user, TransitCreate.model_validate(content), planned=_planned(route))
    return transit, route


def _planned(route: RoutePlan) -> dict[str, Any]:
    """What the audit trail keeps of the plan the draft came from."""
    return {
        "states": route.states,
        "rank": route.rank,
        "earliest_departure": route.earliest_departure.isoformat() if route.earliest_departure else None,
        "decisions_due": route.decisions_due.isoformat() if route.decisions_due else None,
        "arrival": route.arrival.isoformat() if route.arrival else None,
    }

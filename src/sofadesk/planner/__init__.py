"""The covered-route planner (issue 19): which routes a force can take from one State to another with the
NATO SOFA regime applying on every day in every State crossed, when each can leave and arrive at the
earliest, and why the others cannot be permitted.  Pure: no database, no web.

    from sofadesk.planner import PlanRequest, plan_routes
    result = plan_routes(engine, PlanRequest(origin="LVA", destination="UZB", depart=..., submitted=...),
                         notice_rules)
    result.best, result.routes, result.model_dump(mode="json")

The model is written out in sofadesk.planner.plan.
"""

from sofadesk.planner.draft import transit_draft, transit_legs
from sofadesk.planner.graph import Graph, Link, world_graph
from sofadesk.planner.model import (
    DayRange,
    ForceProfile,
    LegPlan,
    LinkUsed,
    PlanError,
    PlanRequest,
    PlanResult,
    Point,
    Reason,
    Restriction,
    RoutePlan,
)
from sofadesk.planner.plan import plan_routes

__all__ = [
    "DayRange",
    "ForceProfile",
    "Graph",
    "LegPlan",
    "Link",
    "LinkUsed",
    "PlanError",
    "PlanRequest",
    "PlanResult",
    "Point",
    "Reason",
    "Restriction",
    "RoutePlan",
    "plan_routes",
    "transit_draft",
    "transit_legs",
    "world_graph",
]

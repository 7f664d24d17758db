"""The covered-route planner: which routes from one State to another can be permitted, and which arrives soonest.

The model, for one route (States r0 .. rn, r0 the origin, rn the destination) and the request's sending State S
(the origin unless the request names another):

- The States crossed are the route's States other than S; S's own territory raises no question.
- Time in each State comes from sofadesk.planner.durations (estimated, or given), in whole minutes.  The move
  leaves at `depart_hour` UTC on departure day D; it enters r_i after the time spent in r0 .. r_(i-1).  A leg's
  days are the calendar days (UTC) from its entry to its exit, both included: a border is crossed on one day,
  which belongs to both legs.  These offsets from D do not depend on D.
- Notice (configuration, each State's own rule): a crossed State with a lead time of n working days can have
  its decision due on the n-th working day after the filing day, counted in its own calendar
  (cases.transit.checks.add_working_days, national holidays from the `holidays` package).  The force does not
  leave before every decision can be due: `decisions_due` is the latest of those days.  A State with no rule
  recorded sets no bound, and the route carries that as an uncertainty.
- Coverage (law): on every day of a crossed State's leg the NATO SOFA regime must certainly apply between S and
  that State (registry in-force engine, `applies is True`; unknown is not covered).
- Earliest departure = the first day D, not before the departure wanted, the filing day or `decisions_due`, on
  which coverage holds for the whole schedule (sought up to `horizon_days` later; CoverageIndex explains the
  search).  Earliest arrival = the day of arrival of that schedule.
- Excluded, with reasons and citations: a restriction of a crossed State the profile does not meet
  (configuration, not law); no covered departure within the horizon, a State that is not a party included
  (law); for a route the request gives: a State it avoids, a State it wants passed missing, a link its modes
  cannot use; a State whose time can be neither estimated nor taken from the request.
- Ranking of permitted routes: earliest arrival day, then fewest States, then fewest uncertainties (States with
  no notice rule or no national holiday calendar, points that are centroids, links not known), then arrival
  time, then the States' codes.  Excluded routes follow, shortest first.

Routes are enumerated as simple paths over land borders and configured links (sofadesk.planner.graph) with at
most `max_states` States, or taken as the request gives them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sofadesk.cases.transit.checks import NoticeRule
from sofadesk.planner.coverage import CoverageIndex
from sofadesk.planner.durations import DETOUR, SPEED_KM_PER_DAY
from sofadesk.planner.graph import Graph, simple_paths, world_graph
from sofadesk.planner.model import PlanError, PlanRequest, PlanResult, RoutePlan
from sofadesk.planner.route import PlanContext, evaluate_route
from sofadesk.registry.explain import long_date
from sofadesk.registry.inforce import InForceEngine

ROUTE_LIMIT = 2000
NOT_MODELLED = (
    "Whether a road, railway or ferry actually crosses each border, and runs on the days of the move: land "
    "borders come from the countryinfo package, sea links are configuration - needs a decision by the movement "
    "officer.",
    "Waits at borders, transhipment and timetables: times are estimates from distances and configured speeds "
    "unless the request gives them - needs a decision by the movement officer.",
    "Overflight clearance, and the coverage of a force at sea outside any State's territory: a sea crossing is "
    "counted half in each State it joins - needs a decision by the States concerned.",
    "Whether each State will grant the transit: the plan says when its decision can be due, not what it will be "
    "- needs a decision by each State crossed.",
)


def plan_routes(
    engine: InForceEngine,
    request: PlanRequest,
    notice_rules: Mapping[str, NoticeRule] | None = None,
    *,
    graph: Graph | None = None,
    route_limit: int = ROUTE_LIMIT,
) -> PlanResult:
    """Plan the routes of `request`: enumerated (or given), each evaluated, permitted ones ranked.

    Pure: the registry comes in through `engine`, each State's notice rule (configuration, from the database's
    notice_rules table) through `notice_rules`, the graph through `graph` (default: land borders and configured
    links).  Raises PlanError naming the field when a State is not in the registry."""
    registry = engine.registry
    _check_states(request, set(registry.states))
    start = max(request.depart, request.submitted)
    plan = PlanContext(
        engine=engine,
        request=request,
        graph=graph if graph is not None else world_graph(),
        rules=notice_rules or {},
        speeds={**SPEED_KM_PER_DAY, **request.speeds_km_per_day},
        coverage=CoverageIndex(engine, request.sending, start.toordinal()),
        names={code: s.display_name for code, s in registry.states.items()},
        start=start,
    )
    truncated = False
    if request.routes:
        candidates = [(tuple(r), True) for r in request.routes]
    else:
        modes, known = set(request.modes), registry.states
        found, truncated = simple_paths(
            plan.graph,
            request.origin,
            request.destination,
            request.max_states,
            # Codes of territories outside ISO 3166-1 (e.g. the package's SCG) are not States of the registry.
            lambda link: link.a in known and link.b in known and not modes.isdisjoint(link.modes),
            frozenset(request.avoid),
            frozenset(request.via),
            route_limit,
        )
        candidates = [(r, False) for r in found]
    routes = [evaluate_route(plan, route, explicit) for route, explicit in candidates]
    permitted = sorted((r for r in routes if r.permitted), key=_rank_key)
    excluded = sorted((r for r in routes if not r.permitted), key=lambda r: (len(r.states), r.states))
    ranked = [r.model_copy(update={"rank": i}) for i, r in enumerate(permitted, start=1)]
    return PlanResult(
        request=request,
        sending_state=request.sending,
        earliest_possible=start,
        routes=[*ranked, *excluded],
        truncated=truncated,
        summary=_summary(plan, ranked, excluded, truncated),
        configuration=_configuration(plan),
        not_modelled=list(NOT_MODELLED),
    )


def _rank_key(r: RoutePlan) -> tuple[object, ...]:
    return (r.arrival, len(r.states), len(r.uncertainties), r.arrival_at, r.states)


def _check_states(request: PlanRequest, known: set[str]) -> None:
    named: list[tuple[str, str]] = [("origin", request.origin), ("destination", request.destination)]
    if request.sending_state:
        named.append(("sending_state", request.sending_state))
    named += [(f"avoid.{i}", s) for i, s in enumerate(request.avoid)]
    named += [(f"via.{i}", s) for i, s in enumerate(request.via)]
    for i, route in enumerate(request.routes or []):
        named += [(f"routes.{i}.{j}", s) for j, s in enumerate(route)]
    named += [(f"leg_days.{s}", s) for s in request.leg_days]
    for where, code in named:
        if code not in known:
            raise PlanError(where, f"{code} is not a State in the registry (ISO 3166-1 alpha-3)")


def _summary(plan: PlanContext, ranked: list[RoutePlan], excluded: list[RoutePlan], truncated: bool) -> str:
    r = plan.request
    frm, to = plan.names[r.origin], plan.names[r.destination]
    bound = "as given" if r.routes else f"with up to {r.max_states} States by {', '.join(r.modes)}"
    more = f" (only the first {ROUTE_LIMIT} routes were evaluated)" if truncated else ""
    if not ranked and not excluded:
        return f"No route from {frm} to {to} {bound}: no land border or configured link joins them within the bound."
    if not ranked:
        return (
            f"No covered route from {frm} to {to} {bound}: each of the {len(excluded)} candidate routes is "
            f"excluded, for the reasons given with it{more}."
        )
    best = ranked[0]
    assert best.earliest_departure and best.arrival
    return (
        f"{len(ranked)} covered route{'s' if len(ranked) > 1 else ''} from {frm} to {to} {bound}, "
        f"{len(excluded)} excluded{more}. Soonest: {' - '.join(best.states)}, leaving "
        f"{long_date(best.earliest_departure)}, arriving {long_date(best.arrival)}."
    )


def _configuration(plan: PlanContext) -> list[str]:
    speeds = ", ".join(f"{m} {plan.speeds[m]:g} km" for m in plan.request.modes)
    detours = ", ".join(f"{m} x{DETOUR[m]:g}" for m in plan.request.modes)
    return [
        f"Speeds per day of movement: {speeds}; great-circle distances lengthened by {detours} "
        "(configuration, not law).",
        "Points: each State's capital (countryinfo), its centre where no capital is known; the request's points "
        "for origin and destination where given.",
        "Sea links and fixed links between States are configuration (sofadesk.planner.links), not sources.",
        "Lead times and restrictions are each State's own configuration, not law; lead times count the State's "
        "working days (national holidays from the holidays package, weekends only where it has none).",
    ]

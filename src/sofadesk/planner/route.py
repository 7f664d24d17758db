"""One route evaluated: its links and times, each State crossed's coverage, notice and restrictions, its
earliest departure and arrival, and why it is excluded or later than wanted.  The model is written out in
sofadesk.planner.plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from sofadesk.cases.core.calendar import add_working_days, has_national_calendar
from sofadesk.cases.transit.checks import NoticeRule, restriction_breached
from sofadesk.cases.transit.schemas import Mode
from sofadesk.planner.coverage import CoverageIndex, Window, day_ranges
from sofadesk.planner.durations import MINUTES_PER_DAY, LegTime, Place, fastest, leg_times, places
from sofadesk.planner.graph import Graph, Link
from sofadesk.planner.model import (
    DayRange,
    LegPlan,
    LinkUsed,
    PlanRequest,
    Reason,
    ReasonKind,
    Restriction,
    RoutePlan,
)
from sofadesk.registry.explain import long_date
from sofadesk.registry.inforce import InForceEngine

NOTE_ORDER = {"delayed_by_notice": 0, "delayed_by_coverage": 1}  # what moved the departure comes first
CHECKED_RESTRICTIONS = (
    "non_lethal_cargo_only",
    "no_dangerous_goods",
)  # what checks.restriction_breached reads


@dataclass
class PlanContext:
    """What every route of one plan shares: the request, the graph, the rules, and the coverage and notice
    worked out so far."""

    engine: InForceEngine
    request: PlanRequest
    graph: Graph
    rules: Mapping[str, NoticeRule]
    speeds: dict[Mode, float]
    coverage: CoverageIndex
    names: dict[str, str]
    start: date
    notice: dict[str, tuple[int | None, date | None, bool]] = field(default_factory=dict)
    links_used: dict[tuple[str, str], tuple[LinkUsed, Reason | None, str | None]] = field(
        default_factory=dict
    )

    def notice_for(self, state: str) -> tuple[int | None, date | None, bool]:
        """(lead time, the day the decision can be due, national calendar) for a crossed State."""
        found = self.notice.get(state)
        if found is None:
            alpha2 = self.engine.registry.states[state].alpha2
            rule = self.rules.get(state)
            due = (
                add_working_days(self.request.submitted, rule.lead_time_working_days, alpha2)
                if rule
                else None
            )
            found = (rule.lead_time_working_days if rule else None, due, has_national_calendar(alpha2))
            self.notice[state] = found
        return found


def _links(plan: PlanContext, route: tuple[str, ...]) -> tuple[list[LinkUsed], list[Reason], list[str]]:
    used: list[LinkUsed] = []
    reasons: list[Reason] = []
    uncertain: list[str] = []
    for a, b in pairwise(route):
        found = plan.links_used.get((a, b))
        if found is None:  # immutable values, shared by every route of the plan that takes this link
            found = plan.links_used[(a, b)] = _link(plan, a, b)
        link, reason, doubt = found
        used.append(link)
        if reason is not None:
            reasons.append(reason)
        if doubt is not None:
            uncertain.append(doubt)
    return used, reasons, uncertain


def _link(plan: PlanContext, a: str, b: str) -> tuple[LinkUsed, Reason | None, str | None]:
    """The link from `a` to `b`, the mode taken, and why a route cannot use it or what is uncertain about it."""
    modes = plan.request.modes
    link: Link | None = plan.graph.link(a, b)
    na, nb = plan.names[a], plan.names[b]
    if link is None:
        mode = fastest(modes, plan.speeds)
        used = LinkUsed(from_state=a, to_state=b, kind="none", mode=mode, basis="estimate")
        return used, None, f"No land border or configured link is known between {na} and {nb}."
    allowed = [m for m in modes if m in link.modes]
    reason = None
    if not allowed:
        reason = Reason(
            kind="no_link",
            basis="request",
            state=b,
            text=f"{na} - {nb} is a {link.kind} link ({', '.join(link.modes)}); the request's modes "
            f"({', '.join(modes)}) cannot use it.",
        )
    mode = fastest(allowed, plan.speeds) if allowed else link.modes[0]
    used = LinkUsed(
        from_state=a, to_state=b, kind=link.kind, mode=mode, basis=link.basis, name=link.name, note=link.note
    )
    return used, reason, None


def _points(plan: PlanContext, route: tuple[str, ...]) -> list[Place | None]:
    known = places()
    points: list[Place | None] = [known.get(s) for s in route]
    for i, given in ((0, plan.request.origin_point), (len(route) - 1, plan.request.destination_point)):
        if given is not None:
            points[i] = Place(given.name, given.lat, given.lon, "given")
    return points


def evaluate_route(plan: PlanContext, route: tuple[str, ...], explicit: bool) -> RoutePlan:
    """The route's schedule at its earliest covered departure, or why it cannot be permitted (`explicit`: the
    request gave it, so the request's own avoid and via are checked here rather than by the enumeration)."""
    request, names = plan.request, plan.names
    sending = request.sending
    links, reasons, uncertain = _links(plan, route)
    points = _points(plan, route)
    times, missing = leg_times(route, points, [lk.mode for lk in links], plan.speeds, request.leg_days)
    notes: list[Reason] = []
    for state in missing:
        reasons.append(
            Reason(
                kind="no_duration",
                basis="estimate",
                state=state,
                text=f"No point is known for {names[state]} to estimate the time spent there; give the days spent there (leg_days; --days in the CLI).",
            )
        )
    for i, p in enumerate(points):
        if p is not None and p.basis == "centroid":
            uncertain.append(f"{names[route[i]]}'s distance is measured from its centre, not its capital.")
    if explicit:
        for state in route:
            if state in request.avoid:
                reasons.append(
                    Reason(
                        kind="avoided",
                        basis="request",
                        state=state,
                        text=f"The route passes {names[state]}, which the request avoids.",
                    )
                )
        for state in request.via:
            if state not in route:
                reasons.append(
                    Reason(
                        kind="via_missing",
                        basis="request",
                        state=state,
                        text=f"The route does not pass {names[state]}, as the request wants.",
                    )
                )

    # Schedule offsets: minutes from departure day 00:00 UTC, and each leg's first and last day as offsets.
    h0 = request.depart_hour * 60
    marks = [h0]
    for t in times:
        marks.append(marks[-1] + t.minutes)
    days = [(marks[i] // MINUTES_PER_DAY, marks[i + 1] // MINUTES_PER_DAY) for i in range(len(route))]
    crossed = [i for i, s in enumerate(route) if s != sending]

    restrictions, decisions_due = _notice_and_restrictions(plan, route, crossed, reasons, notes, uncertain)
    base = max(plan.start, decisions_due or plan.start).toordinal()
    windows = [(route[i], days[i][0], days[i][1]) for i in crossed]
    departure = None if missing else _departure(plan, windows, base, reasons, notes)

    permitted = departure is not None and not reasons
    legs = _legs(plan, route, links, points, times, days, marks, departure, restrictions)
    citations = dict.fromkeys(c for r in (*reasons, *notes) for c in r.citations)
    citations.update(dict.fromkeys(c for leg in legs for c in leg.citations))
    when = date.fromordinal(departure) if departure is not None else None
    dep_at = datetime.combine(when, time(request.depart_hour), UTC) if when else None
    arr_at = dep_at + timedelta(minutes=marks[-1] - h0) if dep_at else None
    return RoutePlan(
        states=list(route),
        names=[names[s] for s in route],
        explicit=explicit,
        permitted=permitted,
        earliest_departure=when,
        departure_at=dep_at,
        decisions_due=decisions_due,
        arrival=arr_at.date() if arr_at else None,
        arrival_at=arr_at,
        total_days=None if missing else round((marks[-1] - h0) / MINUTES_PER_DAY, 2),
        distance_km=None if any(t.km is None for t in times) else round(sum(t.km or 0.0 for t in times), 1),
        legs=legs,
        links=links,
        reasons=reasons,
        notes=sorted(notes, key=lambda n: NOTE_ORDER.get(n.kind, len(NOTE_ORDER))),
        uncertainties=list(dict.fromkeys(uncertain)),
        citations=list(citations),
    )


def _notice_and_restrictions(
    plan: PlanContext,
    route: tuple[str, ...],
    crossed: list[int],
    reasons: list[Reason],
    notes: list[Reason],
    uncertain: list[str],
) -> tuple[dict[str, list[Restriction]], date | None]:
    """Each crossed State's restrictions against the profile, and the day every decision can be due
    (configuration); what excludes the route goes to `reasons`, what is only shown to `notes`."""
    names, request = plan.names, plan.request
    armed, classes = request.profile.armed, request.profile.dangerous_goods_classes
    restrictions: dict[str, list[Restriction]] = {}
    dues: list[tuple[date, str, int]] = []
    for i in crossed:
        state = route[i]
        rule = plan.rules.get(state)
        found = []
        for code, text in rule.restrictions if rule else ():
            excludes = restriction_breached(code, armed, classes)
            found.append(Restriction(code=code, text=text, excludes=excludes))
            kind: ReasonKind = "restriction" if excludes else "restriction_note"
            if excludes:
                what = f" - {_carried(code, armed, classes)}, so the force does not meet it"
            else:
                what = " - the force meets it" if code in CHECKED_RESTRICTIONS else " - shown, not checked"
            (reasons if excludes else notes).append(
                Reason(
                    kind=kind,
                    basis="configuration",
                    state=state,
                    text=f"{names[state]}'s restriction: {text}{what} (configuration kept by {names[state]}, not law).",
                )
            )
        restrictions[state] = found
        lead, due, national = plan.notice_for(state)
        if due is not None and lead is not None:
            dues.append((due, state, lead))
        else:
            uncertain.append(f"{names[state]} has recorded no notice rule: its lead time is not known.")
            notes.append(
                Reason(
                    kind="no_notice_rule",
                    basis="configuration",
                    state=state,
                    text=f"{names[state]} has recorded no notice rule; no lead time is counted for it.",
                )
            )
        if not national:
            uncertain.append(f"No national holiday calendar for {names[state]}: working days are weekdays.")
    decisions_due = max(dues)[0] if dues else None
    if decisions_due is not None and decisions_due > plan.start:
        latest = [d for d in dues if d[0] == decisions_due]
        who = "; ".join(f"{names[s]} asks for {lead} working days' notice" for _, s, lead in latest)
        notes.append(
            Reason(
                kind="delayed_by_notice",
                basis="configuration",
                state=latest[0][1],
                text=f"Every decision can be due by {long_date(decisions_due)} at the earliest, counted from filing on "
                f"{long_date(request.submitted)} in each State's own working days: {who} (configuration, not law).",
            )
        )
    return restrictions, decisions_due


def _departure(
    plan: PlanContext, windows: list[Window], base: int, reasons: list[Reason], notes: list[Reason]
) -> int | None:
    """The earliest covered departure from `base` (law), and why not from `base`: for each State not covered
    on days its leg would have then, the engine's reasons - a note when a later departure is covered, a reason
    to exclude the route when none within the horizon is."""
    cov, names = plan.coverage, plan.names
    last = base + plan.request.horizon_days
    departure = cov.earliest_departure(windows, base, last)
    never = False
    for state, a, b in windows:
        if cov.last_gap(state, base + a, base + b) is None:
            continue  # covered on every day of its leg at the earliest departure the notice allows
        if departure is None and cov.next_covered(state, base + a, last + b) is None:
            never = True  # not covered on any day within the horizon
            whole = [DayRange(first=date.fromordinal(base + a), last=date.fromordinal(last + b))]
            reason = cov.explain(state, whole, names, whole=True)
        else:
            reason = cov.explain(state, day_ranges(cov.gaps(state, base + a, base + b)), names)
        if departure is None:
            reasons.append(reason)
        else:
            notes.append(
                reason.model_copy(
                    update={
                        "kind": "delayed_by_coverage",
                        "text": f"Departure moved to {long_date(date.fromordinal(departure))}. {reason.text}",
                    }
                )
            )
    if departure is None and not never:
        reasons.append(
            Reason(
                kind="not_covered",
                basis="law",
                text=f"No departure from {long_date(date.fromordinal(base))} to {long_date(date.fromordinal(last))} "
                "has the Agreement applying on every day of every leg.",
            )
        )
    return departure


def _legs(
    plan: PlanContext,
    route: tuple[str, ...],
    links: list[LinkUsed],
    points: list[Place | None],
    times: list[LegTime],
    days: list[tuple[int, int]],
    marks: list[int],
    departure: int | None,
    restrictions: dict[str, list[Restriction]],
) -> list[LegPlan]:
    request, names = plan.request, plan.names
    legs: list[LegPlan] = []
    last = len(route) - 1
    start, end = points[0], points[-1]
    for i, state in enumerate(route):
        t, own = times[i], state == request.sending
        entry = _crossing(plan, links[i - 1]) if i else (start.name if start else names[state])
        exit_ = _crossing(plan, links[i]) if i < last else (end.name if end else names[state])
        lead, due, national = (None, None, True) if own else plan.notice_for(state)
        when: dict[str, object] = {}
        if departure is not None:
            dep = datetime.combine(date.fromordinal(departure), time(), UTC)
            when = {
                "entry_at": dep + timedelta(minutes=marks[i]),
                "exit_at": dep + timedelta(minutes=marks[i + 1]),
                "first_day": date.fromordinal(departure + days[i][0]),
                "last_day": date.fromordinal(departure + days[i][1]),
            }
            if not own:
                instrument, cites = plan.coverage.covered_citations(state, departure + days[i][0])
                when.update(applies=True, instrument=instrument, citations=cites)
        legs.append(
            LegPlan.model_validate(
                {
                    "state": state,
                    "name": names[state],
                    "role": "origin" if i == 0 else "destination" if i == last else "transit",
                    "own_territory": own,
                    # The mode it is entered by; the origin's, the mode it is left by.
                    "mode": links[i - 1].mode if i else links[0].mode,
                    "days": round(t.minutes / MINUTES_PER_DAY, 2),
                    "distance_km": None if t.km is None else round(t.km, 1),
                    "duration_basis": t.basis,
                    "entry_point": entry,
                    "exit_point": exit_,
                    "lead_time_working_days": lead,
                    "decision_due": due,
                    "calendar": None if own else "national" if national else "weekends_only",
                    "restrictions": restrictions.get(state, []),
                    **when,
                }
            )
        )
    return legs


def _carried(code: str, armed: bool, classes: list[str]) -> str:
    explosives = [c for c in classes if c.startswith("1")]
    if code == "non_lethal_cargo_only" and armed:
        return "it carries arms"
    if code == "non_lethal_cargo_only":
        return f"it carries explosives (Class {', '.join(explosives)})"
    return f"it carries dangerous goods (Class {', '.join(classes)})"


def _crossing(plan: PlanContext, link: LinkUsed) -> str:
    if link.name:
        return link.name
    return f"{plan.names[link.from_state]} - {plan.names[link.to_state]} border"

"""The planner against a brute-force search on small random worlds (hypothesis).

The brute force shares nothing with the planner but the model's definitions: it tries every ordering of every
subset of States as a route, and every departure day one by one, asking the engine by date (not by ordinal)
and counting notice with working_days_between (the transit checks' own test), not add_working_days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations, pairwise, permutations
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sofadesk.cases.transit.checks import NoticeRule, working_days_between
from sofadesk.planner import Graph, PlanRequest, plan_routes
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Fact, Participation, Registry, Source
from sofadesk.registry.shipped import load_shipped

SHIPPED = load_shipped()
POOL = ("EST", "LVA", "LTU", "POL", "FIN", "SWE")
SRC = Source("assumed for this test", "https://example.invalid/planner")
DAY0 = date(2009, 6, 1)


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(3, len(POOL)))
    states = POOL[:n]
    every = list(combinations(states, 2))
    linked = draw(st.lists(st.integers(0, 2), min_size=len(every), max_size=len(every)))
    pairs = [p for p, keep in zip(every, linked, strict=True) if keep] or every[:1]  # two links in three
    bound = {}
    for s in states:
        if draw(st.integers(0, 7)) == 0:
            continue  # not a party
        eif = DAY0 + timedelta(days=draw(st.integers(-30, 30)))
        ends = eif + timedelta(days=draw(st.integers(1, 120))) if draw(st.integers(0, 3)) == 0 else None
        bound[s] = (eif, ends)
    rules = {}
    for s in states:
        if draw(st.booleans()):
            lethal = (("non_lethal_cargo_only", "non-lethal only"),) if draw(st.booleans()) else ()
            rules[s] = NoticeRule(s, draw(st.integers(0, 15)), False, lethal)
    origin, destination = draw(st.permutations(states))[:2]
    others = [s for s in states if s not in (origin, destination)]
    avoid = draw(st.lists(st.sampled_from(others), max_size=1, unique=True)) if others else []
    via = [s for s in draw(st.lists(st.sampled_from(others), max_size=1)) if s not in avoid] if others else []
    depart = DAY0 + timedelta(days=draw(st.integers(-10, 20)))
    return {
        "pairs": sorted(pairs),
        "bound": bound,
        "rules": rules,
        "request": {
            "origin": origin,
            "destination": destination,
            "sending_state": draw(st.none() | st.sampled_from(states)),
            "depart": depart,
            "submitted": depart - timedelta(days=draw(st.integers(-3, 20))),
            "max_states": draw(st.integers(min(3, n), n)),
            "leg_days": {s: draw(st.sampled_from([0.2, 0.5, 1.0, 1.5, 2.25, 3.0])) for s in states},
            "depart_hour": draw(st.sampled_from([0, 0, 6, 12, 18, 23])),  # midnight crossings often
            "horizon_days": draw(st.integers(0, 60)),
            "avoid": avoid,
            "via": via,
            "profile": {"arms": draw(st.booleans())},
        },
    }


def engine_for(bound: dict[str, tuple[date, date | None]]) -> InForceEngine:
    participations = {}
    for s, (eif, ends) in bound.items():
        facts = [Fact("entry_into_force", eif, source=SRC)]
        if ends is not None:
            facts.append(Fact("denunciation_effective", ends, source=SRC))
        participations[("pfp-sofa", s)] = Participation("pfp-sofa", s, facts=tuple(facts))
    return InForceEngine(Registry(SHIPPED.states, SHIPPED.agreements, participations))


def brute_force(engine: InForceEngine, world: dict[str, Any], req: PlanRequest) -> dict[tuple[str, ...], Any]:
    """Every route, with (departure, arrival time) where permitted, else None."""
    links = {frozenset(p) for p in world["pairs"]}
    rules: dict[str, NoticeRule] = world["rules"]
    middle = [
        s for s in POOL if s not in (req.origin, req.destination) and any(s in p for p in world["pairs"])
    ]
    found: dict[tuple[str, ...], Any] = {}
    for k in range(req.max_states - 1):
        for inner in permutations(middle, k):
            route = (req.origin, *inner, req.destination)
            if any(frozenset(p) not in links for p in pairwise(route)):
                continue
            if set(route) & set(req.avoid) or not set(req.via) <= set(route):
                continue
            found[route] = evaluate(engine, rules, req, route)
    return found


def evaluate(
    engine: InForceEngine, rules: dict[str, NoticeRule], req: PlanRequest, route: tuple[str, ...]
) -> Any:
    crossed = [s for s in route if s != req.sending]
    if req.profile.armed and any(
        code == "non_lethal_cargo_only"
        for s in crossed
        for code, _ in (rules[s].restrictions if s in rules else ())
    ):
        return None  # fmt: skip
    minutes = [round(req.leg_days[s] * 1440) for s in route]
    start_of = [req.depart_hour * 60 + sum(minutes[:i]) for i in range(len(route) + 1)]
    start = max(req.depart, req.submitted)

    def notice_ok(d: date) -> bool:
        return all(
            working_days_between(req.submitted, d, engine.registry.states[s].alpha2)
            >= rules[s].lead_time_working_days
            for s in crossed
            if s in rules
        )

    first = start
    while not notice_ok(first):
        first += timedelta(days=1)
    for n in range(req.horizon_days + 1):
        d = first + timedelta(days=n)
        leave = datetime.combine(d, time(), UTC)
        ok = all(
            engine.answer(req.sending, s, day).applies is True
            for i, s in enumerate(route)
            if s != req.sending
            for day in days_between(
                (leave + timedelta(minutes=start_of[i])).date(),
                (leave + timedelta(minutes=start_of[i + 1])).date(),
            )
        )
        if ok:
            return d, leave + timedelta(minutes=start_of[-1])
    return None


def days_between(a: date, b: date) -> list[date]:
    return [a + timedelta(days=n) for n in range((b - a).days + 1)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_the_planner_agrees_with_brute_force(world: dict[str, Any]) -> None:
    engine = engine_for(world["bound"])
    req = PlanRequest.model_validate(world["request"])
    result = plan_routes(engine, req, world["rules"], graph=Graph.of_pairs(world["pairs"]))
    expected = brute_force(engine, world, req)

    assert {tuple(r.states) for r in result.routes} == set(expected)
    got = {
        tuple(r.states): (r.earliest_departure, r.arrival_at) if r.permitted else None for r in result.routes
    }
    assert got == expected
    # Ranking: earliest arrival day, fewest States, fewest uncertainties (here: States with no rule), time, codes.
    rules = world["rules"]
    order = sorted(
        (r for r, v in expected.items() if v is not None),
        key=lambda r: (
            expected[r][1].date(),
            len(r),
            sum(s not in rules for s in r if s != req.sending),
            expected[r][1],
            list(r),
        ),
    )
    assert [tuple(r.states) for r in result.permitted] == order
    assert all(r.reasons for r in result.excluded)

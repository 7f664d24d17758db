"""The covered-route planner: hand-worked scenarios on small registries and on the shipped one (Riga - Termez).

Schedules are hand-worked from times given per State (`leg_days`) and departure at 08:00 UTC: a State's leg
runs from the calendar day the force enters it to the day it leaves, both included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sofadesk.cases.transit.checks import NoticeRule, check_transit
from sofadesk.cases.transit.demo_data import NOTICE_RULES, riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.planner import ForceProfile, Graph, PlanError, PlanRequest, plan_routes, transit_draft
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Fact, Participation, Registry, Source

SRC = Source("assumed for this test", "https://example.invalid/planner")
RIGA_TERMEZ = ["LVA", "RUS", "KAZ", "UZB"]
DEMO_DAYS = {
    "LVA": 1.0,
    "RUS": 4.0,
    "KAZ": 4.0,
    "UZB": 2.0,
}  # the demo transit's legs: days 0-1, 1-5, 5-9, 9-11


def demo_rules() -> dict[str, NoticeRule]:
    return {
        s: NoticeRule(s, days, False, tuple((r["code"], r["text"]) for r in restrictions))
        for s, (days, restrictions) in NOTICE_RULES.items()
    }


def synthetic(shipped: Registry, pfp: dict[str, date], ends: dict[str, date] | None = None) -> InForceEngine:
    """A registry whose only facts are PfP SOFA entries into force (and denunciations taking effect)."""
    participations = {}
    for state, on in pfp.items():
        facts = [Fact("entry_into_force", on, source=SRC)]
        if ends and state in ends:
            facts.append(Fact("denunciation_effective", ends[state], source=SRC))
        participations[("pfp-sofa", state)] = Participation("pfp-sofa", state, facts=tuple(facts))
    return InForceEngine(Registry(shipped.states, shipped.agreements, participations))


def request(**kw: Any) -> PlanRequest:
    return PlanRequest.model_validate({"depart": date(2009, 6, 1), "submitted": date(2009, 5, 1), **kw})


def test_it_moves_the_departure_to_the_day_a_state_crossed_is_bound(shipped: Registry) -> None:
    # Lithuania bound from 5 June 2009; Estonia's leg lasts half a day, so Lithuania's starts on departure day.
    engine = synthetic(shipped, {"EST": date(1996, 9, 6), "LTU": date(2009, 6, 5)})
    result = plan_routes(
        engine,
        request(origin="EST", destination="LTU", leg_days={"EST": 0.5, "LTU": 1}),
        graph=Graph.of_pairs([("EST", "LTU")]),
    )
    route = result.best
    assert route is not None and route.earliest_departure == date(2009, 6, 5)
    assert route.arrival == date(2009, 6, 6)  # 08:00 + 1.5 days
    moved = [n for n in route.notes if n.kind == "delayed_by_coverage"]
    assert [(n.state, [(d.first, d.last) for d in n.days]) for n in moved] == [
        ("LTU", [(date(2009, 6, 1), date(2009, 6, 2))])
    ]
    assert "Not covered with Lithuania on 1–2 June 2009" in moved[0].text
    assert "entered into force for Lithuania only on 5 June 2009" in moved[0].text
    assert moved[0].basis == "law" and "PfP SOFA Art. V(3)" in moved[0].citations


def test_it_moves_the_riga_termez_departure_until_the_pfp_sofa_binds_russia(engine: InForceEngine) -> None:
    # In force for Russia from 27 September 2007; Russia's leg starts the day after departure (day 1 of 11).
    result = plan_routes(
        engine,
        request(origin="LVA", destination="UZB", sending_state="USA", depart=date(2007, 9, 20),
                submitted=date(2007, 9, 1), routes=[RIGA_TERMEZ], leg_days=DEMO_DAYS),
    )  # fmt: skip
    route = result.routes[0]
    assert route.permitted and route.rank == 1
    assert (route.earliest_departure, route.arrival) == (date(2007, 9, 26), date(2007, 10, 7))
    assert [(leg.state, leg.first_day, leg.last_day) for leg in route.legs] == [
        ("LVA", date(2007, 9, 26), date(2007, 9, 27)),
        ("RUS", date(2007, 9, 27), date(2007, 10, 1)),
        ("KAZ", date(2007, 10, 1), date(2007, 10, 5)),
        ("UZB", date(2007, 10, 5), date(2007, 10, 7)),
    ]
    assert route.notes[0].kind == "delayed_by_coverage"
    assert "Not covered with Russian Federation on 21–25 September 2007" in route.notes[0].text


def test_it_counts_a_long_lead_time_in_the_states_own_working_days_across_its_holidays(
    engine: InForceEngine,
) -> None:
    # Filed Wednesday 30 December 2009; Russia asks 10 working days.  31 December is the 1st; 1-8 January are
    # public holidays in Russia and 9-10 January a weekend; 11-15 January are the 2nd-6th, 18-21 the 7th-10th.
    rules = {"RUS": NoticeRule("RUS", 10)}
    day = date(2009, 12, 30)
    result = plan_routes(
        engine,
        request(origin="LVA", destination="RUS", depart=day, submitted=day, leg_days={"LVA": 1, "RUS": 2}),
        rules,
    )
    route = result.best
    assert route is not None and route.states == ["LVA", "RUS"]
    assert route.decisions_due == date(2010, 1, 21) == route.earliest_departure
    rus = route.legs[1]
    assert (rus.lead_time_working_days, rus.decision_due, rus.calendar) == (10, date(2010, 1, 21), "national")
    assert route.legs[0].own_territory and route.legs[0].decision_due is None  # the sending State's own
    assert route.notes[0].kind == "delayed_by_notice" and route.notes[0].basis == "configuration"
    assert "Russian Federation asks for 10 working days' notice" in route.notes[0].text


@pytest.mark.parametrize(
    ("profile", "permitted"),
    [
        ({}, True),
        ({"arms": True}, False),
        ({"arms": [{"description": "Rifles", "quantity": 12}]}, False),
        ({"dangerous_goods_classes": ["1.4S"]}, False),  # explosives are not non-lethal cargo
        ({"dangerous_goods_classes": ["3"], "vehicles": 4}, True),  # diesel is
    ],
)
def test_russias_non_lethal_restriction_excludes_the_armed_profile_only(
    engine: InForceEngine, profile: dict[str, Any], permitted: bool
) -> None:
    result = plan_routes(
        engine,
        request(origin="LVA", destination="UZB", sending_state="USA", routes=[RIGA_TERMEZ],
                leg_days=DEMO_DAYS, profile=profile),
        demo_rules(),
    )  # fmt: skip
    route = result.routes[0]
    assert route.permitted is permitted
    rus = route.legs[1].restrictions
    assert [(r.code, r.excludes) for r in rus] == [("non_lethal_cargo_only", not permitted)]
    if not permitted:
        (reason,) = route.reasons
        assert (reason.kind, reason.basis, reason.state) == ("restriction", "configuration", "RUS")
        assert "not law" in reason.text and reason.citations == []


def test_it_says_there_is_no_covered_route_and_why_for_each(engine: InForceEngine) -> None:
    # An armed force by rail from Riga: every route to Uzbekistan crosses Russia (non-lethal cargo only) or a
    # State not party to either instrument.
    result = plan_routes(
        engine,
        request(origin="LVA", destination="UZB", sending_state="USA", modes=["rail"], profile={"arms": True}),
        demo_rules(),
    )
    assert result.best is None and result.permitted == []
    assert result.summary.startswith("No covered route from Latvia to Uzbekistan")
    assert len(result.excluded) > 10
    assert all(r.reasons for r in result.excluded)
    belarus = next(r for r in result.excluded if r.states == ["LVA", "BLR", "RUS", "KAZ", "UZB"])
    kinds = {(x.kind, x.state) for x in belarus.reasons}
    assert kinds == {("restriction", "RUS"), ("not_covered", "BLR")}
    blr = next(x for x in belarus.reasons if x.state == "BLR")
    assert blr.text.startswith("Not covered with Belarus on any day from 1 June 2009 to ")
    assert "Belarus is not recorded as a party to the PfP SOFA" in blr.text
    assert "NATO SOFA Art. I(1)(e)" in blr.citations and "PfP SOFA Art. V(3)" in blr.citations


def test_a_given_route_is_evaluated_as_the_same_route_enumerated(engine: InForceEngine) -> None:
    common: dict[str, Any] = {
        "origin": "LVA",
        "destination": "UZB",
        "sending_state": "USA",
        "modes": ["rail"],
    }
    enumerated = plan_routes(engine, request(**common), demo_rules())
    given = plan_routes(engine, request(**common, routes=[RIGA_TERMEZ]), demo_rules())
    found = next(r for r in enumerated.routes if r.states == RIGA_TERMEZ)
    assert given.routes[0].model_dump(exclude={"explicit", "rank"}) == found.model_dump(
        exclude={"explicit", "rank"}
    )
    assert given.routes[0].explicit and not found.explicit


def test_riga_termez_2009_names_ranks_explains_and_drafts(engine: InForceEngine) -> None:
    submitted = date(2009, 5, 15)
    result = plan_routes(
        engine,
        request(origin="LVA", destination="UZB", sending_state="USA", modes=["rail"], submitted=submitted,
                destination_point={"name": "Termez", "lat": 37.2242, "lon": 67.2783}),
        demo_rules(),
    )  # fmt: skip
    permitted = result.permitted
    assert permitted[0].states == RIGA_TERMEZ and permitted[0].rank == 1
    assert [r.rank for r in permitted] == list(range(1, len(permitted) + 1))
    arrivals = [r.arrival for r in permitted]
    assert arrivals == sorted(arrivals)  # type: ignore[type-var]
    assert {tuple(r.states) for r in permitted} >= {("LVA", "RUS", "KAZ", "KGZ", "UZB")}  # Kyrgyzstan: 2006
    assert all("BLR" not in r.states and "TKM" not in r.states for r in permitted)
    assert all(r.reasons and all(x.text for x in r.reasons) for r in result.excluded)
    assert any(r.states == ["LVA", "RUS", "KAZ", "TKM", "UZB"] for r in result.excluded)
    best = permitted[0]
    assert best.decisions_due == date(2009, 5, 29)  # Russia: 10 working days after 15 May 2009
    assert best.legs[-1].exit_point == "Termez"

    # The chosen route as a transit draft: the demo's manifest with the planned legs passes the transit checks
    # on coverage and notice.
    manifest = {k: v for k, v in riga_termez(date(2009, 6, 1)).items() if k not in ("legs", "modes")}
    content = TransitContent.model_validate(transit_draft(best, manifest))
    assert [leg.state for leg in content.legs] == RIGA_TERMEZ and content.modes == ["rail"]
    report = check_transit(engine, "USA", content, demo_rules(), submitted)
    assert [c for c in report.checks if c.kind in ("coverage", "notice") and c.status != "ok"] == []


def test_the_sending_states_own_territory_is_not_a_leg_of_its_transit_request(engine: InForceEngine) -> None:
    result = plan_routes(engine, request(origin="LVA", destination="RUS", routes=[["LVA", "RUS"]]))
    assert [leg["state"] for leg in result.routes[0].transit_legs()] == ["RUS"]


def test_the_result_has_a_json_form(engine: InForceEngine) -> None:
    result = plan_routes(
        engine, request(origin="LVA", destination="UZB", sending_state="USA", routes=[RIGA_TERMEZ])
    )
    data = result.model_dump(mode="json")
    assert data["routes"][0]["states"] == RIGA_TERMEZ
    assert data["routes"][0]["earliest_departure"] == "2009-06-01"
    assert data["request"]["profile"]["arms"] is False
    assert type(result).model_validate(data) == result


def test_avoid_and_via_shape_the_enumerated_routes(engine: InForceEngine) -> None:
    base: dict[str, Any] = {"origin": "LVA", "destination": "UZB", "modes": ["rail"], "sending_state": "USA"}
    avoiding = plan_routes(engine, request(**base, avoid=["LTU", "EST"]))
    assert all("LTU" not in r.states and "EST" not in r.states for r in avoiding.routes)
    via = plan_routes(engine, request(**base, via=["KGZ"]))
    assert via.routes and all("KGZ" in r.states for r in via.routes)
    given = plan_routes(engine, request(**base, avoid=["RUS"], via=["KGZ"], routes=[RIGA_TERMEZ]))
    assert {x.kind for x in given.routes[0].reasons} == {"avoided", "via_missing"}


def test_sea_links_are_used_only_when_the_request_allows_sea(engine: InForceEngine) -> None:
    land = plan_routes(engine, request(origin="GEO", destination="KAZ", modes=["rail"], max_states=4))
    sea = plan_routes(engine, request(origin="GEO", destination="KAZ", modes=["rail", "sea"], max_states=4))
    assert ["GEO", "AZE", "KAZ"] not in [r.states for r in land.routes]
    caspian = next(r for r in sea.routes if r.states == ["GEO", "AZE", "KAZ"])
    assert caspian.links[1].kind == "sea" and caspian.links[1].basis == "configuration"
    assert caspian.legs[2].entry_point == "Baku - Aktau ferry"


def test_states_not_in_the_registry_and_inconsistent_requests_are_refused_naming_the_field(
    engine: InForceEngine,
) -> None:
    with pytest.raises(PlanError) as exc:
        plan_routes(engine, request(origin="LVA", destination="UZB", via=["XXX"]))
    assert exc.value.field == "via.0"
    with pytest.raises(ValueError, match="avoid: LVA is the origin"):
        request(origin="LVA", destination="UZB", avoid=["LVA"])
    with pytest.raises(ValueError, match=r"routes\.0: must run from the origin"):
        request(origin="LVA", destination="UZB", routes=[["RUS", "UZB"]])
    with pytest.raises(ValueError, match="dangerous_goods_classes"):
        ForceProfile.model_validate({"dangerous_goods_classes": ["explosives"]})
    with pytest.raises(ValueError, match="weapons"):
        ForceProfile.model_validate({"weapons": True})


def test_a_border_crossed_at_midnight_counts_as_a_day_of_both_legs(shipped: Registry) -> None:
    # A Finnish force leaves Tallinn at 00:00 on 1 June and enters Lithuania at 00:00 on 2 June: 2 June is a day
    # in Estonia too, where (in this registry) the Agreement stops applying that day.
    engine = synthetic(
        shipped,
        {"FIN": date(1997, 8, 1), "EST": date(1996, 9, 6), "LTU": date(1996, 9, 14)},
        ends={"EST": date(2009, 6, 2)},
    )
    result = plan_routes(
        engine,
        request(origin="EST", destination="LTU", sending_state="FIN", depart_hour=0, horizon_days=30,
                leg_days={"EST": 1, "LTU": 1}),
        graph=Graph.of_pairs([("EST", "LTU")]),
    )  # fmt: skip
    (route,) = result.routes
    assert not route.permitted
    assert route.reasons[0].days[0].first == date(2009, 6, 2)

"""Joint exercises through the REST API, on SQLite and PostgreSQL: every step, every refusal, visibility,
deconfliction, certificates and the re-export balance, the calendar, and transits built from contingents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from sofadesk.cases.exercise.demo_data import contingent, plan
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

APPROVERS = {"USA": "usa.planner", "POL": "pol.planner", "RUS": "rus.approver"}
PLANNERS = {"USA": "usa.planner", "POL": "pol.planner", "RUS": "rus.planner"}


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kw)

    def ok(self, who: str, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        r = self.call(who, method, path, **kw)
        assert r.status_code == status, r.text
        return r.json()

    def refused(self, who: str, method: str, path: str, status: int, **kw: Any) -> dict[str, Any]:
        r = self.call(who, method, path, **kw)
        assert r.status_code == status, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        return r.json()  # type: ignore[no-any-return]

    def proposed(
        self, name: str, first: str = "2007-09-17", last: str = "2007-10-05", area: str = "GRF"
    ) -> Any:
        data = plan()
        data.update(name=name, starts_on=first, ends_on=last,
                    locations=[{"area": area, "first_day": first, "last_day": last, "planned_persons": 100}])  # fmt: skip
        return self.ok("deu.planner", "POST", "/exercises", 201, json=data)

    def approved(self, name: str, **kw: Any) -> Any:
        x = self.proposed(name, **kw)
        return self.ok(
            "deu.approver", "POST", f"/exercises/{x['id']}/approve", json={"version": x["version"]}
        )

    def invited(self, name: str, states: tuple[str, ...] = ("USA", "POL", "RUS"), **kw: Any) -> Any:
        x = self.approved(name, **kw)
        return self.ok("deu.planner", "POST", f"/exercises/{x['id']}/invitations",
                       json={"states": list(states), "version": x["version"]})  # fmt: skip

    def accept(self, x: Any, state: str) -> Any:
        version = next(p["version"] for p in self.ok("deu.planner", "GET", f"/exercises/{x['id']}")["participants"]
                       if p["state"] == state)  # fmt: skip
        return self.ok(APPROVERS[state], "POST", f"/exercises/{x['id']}/response",
                       json={"answer": "accepted", "version": version})  # fmt: skip

    def register(self, x: Any, state: str) -> Any:
        return self.ok(PLANNERS[state], "POST", f"/exercises/{x['id']}/contingent", json=contingent(state))


@pytest.fixture(params=BACKENDS, scope="module")
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Api]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("exercise"), pg_schema_factory)
    tokens = demo_database(url)
    with TestClient(create_app(url)) as client:
        a = Api(client, tokens)
        for code, capacity in (("GRF", 5000), ("HFS", 3000), ("BRG", 50), ("SEN", 2000)):
            a.ok(
                "deu.planner",
                "PUT",
                f"/training-areas/{code}",
                json={"name": f"Area {code}", "capacity_persons": capacity},
            )
        yield a


def test_a_joint_exercise_goes_from_proposal_to_closed(api: Api) -> None:
    x = api.invited("FULL FLOW")
    assert [(p["state"], p["status"]) for p in x["participants"]] == [
        ("POL", "invited"),
        ("RUS", "invited"),
        ("USA", "invited"),
    ]
    for state in ("USA", "POL", "RUS"):
        api.accept(x, state)
    serials = {state: api.register(x, state)["certificates"][0]["serial"] for state in ("USA", "POL", "RUS")}
    assert len(set(serials.values())) == 3 and serials["RUS"].startswith("F302-DEU-RUS-2007-")
    checks = api.ok("deu.planner", "GET", f"/exercises/{x['id']}/checks")
    by_state = {c["state"]: c for c in checks["coverage"]}
    assert by_state["USA"]["status"] == "ok" and by_state["POL"]["status"] == "ok"
    assert by_state["RUS"]["status"] == "flag"
    assert by_state["RUS"]["not_covered"] == [
        {"first": "2007-09-17", "last": "2007-09-26", "text": "17-26 September 2007"}
    ]
    kinds = {(c["state"], c["kind"], c["status"]) for c in checks["checks"]}
    assert {
        ("RUS", "entry_documents", "ok"),
        ("USA", "customs", "ok"),
        ("POL", "entry_documents", "ok"),
    } <= kinds
    assert all(c["citations"] for c in checks["checks"] if c["basis"] == "law")

    x = api.ok(
        "deu.planner",
        "POST",
        f"/exercises/{x['id']}/start",
        json={"version": api.ok("deu.planner", "GET", f"/exercises/{x['id']}")["version"]},
    )
    assert x["status"] == "in_execution"
    x = api.ok("deu.planner", "POST", f"/exercises/{x['id']}/finish", json={"version": x["version"]})
    problem = api.refused(
        "deu.planner", "POST", f"/exercises/{x['id']}/close", 409, json={"version": x["version"]}
    )
    assert "after-action report still due from POL, RUS, USA" in problem["detail"]
    for state in ("USA", "POL", "RUS"):
        api.ok(
            PLANNERS[state],
            "POST",
            f"/exercises/{x['id']}/report",
            json={"report": f"{state}: lessons learned"},
        )
    x = api.ok("deu.planner", "GET", f"/exercises/{x['id']}")
    problem = api.refused(
        "deu.planner", "POST", f"/exercises/{x['id']}/close", 409, json={"version": x["version"]}
    )
    assert (
        "not yet re-exported or declared (NATO SOFA Art. XI(8))" in problem["detail"]
        and serials["RUS"] in problem["detail"]
    )
    for state in ("USA", "POL", "RUS"):
        cert = api.ok(PLANNERS[state], "GET", f"/exercises/{x['id']}/certificates/{serials[state]}")
        lines = [{"line": line["line"], "re_exported": line["imported"]} for line in cert["lines"]]
        lines[-1] = {"line": lines[-1]["line"], "re_exported": 0, "declared": cert["lines"][-1]["imported"],
                     "declaration": "rations consumed during the exercise"}  # fmt: skip
        done = api.ok(PLANNERS[state], "POST", f"/exercises/{x['id']}/certificates/{serials[state]}/discharge",
                      json={"lines": lines, "version": cert["version"]})  # fmt: skip
        assert done["balanced"] and done["legal_basis"] == ["NATO SOFA Art. XI(4)", "NATO SOFA Art. XI(8)(a)"]
    x = api.ok("deu.planner", "GET", f"/exercises/{x['id']}")
    assert (
        api.ok("deu.planner", "POST", f"/exercises/{x['id']}/close", json={"version": x["version"]})["status"]
        == "closed"
    )
    actions = [e["action"] for e in api.ok("rus.planner", "GET", f"/exercises/{x['id']}/timeline")]
    assert actions[:3] == ["exercise.proposed", "exercise.approved", "exercise.invited"]
    assert actions[-1] == "exercise.closed" and actions.count("exercise.contingent_registered") == 3
    assert api.ok("deu.planner", "GET", "/audit/verify")["intact"] is True


def test_only_the_host_and_invited_states_see_an_exercise(api: Api) -> None:
    x = api.invited("VISIBILITY", states=("USA", "RUS"))
    api.accept(x, "USA")
    api.register(x, "USA")
    base = f"/exercises/{x['id']}"
    for path in (base, f"{base}/checks", f"{base}/participants", f"{base}/timeline", f"{base}/jurisdiction",
                 f"{base}/calendar.ics", f"{base}/contingents/USA"):  # fmt: skip
        problem = api.refused("lva.approver", "GET", path, 404)
        assert problem["detail"] == f"no exercise {x['id']}"
    api.refused("lva.approver", "POST", f"{base}/response", 404, json={"answer": "accepted", "version": 1})
    listed = api.ok("lva.approver", "GET", "/exercises")
    assert x["id"] not in [i["id"] for i in listed["items"]]
    assert b"VISIBILITY" not in api.call("lva.approver", "GET", "/exercises/calendar.ics").content
    # Invited States see it; a contingent's details are for the host and the State sending it only.
    assert api.ok("rus.approver", "GET", base)["reference"] == x["reference"]
    assert x["id"] in [i["id"] for i in api.ok("rus.approver", "GET", "/exercises")["items"]]
    assert b"VISIBILITY" in api.call("rus.planner", "GET", "/exercises/calendar.ics").content
    assert api.ok("deu.planner", "GET", f"{base}/contingents/USA")["state"] == "USA"
    api.refused("rus.planner", "GET", f"{base}/contingents/USA", 404)
    rus_checks = api.ok("rus.planner", "GET", f"{base}/checks")["checks"]
    assert not [c for c in rus_checks if c["kind"] in ("entry_documents", "customs", "deconfliction")]


def test_each_step_refuses_the_wrong_person_state_or_moment(api: Api) -> None:
    data = plan()
    api.refused("deu.approver", "POST", "/exercises", 403, json=data)
    before = api.ok("deu.planner", "GET", "/exercises")["total"]
    bad = {**data, "locations": [{**data["locations"][0], "area": "NOPE"}]}
    problem = api.refused("deu.planner", "POST", "/exercises", 422, json=bad)
    assert problem["errors"][0]["field"] == "locations.0.area"
    assert api.ok("deu.planner", "GET", "/exercises")["total"] == before  # nothing half-written
    x = api.proposed("REFUSALS")
    base = f"/exercises/{x['id']}"
    api.refused("deu.planner", "POST", f"{base}/approve", 403, json={"version": x["version"]})
    api.refused("deu.approver", "POST", f"{base}/approve", 409, json={"version": x["version"] - 1})
    api.refused(
        "deu.planner", "POST", f"{base}/invitations", 409, json={"states": ["USA"], "version": x["version"]}
    )
    x = api.ok("deu.approver", "POST", f"{base}/approve", json={"version": x["version"]})
    for states, field in ((["DEU"], "states.0"), (["USA", "XXX"], "states.1")):
        problem = api.refused(
            "deu.planner",
            "POST",
            f"{base}/invitations",
            422,
            json={"states": states, "version": x["version"]},
        )
        assert problem["errors"][0]["field"] == field
    x = api.ok(
        "deu.planner",
        "POST",
        f"{base}/invitations",
        json={"states": ["USA", "POL", "RUS"], "version": x["version"]},
    )
    api.refused(
        "usa.planner", "POST", f"{base}/invitations", 403, json={"states": ["LVA"], "version": x["version"]}
    )
    api.refused("usa.planner", "POST", f"{base}/response", 422, json={"answer": "declined", "version": 1})
    api.refused("rus.planner", "POST", f"{base}/response", 403, json={"answer": "accepted", "version": 1})
    api.refused("rus.planner", "POST", f"{base}/contingent", 409, json=contingent("RUS"))
    api.ok(
        "usa.planner",
        "POST",
        f"{base}/response",
        json={"answer": "declined", "note": "Forces committed elsewhere", "version": 1},
    )
    api.refused("usa.planner", "POST", f"{base}/response", 409, json={"answer": "accepted", "version": 2})
    api.accept(x, "POL")
    api.accept(x, "RUS")
    api.register(x, "POL")
    version = api.ok("deu.planner", "GET", base)["version"]
    problem = api.refused("deu.planner", "POST", f"{base}/start", 409, json={"version": version})
    assert "RUS accepted but registered no contingent" in problem["detail"]
    api.refused("pol.planner", "POST", f"{base}/report", 409, json={"report": "too early"})
    x = api.ok("rus.planner", "POST", f"{base}/withdraw", json={"reason": "Units needed for flood relief"})
    rus = next(p for p in x["participants"] if p["state"] == "RUS")
    assert (rus["status"], rus["note"]) == ("withdrawn", "Units needed for flood relief")
    usa = next(p for p in x["participants"] if p["state"] == "USA")
    assert (usa["status"], usa["note"]) == ("declined", "Forces committed elsewhere")
    assert (
        api.ok("usa.planner", "GET", base)["id"] == x["id"]
    )  # a State that declined still sees what it declined
    x = api.ok("deu.planner", "POST", f"{base}/cancel", json={"reason": "Host training area flooded"})
    assert (x["status"], x["cancel_reason"]) == ("cancelled", "Host training area flooded")
    api.refused("deu.planner", "POST", f"{base}/start", 409, json={"version": x["version"]})
    timeline = api.ok("deu.planner", "GET", f"{base}/timeline")
    assert timeline[-1]["details"] == {"reason": "Host training area flooded"}
    assert any(
        e["action"] == "exercise.participant_withdrew"
        and e["details"]["reason"] == "Units needed for flood relief"
        for e in timeline
    )


def test_replanning_an_approved_exercise_needs_approval_again(api: Api) -> None:
    x = api.approved("REPLAN", first="2008-03-01", last="2008-03-05", area="SEN")
    new = {**x["plan"], "ends_on": "2008-03-06"}
    x = api.ok("deu.planner", "PUT", f"/exercises/{x['id']}", json={"plan": new, "version": x["version"]})
    assert (x["status"], x["ends_on"]) == ("proposed", "2008-03-06")


def test_two_exercises_booking_one_area_on_shared_days_are_flagged_to_both(api: Api) -> None:
    a = api.proposed("DECONFLICT A", first="2009-05-01", last="2009-05-05", area="BRG")
    b = api.proposed("DECONFLICT B", first="2009-05-05", last="2009-05-09", area="BRG")
    c = api.proposed("DECONFLICT C", first="2009-05-10", last="2009-05-12", area="BRG")  # touches B only
    for mine, other in ((a, b), (b, a)):
        flags = [
            k
            for k in api.ok("deu.planner", "GET", f"/exercises/{mine['id']}/checks")["checks"]
            if k["kind"] == "deconfliction"
        ]
        assert (
            len(flags) == 1
            and other["reference"] in flags[0]["message"]
            and "5 May 2009 (1 day)" in flags[0]["message"]
        )
    assert not [
        k
        for k in api.ok("deu.planner", "GET", f"/exercises/{c['id']}/checks")["checks"]
        if k["kind"] == "deconfliction"
    ]
    clashes = [k for k in api.ok("deu.planner", "GET", "/exercises/deconfliction") if k["area"] == "BRG"]
    assert [(k["first_day"], k["last_day"], {e["reference"] for e in k["exercises"]}) for k in clashes] == [
        ("2009-05-05", "2009-05-05", {a["reference"], b["reference"]})
    ]
    # Capacity: 100 planned on an area for 50.
    flags = [
        k
        for k in api.ok("deu.planner", "GET", f"/exercises/{a['id']}/checks")["checks"]
        if k["kind"] == "capacity"
    ]
    assert flags and flags[0]["basis"] == "configuration"
    # Cancelling one clears the warning.
    api.ok("deu.planner", "POST", f"/exercises/{b['id']}/cancel", json={"reason": "merged into A"})
    assert not [k for k in api.ok("deu.planner", "GET", "/exercises/deconfliction") if k["area"] == "BRG"]


def test_a_participant_files_its_transit_from_its_contingent_and_each_points_to_the_other(api: Api) -> None:
    x = api.invited("MOVEMENT", states=("POL",), first="2010-06-01", last="2010-06-10", area="SEN")
    api.accept(x, "POL")
    api.register(x, "POL")
    leg = {"state": "DEU", "entry_point": "Frankfurt (Oder)", "exit_point": "Grafenwoehr", "mode": "road",
           "planned_entry": "2010-05-31T08:00:00", "planned_exit": "2010-06-01T06:00:00", "customs_notified_in_advance": True}  # fmt: skip
    problem = api.refused("pol.planner", "POST", f"/exercises/{x['id']}/transits", 422,
                          json={"modes": ["road"], "legs": [{**leg, "state": "CZE"}]})  # fmt: skip
    assert problem["errors"][0]["field"] == "legs.0.state"
    t = api.ok(
        "pol.planner", "POST", f"/exercises/{x['id']}/transits", 201, json={"modes": ["road"], "legs": [leg]}
    )
    assert t["exercise_id"] == x["id"] and t["content"]["purpose"] == "exercise"
    assert len(t["content"]["personnel"]) == 12 and t["status"] == "draft"
    # A draft is the sending State's alone: the host sees the transit once it is submitted.
    assert api.ok("deu.planner", "GET", f"/exercises/{x['id']}")["transits"] == []
    assert api.ok("pol.planner", "GET", f"/exercises/{x['id']}")["transits"][0]["status"] == "draft"
    api.ok("pol.planner", "POST", f"/transits/{t['id']}/submit", json={"version": t["version"]})
    linked = api.ok("deu.planner", "GET", f"/exercises/{x['id']}")["transits"]
    assert linked == [
        {"id": t["id"], "reference": t["reference"], "sending_state": "POL", "status": "submitted"}
    ]


def test_creating_an_exercise_can_be_repeated_safely(api: Api) -> None:
    data = {**plan(), "name": "IDEMPOTENT", "locations": []}
    headers = {"Idempotency-Key": "exercise-key-1"}
    first = api.call("deu.planner", "POST", "/exercises", json=data, headers=headers)
    again = api.call("deu.planner", "POST", "/exercises", json=data, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"] and again.headers["Idempotent-Replay"] == "true"
    api.refused("deu.planner", "POST", "/exercises", 422, json={**data, "name": "OTHER"}, headers=headers)


def test_the_state_calendar_lists_its_exercises_and_parses(api: Api) -> None:
    x = api.invited("CALENDAR", states=("RUS",), first="2011-02-01", last="2011-02-03", area="SEN")
    r = api.call("rus.approver", "GET", "/exercises/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    uids = {str(e["UID"]) for e in Calendar.from_ical(r.content).walk("VEVENT")}
    assert f"{x['reference']}@sofadesk" in uids
    assert not [u for u in uids if "-booking-" in u]  # area bookings are for the host's calendar
    one = Calendar.from_ical(api.call("deu.planner", "GET", f"/exercises/{x['id']}/calendar.ics").content)
    assert {str(e["UID"]) for e in one.walk("VEVENT")} >= {f"{x['reference']}@sofadesk"}

"""Transit cases through the REST API, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sofadesk.accounts.service import create_user, issue_token
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

START = date.today() + timedelta(days=40)
CROSSED = ("lva", "rus", "kaz", "uzb")


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str], url: str) -> None:
        self.client, self.tokens, self.url = client, tokens, url

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kw)

    def new_transit(self, content: dict[str, Any] | None = None) -> dict[str, Any]:
        r = self.call("usa.requester", "POST", "/transits", json=content or riga_termez(START))
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def submitted(self, content: dict[str, Any] | None = None) -> dict[str, Any]:
        t = self.new_transit(content)
        r = self.call("usa.requester", "POST", f"/transits/{t['id']}/submit", json={"version": t["version"]})
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    def decide(self, who: str, t: dict[str, Any], decision: str = "approved", note: str | None = None) -> Any:
        state = who[:3].upper()
        current = self.call(who, "GET", f"/transits/{t['id']}").json()
        version = next(d["version"] for d in current["decisions"] if d["state"] == state)
        return self.call(who, "POST", f"/transits/{t['id']}/decisions",
                         json={"decision": decision, "note": note, "version": version})  # fmt: skip


@pytest.fixture(params=BACKENDS, scope="module")
def api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Api]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("api"), pg_schema_factory)
    tokens = demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        second = create_user(session, None, "RUS", "rus.approver2", "Second Russian approver", ["approver"])
        tokens["rus.approver2"] = issue_token(session, second)
    engine.dispose()
    with TestClient(create_app(url)) as client:
        yield Api(client, tokens, url)


def test_it_carries_the_riga_termez_transit_from_draft_to_completed(api: Api) -> None:
    t = api.submitted()
    assert t["status"] == "submitted" and {d["state"] for d in t["decisions"]} == {"LVA", "RUS", "KAZ", "UZB"}
    assert all(d["status"] == "pending" and d["due_on"] for d in t["decisions"])
    for who in CROSSED[:-1]:
        assert api.decide(f"{who}.approver", t).json()["status"] == "submitted"
    r = api.decide("uzb.approver", t, "approved_with_conditions", "Wagons inspected at Termez")
    assert r.json()["status"] == "permitted"
    for who in CROSSED:
        state = who.upper()
        for kind in ("entered", "left"):
            r = api.call(f"{who}.approver", "POST", f"/transits/{t['id']}/crossings",
                         json={"state": state, "kind": kind, "at": f"{START.isoformat()}T10:00:00", "point": "border"})  # fmt: skip
            assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_movement" and len(r.json()["crossings"]) == 8
    done = api.call("usa.requester", "POST", f"/transits/{t['id']}/complete")
    assert done.json()["status"] == "completed"
    # Responses are serialised directly for speed: they must still match the documented model exactly.
    assert TransitRead.model_validate(done.json()).model_dump(mode="json") == done.json()
    timeline = api.call("rus.approver", "GET", f"/transits/{t['id']}/timeline").json()
    actions = [e["action"] for e in timeline]
    assert actions[:2] == ["transit.created", "transit.submitted"] and actions[-1] == "transit.completed"
    assert actions.count("transit.decided") == 4 and actions.count("transit.crossing_recorded") == 8
    assert {e["actor_state"] for e in timeline if e["action"] == "transit.decided"} == {
        "LVA",
        "RUS",
        "KAZ",
        "UZB",
    }
    verified = api.call("usa.requester", "GET", "/audit/verify").json()
    assert verified["intact"] is True and verified["events"] > 10


def test_a_state_not_concerned_sees_nothing_and_learns_nothing(api: Api) -> None:
    t = api.submitted()
    for path in ("", "/checks", "/timeline"):
        hidden = api.call("deu.observer", "GET", f"/transits/{t['id']}{path}")
        missing = api.call("deu.observer", "GET", f"/transits/99999999{path}")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.headers["content-type"] == "application/problem+json"
        assert hidden.json()["detail"].replace(str(t["id"]), "N") == missing.json()["detail"].replace(
            "99999999", "N"
        )
    assert api.call("deu.observer", "GET", "/transits").json()["total"] == 0
    assert api.call("deu.observer", "GET", "/transits?state=RUS").json()["items"] == []
    r = api.call(
        "deu.observer", "POST", f"/transits/{t['id']}/decisions", json={"decision": "approved", "version": 1}
    )
    assert r.status_code == 404
    assert api.call("rus.approver", "GET", f"/transits/{t['id']}").status_code == 200
    assert t["id"] in [
        i["id"] for i in api.call("kaz.approver", "GET", "/transits?limit=200").json()["items"]
    ]


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "status", "phrase"),
    [
        ("usa.requester", "POST", "/submit", {"version": 1}, 409, "a submitted transit cannot be submitted"),
        (
            "usa.requester",
            "POST",
            "/decisions",
            {"decision": "approved", "version": 1},
            403,
            "a State concerned does",
        ),
        ("lva.approver", "POST", "/decisions", {"decision": "denied", "version": 1}, 422, "note"),
        (
            "rus.approver",
            "POST",
            "/crossings",
            {"state": "RUS", "kind": "entered", "at": "2030-01-01T00:00:00", "point": "x"},
            409,
            "cannot be given crossings (it must be permitted)",
        ),
        (
            "rus.approver",
            "POST",
            "/crossings",
            {"state": "KAZ", "kind": "entered", "at": "2030-01-01T00:00:00", "point": "x"},
            403,
            "recorded by the State crossed",
        ),
        ("usa.requester", "POST", "/complete", None, 409, "cannot be completed"),
        ("usa.requester", "POST", "/cancel", {"reason": "no longer needed"}, 409, "cannot be cancelled"),
        ("lva.approver", "POST", "/withdraw", {"reason": "x"}, 403, "sending State"),
        ("usa.requester", "PUT", "", {"version": 2, "content": None}, 422, "content"),
    ],
)
def test_it_refuses_what_the_workflow_does_not_allow(api: Api, who: str, method: str, path: str, body: Any,
                                                     status: int, phrase: str) -> None:  # fmt: skip
    t = api.submitted()
    if body == {"version": 2, "content": None}:
        body = {"version": t["version"], "content": {"purpose": "exercise"}}
    r = api.call(who, method, f"/transits/{t['id']}{path}", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert phrase in r.text


def test_a_denial_needs_reasons_and_a_stale_version_is_refused(api: Api) -> None:
    t = api.submitted()
    first = api.decide("rus.approver", t, "denied", "Cargo list incomplete")
    assert first.json()["status"] == "denied"
    stale = api.call("rus.approver", "POST", f"/transits/{t['id']}/decisions",
                     json={"decision": "approved", "version": 1})  # fmt: skip
    assert stale.status_code == 409 and "reload and retry" in stale.json()["detail"]
    # Refused when the transaction commits (the answer rides with the commit, sofadesk.db.riders): nothing of
    # it was written, neither the case's new status and version, nor an audit event.
    assert api.call("rus.approver", "GET", f"/transits/{t['id']}").json() == first.json()
    events = api.call("rus.approver", "GET", f"/transits/{t['id']}/timeline").json()
    assert [e["action"] for e in events].count("transit.decided") == 1


def test_a_decisions_answer_is_the_case_as_a_later_read_shows_it(api: Api) -> None:
    # The answer is shaped inside the decision's own transaction from what the step wrote (issue 18), not read
    # back: it must still say exactly what the database now holds, whether the decision moved the case or not.
    t = api.submitted()
    for who, decision, note in (("lva", "approved", None), ("rus", "more_information", "Which wagons?")):
        answer = api.decide(f"{who}.approver", t, decision, note)
        assert answer.status_code == 200, answer.text
        later = api.call(f"{who}.approver", "GET", f"/transits/{t['id']}")
        assert answer.json() == later.json()
        mine = next(d for d in answer.json()["decisions"] if d["state"] == who.upper())
        assert (mine["status"], mine["note"], mine["version"]) == (decision, note, 2) and mine["decided_at"]
    assert answer.json()["status"] == "more_information" and answer.json()["version"] == t["version"] + 2


def test_two_approvers_deciding_at_once_only_one_wins(api: Api) -> None:
    t = api.submitted()
    version = next(d["version"] for d in t["decisions"] if d["state"] == "RUS")
    results: list[int] = []
    barrier = threading.Barrier(2)

    def go(who: str, decision: str) -> None:
        barrier.wait()
        note = None if decision == "approved" else "Need the wagon list"
        r = api.call(
            who,
            "POST",
            f"/transits/{t['id']}/decisions",
            json={"decision": decision, "note": note, "version": version},
        )
        results.append(r.status_code)

    threads = [threading.Thread(target=go, args=("rus.approver", "approved")),
               threading.Thread(target=go, args=("rus.approver2", "more_information"))]  # fmt: skip
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == [200, 409]
    final = api.call("rus.approver", "GET", f"/transits/{t['id']}").json()
    rus = next(d for d in final["decisions"] if d["state"] == "RUS")
    assert rus["version"] == version + 1


def test_an_amendment_reopens_only_the_changed_states_and_keeps_history(api: Api) -> None:
    t = api.submitted()
    for who in ("lva", "kaz", "uzb"):
        api.decide(f"{who}.approver", t)
    asked = api.decide("rus.approver", t, "more_information", "Give the exit station in Russia")
    assert asked.json()["status"] == "more_information"
    content = riga_termez(START)
    content["legs"][1]["exit_point"] = "Iletsk"
    content["legs"][2]["entry_point"] = "Iletsk"
    amended = api.call("usa.requester", "POST", f"/transits/{t['id']}/amend",
                       json={"version": asked.json()["version"], "content": content}).json()  # fmt: skip
    assert amended["revision"] == 2
    by_state = {d["state"]: d for d in amended["decisions"]}
    assert by_state["RUS"]["status"] == "pending" and by_state["KAZ"]["status"] == "pending"
    assert by_state["LVA"]["status"] == "approved" and by_state["LVA"]["carried_over_from"] == 1
    old = api.call("lva.approver", "GET", f"/transits/{t['id']}?revision=1").json()
    assert (
        old["revision"] == 1
        and {d["state"]: d["status"] for d in old["decisions"]}["RUS"] == "more_information"
    )
    assert old["content"]["legs"][1]["exit_point"] == "Ozinki"
    missing = api.call("lva.approver", "GET", f"/transits/{t['id']}?revision=3")
    assert (missing.status_code, missing.json()["detail"]) == (404, f"transit {t['id']} has no revision 3")
    hidden = api.call("deu.observer", "GET", f"/transits/{t['id']}?revision=1")
    assert (hidden.status_code, hidden.json()["detail"]) == (404, f"no transit {t['id']}")


def test_creating_twice_with_one_idempotency_key_creates_once(api: Api) -> None:
    body = riga_termez(START)
    headers = {"Idempotency-Key": "create-riga-termez-1"}
    a = api.call("usa.requester", "POST", "/transits", json=body, headers=headers)
    b = api.call("usa.requester", "POST", "/transits", json=body, headers=headers)
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    assert b.headers.get("Idempotent-Replay") == "true"
    body["unit"]["name"] = "Another unit"
    c = api.call("usa.requester", "POST", "/transits", json=body, headers=headers)
    assert c.status_code == 422 and "Idempotency-Key" in c.json()["detail"]


def test_invalid_content_is_a_problem_with_field_paths(api: Api) -> None:
    body = riga_termez(START)
    body["legs"][0]["planned_exit"] = "2000-01-01T00:00:00"
    body["legs"][2]["dangerous_goods"] = [
        {"un_number": "UN0012", "proper_shipping_name": "Cartridges", "hazard_class": "1.4S"}
    ]
    r = api.call("usa.requester", "POST", "/transits", json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in r.json()["errors"]}
    assert "legs.0" in fields or any(f.startswith("legs.0") for f in fields)
    assert "net_explosive_quantity_kg" in r.text
    assert api.client.get("/api/v1/transits").status_code == 401


def test_checks_cite_the_law_and_show_configuration_as_such(api: Api) -> None:
    content = riga_termez(START)
    content["arms"] = [{"description": "M4 rifles", "quantity": 10, "authorised_by_orders": False}]
    t = api.submitted(content)
    report = api.call("rus.approver", "GET", f"/transits/{t['id']}/checks").json()
    kinds = {(c["state"], c["kind"]): c for c in report["checks"]}
    assert (
        kinds[("RUS", "coverage")]["status"] == "ok"
        and "PfP SOFA Art. I" in kinds[("RUS", "coverage")]["citations"]
    )
    assert (
        kinds[("RUS", "restriction")]["status"] == "flag"
        and kinds[("RUS", "restriction")]["basis"] == "configuration"
    )
    assert (
        kinds[("USA", "arms")]["status"] == "flag"
        and "NATO SOFA Art. VI" in kinds[("USA", "arms")]["citations"]
    )
    assert kinds[("KAZ", "entry_documents")]["status"] == "ok"


def test_a_leg_outside_the_agreement_is_flagged_with_why(api: Api) -> None:
    content = riga_termez(date(2005, 4, 21))
    t = api.new_transit(content)
    report = api.call("usa.requester", "GET", f"/transits/{t['id']}/checks").json()
    rus = next(c for c in report["checks"] if c["state"] == "RUS" and c["kind"] == "coverage")
    assert rus["status"] == "flag" and "does not apply" in rus["message"]


def test_overdue_decisions_are_listed(api: Api) -> None:
    t = api.submitted()
    engine = make_engine(api.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE case_slots SET due_on = :d WHERE kind = 'transit' AND case_id = :t "
                          "AND state_code = 'KAZ'"), {"d": date.today() - timedelta(days=2), "t": t["id"]})  # fmt: skip
    engine.dispose()
    overdue = api.call("kaz.approver", "GET", "/decisions/overdue").json()
    assert t["id"] in [o["transit"] for o in overdue]
    listed = api.call("kaz.approver", "GET", "/transits?overdue=true&limit=200").json()["items"]
    assert t["id"] in [i["id"] for i in listed]
    assert t["id"] not in [o["transit"] for o in api.call("lva.approver", "GET", "/decisions/overdue").json()]


def test_the_audit_chain_names_an_edited_event(api: Api) -> None:
    t = api.submitted()
    engine = make_engine(api.url)
    with engine.begin() as conn:
        event, original = conn.execute(
            text(
                "SELECT id, details FROM audit_events WHERE target_type = 'transit' AND target_id = :t ORDER BY id"
            ),
            {"t": str(t["id"])},
        ).first()
        conn.execute(
            text("UPDATE audit_events SET details = :d WHERE id = :e"), {"d": '{"forged":true}', "e": event}
        )
    verdict = api.call("usa.requester", "GET", "/audit/verify").json()
    assert verdict["intact"] is False and verdict["first_broken"] == event
    assert verdict["problem"] == "its content does not match its hash (edited after writing)"
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET details = :d WHERE id = :e"), {"d": original, "e": event})
    engine.dispose()
    assert api.call("usa.requester", "GET", "/audit/verify").json()["intact"] is True


def test_a_manifest_upload_replaces_the_draft_personnel_or_names_the_bad_row(api: Api) -> None:
    t = api.new_transit()
    good = "full_name,category,passport_number,passport_describes_status\nAnna,dependent,P1,yes\nBoris,dependent,P2,yes\n"
    r = api.call("usa.requester", "POST", f"/transits/{t['id']}/manifests/personnel",
                 files={"file": ("people.csv", good, "text/csv")}, data={"version": str(t["version"])})  # fmt: skip
    assert r.status_code == 200, r.text
    assert [p["full_name"] for p in r.json()["content"]["personnel"]] == ["Anna", "Boris"]
    bad = "full_name,category\nCarl,pilot\n"
    r = api.call("usa.requester", "POST", f"/transits/{t['id']}/manifests/personnel",
                 files={"file": ("people.csv", bad, "text/csv")}, data={"version": str(t["version"] + 1)})  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "row 2, category"
    unchanged = api.call("usa.requester", "GET", f"/transits/{t['id']}").json()
    assert len(unchanged["content"]["personnel"]) == 2


def test_a_leg_through_an_unknown_state_code_is_refused_with_its_path(api: Api) -> None:
    body = riga_termez(START)
    body["legs"][2]["state"] = "AAA"
    r = api.call("usa.requester", "POST", "/transits", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "legs.2.state"


def test_an_unexpected_error_is_a_problem_for_the_client_and_a_traceback_in_the_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    app = api.client.app

    def broken() -> None:
        raise RuntimeError("disk on fire")

    app.router.add_api_route("/api/v1/broken-for-test", broken)  # type: ignore[attr-defined]
    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level("ERROR", "sofadesk.api"):
        r = client.get("/api/v1/broken-for-test")
    assert r.status_code == 500 and r.headers["content-type"].startswith("application/problem+json")
    assert "disk on fire" not in r.text and r.json()["detail"] == "RuntimeError; the request was not applied"
    assert "GET /api/v1/broken-for-test failed" in caplog.text and "disk on fire" in caplog.text


def test_each_state_crossed_is_told_of_the_decision_it_owes_and_again_when_an_amendment_reopens_it(
    api: Api,
) -> None:
    t = api.submitted()

    def told(who: str) -> list[dict[str, Any]]:
        items = api.call(who, "GET", "/notifications?limit=200").json()["items"]
        return [i for i in items if i["case_kind"] == "transit" and i["case_id"] == t["id"]]

    for who in ("lva.approver", "rus.approver", "kaz.approver", "uzb.approver"):
        assert [i["event"] for i in told(who)] == ["slot.opened"], who
        assert told(who)[0]["link"] == f"/transits/{t['id']}"
    assert told("usa.requester") == [] and told("deu.observer") == []
    content = api.call("usa.requester", "GET", f"/transits/{t['id']}").json()["content"]
    content["legs"][1]["exit_point"] = "Orenburg"  # Russia's leg changes: Russia decides again
    r = api.call(
        "usa.requester",
        "POST",
        f"/transits/{t['id']}/amend",
        json={"content": content, "version": t["version"]},
    )
    assert r.status_code == 200, r.text
    assert sorted(i["event"] for i in told("rus.approver")) == ["slot.opened", "slot.reopened"]
    assert [i["event"] for i in told("lva.approver")] == ["slot.opened"]

"""The web interface's case, registry and law pages over HTTP, on SQLite and PostgreSQL: a transit filed
through the request form (legs, uploaded manifests, dangerous goods), refused with errors next to the field
concerned, submitted, decided, crossed, with its route map and PDFs; an exercise planned, approved, accepted and
given a contingent with its Form 302-style certificate; the registry and law pages; per-case audit
verification that names an edited event; and what a State not concerned gets (404)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import html5lib
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import text

from sofadesk.cases.transit.demo_data import PASSWORD
from sofadesk.db.engine import make_engine
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

PERSONNEL_CSV = (
    "full_name,category,date_of_birth,rank,service,service_number,identity_card_number,photo_on_identity_card\n"
    "Soldier 001,member_of_force,1990-01-01,SGT,US Army,A0000001,ID000001,yes\n"
    "Soldier 002,member_of_force,1991-02-02,CPL,US Army,A0000002,ID000002,yes\n"
)
EQUIPMENT_CSV = "description,kind,quantity\nRations,provisions_and_supplies,10\nTrucks,force_equipment,4\n"
ROUTE = (("LVA", "Riga Freeport", "Zilupe", 0, 1), ("RUS", "Sebezh", "Ozinki", 1, 5),
         ("KAZ", "Ozinki", "Saryagash", 5, 9), ("UZB", "Keles", "Termez", 9, 11))  # fmt: skip


@pytest.fixture(params=BACKENDS, scope="module")
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[Any]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("pages"), pg_schema_factory)
    demo_database(url)
    application = create_app(url)
    application.state.test_url = url
    with TestClient(application):
        yield application


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def version_in(html: str, action: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html[html.index(f'action="{action}"') :])
    assert found
    return found.group(1)


def signed_in(app: Any, username: str) -> TestClient:
    client = TestClient(app)
    form = client.get("/sign-in")
    r = client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": csrf(form.text)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client


def valid(html: str) -> str:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    return html


def field_errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<span class="error" id="([^"]+)-error">([^<]+)</span>', html))


def transit_form(token: str, start: date) -> dict[str, str]:
    data = {"csrf_token": token, "unit_name": "US Army sustainment rail detachment", "unit_regular": "on",
            "purpose": "transit_to_operation", "sending_state_languages": "en", "mo_kind": "collective",
            "mo_languages": "en, fr", "mo_issued_by": "sending_state_agency", "certificate_deposited": "on"}  # fmt: skip
    for i, (state, entry, exit_, d0, d1) in enumerate(ROUTE):
        data |= {f"leg-{i}-state": state, f"leg-{i}-entry_point": entry, f"leg-{i}-exit_point": exit_,
                 f"leg-{i}-mode": "rail", f"leg-{i}-customs": "on",
                 f"leg-{i}-planned_entry": f"{start + timedelta(days=d0)}T08:00",
                 f"leg-{i}-planned_exit": f"{start + timedelta(days=d1)}T06:00",
                 f"leg-{i}-dangerous_goods": "UN1202 | Diesel fuel | 3 | III"}  # fmt: skip
    return data


MANIFESTS = {"personnel_file": ("personnel.csv", PERSONNEL_CSV.encode()),
             "equipment_file": ("equipment.csv", EQUIPMENT_CSV.encode())}  # fmt: skip


@pytest.fixture(scope="module")
def filed(app: Any) -> dict[str, Any]:
    """Riga - Termez filed in the browser's way: the form, then submit."""
    requester = signed_in(app, "usa.requester")
    token = csrf(requester.get("/transits/new").text)
    r = requester.post("/transits/new", data=transit_form(token, date.today() + timedelta(days=40)), files=MANIFESTS,
                       follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].endswith("/edit")
    transit_id = int(r.headers["location"].split("/")[2])
    page = requester.get(f"/transits/{transit_id}").text
    r = requester.post(f"/transits/{transit_id}/submit",
                       data={"csrf_token": token, "version": version_in(page, f"/transits/{transit_id}/submit")},
                       follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    return {"id": transit_id, "requester": requester, "token": token}


def test_the_request_form_shows_each_error_next_to_its_field_and_saves_nothing(app: Any) -> None:
    requester = signed_in(app, "usa.requester")
    token = csrf(valid(requester.get("/transits/new").text))
    before = requester.get("/transits?status=draft").text.count('href="/transits/')
    bad = transit_form(token, date.today() + timedelta(days=40))
    bad["leg-1-planned_exit"] = f"{date.today()}T01:00"  # before the leg's entry
    bad["leg-2-dangerous_goods"] = "UN0012 | Cartridges for weapons | 1.4S"  # explosives need their NEQ
    bad["leg-3-state"] = "USA"  # the sending State itself
    r = requester.post("/transits/new", data=bad, files=MANIFESTS)
    assert r.status_code == 422
    errors = field_errors(valid(r.text))
    assert errors["leg-1-planned_exit"] == "earlier than the planned entry"  # the field named in words
    assert "net explosive quantity (kg)" in errors["leg-2-dangerous_goods"]  # the part named in words
    assert (
        'id="leg-1-planned_exit" name="leg-1-planned_exit" value="' in r.text
        and 'aria-invalid="true"' in r.text
    )
    assert 'value="Riga Freeport"' in r.text  # what was typed is shown again
    bad_csv = {"personnel_file": ("p.csv", b"full_name,category\nSomeone,general\n")}
    r = requester.post(
        "/transits/new", data=transit_form(token, date.today() + timedelta(days=40)), files=bad_csv
    )
    assert r.status_code == 422 and field_errors(r.text)["personnel_file"].startswith("row 2, category:")
    r = requester.post(
        "/transits/new", data=transit_form(token, date.today() + timedelta(days=40)) | {"leg-0-state": "USA"}
    )
    assert (
        r.status_code == 422 and "your own State" in field_errors(r.text)["leg-0-state"]
    )  # found by the form itself
    assert requester.get("/transits?status=draft").text.count('href="/transits/') == before


def test_a_filed_transit_is_decided_crossed_and_documented(app: Any, filed: dict[str, Any]) -> None:
    transit_id, requester = filed["id"], filed["requester"]
    edit = requester.get(f"/transits/{transit_id}/edit")
    assert edit.status_code == 200 and "Amend" in edit.text  # submitted: the form amends
    for username in ("lva.approver", "rus.approver", "kaz.approver", "uzb.approver"):
        approver = signed_in(app, username)
        page = approver.get(f"/transits/{transit_id}").text
        r = approver.post(f"/transits/{transit_id}/decide", follow_redirects=False,
                          data={"csrf_token": csrf(page), "version": version_in(page, f"/transits/{transit_id}/decide"),
                                "decision": "approved"})  # fmt: skip
        assert r.status_code == 303, r.text
    page = valid(requester.get(f"/transits/{transit_id}").text)
    assert '<strong class="permitted usa-tag sd-tag">permitted</strong>' in page  # a status tag
    assert "UN1202 Diesel fuel (3)" in page and "Personnel: 2; equipment lines: 2" in page

    svg = requester.get(f"/transits/{transit_id}/route.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert '<title id="map-title">Route: LVA – RUS – KAZ – UZB</title>' in svg.text
    assert svg.text.count('fill="#2e8b57"') == 4  # every State crossed approved: all four green
    requester.get("/language/fr?next=/")
    assert "LVA: approuvé; RUS: approuvé" in requester.get(f"/transits/{transit_id}/route.svg").text
    requester.get("/language/en?next=/")

    order = requester.get(f"/transits/{transit_id}/movement-order.pdf")
    assert order.headers["content-type"] == "application/pdf"
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(order.content)).pages)
    assert (
        "Collective movement order" in words
        and "Soldier 002" in words
        and "NATO SOFA Art. III(2)(b)" in words
    )
    letter = requester.get(f"/transits/{transit_id}/decision-letter/RUS.pdf")
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages)
    assert "Russian Federation" in words and "approved" in words and "Sebezh" in words and "Riga" not in words

    latvia = signed_in(app, "lva.approver")
    page = latvia.get(f"/transits/{transit_id}").text
    r = latvia.post(f"/transits/{transit_id}/crossings", follow_redirects=False,
                    data={"csrf_token": csrf(page), "kind": "entered", "point": "Riga Freeport",
                          "at": f"{date.today() + timedelta(days=40)}T09:00"})  # fmt: skip
    assert r.status_code == 303
    page = requester.get(f"/transits/{transit_id}").text
    assert "in_movement" in page and "Riga Freeport</td>" in page
    # Each State records crossings of its own border only: the form carries no State, the session's is used.
    russia = signed_in(app, "rus.approver")
    page = russia.get(f"/transits/{transit_id}").text
    r = russia.post(f"/transits/{transit_id}/crossings", follow_redirects=False,
                    data={"csrf_token": csrf(page), "kind": "entered", "point": "Sebezh", "state": "LVA",
                          "at": f"{date.today() + timedelta(days=41)}T09:00"})  # fmt: skip
    assert r.status_code == 303
    page = requester.get(f"/transits/{transit_id}").text
    assert '<tr data-state="RUS"><td>Russian Federation</td><td>entered</td><td>Sebezh</td>' in page
    # Germany, not crossed, cannot record one.
    germany = signed_in(app, "deu.approver")
    assert germany.post(f"/transits/{transit_id}/crossings", data={"csrf_token": csrf(germany.get("/").text),
                        "kind": "entered", "point": "X", "at": "2030-01-01T00:00"}).status_code == 404  # fmt: skip


def test_amending_sends_only_changed_legs_back(app: Any, filed: dict[str, Any]) -> None:
    requester, token = filed["requester"], filed["token"]
    # A fresh case, decided by all: then only Uzbekistan's leg changes.
    r = requester.post("/transits/new", data=transit_form(token, date.today() + timedelta(days=60)), files=MANIFESTS,
                       follow_redirects=False)  # fmt: skip
    tid = int(r.headers["location"].split("/")[2])
    page = requester.get(f"/transits/{tid}").text
    requester.post(
        f"/transits/{tid}/submit",
        data={"csrf_token": token, "version": version_in(page, f"/transits/{tid}/submit")},
    )
    for username in ("lva.approver", "rus.approver", "kaz.approver", "uzb.approver"):
        approver = signed_in(app, username)
        page = approver.get(f"/transits/{tid}").text
        approver.post(f"/transits/{tid}/decide", data={"csrf_token": csrf(page), "decision": "approved",
                                                       "version": version_in(page, f"/transits/{tid}/decide")})  # fmt: skip
    edit = requester.get(f"/transits/{tid}/edit").text
    form = transit_form(token, date.today() + timedelta(days=60)) | {"version": version_in(edit, f"/transits/{tid}/edit"),
                                                                     "leg-3-exit_point": "Termez river port"}  # fmt: skip
    r = requester.post(f"/transits/{tid}/edit", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = requester.get(f"/transits/{tid}").text
    decisions = {
        state: status for status, state in re.findall(r'<tr class="(\w+)" data-state="([A-Z]{3})">', page)
    }
    assert decisions == {"LVA": "approved", "RUS": "approved", "KAZ": "approved", "UZB": "pending"}
    # The stale form (its version is gone) is refused, and says so.
    r = requester.post(f"/transits/{tid}/edit", data=form)
    assert r.status_code == 409 and "version" in r.text


def test_states_added_to_a_draft_see_it_and_states_dropped_from_it_do_not(app: Any) -> None:
    requester = signed_in(app, "usa.requester")
    token = csrf(requester.get("/transits/new").text)
    full = transit_form(token, date.today() + timedelta(days=80))
    first_two = {k: v for k, v in full.items() if not re.match(r"leg-[23]-", k)}
    r = requester.post("/transits/new", data=first_two, follow_redirects=False)
    tid = int(r.headers["location"].split("/")[2])
    edit = requester.get(f"/transits/{tid}/edit").text
    # Latvia dropped, Kazakhstan and Uzbekistan added: legs shift up by one.
    legs = {k: v for k, v in full.items() if k.startswith("leg-")}
    moved = {
        re.sub(r"^leg-(\d)", lambda m: f"leg-{int(m.group(1)) - 1}", k): v
        for k, v in legs.items()
        if not k.startswith("leg-0-")
    }
    form = (
        {k: v for k, v in full.items() if not k.startswith("leg-")}
        | moved
        | {"version": version_in(edit, f"/transits/{tid}/edit")}
    )
    assert requester.post(f"/transits/{tid}/edit", data=form, follow_redirects=False).status_code == 303
    page = requester.get(f"/transits/{tid}").text
    requester.post(
        f"/transits/{tid}/submit",
        data={"csrf_token": token, "version": version_in(page, f"/transits/{tid}/submit")},
    )
    assert signed_in(app, "uzb.approver").get(f"/transits/{tid}").status_code == 200
    assert signed_in(app, "kaz.approver").get(f"/transits/{tid}").status_code == 200
    assert signed_in(app, "lva.approver").get(f"/transits/{tid}").status_code == 404


def test_a_state_not_concerned_gets_404_everywhere_on_a_transit(app: Any, filed: dict[str, Any]) -> None:
    germany = signed_in(app, "deu.observer")
    transit_id = filed["id"]
    for path in ("", "/edit", "/route.svg", "/movement-order.pdf", "/decision-letter/RUS.pdf"):
        assert germany.get(f"/transits/{transit_id}{path}").status_code == 404, path
    token = csrf(germany.get("/").text)
    assert (
        germany.post(f"/transits/{transit_id}/submit", data={"csrf_token": token, "version": "1"}).status_code
        == 404
    )


def test_forms_without_the_session_token_are_refused(app: Any, filed: dict[str, Any]) -> None:
    requester = filed["requester"]
    r = requester.post(f"/transits/{filed['id']}/close", data={"csrf_token": "forged", "step": "complete"})
    assert r.status_code == 403 and "form token" in r.text
    r = requester.post("/transits/new", data=transit_form("forged", date.today() + timedelta(days=40)))
    assert r.status_code == 403
    r = requester.post("/exercises/new", data={"csrf_token": "forged", "name": "X"})
    assert r.status_code == 403
    r = requester.post("/law/decide/claim-share", data={"csrf_token": "forged"})
    assert r.status_code == 403


def test_a_case_page_verifies_its_own_events_and_names_an_edited_one(app: Any, filed: dict[str, Any]) -> None:
    requester, transit_id = filed["requester"], filed["id"]
    assert "events verify and are linked into the chain" in requester.get(f"/transits/{transit_id}").text
    engine = make_engine(app.state.test_url)
    with engine.begin() as conn:
        event = conn.execute(text("SELECT min(id) FROM audit_events WHERE target_type = 'transit' AND target_id = :t"),
                             {"t": str(transit_id)}).scalar()  # fmt: skip
        original = conn.execute(text("SELECT details FROM audit_events WHERE id = :e"), {"e": event}).scalar()
        conn.execute(
            text("UPDATE audit_events SET details = :d WHERE id = :e"), {"d": '{"forged":true}', "e": event}
        )
    try:
        page = requester.get(f"/transits/{transit_id}").text
        assert f"Audit chain broken at event {event}: its content does not match its hash" in page
        assert f"broken at event {event}" in requester.get("/audit").text
    finally:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_events SET details = :d WHERE id = :e"), {"d": original, "e": event}
            )
        engine.dispose()
    assert "The whole audit chain is intact" in requester.get("/audit").text


def test_an_exercise_is_planned_approved_accepted_and_given_a_contingent(app: Any) -> None:
    planner = signed_in(app, "deu.planner")
    token = csrf(valid(planner.get("/exercises").text))
    r = planner.post("/exercises/areas", data={"csrf_token": token, "code": "grf", "name": "Grafenwoehr", "capacity": "5000"},
                     follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    r = planner.post(
        "/exercises/areas", data={"csrf_token": token, "code": "X", "name": "Bad", "capacity": "0"}
    )
    assert (
        r.status_code == 422 and "Capacity (persons): Give a number of at least 1." in r.text
    )  # the field named by its label
    plan = {"csrf_token": token, "name": "SABER BRIDGE 2027", "purpose": "exercise", "starts_on": "2027-05-03",
            "ends_on": "2027-05-14", "description": "", "b-0-area": "GRF", "b-0-first_day": "2027-05-03",
            "b-0-last_day": "2027-05-20", "b-0-planned_persons": "600", "b-1-area": ""}  # fmt: skip
    r = planner.post("/exercises/new", data=plan)
    assert (
        r.status_code == 422
        and field_errors(valid(r.text))["b-0-area"] == "booked outside the exercise&#39;s dates"
    )
    r = planner.post("/exercises/new", data=plan | {"b-0-last_day": "2027-05-10"}, follow_redirects=False)
    assert r.status_code == 303
    x = int(r.headers["location"].split("/")[2])

    approver = signed_in(app, "deu.approver")
    page = approver.get(f"/exercises/{x}").text
    assert approver.post(f"/exercises/{x}/step", follow_redirects=False,
                         data={"csrf_token": csrf(page), "step": "approve", "version": version_in(page, f"/exercises/{x}/step")}
                         ).status_code == 303  # fmt: skip
    page = planner.get(f"/exercises/{x}").text
    r = planner.post(f"/exercises/{x}/invite", follow_redirects=False,
                     data={"csrf_token": token, "states": "usa, POL", "version": version_in(page, f"/exercises/{x}/invite")})  # fmt: skip
    assert r.status_code == 303

    us = signed_in(app, "usa.planner")
    assert "SABER BRIDGE 2027" in us.get("/").text  # the invitation is on the approver's dashboard
    page = us.get(f"/exercises/{x}").text
    r = us.post(f"/exercises/{x}/respond", follow_redirects=False,
                data={"csrf_token": csrf(page), "answer": "accepted", "version": version_in(page, f"/exercises/{x}/respond")})  # fmt: skip
    assert r.status_code == 303
    poland = signed_in(app, "pol.planner")
    page = poland.get(f"/exercises/{x}").text
    r = poland.post(f"/exercises/{x}/respond",
                    data={"csrf_token": csrf(page), "answer": "declined", "version": version_in(page, f"/exercises/{x}/respond")})  # fmt: skip
    assert r.status_code == 422 and "a reason is required to decline" in r.text

    page = us.get(f"/exercises/{x}").text
    refused = us.post(f"/exercises/{x}/contingent", files={"personnel_file": ("p.csv", b"full_name,category\nA,general\n")},
                      data={"csrf_token": csrf(page), "unit_name": "", "sending_state_languages": "en", "mo_languages": "en"})  # fmt: skip
    assert refused.status_code == 422 and field_errors(valid(refused.text))["personnel_file"].startswith(
        "row 2, category:"
    )
    refused = us.post(f"/exercises/{x}/contingent", files=MANIFESTS,
                      data={"csrf_token": csrf(page), "unit_name": "", "sending_state_languages": "en", "mo_languages": "en",
                            "mo_kind": "collective", "mo_issued_by": "sending_state_agency"})  # fmt: skip
    assert refused.status_code == 422 and "unit_name" in field_errors(refused.text)
    assert "2 on the request" in refused.text  # the uploaded list is counted when the form is shown again
    r = us.post(f"/exercises/{x}/contingent", follow_redirects=False, files=MANIFESTS,
                data={"csrf_token": csrf(page), "unit_name": "2nd Cavalry", "unit_regular": "on",
                      "sending_state_languages": "en", "mo_languages": "en, fr", "certificate_deposited": "on"})  # fmt: skip
    assert r.status_code == 303
    page = valid(us.get(f"/exercises/{x}").text)
    serial = re.search(r"F302-DEU-USA-\d{4}-\d{6}", page)
    assert serial
    pdf = us.get(f"/exercises/{x}/certificates/{serial.group(0)}.pdf")
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert serial.group(0) in words and "NATO SOFA Art. XI(4)" in words and "Trucks" in words
    ics = us.get(f"/exercises/{x}/calendar.ics")
    assert ics.headers["content-type"].startswith("text/calendar") and "SABER BRIDGE 2027" in ics.text
    # The host sees the contingent's checks, cited; Russia, not invited, sees nothing.
    host_page = planner.get(f"/exercises/{x}").text
    assert "USA contingent" in host_page and "NATO SOFA Art. III(2)(a)" in host_page
    russia = signed_in(app, "rus.planner")
    for path in ("", "/edit", "/calendar.ics", f"/certificates/{serial.group(0)}.pdf"):
        assert russia.get(f"/exercises/{x}{path}").status_code == 404, path


def test_registry_pages_answer_and_show_unknowns(app: Any) -> None:
    client = signed_in(app, "rus.approver")
    page = valid(client.get("/registry?sending=USA&receiving=RUS&on=2010-01-01").text)
    assert 'Answer: <span class="yes">yes</span>' in page and "PfP SOFA Art. V(3)" in page
    timeline = valid(client.get("/registry/states/RUS").text)
    assert "Timeline of Russian Federation" in timeline and "2005" in timeline
    parties = valid(client.get("/registry/parties?agreement=pfp-sofa&on=2010-01-01").text)
    assert "Russian Federation" in parties and "In force on January 1, 2010" in parties
    assert client.get("/registry/parties?on=not-a-date").text.count("The date must be YYYY-MM-DD.") == 1
    assert client.get("/registry/states/XXX").status_code == 404
    chart = client.get("/registry/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml") and "PfP SOFA:" in chart.text


def test_law_pages_browse_articles_and_answer_from_a_generated_form(app: Any) -> None:
    client = signed_in(app, "usa.requester")
    articles = valid(client.get("/law?instrument=nato-sofa").text)
    assert (
        "Article VII" in articles
        and "https://www.nato.int/cps/en/natohq/official_texts_17265.htm" in articles
    )
    form = valid(client.get("/law/decide/claim-share").text)
    for name in ("receiving_state", "amount", "currency", "basis", "responsible_states"):
        assert f'name="{name}"' in form
    r = client.post("/law/decide/claim-share", data={"csrf_token": csrf(form), "receiving_state": "DEU", "amount": "1000.01",
                                                     "currency": "EUR", "basis": "attributable",
                                                     "responsible_states": "USA\nPOL"})  # fmt: skip
    assert r.status_code == 200
    answer = valid(r.text)
    assert (
        "400.01" in answer and "400.00" in answer and "200.00" in answer
    )  # 2/5, 2/5, 1/5, exact to the cent
    assert "NATO SOFA Art. VIII(5)(e)" in answer
    jurisdiction = client.get("/law/decide/jurisdiction").text
    facts = {"csrf_token": csrf(jurisdiction), "sending_state": "USA", "receiving_state": "RUS",
             "accused.category": "member_of_force", "accused.subject_to_sending_state_military_law": "yes",
             "offence.description": "Road accident while driving a service vehicle on duty",
             "offence.date": "2010-06-01", "offence.punishable_by_sending_state": "yes",
             "offence.punishable_by_receiving_state": "yes", "offence.solely_against": "other",
             "offence.official_duty": "yes"}  # fmt: skip
    answer = client.post("/law/decide/jurisdiction", data=facts).text
    assert "Regime on 2010-06-01 from the registry" in answer and "concurrent" in answer
    assert "NATO SOFA Art. VII(3)(a)(ii)" in answer
    r = client.post("/law/decide/jurisdiction", data={k: v for k, v in facts.items() if k != "offence.date"})
    assert r.status_code == 422 and "offence.date" in field_errors(r.text)
    assert client.get("/law/decide/no-such-kind").status_code == 404


def test_every_new_page_is_valid_html_in_every_language(app: Any, filed: dict[str, Any]) -> None:
    client = signed_in(app, "usa.requester")
    for language in ("en", "fr", "ru"):
        client.get(f"/language/{language}?next=/")
        for path in ("/", "/transits", "/transits/new", f"/transits/{filed['id']}", f"/transits/{filed['id']}/edit",
                     "/exercises", "/registry", "/registry/parties", "/registry/states/USA", "/law", "/law/decide",
                     "/law/decide/customs"):  # fmt: skip
            r = client.get(path)
            assert r.status_code == 200, (language, path)
            valid(r.text)
    client.get("/language/ru?next=/")
    assert "Новый запрос на транзит" in client.get("/transits/new").text
    client.get("/language/en?next=/")

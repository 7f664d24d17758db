"""The incident pages over HTTP, on SQLite and PostgreSQL, with the demo's two incidents: the list shows a State
only its own incidents and a third State gets 404 on every page of one; persons are shown to the legal
advisers and redacted for other roles, exactly as the API redacts them; the report form and a step posted with
a bad field come back with the error next to that field; a report and its steps go through the service the API
uses; the statistics page's chart, CSV and XLSX parse."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sofadesk.accounts.service import create_user
from sofadesk.cases.incident.demo_data import seed_incident_demo
from sofadesk.cases.transit.demo_data import PASSWORD
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.integration.test_web_pages import csrf, field_errors, signed_in, valid


@pytest.fixture(params=BACKENDS, scope="module")
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schema_factory: object) -> Iterator[dict[str, Any]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("incident-pages"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        accident, traffic = seed_incident_demo(session, InForceEngine(load_registry(session.connection())))
        create_user(session, None, "POL", "pol.legal", "Polish legal adviser", ["legal_adviser"], PASSWORD)
    engine.dispose()
    app = create_app(url)
    with TestClient(app):
        yield {"app": app, "accident": accident, "traffic": traffic}


def version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def test_a_state_lists_its_incidents_and_a_third_state_gets_404(demo: dict[str, Any]) -> None:
    deu = signed_in(demo["app"], "deu.legal")
    listed = valid(deu.get("/incidents").text)
    assert "INC-DEU-2007-" in listed and "INC-DEU-2024-" in listed
    assert "INC-DEU-2024-" not in deu.get("/incidents?year=2007").text
    assert "INC-DEU-2007-" in deu.get("/incidents?status=tried&state=USA").text
    assert "INC-DEU-2007-" not in deu.get("/incidents?status=closed").text
    pol = signed_in(demo["app"], "pol.legal")
    assert "INC-DEU-" not in pol.get("/incidents").text
    for path in ("", "/stale?seen=1", "/attachments/1"):
        assert pol.get(f"/incidents/{demo['accident']}{path}").status_code == 404, path
    page = pol.get(f"/incidents/{demo['traffic']}").text
    refused = pol.post(f"/incidents/{demo['traffic']}/steps/request_waiver",
                       data={"csrf_token": csrf(page), "version": "1", "request_waiver-reasons": "x"})  # fmt: skip
    assert refused.status_code == 404
    assert "Miller" not in refused.text


def test_persons_are_redacted_for_roles_other_than_the_legal_advisers(demo: dict[str, Any]) -> None:
    legal = valid(signed_in(demo["app"], "deu.legal").get(f"/incidents/{demo['traffic']}").text)
    assert "Pvt. Jordan Miller" in legal and "US-ARMY-4417-2291" in legal and "Anna Huber" in legal
    observer = valid(signed_in(demo["app"], "deu.observer").get(f"/incidents/{demo['traffic']}").text)
    for personal in ("Jordan Miller", "US-ARMY-4417-2291", "Anna Huber", "2001"):
        assert personal not in observer, personal
    assert "redacted" in observer
    # The finding is the same for both: its value, reasons and citations, linked to the law pages.
    for text in (
        'data-value="concurrent"',
        'href="/law/p/nato-sofa-art-vii-3-b"',
        "NATO SOFA Art. VII(3)(b)",
    ):
        assert text in legal and text in observer, text
    assert "/steps/" not in observer  # an observer is offered no step
    assert "/steps/state_law" in signed_in(demo["app"], "usa.legal").get(f"/incidents/{demo['traffic']}").text


def test_the_report_form_shows_each_error_by_its_field_and_reports_through_the_service(
    demo: dict[str, Any],
) -> None:
    deu = signed_in(demo["app"], "deu.legal")
    form = valid(deu.get("/incidents/new").text)
    data = {"csrf_token": csrf(form), "sending_state": "USA", "receiving_state": "DEU", "occurred_at": "2024-05-01T22:10",
            "place": "", "summary": "A fight outside a bar in Grafenwoehr.", "offence_description": "Bodily injury",
            "offence_type": "assault", "harmed": "public_order", "p-0-role": "suspect", "p-0-name": "Sgt. Lee Park",
            "p-1-role": "victim", "p-1-category": "third_party", "p-1-name": "Max Bauer", "law_punishable": "yes"}  # fmt: skip
    refused = deu.post("/incidents/new", data=data)
    assert refused.status_code == 422
    errors = field_errors(valid(refused.text))
    assert set(errors) == {"place", "p-0-service"}, errors
    assert 'value="Sgt. Lee Park"' in refused.text  # what was typed is shown again
    data |= {"place": "Grafenwoehr, Alte Amberger Strasse", "p-0-service": "armed_services",
             "p-0-in_receiving_state_on_official_duty": "yes", "p-0-nationality": "USA"}  # fmt: skip
    done = deu.post("/incidents/new", data=data, follow_redirects=False)
    assert done.status_code == 303, done.text
    page = valid(deu.get(done.headers["location"]).text)
    assert "INC-DEU-2024-" in page and "Sgt. Lee Park" in page
    assert "member of the force" in page  # the suspect's status, found under Art. I
    assert "punishable under USA" in page  # what the finding turns on, while the US has not stated its law
    other = signed_in(demo["app"], "usa.legal").get(done.headers["location"])
    assert other.status_code == 200 and "Sgt. Lee Park" in other.text
    wrong_side = deu.post("/incidents/new", data=data | {"sending_state": "POL", "receiving_state": "USA"})
    assert wrong_side.status_code == 403 and "sending or its receiving State" in wrong_side.text


def test_a_step_with_a_bad_field_is_refused_next_to_that_field(demo: dict[str, Any]) -> None:
    """Germany's soldier in the United States (no standing waiver between them that way round): Germany reports
    and certifies, the United States holds the primary right and is asked to waive it."""
    usa = signed_in(demo["app"], "usa.legal")
    deu = signed_in(demo["app"], "deu.legal")
    new = deu.get("/incidents/new").text
    data = {"csrf_token": csrf(new), "sending_state": "DEU", "receiving_state": "USA", "occurred_at": "2024-06-01T20:00",
            "place": "Fort Bliss, El Paso", "summary": "A brawl.", "offence_description": "Bodily injury",
            "offence_type": "assault", "p-0-role": "suspect", "p-0-service": "armed_services",
            "p-0-in_receiving_state_on_official_duty": "yes", "p-0-nationality": "DEU", "p-1-role": "victim",
            "p-1-category": "third_party", "law_punishable": "yes"}  # fmt: skip
    url = deu.post("/incidents/new", data=data, follow_redirects=False).headers["location"]
    page = deu.get(url).text
    step = f"{url}/steps/certify_duty"
    bad = deu.post(step, data={"csrf_token": csrf(page), "version": version(page), "certify_duty-on_duty": "no",
                               "certify_duty-signed_by": "", "certify_duty-signed_on": "yesterday"})  # fmt: skip
    assert bad.status_code == 422
    errors = field_errors(valid(bad.text))
    assert set(errors) == {"certify_duty-signed_by", "certify_duty-signed_on"}, errors
    assert "YYYY-MM-DD" in errors["certify_duty-signed_on"]
    assert '<details class="sd-step" id="step-certify_duty" open>' in bad.text
    # With htmx the refusal answers 200 (htmx swaps only those) and carries the same errors.
    swapped = deu.post(step, headers={"HX-Request": "true"}, data={"csrf_token": csrf(page), "version": version(page),
                                                                  "certify_duty-on_duty": "no"})  # fmt: skip
    assert swapped.status_code == 200 and "certify_duty-signed_by-error" in swapped.text
    for client, action, fields in (
        (usa, "state_law", {"state_law-punishable": "yes"}),
        (deu, "certify_duty", {"certify_duty-on_duty": "no", "certify_duty-signed_by": "Rechtsberater, Bundeswehr",
                               "certify_duty-signed_on": "2024-06-02"}),
    ):  # fmt: skip
        page = client.get(url).text
        r = client.post(f"{url}/steps/{action}", data={"csrf_token": csrf(page), "version": version(page), **fields},
                        follow_redirects=False)  # fmt: skip
        assert r.status_code == 303, r.text
    page = deu.get(url).text
    assert 'data-value="concurrent"' in page and "NATO SOFA Art. VII(3)(b)" in page
    stale = deu.post(f"{url}/steps/request_waiver", data={"csrf_token": csrf(page), "version": "1",
                                                          "request_waiver-reasons": "Court-martial ready"})  # fmt: skip
    assert stale.status_code == 409 and "changed this incident" in stale.text
    empty = deu.post(f"{url}/steps/request_waiver", data={"csrf_token": csrf(page), "version": version(page)})
    assert empty.status_code == 422 and "request_waiver-reasons" in field_errors(empty.text)
    asked = deu.post(f"{url}/steps/request_waiver", data={"csrf_token": csrf(page), "version": version(page),
                                                          "request_waiver-reasons": "Court-martial ready"},
                     follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303
    seen = usa.get(url).text
    assert 'data-subject="waiver_answer"' in seen and "/steps/answer_waiver" in seen
    unreasoned = usa.post(f"{url}/steps/answer_waiver", data={"csrf_token": csrf(seen), "version": version(seen),
                                                              "answer_waiver-answer": "granted"})  # fmt: skip
    assert set(field_errors(unreasoned.text)) == {"answer_waiver-reasons"}
    wrong = deu.post(f"{url}/steps/answer_waiver", data={"csrf_token": csrf(seen), "version": version(seen),
                                                         "answer_waiver-answer": "granted", "answer_waiver-reasons": "x"})  # fmt: skip
    assert wrong.status_code == 403
    forged = usa.post(f"{url}/steps/answer_waiver", data={"csrf_token": "forged", "version": version(seen)})
    assert forged.status_code == 403
    # A witness found later: added on the case page, a bad date of birth refused next to its field.
    page = deu.get(url).text
    person = {"csrf_token": csrf(page), "version": version(page), "p-0-role": "witness", "p-0-category": "third_party",
              "p-0-name": "John Doe", "p-0-date_of_birth": "1990-13-45"}  # fmt: skip
    refused = deu.post(f"{url}/steps/set_person", data=person)
    assert refused.status_code == 422 and set(field_errors(valid(refused.text))) == {"p-0-date_of_birth"}
    assert 'value="John Doe"' in refused.text
    added = deu.post(
        f"{url}/steps/set_person", data=person | {"p-0-date_of_birth": "1990-01-15"}, follow_redirects=False
    )
    assert added.status_code == 303
    assert 'data-person="3"' in deu.get(url).text


def test_the_statistics_page_draws_its_chart_and_its_downloads_parse(demo: dict[str, Any]) -> None:
    usa = signed_in(demo["app"], "usa.legal")
    page = valid(usa.get("/incidents/statistics?year=2007").text)
    assert 'data-measure="incidents">1<' in page and "/incidents/statistics.svg?year=2007" in page
    svg = usa.get("/incidents/statistics.svg?year=2007")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert ElementTree.fromstring(svg.text).find("{http://www.w3.org/2000/svg}title") is not None
    rows = list(csv.reader(io.StringIO(usa.get("/incidents/statistics.csv?year=2007").text)))
    assert rows[0] == ["state", "year", "as", "measure", "key", "value"]
    assert ["USA", "2007", "sending_state", "incidents", "", "1"] in rows
    assert ["USA", "2007", "sending_state", "offences", "member_of_force/traffic", "1"] in rows
    book = load_workbook(io.BytesIO(usa.get("/incidents/statistics.xlsx?year=2007").content))
    figures = [list(r) for r in book["Figures"].iter_rows(values_only=True)]
    assert figures[0] == ["state", "year", "as", "measure", "key", "value"]
    assert ["USA", 2007, "sending_state", "trials", None, 1] in figures  # an empty key is an empty cell
    empty = valid(usa.get("/incidents/statistics?year=1990").text)
    assert "statistics.svg" not in empty and 'data-measure="incidents">0<' in empty

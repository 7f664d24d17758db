"""The route planner's page (issue 19, item 6) and the registry acts' pages (issue 12, item 3) over HTTP, on
SQLite and PostgreSQL: form errors by field, Riga to Termez in 2009 with its alternatives on the map and a draft
that lands on a case only its State sees; an act proposed by one editor, refused to that editor's own
confirmation, confirmed by a second with its impact on an open transit; non-editors refused; no English left on
the French and Russian pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sofadesk.accounts.service import acting_as, create_user
from sofadesk.cases.transit.demo_data import PASSWORD, riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.ui import i18n
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url, submitted_transit
from tests.integration.test_web_languages import own_words
from tests.integration.test_web_pages import MANIFESTS, csrf, field_errors, signed_in, valid
from tests.ui.english import english_in_page

PLAN = {"origin": "LVA", "destination": "UZB", "depart": "2009-06-01", "submitted": "2009-05-15", "modes": ["rail"],
        "max_states": "6", "vehicles": "0", "persons": "0", "purpose": "transit_to_operation",
        "sending_state_languages": "en", "mo_languages": "en, fr", "unit_regular": "on",
        "unit_name": "US Army sustainment rail detachment"}  # fmt: skip
BEST = "LVA-RUS-KAZ-UZB"


@pytest.fixture(params=BACKENDS, scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schema_factory: object) -> Iterator[dict[str, Any]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("plan-act-pages"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    start = date.today() + timedelta(days=40)
    with session_factory(engine)() as session, session.begin():
        for username, state in (("usa.registry", "USA"), ("rus.registry", "RUS")):
            create_user(session, None, state, username, username, ["registry_editor"], PASSWORD)
        user = acting_as(session, "usa.requester")
        t = submitted_transit(session, user, TransitContent.model_validate(riga_termez(start)))
        transit = (t.id, t.reference)
    engine.dispose()
    app = create_app(url)
    with TestClient(app):
        yield {"app": app, "transit": transit, "start": start, "clients": {}}


def client(site: dict[str, Any], username: str) -> TestClient:
    found: TestClient | None = site["clients"].get(username)
    if found is None:
        found = site["clients"][username] = signed_in(site["app"], username)
    return found


def form(c: TestClient, path: str, **changes: Any) -> dict[str, Any]:
    return {"csrf_token": csrf(c.get(path).text), **PLAN, **changes}


# --- the route planner -------------------------------------------------------------------------------------------


def test_the_planner_form_says_what_is_wrong_next_to_each_field(site: dict[str, Any]) -> None:
    us = client(site, "usa.requester")
    assert 'href="/routes/plan"' in us.get("/transits").text  # reached from the transits list
    r = us.post("/routes/plan", data=form(us, "/routes/plan", origin="", depart="1 June", modes=[],
                                          dangerous_goods_classes="nine", vehicles="many"))  # fmt: skip
    assert r.status_code == 422
    errors = field_errors(valid(r.text))
    assert errors.keys() >= {"origin", "depart", "modes", "dangerous_goods_classes", "vehicles"}, errors
    assert errors["origin"] == "This is required." and "2009-06-01" in errors["depart"]
    same = us.post("/routes/plan", data=form(us, "/routes/plan", destination="LVA"))
    assert (
        same.status_code == 422 and "the same State as the origin" in field_errors(same.text)["destination"]
    )
    assert 'id="plan-result"' not in same.text  # nothing planned from a refused form


def test_riga_termez_shows_its_alternatives_on_the_map_with_the_regime_lead_times_and_documents(
    site: dict[str, Any],
) -> None:
    us = client(site, "usa.requester")
    r = us.post("/routes/plan", data=form(us, "/routes/plan"))
    assert r.status_code == 200, r.text
    html = valid(r.text)
    first = html[html.index('id="route-LVA-RUS-KAZ-UZB"') :]
    first = first[: first.index("</details>")]
    assert "Route A (rank 1)" in first and "Ranked first: it arrives soonest, on June 12, 2009." in first
    # Russia crossed on 2-6 June 2009 through the PfP SOFA, ten working days' notice, its non-lethal restriction met.
    assert "PfP SOFA Art. I" in first and "10 working days; decision can be due May 29, 2009" in first
    assert "Non-lethal cargo only" in first and "the force meets it" in first
    common = html[html.index("Documents every State crossed may ask for") : html.index('id="route-')]
    assert 'Movement order in the languages en, fr <span class="sd-cite">[NATO SOFA Art. III(2)(b)]' in common
    assert "NATO SOFA Art. III(3)" not in common  # no civilians or dependents in the force planned
    # Every alternative is drawn with a line pattern and letter of its own, not by colour alone.
    svg = html[html.index("<svg") : html.index("</svg>")]
    lines = re.findall(r'<polyline [^>]*?stroke="([^"]+)" stroke-width="3"( stroke-dasharray="[^"]+")?', svg)
    letters = re.findall(r"<title>([A-H]): ", svg)
    assert len(lines) == len(letters) >= 2 and len({dash for _, dash in lines}) == len(lines)
    assert "Route B (rank 2)" in html and "Arrives the same day as route A but crosses more States" in html
    excluded = html[html.index('id="excluded-h"') :]
    assert (
        "Belarus" in excluded and "PfP SOFA Art. V(3)" in excluded
    )  # not covered, with the engine's citation
    assert (
        html.count('formaction="/routes/draft"')
        == html.count('class="sd-group sd-alternative"')
        == len(lines)
    )


def test_a_late_filing_moves_the_departure_and_says_whose_notice_did(site: dict[str, Any]) -> None:
    us = client(site, "usa.requester")
    r = us.post("/routes/plan", data=form(us, "/routes/plan", submitted="2009-05-25"))
    assert r.status_code == 200
    first = r.text[r.text.index(f'id="route-{BEST}"') :]
    first = first[: first.index("</details>")]
    # Russia's ten working days from 25 May 2009 outlast the others: the move leaves once they are over.
    assert (
        "at the earliest, counted from filing on May 25, 2009" in first
        and "Russian Federation&#39;s" in first
    )
    assert "Leaves</dt><dd>June 1, 2009" not in first


def test_an_armed_force_is_kept_off_russia_by_its_restriction(site: dict[str, Any]) -> None:
    us = client(site, "usa.requester")
    r = us.post("/routes/plan", data=form(us, "/routes/plan", arms="on"))
    assert r.status_code == 200
    assert f'id="route-{BEST}"' not in r.text  # not among the permitted routes any more
    excluded = r.text[r.text.index('id="excluded-h"') :]
    assert "A restriction of Russian Federation excludes this force: Non-lethal cargo only" in excluded


def test_a_draft_from_a_route_lands_on_a_case_only_its_state_sees(site: dict[str, Any]) -> None:
    us = client(site, "usa.requester")
    made = us.post("/routes/draft", data=form(us, "/routes/plan", route=BEST), files=MANIFESTS,
                   follow_redirects=False)  # fmt: skip
    assert made.status_code == 303, made.text
    where = made.headers["location"]
    assert re.fullmatch(r"/transits/\d+", where)
    page = valid(us.get(where).text)
    for place in ("Latvia", "Russian Federation", "Kazakhstan", "Uzbekistan"):
        assert place in page
    assert "Dangerous goods" in page or "draft" in page.lower()
    for other in ("deu.observer", "rus.approver"):  # a draft is its own State's until submitted
        assert client(site, other).get(where).status_code == 404


def test_a_draft_needs_the_unit_and_a_requester(site: dict[str, Any]) -> None:
    us = client(site, "usa.requester")
    r = us.post("/routes/draft", data=form(us, "/routes/plan", route=BEST, unit_name=""))
    assert r.status_code == 422 and "unit_name" in field_errors(valid(r.text))
    assert 'id="plan-result"' in r.text  # the plan is shown again beside the error
    ru = client(site, "rus.approver")
    refused = ru.post(
        "/routes/draft", data=form(ru, "/routes/plan", origin="RUS", destination="KAZ", route="RUS-KAZ")
    )
    assert (
        refused.status_code == 403
        and "Only a requester of your State can draft a transit case." in refused.text
    )
    assert 'formaction="/routes/draft"' not in ru.post("/routes/plan", data=form(ru, "/routes/plan")).text


# --- registry acts -----------------------------------------------------------------------------------------------


def act(site: dict[str, Any], who: str, **changes: str) -> Any:
    c = client(site, who)
    data = {"csrf_token": csrf(c.get("/registry/acts/new").text), "agreement": "pfp-sofa", "state": "RUS",
            "kind": "denunciation_effective", "date": (site["start"] + timedelta(days=3)).isoformat(),
            "source_title": "Hypothetical notice, for the test", "source_url": "https://example.org/denunciation",
            "source_where": "point 1"} | changes  # fmt: skip
    return c.post("/registry/acts/new", data=data, follow_redirects=False)


def test_the_act_form_says_what_is_wrong_next_to_each_field(site: dict[str, Any]) -> None:
    r = act(site, "usa.registry", state="", date="", source_title="x", source_url="not an address")
    assert r.status_code == 422
    errors = field_errors(valid(r.text))
    assert errors["state"] == "This is required." and errors["date"] == "This is required."
    assert errors["source_title"] == "Give at least 3 characters."
    assert errors["source_url"] == "Give the source&#39;s full address, starting with https://"
    declaration = act(site, "usa.registry", kind="declaration", date="", summary="")
    assert declaration.status_code == 422 and "summary" in field_errors(declaration.text)


def test_an_act_is_confirmed_by_a_second_editor_only_and_lists_the_cases_it_changes(
    site: dict[str, Any],
) -> None:
    transit_id, reference = site["transit"]
    made = act(site, "usa.registry")
    assert made.status_code == 303, made.text
    where = made.headers["location"]
    editor = client(site, "usa.registry")
    page = valid(editor.get(where).text)
    assert "waiting for a second registry editor" in page and "Impact on open cases if confirmed" in page
    assert (
        f'href="/transits/{transit_id}">{reference}</a>' in page
    )  # the transit crosses Russia on those days
    assert "PfP SOFA Art. XX" in page or "PfP SOFA" in page
    own = editor.post(f"{where}/confirm", data={"csrf_token": csrf(page)})
    assert own.status_code == 403
    assert (
        "You entered this act, so you cannot confirm it: a second registry editor must (four eyes)."
        in own.text
    )
    listed = valid(editor.get("/registry/acts?status=proposed").text)
    assert f'href="{where}"' in listed
    second = client(site, "rus.registry")
    done = second.post(f"{where}/confirm", data={"csrf_token": csrf(second.get(where).text)})
    assert done.status_code == 200 and "Act confirmed: it is in effect." in done.text
    assert "Open cases whose coverage changed" in done.text and f">{reference}</a>" in done.text
    assert "local act" in done.text  # beside the shipped facts of Russia's PfP SOFA participation
    confirmed = valid(second.get("/registry/acts?status=confirmed").text)
    assert f'href="{where}"' in confirmed and "local act, in effect" in confirmed
    again = second.post(f"{where}/confirm", data={"csrf_token": csrf(confirmed)})
    assert again.status_code == 409 and "This act has already been decided." in again.text


def test_an_act_can_be_refused_with_a_reason(site: dict[str, Any]) -> None:
    made = act(
        site, "usa.registry", state="KAZ", kind="declaration", date="", summary="A hypothetical declaration"
    )
    where = made.headers["location"]
    second = client(site, "rus.registry")
    token = csrf(second.get(where).text)
    assert second.post(f"{where}/reject", data={"csrf_token": token, "reason": ""}).status_code == 422
    r = second.post(f"{where}/reject", data={"csrf_token": token, "reason": "No source says so"})
    assert r.status_code == 200 and "rejected" in r.text and "No source says so" in r.text


def test_only_registry_editors_see_and_use_the_forms(site: dict[str, Any]) -> None:
    made = act(site, "usa.registry", state="UZB", kind="signature", date="2009-01-05")
    where = made.headers["location"]
    for who in ("usa.requester", "rus.approver"):
        c = client(site, who)
        listed = c.get("/registry/acts")
        assert listed.status_code == 200 and "/registry/acts/new" not in listed.text
        assert c.get("/registry/acts/new").status_code == 403
        page = c.get(where)
        assert page.status_code == 200 and f"{where}/confirm" not in page.text
        token = csrf(page.text)
        r = c.post(f"{where}/confirm", data={"csrf_token": token})
        assert r.status_code == 403 and "Only a registry editor" in r.text
        assert act(site, who).status_code == 403


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_no_english_is_left_on_the_plan_and_act_pages(site: dict[str, Any], language: str) -> None:
    i18n.MISSING.clear()
    # Iceland: its shipped deposit is unknown with a "not before" bound, shown beside the act.
    made = act(site, "usa.registry", agreement="nato-sofa", state="ISL", kind="deposit", date="2007-03-05")
    where = made.headers["location"]
    words = [*own_words(), "Hypothetical notice, for the test", "point 1", "usa.registry", "usa.requester",
             "Non-lethal cargo only (as Russia's 2008 arrangement for ISAF rail transit required)",
             "Rail wagons are inspected at Termez"]  # fmt: skip
    left = {}
    for who, pages in (("usa.registry", [where, "/registry/acts", "/registry/acts/new"]),
                       ("usa.requester", ["/routes/plan"])):  # fmt: skip
        c = signed_in(site["app"], who)
        c.get(f"/language/{language}?next=/")
        for path in pages:
            r = c.get(path)
            assert r.status_code == 200
            left[path] = english_in_page(r.text, words)
        if who == "usa.requester":
            for arms in ("", "on"):
                r = c.post("/routes/plan", data=form(c, "/routes/plan", arms=arms))
                assert r.status_code == 200
                left[f"plan {arms}"] = english_in_page(r.text, words)
    assert {k: v for k, v in left.items() if v} == {}
    assert sorted(i18n.MISSING) == []

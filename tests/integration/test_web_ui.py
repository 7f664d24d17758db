"""The web interface over HTTP (server-rendered pages): sign-in and sessions, CSRF, the sign-in rate limit,
the dashboard per role, deciding a transit (plain form and htmx), visibility, languages and HTML validity.
On SQLite and PostgreSQL.  (Browser tests with Playwright follow with the rest of the interface.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import html5lib
import pytest
from fastapi.testclient import TestClient

from sofadesk.accounts.service import acting_as
from sofadesk.cases.transit.demo_data import PASSWORD, riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url, submitted_transit


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[dict[str, Any]]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("ui"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        user = acting_as(session, "usa.requester")
        content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
        transit_id = submitted_transit(session, user, content).id
    engine.dispose()
    app = create_app(url)
    with TestClient(app) as first:
        yield {"app": app, "transit": transit_id, "client": first}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def _signed_in(site: dict[str, Any], username: str) -> TestClient:
    client = TestClient(site["app"])
    form = client.get("/sign-in")
    r = client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": _csrf(form.text), "next": "/"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client


def _valid_html(text: str) -> None:
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def test_pages_need_a_session_and_sign_in_sets_a_safe_cookie(site: dict[str, Any]) -> None:
    client = TestClient(site["app"])
    r = client.get("/", follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/sign-in?next=/")
    form = client.get("/sign-in")
    _valid_html(form.text)
    r = client.post("/sign-in", data={"username": "lva.approver", "password": PASSWORD, "csrf_token": _csrf(form.text)},
                    follow_redirects=False)  # fmt: skip
    cookie = r.headers["set-cookie"]
    assert r.status_code == 303 and "sofadesk_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=28800" in cookie
    page = client.get("/")
    assert (
        page.status_code == 200 and "Latvian clearance officer" in page.text and "Latvia (LVA)" in page.text
    )
    _valid_html(page.text)


def test_sign_in_refuses_a_missing_form_token_and_wrong_passwords_then_limits_attempts(
    site: dict[str, Any],
) -> None:
    client = TestClient(site["app"])
    form = client.get("/sign-in")
    r = client.post(
        "/sign-in", data={"username": "kaz.approver", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert r.status_code == 403 and "sofadesk_session" not in r.headers.get("set-cookie", "")
    for _ in range(5):
        r = client.post(
            "/sign-in", data={"username": "kaz.approver", "password": "wrong", "csrf_token": _csrf(form.text)}
        )
        assert r.status_code == 401 and "Wrong username or password." in r.text
    r = client.post(
        "/sign-in", data={"username": "kaz.approver", "password": PASSWORD, "csrf_token": _csrf(form.text)}
    )
    assert r.status_code == 429 and "too many failed sign-ins for kaz.approver" in r.text.lower()


def test_an_approver_sees_what_to_decide_and_decides_it_with_a_form(site: dict[str, Any]) -> None:
    client = _signed_in(site, "rus.approver")
    dashboard = client.get("/")
    assert (
        f'href="/transits/{site["transit"]}"' in dashboard.text
        and "Decisions Russian Federation must take" in dashboard.text
    )
    page = client.get(f"/transits/{site['transit']}")
    _valid_html(page.text)
    assert "non-lethal cargo only" in page.text.lower() and "configuration, not law" in page.text
    assert "NATO SOFA Art. III" in page.text and "events verify and are linked into the chain" in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    forged = client.post(
        f"/transits/{site['transit']}/decide",
        data={"decision": "approved", "version": version, "csrf_token": "x"},
    )
    assert forged.status_code == 403
    r = client.post(f"/transits/{site['transit']}/decide",
                    data={"decision": "denied", "version": version, "csrf_token": _csrf(page.text)},
                    headers={"HX-Request": "true"})  # fmt: skip
    assert (
        r.status_code == 200 and "Conditions, questions or reasons are required for this decision." in r.text
    )
    assert r.text.lstrip().startswith('<section id="decisions"')  # the fragment htmx swaps in
    r = client.post(f"/transits/{site['transit']}/decide",
                    data={"decision": "approved_with_conditions", "note": "Escort from Sebezh", "version": version,
                          "csrf_token": _csrf(page.text)}, headers={"HX-Request": "true"})  # fmt: skip
    assert "Decision recorded." in r.text and "Escort from Sebezh" in r.text
    stale = client.post(f"/transits/{site['transit']}/decide",
                        data={"decision": "approved", "version": version, "csrf_token": _csrf(page.text)}, follow_redirects=False)  # fmt: skip
    assert stale.status_code == 409 and "changed since you read it" in stale.text


def test_a_state_not_concerned_cannot_open_the_case(site: dict[str, Any]) -> None:
    client = _signed_in(site, "deu.observer")
    r = client.get(f"/transits/{site['transit']}")
    assert r.status_code == 404 and f"no transit {site['transit']}" in r.text
    assert f"/transits/{site['transit']}" not in client.get("/").text


def test_signing_out_needs_the_form_token_and_ends_the_session_on_the_server(site: dict[str, Any]) -> None:
    client = _signed_in(site, "uzb.approver")
    cookie = client.cookies.get("sofadesk_session")
    page = client.get("/")
    assert client.post("/sign-out", data={"csrf_token": "x"}).status_code == 403
    r = client.post("/sign-out", data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    replay = TestClient(site["app"], cookies={"sofadesk_session": cookie or ""})
    assert replay.get("/", follow_redirects=False).status_code == 303  # the old cookie no longer works


def test_the_interface_speaks_french_and_russian_with_local_dates(site: dict[str, Any]) -> None:
    client = _signed_in(site, "rus.approver")
    client.get("/language/ru?next=/", follow_redirects=False)
    ru = client.get("/")
    assert '<html lang="ru">' in ru.text and "Моя работа" in ru.text
    client.get("/language/fr?next=/", follow_redirects=False)
    fr = client.get("/registry?sending=RUS&receiving=USA&on=2007-09-27")
    assert "Accord s" in fr.text and re.search(r"L(&#39;|')Accord s(&#39;|')applique-t-il \?", fr.text)
    assert "oui" in fr.text and "PfP SOFA Art. V(3)" in fr.text
    _valid_html(fr.text)
    dates = client.get(f"/transits/{site['transit']}").text
    assert re.search(r"\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}", dates)

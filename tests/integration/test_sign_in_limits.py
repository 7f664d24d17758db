"""Password guessing meets one limit at every door: the web form and the API's token endpoint count against
the same 5 attempts per username per 15 minutes, exactly, however many attempts arrive at once.  The web
sign-in form refuses a post without its CSRF token.  On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sofadesk.accounts import throttle
from sofadesk.cases.transit.demo_data import PASSWORD
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[dict[str, Any]]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("limits"), pg_schema_factory)
    demo_database(url)
    app = create_app(url)
    with TestClient(app) as client:
        yield {"url": url, "app": app, "client": client}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _web(site: dict[str, Any], username: str, password: str) -> int:
    client = TestClient(site["app"])
    form = client.get("/sign-in")
    r = client.post("/sign-in", data={"username": username, "password": password, "csrf_token": _csrf(form.text)},
                    follow_redirects=False)  # fmt: skip
    return r.status_code


def _api(site: dict[str, Any], username: str, password: str) -> Any:
    return site["client"].post("/api/v1/auth/tokens", json={"username": username, "password": password})


def test_a_sign_in_post_without_the_form_token_and_cookie_is_refused(site: dict[str, Any]) -> None:
    client = TestClient(site["app"])  # never saw the form: no pre-sign-in cookie
    r = client.post(
        "/sign-in", data={"username": "lva.approver", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 403 and "sofadesk_session" not in r.headers.get("set-cookie", "")
    r = client.post("/sign-in", data={"username": "lva.approver", "password": PASSWORD, "csrf_token": ""},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 403
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/sign-in")


def test_wrong_passwords_through_the_api_lock_the_api_and_the_web_form(site: dict[str, Any]) -> None:
    for _ in range(throttle.LIMIT):
        assert _api(site, "kaz.approver", "wrong").status_code == 401
    refused = _api(site, "kaz.approver", PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["retry-after"]) <= throttle.WINDOW.total_seconds()
    assert _web(site, "kaz.approver", PASSWORD) == 429


def test_wrong_passwords_on_the_web_form_lock_the_api(site: dict[str, Any]) -> None:
    for _ in range(throttle.LIMIT):
        assert _web(site, "uzb.approver", "wrong") == 401
    assert _api(site, "uzb.approver", PASSWORD).status_code == 429


def test_a_success_starts_the_count_again(site: dict[str, Any]) -> None:
    for _ in range(throttle.LIMIT - 1):
        assert _api(site, "lva.approver", "wrong").status_code == 401
    assert _api(site, "lva.approver", PASSWORD).status_code == 201
    for _ in range(throttle.LIMIT - 1):
        assert _web(site, "lva.approver", "wrong") == 401
    assert _web(site, "lva.approver", PASSWORD) == 303


def test_thirty_simultaneous_attempts_let_exactly_the_limit_through(site: dict[str, Any]) -> None:
    """Each attempt on its own connection, all released at once: the count is exact, not 'about 5'."""
    engine = make_engine(site["url"])
    factory = session_factory(engine)
    start, outcomes, lock = threading.Barrier(30), [], threading.Lock()

    def attempt() -> None:
        start.wait()
        try:
            with factory() as session, session.begin():
                throttle.count_attempt(session, "pol.planner")
            result = "counted"
        except throttle.TooManyAttempts:
            result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    engine.dispose()
    assert outcomes.count("counted") == throttle.LIMIT and outcomes.count("refused") == 30 - throttle.LIMIT

"""Notifications through the API, the web interface and the CLI: the inbox and its header count, marking read
(CSRF like every form), users' e-mail addresses and preferences, `sofadesk notify send|digest|inbox`.  On
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import html5lib
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from sofadesk.accounts.models import UserRow
from sofadesk.cases.transit.demo_data import PASSWORD
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.notifications import service as notifications
from sofadesk.notifications.models import NotificationRow, OutboxRow
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.mailserver import smtp_server


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[dict[str, Any]]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("inbox"), pg_schema_factory)
    tokens = demo_database(url)
    engine = make_engine(url)
    app = create_app(url)
    with TestClient(app):
        yield {"url": url, "app": app, "tokens": tokens, "sessions": session_factory(engine)}
    engine.dispose()


@pytest.fixture
def told(site: dict[str, Any]) -> dict[str, Any]:
    """Each approver of RUS told of two decisions to take (nothing else in any inbox)."""
    with site["sessions"]() as session, session.begin():
        session.execute(delete(OutboxRow))
        session.execute(delete(NotificationRow))
        for n, event in enumerate(("slot.opened", "slot.due_soon")):
            notifications.notify(session, state="RUS", roles=("approver",), event=event, case_kind="transit",
                                 case_id=7 + n, case_reference=f"TR-2026-000{7 + n}",
                                 subject=f"RUS must decide TR-2026-000{7 + n}", body="Decide on the transit.",
                                 link=f"/transits/{7 + n}", dedupe_key=f"slot:{n}")  # fmt: skip
    return site


def _auth(site: dict[str, Any], username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {site['tokens'][username]}"}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def _signed_in(site: dict[str, Any], username: str) -> TestClient:
    client = TestClient(site["app"])
    form = client.get("/sign-in")
    r = client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": _csrf(form.text),
                                      "next": "/"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return client


def test_the_api_lists_the_inbox_and_marks_only_the_users_own_read(told: dict[str, Any]) -> None:
    client = TestClient(told["app"])
    approver = _auth(told, "rus.approver")
    listed = client.get("/api/v1/notifications", headers=approver).json()
    assert listed["unread"] == 2 and [i["link"] for i in listed["items"]] == ["/transits/8", "/transits/7"]
    first = listed["items"][1]
    assert first["event"] == "slot.opened" and first["unread"] and first["created_at"].endswith("Z")
    # Another State's approver has an empty inbox and cannot mark RUS's notifications.
    other = _auth(told, "lva.approver")
    assert client.get("/api/v1/notifications", headers=other).json() == {"items": [], "unread": 0}
    r = client.post("/api/v1/notifications/read", headers=other, json={"ids": [first["id"]]})
    assert r.status_code == 200 and r.json() == {"marked": 0, "unread": 0}
    r = client.post("/api/v1/notifications/read", headers=approver, json={"ids": [first["id"]]})
    assert r.json() == {"marked": 1, "unread": 1}
    unread = client.get("/api/v1/notifications?unread=true", headers=approver).json()
    assert [i["link"] for i in unread["items"]] == ["/transits/8"]
    assert client.post("/api/v1/notifications/read", headers=approver, json={"all": True}).json() == {
        "marked": 1,
        "unread": 0,
    }
    for bad in ({}, {"ids": [1], "all": True}, {"ids": []}, {"all": False}, {"ids": [0]}):
        assert client.post("/api/v1/notifications/read", headers=approver, json=bad).status_code == 422, bad
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get("/api/v1/notifications?unred=true", headers=approver).status_code == 422


def test_the_header_shows_the_unread_count_and_the_inbox_page_marks_read(told: dict[str, Any]) -> None:
    client = _signed_in(told, "rus.approver")
    dashboard = client.get("/")
    assert '<a href="/inbox" class="inbox-unread">Inbox (2)</a>' in dashboard.text
    page = client.get("/inbox")
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.text)
    assert page.status_code == 200 and "Inbox (2)" in page.text
    assert page.text.index("TR-2026-0008") < page.text.index("TR-2026-0007")  # newest first
    assert (
        'href="/transits/7">TR-2026-0007</a>' in page.text
        and "<style" not in page.text
        and "<script>" not in page.text
    )
    ids = re.findall(r'name="id" value="(\d+)"', page.text)
    assert len(ids) == 2
    forged = client.post("/inbox/read", data={"csrf_token": "forged"})
    assert forged.status_code == 403 and "Missing or wrong form token." in forged.text
    assert "Inbox (2)" in client.get("/").text
    r = client.post(
        "/inbox/read", data={"csrf_token": _csrf(page.text), "id": ids[0]}, follow_redirects=False
    )
    assert (r.status_code, r.headers["location"]) == (303, "/inbox")
    assert "Inbox (1)" in client.get("/").text
    r = client.post("/inbox/read", data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303
    after = client.get("/inbox")
    assert '<a href="/inbox">Inbox (0)</a>' in after.text and "Mark all read" not in after.text
    # Another user's header counts their own inbox only.
    assert "Inbox (0)" in _signed_in(told, "lva.approver").get("/").text


def test_the_inbox_page_is_translated_and_needs_a_session(told: dict[str, Any]) -> None:
    anonymous = TestClient(told["app"])
    assert anonymous.get("/inbox", follow_redirects=False).headers["location"] == "/sign-in?next=/inbox"
    client = _signed_in(told, "rus.approver")
    client.cookies.set("sofadesk_lang", "fr")
    page = client.get("/inbox")
    assert "Boîte de réception (2)" in page.text and "Tout marquer comme lu" in page.text


def test_an_administrator_gives_a_user_an_address_and_a_preference(site: dict[str, Any]) -> None:
    client = TestClient(site["app"])
    admin = _auth(site, "rus.admin")
    body = {
        "username": "rus.mail",
        "roles": ["observer"],
        "email": "mail@mil.example.ru",
        "notify_by_email": "daily",
    }
    created = client.post("/api/v1/users", headers=admin, json=body)
    assert created.status_code == 201, created.text
    assert (created.json()["email"], created.json()["notify_by_email"]) == ("mail@mil.example.ru", "daily")
    listed = {u["username"]: u for u in client.get("/api/v1/users", headers=admin).json()}
    assert (
        listed["rus.mail"]["notify_by_email"] == "daily"
        and listed["rus.admin"]["notify_by_email"] == "immediate"
    )
    for email in (
        "no-at-sign",
        "two@@example.org",
        "sp ace@example.org",
        "a@" + "b" * 260 + ".org",
        "a@b..org",
    ):
        r = client.post("/api/v1/users", headers=admin, json={**body, "username": "rus.bad", "email": email})
        assert r.status_code == 422, email
    r = client.post(
        "/api/v1/users", headers=admin, json={**body, "username": "rus.bad", "notify_by_email": "hourly"}
    )
    assert r.status_code == 422


def test_the_cli_sets_addresses_shows_an_inbox_and_sends_the_outbox(
    told: dict[str, Any], run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = told["url"]
    added = run_cli("users", "add", "rus.cli", "--state", "RUS", "--role", "approver", "--email", "cli@mil.example.ru",
                    "--notify", "daily", database_url=url)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    bad = run_cli("users", "add", "rus.cli2", "--state", "RUS", "--role", "approver", "--email", "nope",
                  database_url=url)  # fmt: skip
    assert bad.exit_code == 2 and "email: not an e-mail address" in bad.stderr
    changed = run_cli("users", "notify", "rus.approver", "--email", "approver@mil.example.ru", "--mode", "immediate",
                      database_url=url)  # fmt: skip
    assert changed.exit_code == 0 and "approver@mil.example.ru" in changed.stdout
    assert run_cli("users", "notify", "rus.approver", database_url=url).exit_code == 2
    assert run_cli("users", "notify", "rus.approver", "--mode", "hourly", database_url=url).exit_code == 2
    with told["sessions"]() as session:
        row = session.execute(select(UserRow).where(UserRow.username == "rus.cli")).scalar_one()
        assert (row.email, row.notify_by_email) == ("cli@mil.example.ru", "daily")

    shown = run_cli("notify", "inbox", "--as", "rus.approver", "--json", database_url=url)
    data = json.loads(shown.stdout)
    assert data["unread"] == 2 and [i["case_reference"] for i in data["items"]] == [
        "TR-2026-0008",
        "TR-2026-0007",
    ]
    table = run_cli("notify", "inbox", "--as", "rus.approver", database_url=url)
    assert "2 unread" in table.stdout and "/transits/7" in table.stdout

    monkeypatch.delenv("SOFADESK_SMTP_HOST", raising=False)
    off = run_cli("notify", "send", database_url=url)
    assert off.exit_code == 2 and "SOFADESK_SMTP_HOST is not set" in off.stderr
    monkeypatch.setenv("SOFADESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOFADESK_SMTP_PORT", "twenty-five")
    wrong = run_cli("notify", "send", database_url=url)
    assert wrong.exit_code == 2 and "SOFADESK_SMTP_PORT='twenty-five' is not a whole number" in wrong.stderr
    # The approver was told before having an address: nothing in the outbox for them.  Tell again.
    with told["sessions"]() as session, session.begin():
        notifications.notify(session, state="RUS", roles=("approver",), event="slot.overdue", case_kind="transit",
                             case_id=7, case_reference="TR-2026-0007", subject="Overdue: TR-2026-0007",
                             body="The decision is overdue.", link="/transits/7", dedupe_key="slot:overdue")  # fmt: skip
    with smtp_server() as (server, port):
        monkeypatch.setenv("SOFADESK_SMTP_PORT", str(port))
        monkeypatch.setenv("SOFADESK_SMTP_SECURITY", "none")
        sent = run_cli("notify", "send", "--json", database_url=url)
        assert sent.exit_code == 0, sent.stderr
        assert json.loads(sent.stdout) == {"sent": 1, "failed": 0, "given_up": 0,
                                           "outbox": {"waiting": 0, "sent": 1, "given_up": 0}}  # fmt: skip
        digest = run_cli("notify", "digest", database_url=url)
        assert digest.exit_code == 0 and "Digests written: 1." in digest.stdout and "Sent 1" in digest.stdout
        again = run_cli("notify", "digest", database_url=url)
        assert "Digests written: 0." in again.stdout and "Sent 0" in again.stdout
    assert [m.rcpt_tos for m in server.received] == [["approver@mil.example.ru"], ["cli@mil.example.ru"]]
    assert "Overdue: TR-2026-0007" in server.received[1].body  # the daily user's digest lists it

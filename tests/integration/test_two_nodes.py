"""Two API nodes on one PostgreSQL, as a load balancer would spread requests over them: whatever one node
writes, the other honours at once (a web session, the sign-in limit, an idempotency key), a confirmed registry
act reaches the other within seconds, and the outbox is sent once however many nodes send it.

The nodes are `sofadesk serve` processes on their own ports.  The client picks the node for each request
itself (round-robin made explicit) instead of going through a proxy: a proxy would add nothing to what is
checked, and naming the node shows which wrote and which read.  PostgreSQL only by nature (two processes on
one SQLite file is not a layout we offer); skipped without it, and CI always sets it (tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from sofadesk.accounts import throttle
from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import create_user, issue_token
from sofadesk.audit.chain import now
from sofadesk.cases.transit.demo_data import PASSWORD, riga_termez
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.notifications.models import OutboxRow
from tests.conftest import PG_ENV, demo_database
from tests.mailserver import Collector, smtp_server
from tests.nodes import api_nodes

MAILS = 60


@pytest.fixture(scope="module")
def cluster(pg_schema_factory: object) -> Iterator[dict[str, Any]]:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); CI always sets it")
    url = pg_schema_factory()  # type: ignore[operator]
    tokens = demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        editor = create_user(session, None, "USA", "usa.registry", "US registry editor", ["registry_editor"])
        tokens["usa.registry"] = issue_token(session, editor)
    engine.dispose()
    # Each mail takes a while to accept, so both nodes' senders are at work on the outbox at the same time.
    with smtp_server(delay=0.02) as (mailbox, smtp_port):
        env = {"SOFADESK_SMTP_HOST": "127.0.0.1", "SOFADESK_SMTP_PORT": str(smtp_port),
               "SOFADESK_SMTP_SECURITY": "none", "SOFADESK_NOTIFY_INTERVAL": "0.2"}  # fmt: skip
        with api_nodes(url, 2, env) as (a, b):
            yield {"url": url, "a": a, "b": b, "tokens": tokens, "mailbox": mailbox}


def _api(c: dict[str, Any], node: str, who: str, method: str, path: str, **kw: Any) -> httpx.Response:
    headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {c['tokens'][who]}"}
    return httpx.request(method, f"{c[node]}/api/v1{path}", headers=headers, timeout=30, **kw)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def _cookies(response: httpx.Response) -> dict[str, str]:
    return {c.name: c.value for c in response.cookies.jar}


def test_a_web_session_made_on_one_node_works_on_the_other_and_signing_out_there_ends_it(
    cluster: dict[str, Any],
) -> None:
    a, b = cluster["a"], cluster["b"]
    form = httpx.get(f"{a}/sign-in")  # the form (and its pre-sign-in cookie) from node A ...
    posted = httpx.post(f"{b}/sign-in", cookies=_cookies(form), follow_redirects=False,  # ... posted to B
                        data={"username": "lva.approver", "password": PASSWORD, "csrf_token": _csrf(form.text)})  # fmt: skip
    assert posted.status_code == 303, posted.text
    session = {"sofadesk_session": _cookies(posted)["sofadesk_session"]}
    for node in (a, b):
        page = httpx.get(f"{node}/", cookies=session, follow_redirects=False)
        assert page.status_code == 200 and "Latvian clearance officer" in page.text
    out = httpx.post(f"{a}/sign-out", cookies=session, data={"csrf_token": _csrf(page.text)},
                     follow_redirects=False)  # fmt: skip
    assert out.status_code == 303
    after = httpx.get(f"{b}/", cookies=session, follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/sign-in")


def test_the_sign_in_limit_counts_attempts_on_both_nodes_together(cluster: dict[str, Any]) -> None:
    def attempt(node: str, password: str) -> int:
        return httpx.post(f"{cluster[node]}/api/v1/auth/tokens", timeout=30,
                          json={"username": "kaz.approver", "password": password}).status_code  # fmt: skip

    assert [attempt(n, "wrong") for n in ("a", "b", "a", "b")] == [401] * 4
    assert attempt("b", PASSWORD) == 201  # the fifth attempt, and right: the count starts again
    # Simultaneous guesses spread over the nodes: exactly LIMIT of them reach the password check.
    answers: list[int] = []
    guesses = [threading.Thread(target=lambda n=n: answers.append(attempt("ab"[n % 2], "wrong")))
               for n in range(2 * throttle.LIMIT)]  # fmt: skip
    for thread in guesses:
        thread.start()
    for thread in guesses:
        thread.join(timeout=60)
    assert sorted(answers) == [401] * throttle.LIMIT + [429] * throttle.LIMIT
    assert attempt("a", PASSWORD) == attempt("b", PASSWORD) == 429  # the right password too, on either node


def _transits(c: dict[str, Any]) -> list[Any]:
    r = _api(c, "a", "usa.requester", "GET", "/transits?limit=200")
    assert r.status_code == 200, r.text
    body = r.json()
    return body["items"] if isinstance(body, dict) else body  # type: ignore[no-any-return]


def test_an_idempotency_key_replayed_on_the_other_node_gets_the_first_answer_and_no_second_case(
    cluster: dict[str, Any],
) -> None:
    body = riga_termez(date.today() + timedelta(days=40))
    before = len(_transits(cluster))
    key = {"Idempotency-Key": "two-nodes-1"}
    first = _api(cluster, "a", "usa.requester", "POST", "/transits", json=body, headers=key)
    again = _api(cluster, "b", "usa.requester", "POST", "/transits", json=body, headers=key)
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["Idempotent-Replay"] == "true" and again.json() == first.json()
    assert len(_transits(cluster)) == before + 1
    # The same new key sent to both nodes at once: one case, the other request told to retry or replayed.
    answers: list[httpx.Response] = []
    key = {"Idempotency-Key": "two-nodes-2"}
    racers = [threading.Thread(target=lambda n=n: answers.append(
        _api(cluster, n, "usa.requester", "POST", "/transits", json=body, headers=key))) for n in ("a", "b")]  # fmt: skip
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join(timeout=60)
    assert sorted(r.status_code for r in answers) in ([201, 201], [201, 409]), [r.text for r in answers]
    assert len({r.json()["id"] for r in answers if r.status_code == 201}) == 1
    assert len(_transits(cluster)) == before + 2


def test_an_act_confirmed_on_one_node_is_in_force_on_the_other_within_seconds(
    cluster: dict[str, Any],
) -> None:
    ask = "/registry/coverage?sending=USA&receiving=LTU&on=2005-01-01"

    def directly(node: str) -> Any:
        r = _api(cluster, node, "usa.requester", "GET", ask)
        assert r.status_code == 200, r.text
        return r.json()["nato_sofa_directly"]

    assert directly("a") is None and directly("b") is None  # Lithuania's NATO SOFA date is bounded only
    act = {"agreement": "nato-sofa", "state": "LTU", "kind": "entry_into_force", "date": "2004-06-01",
           "source_title": "Hypothetical notice, for the test", "source_url": "https://example.org/ltu"}  # fmt: skip
    made = _api(cluster, "a", "usa.registry", "POST", "/registry/acts", json=act)
    assert made.status_code == 201, made.text
    confirmed = _api(cluster, "a", "deu.registry", "POST", f"/registry/acts/{made.json()['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    began = time.monotonic()
    while directly("b") is not True:
        assert time.monotonic() - began < 5, "node B did not see the act within 5 s"
        time.sleep(0.1)


def test_two_nodes_sending_one_outbox_send_every_mail_exactly_once(cluster: dict[str, Any]) -> None:
    mailbox: Collector = cluster["mailbox"]
    engine = make_engine(cluster["url"])
    try:
        with session_factory(engine)() as session, session.begin():
            user = session.execute(select(UserRow).where(UserRow.username == "rus.approver")).scalar_one()
            stamp = now()
            session.add_all(OutboxRow(user_id=user.id, to_address="rus.approver@example.org", subject=f"mail {n}",
                                      body=f"body {n}", link=None, kind="immediate", created_at=stamp,
                                      attempts=0, next_attempt_at=stamp) for n in range(MAILS))  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            with session_factory(engine)() as session:
                left = session.execute(select(OutboxRow.id).where(OutboxRow.sent_at.is_(None))).all()
            if not left:
                break
            assert time.monotonic() < deadline, f"{len(left)} mails still unsent after 60 s"
            time.sleep(0.2)
        with session_factory(engine)() as session:
            attempts = session.execute(select(OutboxRow.attempts)).scalars().all()
    finally:
        engine.dispose()
    time.sleep(1)  # a second sender, were there one, would have delivered its copies by now
    subjects = sorted(str(m.message["Subject"]) for m in mailbox.received)
    assert subjects == sorted(f"[SOFA Desk] mail {n}" for n in range(MAILS))  # each once, none missing
    assert set(attempts) == {1}  # each row claimed once, by one node

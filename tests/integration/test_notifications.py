"""Notifications: who is told, the inbox, and e-mail through a real local SMTP server (aiosmtpd): delivery read
back, a server that is down (failures recorded, retried later, the triggering step never slowed), senders that
claim rows so that none is sent twice, the daily digest, the server's background sender.  On SQLite and
PostgreSQL."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts import service as accounts
from sofadesk.accounts.models import UserRow
from sofadesk.audit.chain import now as utc_now
from sofadesk.config import SmtpSettings
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.notifications import service as notifications
from sofadesk.notifications.background import BackgroundSender
from sofadesk.notifications.digest import send_digests
from sofadesk.notifications.models import NotificationRow, OutboxRow
from sofadesk.notifications.sender import MAX_ATTEMPTS, backoff, outbox_status, send_due
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.mailserver import smtp_server
from tests.servers import free_port

# Beside the demo's users of RUS (rus.approver, rus.planner, rus.admin): more approvers, with each preference.
EXTRA = (
    ("rus.approver2", ("approver",), "approver2@mil.example.ru", "immediate", True),
    ("rus.digest", ("approver", "observer"), "digest@mil.example.ru", "daily", True),
    ("rus.quiet", ("approver",), "quiet@mil.example.ru", "off", True),
    ("rus.gone", ("approver",), "gone@mil.example.ru", "immediate", False),
)


@dataclass
class Db:
    url: str
    sessions: sessionmaker[Session]

    def user(self, username: str) -> accounts.CurrentUser:
        with self.sessions() as session:
            row = accounts.get_user(session, username)
            return accounts.as_current(row, "RUS" if username.startswith("rus") else username[:3].upper())


@pytest.fixture(params=BACKENDS, scope="module")
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Db]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("notify"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with factory() as session, session.begin():
        for username, roles, email, mode, active in EXTRA:
            row = accounts.create_user(
                session, None, "RUS", username, username, list(roles), None, email, mode
            )
            row.active = active
    yield Db(url, factory)
    engine.dispose()


@pytest.fixture
def db(database: Db) -> Db:
    """The module's database with an empty inbox and outbox, the users' addresses as first set."""
    with database.sessions() as session, session.begin():
        session.execute(delete(OutboxRow))
        session.execute(delete(NotificationRow))
        session.execute(update(UserRow).values(email=None))
        for username, _, email, _, _ in EXTRA:
            session.execute(update(UserRow).where(UserRow.username == username).values(email=email))
    return database


def smtp_at(port: int, **changes: Any) -> SmtpSettings:
    return replace(SmtpSettings(host="127.0.0.1", port=port, security="none", public_url="https://sofadesk.example.org"),
                   **changes)  # fmt: skip


def tell(
    session: Session, key: str = "slot:transit:12:RUS:opened", event: str = "slot.opened", **changes: Any
) -> int:
    args: dict[str, Any] = {"state": "RUS", "roles": ("approver",), "event": event, "case_kind": "transit",
                            "case_id": 12, "case_reference": "TR-2026-0012", "subject": "RUS must decide TR-2026-0012",
                            "body": "Russia must decide on transit TR-2026-0012 by 2026-12-10.", "link": "/transits/12",
                            "dedupe_key": key}  # fmt: skip
    return notifications.notify(session, **{**args, **changes})


def told(db: Db) -> set[str]:
    with db.sessions() as session:
        rows = session.execute(
            select(UserRow.username).join(NotificationRow, NotificationRow.user_id == UserRow.id)
        ).scalars()
        return set(rows)


def outbox(db: Db) -> list[OutboxRow]:
    with db.sessions() as session:
        return list(session.execute(select(OutboxRow).order_by(OutboxRow.id)).scalars())


def test_each_active_decider_of_the_state_is_told_once(db: Db) -> None:
    with db.sessions() as session, session.begin():
        assert tell(session) == 4
    # Not rus.planner or rus.admin (other roles), not lva.approver (another State), not rus.gone (inactive).
    assert told(db) == {"rus.approver", "rus.approver2", "rus.digest", "rus.quiet"}
    # Mail only for those with an address who want it at once; the digest user's waits for the digest.
    assert [(r.to_address, r.kind, r.attempts, r.sent_at) for r in outbox(db)] == [
        ("approver2@mil.example.ru", "immediate", 0, None)
    ]
    with db.sessions() as session, session.begin():
        assert tell(session) == 0  # the same scan again: nobody is told twice
        assert tell(session, roles=("planner", "administrator")) == 2  # other roles, same key: told once
        assert tell(session, key="slot:transit:12:RUS:due_soon", event="slot.due_soon") == 4
    assert len(outbox(db)) == 2
    with db.sessions() as session:
        assert notifications.unread_count(session, db.user("rus.approver")) == 2


def test_the_inbox_counts_unread_and_a_user_marks_only_their_own(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session, key="a")
        tell(session, key="b", event="slot.overdue", subject="Overdue")
    approver, other = db.user("rus.approver"), db.user("rus.approver2")
    with db.sessions() as session, session.begin():
        items = notifications.inbox(session, approver)
        assert [i.subject for i in items] == ["Overdue", "RUS must decide TR-2026-0012"]  # newest first
        assert all(i.unread and i.link == "/transits/12" for i in items)
        theirs = [i.id for i in notifications.inbox(session, other)]
        assert notifications.mark_read(session, approver, theirs) == 0  # another user's: untouched
        assert notifications.mark_read(session, approver, [items[1].id]) == 1
        assert notifications.unread_count(session, approver) == 1
        assert [i.event for i in notifications.inbox(session, approver, unread_only=True)] == ["slot.overdue"]
        assert notifications.mark_read(session, approver, "all") == 1
        assert notifications.unread_count(session, approver) == 0
        assert notifications.unread_count(session, other) == 2


def test_notify_writes_rows_only_with_the_callers_transaction_and_no_network(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A mail server that is down (nothing listens on its port) cannot slow or fail the step: notify never
    # connects to anything.
    monkeypatch.setenv("SOFADESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOFADESK_SMTP_PORT", str(free_port()))

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("notify() opened a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    with db.sessions() as session, session.begin():
        session.execute(update(UserRow).values(email="someone@mil.example.ru"))
        started = time.perf_counter()
        assert tell(session) == 4
        elapsed = time.perf_counter() - started
    assert elapsed < 0.5, elapsed
    assert len(outbox(db)) == 2  # rus.approver and rus.approver2 (now both with an address)
    with db.sessions() as session:
        session.begin()
        tell(session, key="rolled-back")
        session.rollback()  # the step failed: nobody was told, nothing is to be sent
    assert len(outbox(db)) == 2 and len(told(db)) == 4


def test_the_sender_delivers_one_message_per_recipient_read_back_from_the_server(db: Db) -> None:
    with db.sessions() as session, session.begin():
        session.execute(update(UserRow).where(UserRow.username == "rus.approver").values(email="approver@mil.example.ru"))  # fmt: skip
        tell(session)
    with smtp_server() as (server, port):
        result = send_due(db.sessions, smtp_at(port), utc_now())
        assert (result.sent, result.failed, result.gave_up) == (2, 0, 0)
        assert send_due(db.sessions, smtp_at(port), utc_now() + timedelta(hours=2)).sent == 0  # nothing twice
    assert sorted(r for m in server.received for r in m.rcpt_tos) == [
        "approver2@mil.example.ru",
        "approver@mil.example.ru",
    ]
    for got in server.received:
        assert got.mail_from == "sofadesk@localhost" and got.message["To"] == got.rcpt_tos[0]
        assert got.message["Subject"] == "[SOFA Desk] RUS must decide TR-2026-0012"
        assert got.message.get_content_type() == "text/plain" and got.message.get_content_charset() == "utf-8"
        assert "by 2026-12-10" in got.body and "https://sofadesk.example.org/transits/12" in got.body
    assert all(r.sent_at is not None and r.attempts == 1 and r.last_error is None for r in outbox(db))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_credentials_are_given_to_a_server_that_asks_for_them(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session, subject="Решение по транзиту TR-2026-0012")  # UTF-8 in the subject
    with smtp_server(credentials=("sofadesk", "s3cret")) as (server, port):
        wrong = send_due(db.sessions, smtp_at(port, user="sofadesk", password="wrong"), utc_now())
        assert wrong.failed == 1 and "535" in (outbox(db)[0].last_error or "")
        later = utc_now() + backoff(1)
        assert send_due(db.sessions, smtp_at(port, user="sofadesk", password="s3cret"), later).sent == 1
    assert server.logins == ["sofadesk"]
    assert server.received[0].message["Subject"] == "[SOFA Desk] Решение по транзиту TR-2026-0012"


def test_a_mail_server_that_is_down_is_retried_later_and_the_message_then_sent(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session)
    port = free_port()  # nothing listens there
    now = utc_now()
    started = time.perf_counter()
    result = send_due(db.sessions, smtp_at(port), now)
    assert time.perf_counter() - started < 2
    assert (result.sent, result.failed) == (0, 1)
    [row] = outbox(db)
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    assert row.next_attempt_at == now + backoff(1) > now
    with smtp_server(port=port) as (server, _):
        assert send_due(db.sessions, smtp_at(port), now).sent == 0  # not due yet
        assert server.received == []
        assert send_due(db.sessions, smtp_at(port), now + backoff(1)).sent == 1
    assert [m.rcpt_tos for m in server.received] == [["approver2@mil.example.ru"]]
    [row] = outbox(db)
    assert row.sent_at == now + backoff(1) and row.attempts == 2 and row.last_error is None


def test_a_message_is_given_up_after_the_last_attempt_and_kept_with_its_error(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session)
    smtp, moment = smtp_at(free_port()), utc_now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        result = send_due(db.sessions, smtp, moment)
        assert (result.failed, result.gave_up) == ((1, 0) if attempt < MAX_ATTEMPTS else (0, 1))
        moment += backoff(attempt)
    assert send_due(db.sessions, smtp, moment + timedelta(days=1)).failed == 0  # no more attempts
    [row] = outbox(db)
    assert row.attempts == MAX_ATTEMPTS and row.sent_at is None and row.last_error
    with db.sessions() as session:
        assert outbox_status(session) == {"waiting": 0, "sent": 0, "given_up": 1}
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 9, 20)] == [30, 60, 120, 3600, 3600, 3600]


def test_two_concurrent_senders_never_send_the_same_message_twice(db: Db) -> None:
    count = 30
    with db.sessions() as session, session.begin():
        for n in range(count):
            tell(session, key=f"k{n}", subject=f"Message {n}", roles=("approver",), state="RUS")
    rows = outbox(db)
    assert len(rows) == count  # one recipient with an address (rus.approver2), one row per notification
    failures: list[BaseException] = []
    sent: list[int] = []
    with smtp_server(delay=0.01) as (server, port):
        smtp = smtp_at(port)
        start = threading.Barrier(2)

        def sender() -> None:
            total = 0
            try:
                start.wait()
                while result := send_due(db.sessions, smtp, utc_now(), batch=4).sent:
                    total += result
            except BaseException as exc:  # pragma: no cover - reported below
                failures.append(exc)
            sent.append(total)

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert failures == [] and sum(sent) == count
    subjects = [m.message["Subject"] for m in server.received]
    assert sorted(subjects) == sorted(f"[SOFA Desk] Message {n}" for n in range(count))  # each exactly once
    assert all(r.sent_at is not None and r.attempts == 1 for r in outbox(db))
    assert len({r.claimed_by for r in outbox(db)}) >= 2  # several batches, by both senders


def test_the_daily_digest_lists_the_unread_items_once_a_day(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session, key="one", subject="First to decide")
        tell(session, key="two", subject="Second to decide", link="/exercises/3", case_kind="exercise")
    morning = utc_now().replace(hour=7, minute=30) + timedelta(
        days=1
    )  # tomorrow morning (its items: today's)
    with smtp_server() as (server, port):
        smtp = smtp_at(port)
        first = send_digests(db.sessions, smtp, morning)
        assert (first.queued, first.sent) == (1, 1)
        again = send_digests(db.sessions, smtp, morning + timedelta(hours=5))
        assert (again.queued, again.sent) == (0, 0)  # the same day: nothing
        assert send_digests(db.sessions, smtp, morning + timedelta(days=1)).queued == 0  # nothing new since
        with db.sessions() as session, session.begin():
            tell(session, key="three", subject="Third to decide")
        nxt = send_digests(db.sessions, smtp, morning + timedelta(days=2))
        assert (nxt.queued, nxt.sent) == (1, 1)
    assert [m.rcpt_tos for m in server.received] == [["digest@mil.example.ru"]] * 2
    first_mail, second_mail = (m.message for m in server.received)
    assert first_mail["Subject"] == "[SOFA Desk] Daily digest: 2 unread notifications"
    body = first_mail.get_content()
    assert "First to decide" in body and "Second to decide" in body
    assert "https://sofadesk.example.org/exercises/3" in body and "https://sofadesk.example.org/inbox" in body
    assert second_mail["Subject"] == "[SOFA Desk] Daily digest: 1 unread notification"
    assert "Third to decide" in second_mail.get_content() and "First" not in second_mail.get_content()
    # The immediate mail of the other approver was not sent by the digest run.
    assert [r.sent_at is None for r in outbox(db) if r.kind == "immediate"] == [True, True, True]


def test_the_server_sends_in_a_background_thread_and_stops_it_on_shutdown(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as (server, port):
        for name, value in {"SOFADESK_SMTP_HOST": "127.0.0.1", "SOFADESK_SMTP_PORT": str(port),
                            "SOFADESK_SMTP_SECURITY": "none", "SOFADESK_NOTIFY_INTERVAL": "0.1"}.items():  # fmt: skip
            monkeypatch.setenv(name, value)
        app = create_app(db.url)
        with TestClient(app) as client:
            thread = app.state.mail_sender.thread
            assert thread is not None and thread.daemon and thread.is_alive()
            with db.sessions() as session, session.begin():
                tell(session)
            deadline = time.monotonic() + 10
            while not server.received and time.monotonic() < deadline:
                time.sleep(0.05)
            assert client.get("/health").status_code == 200
        assert not thread.is_alive()
    sent = [m.rcpt_tos for m in server.received]
    # The mail at once, exactly once.  The digest reader's item waits for the daily digest, which this sender
    # also sends if today's digest hour (SOFADESK_DIGEST_HOUR, UTC) has passed: the test must not depend on the
    # time of day it runs at.
    assert sent.count(["approver2@mil.example.ru"]) == 1
    assert [r for r in sent if r != ["approver2@mil.example.ru"]] in ([], [["digest@mil.example.ru"]])


def test_without_smtp_settings_no_sender_runs_and_nothing_is_sent(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOFADESK_SMTP_HOST", raising=False)
    app = create_app(db.url)
    with db.sessions() as session, session.begin():
        tell(session)
    with TestClient(app):
        sender = app.state.mail_sender
        assert not sender.smtp.enabled and sender.thread is not None  # it runs for the due-date scan only
        sender.tick()
        assert sender.scanned_at is not None
    assert send_due(db.sessions, SmtpSettings(), utc_now()).sent == 0
    assert outbox(db)[0].attempts == 0  # kept for when e-mail is configured


def test_mail_not_sent_within_two_days_is_given_up_rather_than_sent_late(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session)
    with smtp_server() as (server, port):
        result = send_due(db.sessions, smtp_at(port), utc_now() + timedelta(days=3))
    assert (result.sent, result.gave_up) == (0, 1) and server.received == []
    assert "not sent within 2 days" in (outbox(db)[0].last_error or "")


def test_on_postgresql_a_sender_skips_rows_another_holds_instead_of_waiting(db: Db) -> None:
    if not db.url.startswith("postgresql"):
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite serialises writers")
    with db.sessions() as session, session.begin():
        for n in range(4):
            tell(session, key=f"k{n}", subject=f"Message {n}")
    ids = [r.id for r in outbox(db)]
    with db.sessions() as holder, holder.begin(), smtp_server() as (server, port):
        # Another sender's claim in progress: two rows locked.
        holder.execute(select(OutboxRow.id).where(OutboxRow.id.in_(ids[:2])).with_for_update())
        started = time.perf_counter()
        result = send_due(db.sessions, smtp_at(port), utc_now())
        assert time.perf_counter() - started < 2  # not blocked by the locks
        assert result.sent == 2
    assert sorted(m.message["Subject"] for m in server.received) == [
        "[SOFA Desk] Message 2",
        "[SOFA Desk] Message 3",
    ]


def test_a_mail_server_that_never_answers_costs_the_sender_its_timeout_only(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session)
    with socket.socket() as silent:  # accepts connections (the backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        started = time.perf_counter()
        result = send_due(db.sessions, smtp_at(silent.getsockname()[1], timeout_seconds=0.5), utc_now())
        elapsed = time.perf_counter() - started
    assert result.failed == 1 and elapsed < 3, elapsed
    assert "timed out" in (outbox(db)[0].last_error or "")


def test_the_background_sender_sends_the_digest_once_a_day_after_its_hour(db: Db) -> None:
    with db.sessions() as session, session.begin():
        tell(session)
    day = utc_now().replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=1)
    moments = iter([day, day + timedelta(hours=2), day + timedelta(hours=3)])
    with smtp_server() as (server, port):
        sender = BackgroundSender(db.sessions, smtp_at(port, digest_hour=7), clock=lambda: next(moments))
        sender.tick()  # 06:00: the immediate mail, no digest yet
        assert [m.rcpt_tos for m in server.received] == [["approver2@mil.example.ru"]]
        sender.tick()  # 08:00: the digest
        sender.tick()  # 09:00: not again
    assert [m.rcpt_tos for m in server.received][1:] == [["digest@mil.example.ru"]]
    assert sender.ticks == 3 and sender.thread is None  # ticks run here; start() runs them in a thread

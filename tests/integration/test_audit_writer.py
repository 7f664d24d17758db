"""Audit events are held until commit and chained under the head lock as the transaction's last act, on SQLite
and PostgreSQL: written once at commit, dropped with a rollback, readable back in their own transaction, kept
through a savepoint, gapless and intact under concurrent writers - and, on PostgreSQL, the head row is not
locked while the rest of the transaction runs (the lock that serialises every write of every case)."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.audit.chain import Actor, timeline, verify
from sofadesk.audit.models import AuditCitationRow, AuditEventRow, AuditHeadRow
from sofadesk.audit.writer import Entry, append, append_many

CLERK = Actor(None, "writer-test", "USA")


@pytest.fixture
def sessions(set_up_sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    return set_up_sessions


def _count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEventRow)) or 0)


def test_events_are_written_at_commit_with_their_citations(sessions: sessionmaker[Session]) -> None:
    before = _count(sessions)
    with sessions() as s, s.begin():
        append(s, CLERK, "note.made", "note", 1, {"n": 1}, ["NATO SOFA Art. VII(3)(a)(ii)"])
        append_many(s, CLERK, "note.told", [Entry("note", i, {"i": i}, []) for i in (2, 3)])
    with sessions() as s:
        rows = s.execute(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(3)).scalars().all()
        assert [(r.action, r.target_id) for r in reversed(rows)] == [
            ("note.made", "1"), ("note.told", "2"), ("note.told", "3")
        ]  # fmt: skip
        filed = s.scalars(select(AuditCitationRow.citation).where(AuditCitationRow.event_id == rows[-1].id))
        assert "NATO SOFA Art. VII(3)" in set(filed)  # filed under the enclosing paragraph as well
        assert s.get(AuditHeadRow, 1).last_id == rows[0].id  # type: ignore[union-attr]
        assert verify(s).intact
    assert _count(sessions) == before + 3


def test_a_rolled_back_transaction_writes_nothing_and_leaves_nothing_held(
    sessions: sessionmaker[Session],
) -> None:
    before = _count(sessions)
    s = sessions()
    s.begin()
    append(s, CLERK, "note.abandoned", "note", 9)
    s.rollback()
    with s.begin():
        append(s, CLERK, "note.kept", "note", 10)
    s.close()
    with sessions() as s:
        actions = s.scalars(select(AuditEventRow.action).where(AuditEventRow.target_type == "note"))
        assert list(actions) == ["note.kept"]
        assert verify(s).intact
    assert _count(sessions) == before + 1


def test_the_timeline_read_back_in_the_same_transaction_shows_the_event(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s, s.begin():
        append(s, CLERK, "note.made", "note", 21, {"seen": True})
        assert [e["action"] for e in timeline(s, "note", 21)] == ["note.made"]
        append(s, CLERK, "note.amended", "note", 21)
    with sessions() as s:
        assert [e["action"] for e in timeline(s, "note", 21)] == ["note.made", "note.amended"]
        assert verify(s).intact


def test_events_held_across_a_savepoint_are_written_once(sessions: sessionmaker[Session]) -> None:
    before = _count(sessions)
    with sessions() as s, s.begin():
        append(s, CLERK, "note.before", "note", 31)
        with s.begin_nested():
            append(s, CLERK, "note.inside", "note", 31)
        append(s, CLERK, "note.after", "note", 31)
    with sessions() as s:
        assert [e["action"] for e in timeline(s, "note", 31)] == ["note.before", "note.inside", "note.after"]
        assert verify(s).intact
    assert _count(sessions) == before + 3


def test_concurrent_writers_keep_one_gapless_intact_chain(sessions: sessionmaker[Session]) -> None:
    before = _count(sessions)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                with sessions() as s, s.begin():
                    append(s, CLERK, "note.concurrent", "note", f"{n}-{i}", {"n": n, "i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with sessions() as s:
        ids = list(s.scalars(select(AuditEventRow.id).order_by(AuditEventRow.id)))
        assert ids == list(range(1, len(ids) + 1))
        assert verify(s).intact
    assert _count(sessions) == before + 60


def test_the_head_is_not_locked_until_the_commit(sessions: sessionmaker[Session]) -> None:
    """While a step's transaction still runs after recording its event, another writer can take the head: the
    lock that serialises all writes is held only from the last statements to COMMIT."""
    s = sessions()
    url = s.get_bind().url
    if url.get_backend_name() != "postgresql":
        s.close()
        pytest.skip("SQLite serialises whole write transactions; the row lock is PostgreSQL's")
    with s.begin():
        append(s, CLERK, "note.made", "note", 41)  # ensures the head row exists once committed
    with s.begin():
        append(s, CLERK, "note.made", "note", 42)
        s.execute(text("SELECT 1"))  # more of the step
        other = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                                autocommit=True)  # fmt: skip
        try:
            other.execute("SET lock_timeout = '2s'")
            other.execute("BEGIN")
            row = other.execute("SELECT last_id FROM audit_head WHERE id = 1 FOR UPDATE NOWAIT").fetchone()
            assert row is not None  # not locked: NOWAIT did not fail
            other.execute("ROLLBACK")
        finally:
            other.close()
    s.close()
    with sessions() as s2:
        assert [e["action"] for e in timeline(s2, "note", 42)] == ["note.made"]


def test_the_head_read_in_a_transaction_counts_the_events_it_holds(sessions: sessionmaker[Session]) -> None:
    """The audit head is read on the driver's connection (sofadesk.db.direct), not through the session: the
    events the transaction holds must still be written first, as any read of the audit tables writes them, so
    that a feed bounded by the head does not leave them out."""
    from sofadesk.cases.core.audit import audit_head

    with sessions() as s, s.begin():
        before, _ = audit_head(s)
        append(s, CLERK, "note.made", "note", 11)
        append(s, CLERK, "note.made", "note", 12)
        after, last_hash = audit_head(s)
        assert after == before + 2
        newest = s.execute(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(1)).scalar_one()
        assert (newest.id, newest.hash, newest.target_id) == (after, last_hash, "12")

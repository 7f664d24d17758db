"""The case engine on its own terms: a toy kind, defined and registered here and nowhere else, gets visibility,
per-State decisions, the audit trail with citations, listing, the dashboards' pending list, the way back from
the law, and notifications (inbox, and e-mail through a real local SMTP server) without a line of the engine
or of any other module changed for it.  On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Date, DateTime, Integer, String, event, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from sofadesk.accounts import service as accounts
from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now, verify
from sofadesk.cases.core import parties, slots
from sofadesk.cases.core.audit import events_citing, verify_for, visible_events
from sofadesk.cases.core.kinds import CaseKind, register, registered, unregister
from sofadesk.cases.core.listing import case_timeline, page_of
from sofadesk.cases.core.notices import scan_due
from sofadesk.cases.core.step import Done, record, step
from sofadesk.cases.core.workflow import Transition, Workflow
from sofadesk.config import SmtpSettings
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.errors import Conflict, Forbidden, NotFound
from sofadesk.notifications import service as notifications
from sofadesk.notifications.models import NotificationRow, OutboxRow
from sofadesk.notifications.sender import send_due
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.mailserver import smtp_server
from tests.servers import free_port


class ToyBase(DeclarativeBase):
    """The toy's own tables: not the application's schema."""


class ToyRow(ToyBase):
    __tablename__ = "toy_cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40))
    owner_state: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


TOY = CaseKind(
    name="toy",
    noun="toy case",
    row=ToyRow,
    owner="owner_state",
    workflow=Workflow(
        "toy",
        "toy case",
        ("open", "asked", "closed"),
        (
            Transition("ask", ("open",), "asked", "owner", ("requester",), "asked"),
            Transition("answer", ("asked",), None, "party", ("approver",), "answered"),
            Transition("close", ("asked",), "closed", "owner", ("requester",), "closed"),
        ),
    ),
    path="/toys/{id}",
    first_day="first_day",
    last_day="last_day",
    deciders=(("question", ("approver",)),),
)
CITED = "NATO SOFA Art. VII(3)(a)(ii)"


@dataclass
class Site:
    sessions: sessionmaker[Session]

    def user(self, username: str) -> CurrentUser:
        with self.sessions() as session:
            return accounts.acting_as(session, username)


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Site]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("engine"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    ToyBase.metadata.create_all(engine)
    register(TOY)
    try:
        yield Site(session_factory(engine))
    finally:
        unregister("toy")
        engine.dispose()


def new_toy(site: Site, owner: CurrentUser, due: date | None = None) -> int:
    with site.sessions() as session, session.begin():
        toy = ToyRow(reference="pending", owner_state=owner.state, status="open", revision=1, version=1,
                     updated_at=now(), first_day=date(2030, 1, 1), last_day=date(2030, 1, 5))  # fmt: skip
        session.add(toy)
        session.flush()
        toy.reference = f"TOY-{toy.id}"
        record(session, TOY, owner, toy, "toy.created", Done({"reference": toy.reference}))
        return toy.id


def ask(site: Site, owner: CurrentUser, toy_id: int, state: str, due: date) -> None:
    with site.sessions() as session, session.begin():

        def change(toy: ToyRow) -> Done:
            parties.concern(session, TOY, toy.id, [state], toy.owner_state)
            slots.open_slot(session, TOY, toy, toy.revision, "question", state, due)
            return Done({"asked": state}, [CITED])

        step(session, TOY, owner, toy_id, "ask", change, version=1)


def answer(site: Site, user: CurrentUser, toy_id: int, version: int) -> None:
    with site.sessions() as session, session.begin():

        def change(toy: ToyRow) -> Done:
            slot = next(
                s for s in slots.of_revision(session, TOY, toy.id, toy.revision) if s.state_code == user.state
            )
            slots.answer(session, slot, user, "yes", None, version)
            return Done({"state": user.state}, status="asked")

        step(session, TOY, user, toy_id, "answer", change)


def test_a_kind_registered_here_is_known_to_the_engine(site: Site) -> None:
    assert TOY in registered()


def test_only_the_owner_and_the_states_concerned_see_a_toy_case(site: Site) -> None:
    usa, rus, deu = (site.user(u) for u in ("usa.requester", "rus.approver", "deu.observer"))
    toy_id = new_toy(site, usa)
    with site.sessions() as session:
        assert parties.load_visible(session, TOY, usa, toy_id).reference == f"TOY-{toy_id}"
        for outsider in (rus, deu):
            with pytest.raises(NotFound):
                parties.load_visible(session, TOY, outsider, toy_id)
    ask(site, usa, toy_id, "RUS", date.today() + timedelta(days=5))
    with site.sessions() as session:
        assert parties.load_visible(session, TOY, rus, toy_id).status == "asked"
        total, rows = page_of(session, TOY, parties.visible_to(TOY, rus), (ToyRow.id,), 50, 0)
        assert toy_id in [r.id for r in rows] and total >= 1
        total, rows = page_of(session, TOY, parties.visible_to(TOY, deu), (ToyRow.id,), 50, 0)
        assert toy_id not in [r.id for r in rows]
        with pytest.raises(NotFound):
            case_timeline(session, TOY, deu, toy_id)


def test_a_decision_is_due_shown_answered_once_and_audited_with_its_citations(site: Site) -> None:
    usa, rus = site.user("usa.requester"), site.user("rus.approver")
    toy_id = new_toy(site, usa)
    due = date.today() + timedelta(days=3)
    ask(site, usa, toy_id, "RUS", due)
    with site.sessions() as session:
        pending = slots.pending_for(session, "RUS")
        mine = next(p for p in pending if p.kind == "toy" and p.case_id == toy_id)
        assert (mine.subject, mine.due_on, mine.link, mine.owner) == (
            "question",
            due.isoformat(),
            f"/toys/{toy_id}",
            "USA",
        )
        assert slots.pending_count(session, "RUS", kinds=[TOY]) >= 1
    with pytest.raises(Forbidden):  # the owner does not answer its own question
        answer(site, usa, toy_id, 1)
    with pytest.raises(Conflict, match="changed since you read it"):
        answer(site, rus, toy_id, 7)
    answer(site, rus, toy_id, 1)
    with pytest.raises(Conflict):
        answer(site, rus, toy_id, 1)  # the version it read is gone
    with site.sessions() as session:
        assert not [p for p in slots.pending_for(session, "RUS", kinds=[TOY]) if p.case_id == toy_id]
        actions = [e.action for e in case_timeline(session, TOY, rus, toy_id)]
        assert actions == ["toy.created", "toy.ask", "toy.answer"]
        asked = case_timeline(session, TOY, usa, toy_id)[1]
        assert asked.citations == [CITED] and asked.details == {"asked": "RUS"}
        assert verify(session).intact and verify_for(session, rus).intact


def _updates_of_toys(session: Session) -> list[str]:
    """The UPDATE statements on the toy table that the session's connection sends from now on."""
    sent: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("UPDATE toy_cases"):
            sent.append(statement)

    event.listen(session.connection(), "before_cursor_execute", seen)
    return sent


def test_a_step_writes_the_case_once_and_what_it_holds_is_what_the_database_holds(site: Site) -> None:
    """A step that changes nothing else of the case row (an answer) stamps status, version and time in one
    statement written at once (the ORM's flush of them was a tenth of a decision's time); a step that changes
    other columns too has them all written in the flush's one UPDATE.  Either way the object and the row agree."""
    usa, rus = site.user("usa.requester"), site.user("rus.approver")
    toy_id = new_toy(site, usa)
    ask(site, usa, toy_id, "RUS", date.today() + timedelta(days=3))
    with site.sessions() as session, session.begin():

        def answered(toy: ToyRow) -> Done:
            slot = next(
                s for s in slots.of_revision(session, TOY, toy.id, toy.revision) if s.state_code == "RUS"
            )
            slots.answer(session, slot, rus, "yes", "Seen", 1)
            assert (slot.status, slot.note, slot.version) == ("yes", "Seen", 2)  # without reading it again
            return Done({"state": "RUS"}, status="asked")

        sent = _updates_of_toys(session)
        toy = step(session, TOY, rus, toy_id, "answer", answered)
        assert len(sent) == 1 and not session.dirty
        held = (toy.status, toy.version, toy.updated_at)
    with site.sessions() as session:
        row = session.get_one(ToyRow, toy_id)
        assert (row.status, row.version, row.updated_at) == held == ("asked", 3, held[2])
        slot = next(s for s in slots.of_revision(session, TOY, toy_id, 1) if s.state_code == "RUS")
        assert (slot.status, slot.note, slot.version) == ("yes", "Seen", 2)
    with site.sessions() as session, session.begin():

        def renamed(toy: ToyRow) -> Done:
            toy.reference = f"TOY-{toy_id}-B"  # another column of the row
            return Done({})

        sent = _updates_of_toys(session)
        step(session, TOY, usa, toy_id, "close", renamed)
        session.flush()
        assert len(sent) == 1 and "reference" in sent[0]
    with site.sessions() as session:
        row = session.get_one(ToyRow, toy_id)
        assert (row.reference, row.status, row.version) == (f"TOY-{toy_id}-B", "closed", 4)


def test_a_step_on_a_case_read_before_another_step_committed_is_refused(site: Site) -> None:
    """SQLite reads the case before the transaction takes its write lock, so another step can commit between
    the read and the write: the stamp asks for the version read and refuses (409) rather than write back the
    status and version it read.  (PostgreSQL's step holds the row locked from its read; a case read without
    the lock, as here, is refused the same way.)"""
    usa, rus = site.user("usa.requester"), site.user("rus.approver")
    toy_id = new_toy(site, usa)
    ask(site, usa, toy_id, "RUS", date.today() + timedelta(days=3))
    with site.sessions() as session, session.begin():
        stale = parties.load_visible(session, TOY, usa, toy_id)  # read, not locked
        answer(site, rus, toy_id, 1)  # another transaction's step commits meanwhile (version 2 -> 3)
        with pytest.raises(Conflict, match="changed since you read it"):
            step(session, TOY, usa, toy_id, "close", lambda toy: Done({}), case=stale)
    with site.sessions() as session:
        row = session.get_one(ToyRow, toy_id)
        assert (row.status, row.version) == ("asked", 3)  # the answer's step stands, nothing overwritten


def test_the_way_back_from_the_law_finds_exactly_the_visible_steps_that_relied_on_it(site: Site) -> None:
    usa, rus, deu, lva = (
        site.user(u) for u in ("usa.requester", "rus.approver", "deu.observer", "lva.approver")
    )
    seen_by_russia = new_toy(site, usa)
    ask(site, usa, seen_by_russia, "RUS", date.today() + timedelta(days=9))
    seen_by_latvia = new_toy(site, usa)
    ask(site, usa, seen_by_latvia, "LVA", date.today() + timedelta(days=9))
    with site.sessions() as session:
        for provision in (CITED, "NATO SOFA Art. VII(3)", "NATO SOFA Art. VII"):
            found = {(e.kind, e.case_id) for e in events_citing(session, rus, provision, 1000)}
            assert ("toy", seen_by_russia) in found and ("toy", seen_by_latvia) not in found
        direct = events_citing(session, rus, CITED, 1000)
        within = events_citing(session, rus, "NATO SOFA Art. VII", 1000)
        assert all(e.direct for e in direct if e.kind == "toy")
        assert not any(e.direct for e in within if e.kind == "toy")
        assert ("toy", seen_by_latvia) in {
            (e.kind, e.case_id) for e in events_citing(session, lva, CITED, 1000)
        }
        assert not [e for e in events_citing(session, deu, CITED, 1000) if e.kind == "toy"]
        assert not [e for e in events_citing(session, rus, "NATO SOFA Art. VIII", 1000) if e.kind == "toy"]
        visible = session.execute(select(visible_events(deu))).first()  # the filter compiles for every kind
        assert visible is not None


def _inbox(site: Site, username: str) -> list[Any]:
    with site.sessions() as session:
        return notifications.inbox(session, site.user(username), limit=200)


def test_an_opened_decision_tells_its_deciders_in_the_inbox_and_by_email(site: Site) -> None:
    usa = site.user("usa.requester")
    with site.sessions() as session, session.begin():
        session.execute(
            update(UserRow).where(UserRow.username == "rus.approver").values(email="ru@mil.example.ru")
        )
        session.execute(update(OutboxRow).values(sent_at=now()))  # earlier tests' mail is not this test's
    toy_id = new_toy(site, usa)
    ask(site, usa, toy_id, "RUS", date.today() + timedelta(days=4))
    told = [i for i in _inbox(site, "rus.approver") if i.case_kind == "toy" and i.case_id == toy_id]
    assert len(told) == 1 and told[0].event == "slot.opened" and told[0].link == f"/toys/{toy_id}"
    assert not [
        i for i in _inbox(site, "rus.planner") if i.case_id == toy_id and i.case_kind == "toy"
    ]  # not a decider
    with smtp_server() as (mail, port):
        smtp = SmtpSettings(host="127.0.0.1", port=port, security="none")
        result = send_due(site.sessions, smtp, now())
        assert result.sent >= 1
        mine = [
            m
            for m in mail.received
            if m.rcpt_tos == ["ru@mil.example.ru"] and f"TOY-{toy_id}" in str(m.message["Subject"])
        ]
        assert len(mine) == 1 and f"/toys/{toy_id}" in mine[0].body


def test_with_the_mail_server_down_the_step_succeeds_and_the_mail_goes_when_it_is_back(site: Site) -> None:
    usa = site.user("usa.requester")
    with site.sessions() as session, session.begin():
        session.execute(
            update(UserRow).where(UserRow.username == "lva.approver").values(email="lv@mil.example.lv")
        )
        session.execute(update(OutboxRow).values(sent_at=now()))
    port = free_port()  # nothing listens on it yet
    smtp = SmtpSettings(host="127.0.0.1", port=port, security="none")
    toy_id = new_toy(site, usa)
    ask(
        site, usa, toy_id, "LVA", date.today() + timedelta(days=4)
    )  # the step itself never touches the network
    failed = send_due(site.sessions, smtp, now())
    assert failed.sent == 0 and failed.failed >= 1
    with site.sessions() as session:
        waiting = session.execute(select(OutboxRow).where(OutboxRow.to_address == "lv@mil.example.lv",
                                                          OutboxRow.sent_at.is_(None))).scalars().all()  # fmt: skip
        assert waiting and all(w.next_attempt_at > now() for w in waiting)
    with smtp_server(port=port) as (mail, _):
        later = now() + timedelta(hours=2)
        assert send_due(site.sessions, smtp, later).sent >= 1
        assert any(m.rcpt_tos == ["lv@mil.example.lv"] for m in mail.received)


def test_decisions_about_to_fall_due_or_overdue_are_told_once_per_due_date(site: Site) -> None:
    usa = site.user("usa.requester")
    toy_id = new_toy(site, usa)
    ask(site, usa, toy_id, "KAZ", date.today() + timedelta(days=1))
    moment = now()
    with site.sessions() as session, session.begin():
        assert scan_due(session, moment) >= 1
    with site.sessions() as session, session.begin():
        scan_due(session, moment)  # a second scan tells nobody again
    events = [i.event for i in _inbox(site, "kaz.approver") if i.case_kind == "toy" and i.case_id == toy_id]
    assert sorted(events) == ["slot.due_soon", "slot.opened"]
    with site.sessions() as session, session.begin():
        from sofadesk.cases.core.models import CaseSlotRow

        session.execute(update(CaseSlotRow).where(CaseSlotRow.kind == "toy", CaseSlotRow.case_id == toy_id)
                        .values(due_on=date.today() - timedelta(days=2)))  # fmt: skip
    with site.sessions() as session, session.begin():
        scan_due(session, moment)
    events = [i.event for i in _inbox(site, "kaz.approver") if i.case_kind == "toy" and i.case_id == toy_id]
    assert sorted(events) == ["slot.due_soon", "slot.opened", "slot.overdue"]
    with site.sessions() as session:
        assert session.execute(select(NotificationRow).where(NotificationRow.case_kind == "toy")).first()

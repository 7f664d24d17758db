"""Arrest and custody (NATO SOFA Art. VII(5)): an arrest by either State; the receiving State's notification of
an arrest to the sending State, due promptly (the number of working days is each State's configuration;
overdue notices are flagged); custody transfer requests and their answers; access visits; custody ending at
release, acquittal or the start of a sentence.  Whether the accused stays with the sending State until charged
(5(c)) is the finding's (art_07_consequences)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.step import Done
from sofadesk.cases.incident.common import (
    due_from,
    due_in,
    next_number,
    person_of,
    require_side,
    run,
    settings_of,
    settle,
)
from sofadesk.cases.incident.kind import ARREST_NOTICE, CUSTODY_ANSWER
from sofadesk.cases.incident.models import CustodyRequestRow, CustodyRow, IncidentRow, VisitRow
from sofadesk.cases.incident.schemas import (
    ArrestBody,
    CustodyAnswerBody,
    CustodyRequestBody,
    EndCustodyBody,
    NoticeBody,
    VisitBody,
)
from sofadesk.errors import Conflict, Invalid
from sofadesk.registry.inforce import InForceEngine

HELP = "NATO SOFA Art. VII(5)(a)"
NOTICE = "NATO SOFA Art. VII(5)(b)"
UNTIL_CHARGED = "NATO SOFA Art. VII(5)(c)"


def current_custody(session: Session, inc: IncidentRow, person: int) -> CustodyRow | None:
    return session.execute(
        select(CustodyRow).where(
            CustodyRow.incident_id == inc.id, CustodyRow.person_number == person, CustodyRow.until.is_(None)
        )
    ).scalar_one_or_none()


def arrest(
    session: Session, user: CurrentUser, incident_id: int, body: ArrestBody, engine: InForceEngine
) -> IncidentRow:
    cites = [HELP]

    def change(inc: IncidentRow) -> Done:
        p = person_of(session, inc, body.person)
        if p.role != "suspect":
            raise Invalid("person", f"person {body.person} is a {p.role}, not a suspect")
        held = current_custody(session, inc, body.person)
        if held is not None:
            raise Conflict(
                f"person {body.person} is held by {held.held_by} since {held.since.isoformat()}; "
                "ask for a custody transfer instead"
            )
        at = body.at.replace(tzinfo=None)
        due = None
        if user.state == inc.receiving_state:
            days = settings_of(session, inc.receiving_state).arrest_notice_working_days
            due = due_in(engine, inc.receiving_state, at.date(), days)
            due_from(session, inc, ARREST_NOTICE, inc.receiving_state, due)
            cites.append(NOTICE)
        number = next_number(session, CustodyRow, inc.id)
        session.add(
            CustodyRow(
                incident_id=inc.id,
                number=number,
                person_number=body.person,
                held_by=user.state,
                arrest=True,
                since=at,
                place=body.place,
                notice_due_on=due,
            )
        )
        return Done(
            {
                "custody": number,
                "person": body.person,
                "by": user.state,
                "at": at.isoformat(),
                "notice_due_on": due.isoformat() if due else None,
            }
        )

    return run(session, user, incident_id, "arrest", engine, change, body.version, cites)


def notify_arrest(
    session: Session, user: CurrentUser, incident_id: int, body: NoticeBody, engine: InForceEngine
) -> IncidentRow:
    """The receiving State notifies the sending State's military authorities of its arrests (VII(5)(b))."""

    def change(inc: IncidentRow) -> Done:
        at = (body.at.replace(tzinfo=None) if body.at else None) or now()
        pending = list(
            session.execute(
                select(CustodyRow).where(
                    CustodyRow.incident_id == inc.id,
                    CustodyRow.arrest.is_(True),
                    CustodyRow.held_by == inc.receiving_state,
                    CustodyRow.notified_at.is_(None),
                )
            ).scalars()
        )
        if not pending:
            raise Conflict("no arrest by the receiving State awaits notification")
        late = []
        for c in pending:
            c.notified_at = at
            if c.notice_due_on is not None and at.date() > c.notice_due_on:
                late.append(c.number)
        settle(session, inc, ARREST_NOTICE, inc.receiving_state, user, "notified", None)
        return Done({"custody": [c.number for c in pending], "notified_at": at.isoformat(), "late": late})

    return run(session, user, incident_id, "notify_arrest", engine, change, body.version, [NOTICE])


def request_custody(
    session: Session, user: CurrentUser, incident_id: int, body: CustodyRequestBody, engine: InForceEngine
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        person_of(session, inc, body.person)
        held = current_custody(session, inc, body.person)
        if held is None or held.held_by == user.state:
            raise Conflict(f"person {body.person} is not held by the other State")
        open_ = session.execute(
            select(CustodyRequestRow.id).where(
                CustodyRequestRow.incident_id == inc.id,
                CustodyRequestRow.person_number == body.person,
                CustodyRequestRow.answer == "pending",
            )
        ).first()
        if open_:
            raise Conflict(f"a custody request for person {body.person} awaits its answer")
        due = due_in(
            engine, held.held_by, now().date(), settings_of(session, held.held_by).custody_answer_working_days
        )
        number = next_number(session, CustodyRequestRow, inc.id)
        session.add(
            CustodyRequestRow(
                incident_id=inc.id,
                number=number,
                person_number=body.person,
                by_state=user.state,
                to_state=held.held_by,
                reasons=body.reasons,
                requested_at=now(),
                due_on=due,
                answer="pending",
            )
        )
        due_from(session, inc, CUSTODY_ANSWER, held.held_by, due)
        return Done(
            {
                "request": number,
                "person": body.person,
                "by": user.state,
                "to": held.held_by,
                "due_on": due.isoformat(),
            }
        )

    return run(
        session, user, incident_id, "request_custody", engine, change, body.version, [HELP, UNTIL_CHARGED]
    )


def answer_custody(
    session: Session, user: CurrentUser, incident_id: int, body: CustodyAnswerBody, engine: InForceEngine
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        r = session.execute(
            select(CustodyRequestRow).where(
                CustodyRequestRow.incident_id == inc.id, CustodyRequestRow.number == body.request
            )
        ).scalar_one_or_none()
        if r is None:
            raise Invalid("request", f"incident {inc.id} has no custody request {body.request}")
        require_side(inc, user, r.to_state, "a custody request is answered by the State holding the person")
        if r.answer != "pending":
            raise Conflict(f"custody request {r.number} was answered already ({r.answer})")
        r.answer, r.answer_note, r.answered_at = body.answer, body.note, now()
        if body.answer == "granted":
            held = current_custody(session, inc, r.person_number)
            stamp = now()
            if held is not None:
                held.until, held.end_reason = stamp, "transferred"
            session.add(
                CustodyRow(
                    incident_id=inc.id,
                    number=next_number(session, CustodyRow, inc.id),
                    person_number=r.person_number,
                    held_by=r.by_state,
                    arrest=False,
                    since=stamp,
                )
            )
        settle(session, inc, CUSTODY_ANSWER, r.to_state, user, body.answer, body.note)
        return Done(
            {"request": r.number, "person": r.person_number, "answer": body.answer, "note": body.note}
        )

    return run(
        session, user, incident_id, "answer_custody", engine, change, body.version, [HELP, UNTIL_CHARGED]
    )


def visit(
    session: Session, user: CurrentUser, incident_id: int, body: VisitBody, engine: InForceEngine
) -> IncidentRow:
    cites = [HELP]

    def change(inc: IncidentRow) -> Done:
        person_of(session, inc, body.person)
        if user.state == inc.sending_state:
            cites.append("NATO SOFA Art. VII(9)(g)")
        session.add(
            VisitRow(
                incident_id=inc.id,
                person_number=body.person,
                by_state=user.state,
                visited_on=body.visited_on,
                note=body.note,
            )
        )
        return Done({"person": body.person, "by": user.state, "visited_on": body.visited_on.isoformat()})

    return run(session, user, incident_id, "visit", engine, change, body.version, cites)


def end_custody(
    session: Session, user: CurrentUser, incident_id: int, body: EndCustodyBody, engine: InForceEngine
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        held = current_custody(session, inc, body.person)
        if held is None:
            raise Conflict(f"person {body.person} is not in custody")
        require_side(inc, user, held.held_by, "custody is ended by the State holding the person")
        held.until = (body.at.replace(tzinfo=None) if body.at else None) or now()
        held.end_reason = body.reason
        return Done(
            {
                "custody": held.number,
                "person": body.person,
                "reason": body.reason,
                "until": held.until.isoformat(),
            }
        )

    return run(session, user, incident_id, "end_custody", engine, change, body.version, [HELP])

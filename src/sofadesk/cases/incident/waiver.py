"""The primary right and its waiver (NATO SOFA Art. VII(3)(c)): the State holding the primary right says
whether it will exercise it (a decision not to is notified to the other State); the other State may ask it to
waive it, with reasons, answered as a decision due from it by its configured period.  Where the receiving
State has a standing practice towards the sending State (configuration, e.g. the German Supplementary
Agreement, Art. 19), its primary right is waived in advance and may be recalled by a statement within the
configured days of the sending State's notification of the case; once that period lapses the waiver is final."""

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
    other_state,
    practice_of,
    require_side,
    run,
    settings_of,
    settle,
    waiver_state,
)
from sofadesk.cases.incident.kind import KIND, WAIVER_ANSWER
from sofadesk.cases.incident.models import IncidentRow, WaiverRequestRow
from sofadesk.cases.incident.schemas import (
    CaseNoticeBody,
    PrimaryDecisionBody,
    StatementBody,
    WaiverAnswerBody,
    WaiverRequestBody,
    today_or,
)
from sofadesk.errors import Conflict
from sofadesk.registry.inforce import InForceEngine

WAIVER = "NATO SOFA Art. VII(3)(c)"


def tell(session: Session, inc: IncidentRow, state: str, event: str, subject: str) -> None:
    """The other State's legal advisers are told (inbox, and e-mail where configured)."""
    from sofadesk.notifications.service import notify

    notify(
        session,
        state=state,
        roles=("legal_adviser",),
        event=event,
        case_kind=KIND.name,
        case_id=inc.id,
        case_reference=inc.reference,
        subject=f"Incident {inc.reference}: {subject}"[:200],
        body=f"Incident {inc.reference} ({inc.receiving_state}/{inc.sending_state}): {subject}.",
        link=KIND.link(inc.id),
        dedupe_key=f"{event}:{inc.id}:{inc.version}:{state}",
    )


def _holder(inc: IncidentRow) -> str:
    if inc.primary_right_state is None:
        turns = "; ".join(inc.finding.get("turns_on", [])) or "see the finding's reasons"
        raise Conflict(f"who holds the primary right is not established yet: it turns on {turns}")
    return inc.primary_right_state


def decide_primary(
    session: Session, user: CurrentUser, incident_id: int, body: PrimaryDecisionBody, engine: InForceEngine
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        holder = _holder(inc)
        require_side(
            inc, user, holder, "only the State holding the primary right decides whether to exercise it"
        )
        if practice_of(session, inc) is not None and holder == inc.receiving_state:
            raise Conflict(
                f"{holder} waived its primary right in advance (standing practice towards "
                f"{inc.sending_state}); to exercise it, recall the waiver"
            )
        inc.primary_decision, inc.primary_decision_state = body.decision, holder
        inc.primary_decision_note, inc.primary_decided_at = body.note, now()
        if body.decision == "waived":
            for r in _requests(session, inc, holder, "pending"):
                r.answer, r.answer_reasons, r.answered_at = (
                    "granted",
                    body.note or "primary right waived",
                    now(),
                )
            settle(session, inc, WAIVER_ANSWER, holder, user, "granted", body.note)
            tell(
                session,
                inc,
                other_state(inc, holder),
                "incident.primary_right_waived",
                f"{holder} will not exercise its primary right",
            )
        return Done(
            {
                "state": holder,
                "decision": body.decision,
                "note": body.note,
                "other_state_notified": body.decision == "waived",
            }
        )

    return run(session, user, incident_id, "decide_primary", engine, change, body.version, [WAIVER])


def _requests(
    session: Session, inc: IncidentRow, to_state: str, answer: str | None = None
) -> list[WaiverRequestRow]:
    query = select(WaiverRequestRow).where(
        WaiverRequestRow.incident_id == inc.id, WaiverRequestRow.to_state == to_state
    )
    if answer is not None:
        query = query.where(WaiverRequestRow.answer == answer)
    return list(session.execute(query.order_by(WaiverRequestRow.number)).scalars())


def notify_case(
    session: Session, user: CurrentUser, incident_id: int, body: CaseNoticeBody, engine: InForceEngine
) -> IncidentRow:
    """The sending State notifies the receiving State of the case: a standing waiver's recall period runs from
    that day."""

    def change(inc: IncidentRow) -> Done:
        inc.case_notified_on = today_or(body.notified_on)
        tell(
            session,
            inc,
            inc.receiving_state,
            "incident.case_notified",
            f"{inc.sending_state} notified the case on {inc.case_notified_on.isoformat()}",
        )
        return Done({"notified_on": inc.case_notified_on.isoformat()})

    return run(session, user, incident_id, "notify_case", engine, change, body.version, [WAIVER])


def recall_waiver(
    session: Session, user: CurrentUser, incident_id: int, body: StatementBody, engine: InForceEngine
) -> IncidentRow:
    """The receiving State recalls its standing waiver by a statement, within the recall period."""

    def change(inc: IncidentRow) -> Done:
        practice = practice_of(session, inc)
        if practice is None:
            raise Conflict(
                f"{inc.receiving_state} has no standing waiver towards {inc.sending_state} to recall"
            )
        if inc.primary_right_state != inc.receiving_state:
            raise Conflict(f"{inc.receiving_state} does not hold the primary right on the present facts")
        ws = waiver_state(session, inc, inc.receiving_state)
        if ws.standing == "recalled":
            raise Conflict("the waiver was recalled already")
        if ws.standing == "final" and ws.recall_until is not None:
            raise Conflict(
                f"the recall period ended on {ws.recall_until.isoformat()} ({practice.recall_days} days "
                "after the case was notified): the waiver is final"
            )
        inc.recalled_at, inc.recall_statement = now(), body.statement
        tell(
            session,
            inc,
            inc.sending_state,
            "incident.waiver_recalled",
            f"{inc.receiving_state} recalled its waiver and will exercise its primary right",
        )
        return Done(
            {
                "state": inc.receiving_state,
                "statement": body.statement,
                "practice": "configuration",
                "recall_until": ws.recall_until.isoformat() if ws.recall_until else None,
            }
        )

    return run(session, user, incident_id, "recall_waiver", engine, change, body.version, [WAIVER])


def request_waiver(
    session: Session, user: CurrentUser, incident_id: int, body: WaiverRequestBody, engine: InForceEngine
) -> IncidentRow:
    """The State without the primary right asks the other to waive it; the answer is due from that State."""

    def change(inc: IncidentRow) -> Done:
        holder = _holder(inc)
        require_side(
            inc,
            user,
            other_state(inc, holder),
            "a waiver is requested by the State without the primary right",
        )
        ws = waiver_state(session, inc, holder)
        if ws.declines:
            raise Conflict(
                f"{holder} does not exercise its primary right already ({ws.decision}); no waiver is needed"
            )
        if _requests(session, inc, holder, "pending"):
            raise Conflict(f"a waiver request to {holder} is awaiting its answer")
        due = due_in(engine, holder, now().date(), settings_of(session, holder).waiver_answer_working_days)
        number = next_number(session, WaiverRequestRow, inc.id)
        session.add(
            WaiverRequestRow(
                incident_id=inc.id,
                number=number,
                by_state=user.state,
                to_state=holder,
                reasons=body.reasons,
                requested_at=now(),
                due_on=due,
                answer="pending",
            )
        )
        due_from(session, inc, WAIVER_ANSWER, holder, due)
        return Done(
            {
                "request": number,
                "by": user.state,
                "to": holder,
                "due_on": due.isoformat(),
                "reasons": body.reasons,
            }
        )

    return run(session, user, incident_id, "request_waiver", engine, change, body.version, [WAIVER])


def answer_waiver(
    session: Session, user: CurrentUser, incident_id: int, body: WaiverAnswerBody, engine: InForceEngine
) -> IncidentRow:
    """The State holding the primary right grants or refuses the request, with reasons."""

    def change(inc: IncidentRow) -> Done:
        holder = _holder(inc)
        require_side(inc, user, holder, "a waiver request is answered by the State holding the primary right")
        pending = _requests(session, inc, holder, "pending")
        if not pending:
            raise Conflict("no waiver request awaits an answer from " + holder)
        r = pending[-1]
        r.answer, r.answer_reasons, r.answered_at = body.answer, body.reasons, now()
        settle(session, inc, WAIVER_ANSWER, holder, user, body.answer, body.reasons)
        tell(
            session,
            inc,
            r.by_state,
            f"incident.waiver_{body.answer}",
            f"{holder} {body.answer} the waiver request",
        )
        return Done({"request": r.number, "state": holder, "answer": body.answer, "reasons": body.reasons})

    return run(session, user, incident_id, "answer_waiver", engine, change, body.version, [WAIVER])

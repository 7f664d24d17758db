"""Official duty (NATO SOFA Art. VII(3)(a)(ii)): the sending State certifies whether the act was done in the
performance of official duty; the receiving State accepts or contests the certificate within the period it has
configured (working days in its own calendar; configuration, not law); a contest is settled between the States
(NATO SOFA Art. XVI; PfP SOFA Art. III where a State is not a NATO SOFA party), and the outcome is recorded with
who decided it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.step import Done
from sofadesk.cases.incident.common import due_from, due_in, next_number, run, settings_of, settle
from sofadesk.cases.incident.kind import DUTY_ANSWER
from sofadesk.cases.incident.models import DutyCertificateRow, IncidentRow
from sofadesk.cases.incident.schemas import CertificateAnswerBody, CertificateBody, DutyOutcomeBody
from sofadesk.errors import Conflict
from sofadesk.registry.inforce import InForceEngine

DUTY = "NATO SOFA Art. VII(3)(a)(ii)"


def consultation_cites(inc: IncidentRow) -> list[str]:
    """Where a contest is settled: negotiation (Art. XVI), without outside jurisdiction where a State is not a
    NATO SOFA party (PfP SOFA Art. III), as the regime of the finding says."""
    outsider = any(r.get("non_nato_sofa_party_involved") for r in inc.finding.get("regimes", []))
    return ["NATO SOFA Art. XVI", *(["PfP SOFA Art. III"] if outsider else [])]


def latest(session: Session, inc: IncidentRow) -> DutyCertificateRow | None:
    return session.execute(
        select(DutyCertificateRow)
        .where(DutyCertificateRow.incident_id == inc.id)
        .order_by(DutyCertificateRow.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def certify(
    session: Session, user: CurrentUser, incident_id: int, body: CertificateBody, engine: InForceEngine
) -> IncidentRow:
    """The sending State's certificate; a new one replaces the previous (and its answer is due again)."""

    def change(inc: IncidentRow) -> Done:
        settings = settings_of(session, inc.receiving_state)
        today = now().date()
        until = (
            due_in(engine, inc.receiving_state, today, settings.contest_working_days)
            if body.on_duty
            else None
        )
        number = next_number(session, DutyCertificateRow, inc.id)
        session.add(
            DutyCertificateRow(
                incident_id=inc.id,
                number=number,
                on_duty=body.on_duty,
                signed_by=body.signed_by,
                signed_on=body.signed_on,
                statement=body.statement,
                issued_by=user.id,
                issued_at=now(),
                contest_until=until,
                answer="pending" if body.on_duty else "not_needed",
            )
        )
        if body.on_duty:
            due_from(session, inc, DUTY_ANSWER, inc.receiving_state, until)
        else:  # against the sending State's own primary right: nothing for the receiving State to contest
            settle(
                session, inc, DUTY_ANSWER, inc.receiving_state, user, "not_needed", "certificate of no duty"
            )
        return Done(
            {
                "certificate": number,
                "on_duty": body.on_duty,
                "signed_by": body.signed_by,
                "signed_on": body.signed_on.isoformat(),
                "contest_until": until.isoformat() if until else None,
                "contest_period": "configuration" if until else None,
            }
        )

    return run(session, user, incident_id, "certify_duty", engine, change, body.version, [DUTY])


def answer_certificate(
    session: Session, user: CurrentUser, incident_id: int, body: CertificateAnswerBody, engine: InForceEngine
) -> IncidentRow:
    """The receiving State accepts the certificate, or contests it (within its configured period): a contest
    opens consultation between the States."""
    cites: list[str] = [DUTY]

    def change(inc: IncidentRow) -> Done:
        c = latest(session, inc)
        if c is None or c.answer != "pending":
            raise Conflict(
                "no duty certificate awaits an answer"
                + (f" (certificate {c.number} is {c.answer})" if c else "")
            )
        today = now().date()
        if body.answer == "contested" and c.contest_until is not None and today > c.contest_until:
            raise Conflict(
                f"the period to contest certificate {c.number} ended on {c.contest_until.isoformat()} "
                f"({inc.receiving_state}'s configured period); it stands"
            )
        c.answer, c.answer_note, c.answered_at = body.answer, body.note, now()
        settle(session, inc, DUTY_ANSWER, inc.receiving_state, user, body.answer, body.note)
        if body.answer == "contested":
            cites.extend(consultation_cites(inc))
        return Done(
            {
                "certificate": c.number,
                "answer": body.answer,
                "note": body.note,
                "consultation": body.answer == "contested",
            }
        )

    return run(session, user, incident_id, "answer_certificate", engine, change, body.version, cites)


def settle_duty(
    session: Session, user: CurrentUser, incident_id: int, body: DutyOutcomeBody, engine: InForceEngine
) -> IncidentRow:
    """The outcome of the consultation on a contested certificate, and who decided it."""
    cites: list[str] = [DUTY]

    def change(inc: IncidentRow) -> Done:
        c = latest(session, inc)
        if c is None or c.answer != "contested":
            raise Conflict("no contested duty certificate awaits the outcome of a consultation")
        if c.outcome is not None:
            raise Conflict(f"the consultation on certificate {c.number} was settled already ({c.outcome})")
        c.outcome, c.outcome_decided_by, c.outcome_note, c.outcome_at = (
            body.outcome,
            body.decided_by,
            body.note,
            now(),
        )
        cites.extend(consultation_cites(inc))
        return Done(
            {
                "certificate": c.number,
                "outcome": body.outcome,
                "decided_by": body.decided_by,
                "note": body.note,
            }
        )

    return run(session, user, incident_id, "settle_duty", engine, change, body.version, cites)

"""The sending State's part: the receiving State sends it notice of the claim with its particulars (within the
period the two States configured), the sending State answers with its evidence and its official duty certificate
(within its own period: a decision due from it, the "notice_answer" slot), keeps its own date-stamped record;
either State refers a dispute to the arbitrator of Art. VIII(8) (VIII(2)(b) for a State's own claim), or to
negotiation where PfP SOFA Art. III applies, and the award is recorded."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.claim import money
from sofadesk.cases.claim.config import period_between
from sofadesk.cases.claim.kind import KIND, NOTICE_ANSWER
from sofadesk.cases.claim.models import ClaimDisputeRow, ClaimRow
from sofadesk.cases.claim.records import (
    concern,
    day_of,
    facts_of,
    open_or_reopen,
    own_part,
    sending_rows,
    sending_states,
    slot_of,
)
from sofadesk.cases.claim.route import apply_route, regime_negotiates
from sofadesk.cases.claim.schemas import AwardBody, NoticeAnswerBody, RecordBody, ReferBody
from sofadesk.cases.core import slots
from sofadesk.cases.core.step import Done, step
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound
from sofadesk.registry.inforce import InForceEngine

EVIDENCE = "NATO SOFA Art. VIII(10)"
DUTY_DISPUTE = "NATO SOFA Art. VIII(8)"
ARBITRATION = "NATO SOFA Art. VIII(2)(b)"
NEGOTIATION = "PfP SOFA Art. III"


def notice_particulars(claim: ClaimRow) -> dict[str, object]:
    """What the notice gives the sending State: file reference, claimant, time and place, amount claimed, kind
    of damage, members and unit involved (not the claimant's contact or bank details)."""
    return {
        "reference": claim.reference,
        "claimant": claim.claimant_name,
        "claimant_kind": claim.claimant_kind,
        "occurred_on": claim.occurred_on.isoformat(),
        "place": claim.place,
        "damage_kind": claim.damage_kind,
        "claimed": money.text(claim.claimed_minor, claim.claimed_currency),
        "currency": claim.claimed_currency,
        "unit_marks": claim.unit_marks,
        "vehicle_marks": claim.vehicle_marks,
        "description": claim.description,
    }


def notify(session: Session, user: CurrentUser, claim_id: int, on: date | None, version: int) -> ClaimRow:
    """Send each sending State named notice of the claim; each owes an answer with its evidence."""

    def change(claim: ClaimRow) -> Done:
        rows = sending_rows(session, claim.id)
        if not rows:
            raise Conflict("name the sending State(s) first (route the claim)")
        sent = day_of(on, "on", claim.received_on, "the day the claim was received")
        dues = {}
        for row in rows:
            period = period_between(session, claim.receiving_state, row.state_code)
            row.notice_sent_on = sent
            if period is not None and claim.received_on is not None:
                row.notice_due_on = claim.received_on + timedelta(days=period.notice_days)
                row.answer_due_on = sent + timedelta(days=period.answer_days)
            open_or_reopen(session, claim, NOTICE_ANSWER, row.state_code, row.answer_due_on)
            dues[row.state_code] = {
                "notice_due_on": row.notice_due_on.isoformat() if row.notice_due_on else None,
                "late": bool(row.notice_due_on and sent > row.notice_due_on),
                "answer_due_on": row.answer_due_on.isoformat() if row.answer_due_on else None,
                "periods": "configured" if period is not None else "not configured",
            }
        concern(session, claim, [r.state_code for r in rows])
        return Done(
            {"sent_on": sent.isoformat(), "states": dues, "particulars": notice_particulars(claim)},
            [EVIDENCE],
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "notify", change, version=version)
    return result


def answer_notice(
    session: Session, user: CurrentUser, claim_id: int, body: NoticeAnswerBody, engine: InForceEngine
) -> ClaimRow:
    """The sending State's claims office answers the notice with its evidence and, where it certifies it, whether
    its member acted on official duty; the route is worked out again on the certificate."""

    def change(claim: ClaimRow) -> Done:
        part = own_part(session, claim, user.state)
        slot = slot_of(session, claim, NOTICE_ANSWER, user.state)
        if slot is None or part.notice_sent_on is None:
            raise Conflict(f"{user.state} has not been sent notice of this claim")
        answered = day_of(body.on, "on", part.notice_sent_on, "the notice")
        if slot.status == slots.PENDING:
            slots.answer(session, slot, user, "answered", body.evidence[:200], body.version)
        part.answered_on, part.evidence = answered, body.evidence
        part.duty_certificate, part.certificate_on = body.duty_certificate, body.certificate_on
        part.certificate_by = body.certificate_by
        citations = [EVIDENCE]
        facts = facts_of(claim)
        if body.duty_certificate != "not_certified" and facts.official_duty != "disputed":
            facts.official_duty = "yes" if body.duty_certificate == "on_duty" else "no"
            claim.facts = facts.model_dump(mode="json")
            citations += apply_route(session, engine, claim, sending_states(session, claim.id))
        late = part.answer_due_on is not None and answered > part.answer_due_on
        return Done(
            {
                "state": user.state,
                "answered_on": answered.isoformat(),
                "late": late,
                "duty_certificate": body.duty_certificate,
                "route": claim.route_name,
            },
            citations,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "answer_notice", change)
    return result


def keep_record(session: Session, user: CurrentUser, claim_id: int, body: RecordBody) -> ClaimRow:
    """The sending State's own record of the claim: its file reference and date-stamped notes, seen by it alone."""

    def change(claim: ClaimRow) -> Done:
        part = own_part(session, claim, user.state)
        if body.own_reference is not None:
            part.own_reference = body.own_reference
        if body.note:
            part.record = [
                *part.record,
                {"at": now().isoformat(timespec="seconds") + "Z", "by": user.username, "note": body.note},
            ]
        return Done({"state": user.state, "noted": bool(body.note)})

    result: ClaimRow = step(session, KIND, user, claim_id, "keep_record", change)
    return result


def _forum(engine: InForceEngine, claim: ClaimRow, states: list[str], question: str) -> tuple[str, list[str]]:
    legal = DUTY_DISPUTE if question in ("official_duty", "vehicle_use") else ARBITRATION
    if question == "distribution":
        return "negotiation", ["NATO SOFA Art. VIII(5)(d)"]
    if any(regime_negotiates(engine, s, claim.receiving_state, claim.occurred_on) for s in states):
        return "negotiation", [legal, NEGOTIATION]
    return "arbitrator", [legal]


def refer(
    session: Session, user: CurrentUser, claim_id: int, body: ReferBody, engine: InForceEngine
) -> ClaimRow:
    """Either State refers a disputed question: official duty or unauthorised vehicle use (VIII(8)), a State's own
    claim (VIII(2)(b)), or a contested distribution (to negotiation between the States concerned)."""

    def change(claim: ClaimRow) -> Done:
        states = sending_states(session, claim.id)
        if user.state != claim.receiving_state and user.state not in states:
            raise Forbidden("only the receiving State or a sending State of the claim refers it")
        if body.question == "liability" and claim.claimant_kind != "state":
            raise Invalid(
                "question", "liability goes to the arbitrator only in a claim between States (Art. VIII(2))"
            )
        forum, citations = _forum(engine, claim, states, body.question)
        referred = day_of(body.on, "on", claim.received_on, "the day the claim was received")
        dispute = ClaimDisputeRow(
            claim_id=claim.id,
            question=body.question,
            forum=forum,
            referred_by=user.state,
            referred_on=referred,
            note=body.note,
        )
        session.add(dispute)
        session.flush()
        if body.question in ("official_duty", "vehicle_use"):
            facts = facts_of(claim)
            setattr(
                facts,
                "official_duty" if body.question == "official_duty" else "unauthorised_vehicle_use",
                "disputed",
            )
            claim.facts = facts.model_dump(mode="json")
            citations += apply_route(session, engine, claim, states)
        return Done(
            {
                "dispute": dispute.id,
                "question": body.question,
                "forum": forum,
                "referred_on": referred.isoformat(),
                "by": user.state,
            },
            citations,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "refer", change, version=body.version)
    return result


def award(
    session: Session, user: CurrentUser, claim_id: int, body: AwardBody, engine: InForceEngine
) -> ClaimRow:
    """Record the arbitrator's award or the outcome of negotiation; the claim follows it."""

    def change(claim: ClaimRow) -> Done:
        dispute = session.execute(
            select(ClaimDisputeRow).where(
                ClaimDisputeRow.id == body.dispute, ClaimDisputeRow.claim_id == claim.id
            )
        ).scalar_one_or_none()
        if dispute is None:
            raise NotFound(f"no referral {body.dispute} in claim {claim.id}")
        if dispute.outcome is not None:
            raise Conflict(f"referral {dispute.id} already has its outcome ({dispute.outcome})")
        wanted = {
            "official_duty": ("yes", "no"),
            "vehicle_use": ("yes", "no"),
            "liability": ("amount",),
            "distribution": ("agreed",),
        }[dispute.question]
        if body.outcome not in wanted:
            raise Invalid(
                "outcome", f"a {dispute.question.replace('_', ' ')} referral ends with {' or '.join(wanted)}"
            )
        decided = day_of(body.on, "on", dispute.referred_on, "the referral")
        dispute.outcome, dispute.award_text, dispute.decided_on = body.outcome, body.award_text, decided
        citations = [
            DUTY_DISPUTE
            if dispute.question in ("official_duty", "vehicle_use")
            else "NATO SOFA Art. VIII(2)(c)"
        ]
        done = Done(
            {
                "dispute": dispute.id,
                "question": dispute.question,
                "outcome": body.outcome,
                "decided_on": decided.isoformat(),
            },
            citations,
        )
        if dispute.question in ("official_duty", "vehicle_use"):
            facts = facts_of(claim)
            setattr(
                facts,
                "official_duty" if dispute.question == "official_duty" else "unauthorised_vehicle_use",
                body.outcome,
            )
            claim.facts = facts.model_dump(mode="json")
            citations += apply_route(session, engine, claim, sending_states(session, claim.id))
            done.details["route"] = claim.route_name
        elif dispute.question == "liability":
            if body.amount is None or body.currency is None:
                raise Invalid("amount", "an award on liability gives the amount and its currency")
            dispute.award_minor = money.to_minor(body.amount, body.currency)
            dispute.award_currency = body.currency
            claim.awarded_minor, claim.award_currency = dispute.award_minor, body.currency
            claim.award_basis, claim.adjudicated_on = f"Award ({dispute.forum}): {body.award_text}", decided
            done.status = "adjudicated" if claim.status in ("registered", "notified") else None
            done.details["awarded"] = f"{body.amount:f} {body.currency}"
        return done

    result: ClaimRow = step(session, KIND, user, claim_id, "award", change, version=body.version)
    return result

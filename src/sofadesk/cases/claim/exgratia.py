"""Ex gratia claims (NATO SOFA Art. VIII(6), and (7) for unauthorised use of a service vehicle): the receiving
State assesses the claim and sends its report to the sending State; the sending State decides without delay
whether to offer an ex gratia payment, and how much (a decision due from it: the "ex_gratia_offer" slot); the
claimant accepts in full satisfaction or refuses; on acceptance the sending State pays and informs the receiving
State, and only then does the case close.  Until then the receiving State's courts keep jurisdiction (VIII(6)(d)):
a refused offer leaves the case open, and the sending State may make another."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.claim import money
from sofadesk.cases.claim.kind import EX_GRATIA_OFFER, KIND
from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.claim.records import concern, day_of, open_or_reopen, own_part, sending_states, slot_of
from sofadesk.cases.claim.schemas import AssessBody, ClaimantAnswerBody, DatedStep, OfferBody
from sofadesk.cases.core import slots
from sofadesk.cases.core.step import Done, step
from sofadesk.errors import Conflict

EX_GRATIA_ROUTES = ("ex_gratia_by_sending_state",)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def assess(session: Session, user: CurrentUser, claim_id: int, body: AssessBody) -> ClaimRow:
    """The receiving State's assessment of fair compensation, and its report to the sending State."""

    def change(claim: ClaimRow) -> Done:
        if claim.route_name not in EX_GRATIA_ROUTES:
            raise Conflict(
                f"only a claim the rules route to an ex gratia payment (Art. VIII(6), (7)) is assessed "
                f"for one; this one is routed as {(claim.route_name or 'undecided').replace('_', ' ')}"
            )
        senders = sending_states(session, claim.id)
        if not senders:
            raise Conflict("name the sending State first (route the claim)")
        on = day_of(body.on, "on", claim.received_on, "the day the claim was received")
        minor = money.to_minor(body.amount, body.currency)
        money.check_own_currency(claim.receiving_state, body.currency, on)
        claim.ex_gratia = {
            "assessed": money.text(minor, body.currency),
            "currency": body.currency,
            "assessed_on": on.isoformat(),
            "report": body.report,
            "offers": [],
        }
        for state in senders:
            open_or_reopen(session, claim, EX_GRATIA_OFFER, state, None)
        concern(session, claim, senders)
        return Done(
            {
                "assessed": claim.ex_gratia["assessed"],
                "currency": body.currency,
                "on": on.isoformat(),
                "states": senders,
            },
            ["NATO SOFA Art. VIII(6)(a)", "NATO SOFA Art. VIII(6)(b)"],
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "assess", change, version=body.version)
    return result


def offer(session: Session, user: CurrentUser, claim_id: int, body: OfferBody) -> ClaimRow:
    """The sending State offers an ex gratia payment (an amount), or none (0)."""

    def change(claim: ClaimRow) -> Done:
        own_part(session, claim, user.state)
        slot = slot_of(session, claim, EX_GRATIA_OFFER, user.state)
        if slot is None or slot.status != slots.PENDING:
            raise Conflict(f"no ex gratia offer is due from {user.state} now")
        on = day_of(body.on, "on", _date(claim.ex_gratia.get("assessed_on")), "the assessment")
        minor = money.to_minor(body.amount, body.currency)
        made = minor > 0
        slots.answer(session, slot, user, "offered" if made else "declined", body.note, body.version)
        entry = {
            "state": user.state,
            "amount": money.text(minor, body.currency),
            "currency": body.currency,
            "on": on.isoformat(),
            "note": body.note,
            "answer": None,
        }
        claim.ex_gratia = {**claim.ex_gratia, "offers": [*claim.ex_gratia.get("offers", []), entry]}
        return Done(
            {
                "state": user.state,
                "offered": entry["amount"] if made else None,
                "currency": body.currency,
                "on": on.isoformat(),
                "note": body.note,
            },
            ["NATO SOFA Art. VIII(6)(b)"],
            status="offered" if made else "not_offered",
            event="claim.ex_gratia_offered" if made else "claim.ex_gratia_declined",
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "offer", change)
    return result


def claimant_answer(session: Session, user: CurrentUser, claim_id: int, body: ClaimantAnswerBody) -> ClaimRow:
    """The receiving State records the claimant's answer to the offer: accepted in full satisfaction, or refused
    (the courts stay open to the claimant, and the sending State may offer again)."""

    def change(claim: ClaimRow) -> Done:
        offers = list(claim.ex_gratia.get("offers", []))
        on = day_of(body.on, "on", _date(offers[-1]["on"]) if offers else None, "the offer")
        offers[-1] = {**offers[-1], "answer": body.answer, "answered_on": on.isoformat()}
        claim.ex_gratia = {**claim.ex_gratia, "offers": offers}
        if body.answer == "accepted":
            return Done(
                {"answer": "accepted in full satisfaction", "on": on.isoformat()},
                ["NATO SOFA Art. VIII(6)(c)"],
                status="offer_accepted",
                event="claim.ex_gratia_accepted",
            )
        open_or_reopen(session, claim, EX_GRATIA_OFFER, offers[-1]["state"], None)
        return Done(
            {"answer": "refused", "on": on.isoformat()},
            ["NATO SOFA Art. VIII(6)(d)"],
            status="offer_refused",
            event="claim.ex_gratia_refused",
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "claimant_answer", change, version=body.version)
    return result


def ex_gratia_paid(session: Session, user: CurrentUser, claim_id: int, body: DatedStep) -> ClaimRow:
    """The sending State has paid the accepted offer and informs the receiving State: the case closes."""

    def change(claim: ClaimRow) -> Done:
        offers = claim.ex_gratia.get("offers", [])
        if not offers or offers[-1]["state"] != user.state:
            raise Conflict(f"the accepted offer is not {user.state}'s")
        on = day_of(body.on, "on", _date(offers[-1].get("answered_on")), "the claimant's acceptance")
        claim.ex_gratia = {**claim.ex_gratia, "paid_on": on.isoformat(), "paid_by": user.state}
        return Done(
            {
                "state": user.state,
                "paid": offers[-1]["amount"],
                "currency": offers[-1]["currency"],
                "on": on.isoformat(),
            },
            ["NATO SOFA Art. VIII(6)(c)"],
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "ex_gratia_paid", change, version=body.version)
    return result

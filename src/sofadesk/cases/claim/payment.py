"""Adjudication and payment are the receiving State's, under its own law (NATO SOFA Art. VIII(5)(a)-(c)): the
software records them, it does not decide them - the amount awarded, its legal basis and date, advance payments, a
court judgment where the claimant sues, the payment.  Every amount is in the receiving State's currency on the day
(VIII(5)(b); CLDR via Babel, see money.py): an amount in another currency is refused.  On payment the shares are
computed and proposed to the sending States (shares.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.claim import money
from sofadesk.cases.claim.kind import KIND
from sofadesk.cases.claim.models import ClaimPaymentRow, ClaimRow
from sofadesk.cases.claim.records import day_of, sending_states
from sofadesk.cases.claim.schemas import AdjudicateBody, JudgmentBody, PayBody, PaymentBody
from sofadesk.cases.claim.shares import propose
from sofadesk.cases.core.step import Done, step
from sofadesk.errors import Conflict, Invalid

SHARED_ROUTES = ("receiving_state_adjudicates",)
AWARD_ROUTES = (
    "arbitrator",
    "negotiation",
)  # a State's claim: the award is shared as VIII(5)(e) (VIII(2)(d))


def payments(session: Session, claim_id: int) -> list[ClaimPaymentRow]:
    return list(
        session.execute(
            select(ClaimPaymentRow).where(ClaimPaymentRow.claim_id == claim_id).order_by(ClaimPaymentRow.id)
        ).scalars()
    )


def _amount(claim: ClaimRow, amount: object, currency: str, on: date, field: str = "currency") -> int:
    money.check_own_currency(claim.receiving_state, currency, on, field)
    return money.to_minor(amount, currency)  # type: ignore[arg-type]


def _shareable(claim: ClaimRow) -> None:
    if claim.route_name in SHARED_ROUTES or (
        claim.route_name in AWARD_ROUTES and claim.awarded_minor is not None
    ):
        return
    if claim.route is None:
        raise Conflict("route the claim first: the rules say whether the receiving State pays and shares it")
    raise Conflict(
        f"a claim routed as {(claim.route_name or 'undecided').replace('_', ' ')} is not paid and shared under "
        "NATO SOFA Art. VIII(5)"
    )


def adjudicate(session: Session, user: CurrentUser, claim_id: int, body: AdjudicateBody) -> ClaimRow:
    """The receiving State's decision on the claim: the amount awarded (0 rejects it), its legal basis and date."""

    def change(claim: ClaimRow) -> Done:
        decided = day_of(body.on, "on", claim.received_on, "the day the claim was received")
        claim.awarded_minor = _amount(claim, body.amount, body.currency, decided)
        claim.award_currency, claim.award_basis, claim.adjudicated_on = (
            body.currency,
            body.legal_basis,
            decided,
        )
        return Done(
            {
                "awarded": f"{body.amount:f}",
                "currency": body.currency,
                "on": decided.isoformat(),
                "legal_basis": body.legal_basis,
            },
            ["NATO SOFA Art. VIII(5)(a)", "NATO SOFA Art. VIII(5)(c)"],
            status="adjudicated" if claim.awarded_minor else "rejected",
            event="claim.adjudicated" if claim.awarded_minor else "claim.rejected",
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "adjudicate", change, version=body.version)
    return result


def judgment(session: Session, user: CurrentUser, claim_id: int, body: JudgmentBody) -> ClaimRow:
    """A court's judgment where the claimant sued: a final one binds the States (VIII(5)(c))."""

    def change(claim: ClaimRow) -> Done:
        decided = day_of(body.on, "on", claim.received_on, "the day the claim was received")
        claim.awarded_minor = _amount(claim, body.amount, body.currency, decided)
        claim.award_currency, claim.adjudicated_on = body.currency, decided
        claim.award_basis = f"Judgment of {body.court}" + ("" if body.final else " (not final)")
        rejected = body.final and not claim.awarded_minor
        return Done(
            {
                "court": body.court,
                "awarded": f"{body.amount:f}",
                "currency": body.currency,
                "on": decided.isoformat(),
                "final": body.final,
            },
            ["NATO SOFA Art. VIII(5)(c)"],
            status="rejected" if rejected else "adjudicated",
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "judgment", change, version=body.version)
    return result


def _record_payment(
    session: Session, user: CurrentUser, claim: ClaimRow, kind: str, body: PaymentBody
) -> int:
    paid_on = day_of(body.on, "on", claim.received_on, "the day the claim was received")
    minor = _amount(claim, body.amount, body.currency, paid_on)
    earlier = {p.currency for p in payments(session, claim.id)}
    if earlier and earlier != {body.currency}:
        raise Invalid(
            "currency",
            f"earlier payments on this claim are in {', '.join(sorted(earlier))}; a claim's "
            "payments are shared in one currency",
        )
    session.add(
        ClaimPaymentRow(
            claim_id=claim.id,
            kind=kind,
            amount_minor=minor,
            currency=body.currency,
            paid_on=paid_on,
            note=body.note,
            recorded_by=user.id,
            recorded_at=now(),
        )
    )
    session.flush()
    return minor


def advance(session: Session, user: CurrentUser, claim_id: int, body: PaymentBody) -> ClaimRow:
    """An advance payment to the claimant before the claim is settled (it counts towards the amount paid)."""

    def change(claim: ClaimRow) -> Done:
        _record_payment(session, user, claim, "advance", body)
        return Done(
            {"advance": f"{body.amount:f}", "currency": body.currency, "on": body.on.isoformat()},
            ["NATO SOFA Art. VIII(5)(b)"],
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "advance", change, version=body.version)
    return result


def pay(session: Session, user: CurrentUser, claim_id: int, body: PayBody) -> ClaimRow:
    """The (final) payment: with any advances it is the amount paid, shared among the States under Art. VIII(5)(e)
    and proposed to each sending State the same day unless another is given (VIII(5)(d)).  Paying a claim not yet
    adjudicated records a settlement (VIII(5)(b)) of the amount paid."""

    def change(claim: ClaimRow) -> Done:
        _shareable(claim)
        senders = sending_states(session, claim.id)
        if not senders:
            raise Conflict("name the sending State(s) first (route the claim)")
        _record_payment(session, user, claim, "final", body)
        total = sum(p.amount_minor for p in payments(session, claim.id))
        settled = claim.awarded_minor is None
        if settled:
            claim.awarded_minor, claim.award_currency, claim.adjudicated_on = total, body.currency, body.on
            claim.award_basis = "Settlement by the receiving State (NATO SOFA Art. VIII(5)(b))"
        claim.paid_minor, claim.paid_currency, claim.paid_on = total, body.currency, body.on
        proposal_on = day_of(body.proposal_on or body.on, "proposal_on", body.on, "the payment")
        facts = claim.facts or {}
        shared = propose(
            session,
            claim,
            senders,
            facts.get("responsibility", "attributable"),
            bool(facts.get("receiving_state_responsible", False)),
            proposal_on,
        )
        citations = ["NATO SOFA Art. VIII(5)(b)", *shared]
        return Done(
            {
                "paid": money.text(total, body.currency),
                "currency": body.currency,
                "on": body.on.isoformat(),
                "proposal_on": proposal_on.isoformat(),
                "settlement": settled,
                "exceeds_award": claim.award_currency == body.currency and total > (claim.awarded_minor or 0),
            },
            citations,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "pay", change, version=body.version)
    return result

"""Cost shares of a paid claim (NATO SOFA Art. VIII(5)(e)), proposed to each sending State as a decision (the
"cost_share" slot): accepted, contested, or deemed accepted when no reply comes within two months (VIII(5)(d)).

The shares and their reasons are the claim-share rule's (exact fractions, largest-remainder rounding), expressed in
the minor unit CLDR gives the currency (whole lire for ITL).  Whether a reply is in time, the day a distribution is
accepted and the half-year whose statement the case goes on are the claim-statement rule's: a reply on the last
day of the two months is in time; without one the distribution is accepted on that day, and a later reply changes
nothing.  `scan_deemed` records each deemed acceptance as an audit event once its day has passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import Actor, now
from sofadesk.audit.writer import append
from sofadesk.cases.claim import money
from sofadesk.cases.claim.kind import COST_SHARE, KIND
from sofadesk.cases.claim.models import ClaimRow, ClaimShareRow
from sofadesk.cases.claim.records import concern, day_of, open_or_reopen, slot_of
from sofadesk.cases.claim.schemas import ReproposeBody, ShareAnswerBody
from sofadesk.cases.core import slots
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.step import Done, step, touch
from sofadesk.errors import Conflict, Forbidden, Invalid

SCAN = Actor(None, "sofadesk.scan", None)
REPLY_CITES = ("NATO SOFA Art. VIII(5)(d)", "NATO SOFA Art. VIII(5)(e)(iv)")
ACCEPTED = ("accepted", "deemed_accepted")


def half_of(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def current_shares(session: Session, claim_id: int) -> list[ClaimShareRow]:
    """The shares of the latest proposal, the receiving State's own first."""
    rows = list(
        session.execute(
            select(ClaimShareRow)
            .where(ClaimShareRow.claim_id == claim_id, ClaimShareRow.status != "superseded")
            .order_by(ClaimShareRow.id)
        ).scalars()
    )
    return rows


@dataclass(frozen=True)
class Split:
    state: str
    role: str  # sending_state, receiving_state
    fraction: Fraction
    minor: int


def split(
    total_minor: int,
    currency: str,
    receiving: str,
    senders: list[str],
    basis: str,
    receiving_responsible: bool,
) -> tuple[list[Split], list[str]]:
    """The claim-share rule's shares of an amount paid, in the currency's minor unit as CLDR gives it (whole lire
    for ITL, where the rule's own table would give cents), with the citations they rest on."""
    from sofadesk.law.rules.art_08_cost_sharing import (
        ClaimShareFacts,
        allocate,
        decide_claim_share,
        fractions_for,
    )

    responsible = [*senders, *([receiving] if receiving_responsible else [])]
    try:
        facts = ClaimShareFacts(
            receiving_state=receiving,
            currency=currency,
            basis=basis,  # type: ignore[arg-type]
            amount=money.from_minor(total_minor, currency),
            responsible_states=responsible,
        )
    except ValidationError as exc:
        raise Invalid("responsibility", str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None
    finding = decide_claim_share(facts)
    parts = fractions_for(facts)[0]
    amounts = allocate(
        money.from_minor(total_minor, currency), money.exponent(currency), [p[2] for p in parts]
    )
    shares = [
        Split(state, role, fraction, money.to_minor(amount, currency))
        for (state, role, fraction), amount in zip(parts, amounts, strict=True)
    ]
    return shares, finding.cite_strings()


def propose(
    session: Session,
    claim: ClaimRow,
    senders: list[str],
    basis: str,
    receiving_responsible: bool,
    proposal_on: date,
) -> list[str]:
    """The shares of the amount paid, each sending State's proposed to it: a decision due on the last day of the
    two months.  Returns the citations the shares rest on."""
    from sofadesk.law.rules.art_08_claim_statement import reply_period_end

    assert claim.paid_minor is not None and claim.paid_currency is not None and claim.paid_on is not None
    currency = claim.paid_currency
    parts, citations = split(
        claim.paid_minor, currency, claim.receiving_state, senders, basis, receiving_responsible
    )
    number = 1 + max(
        (
            s.proposal
            for s in session.execute(
                select(ClaimShareRow).where(ClaimShareRow.claim_id == claim.id)
            ).scalars()
        ),
        default=0,
    )
    session.execute(
        update(ClaimShareRow)
        .where(ClaimShareRow.claim_id == claim.id, ClaimShareRow.status != "superseded")
        .values(status="superseded")
    )
    ends = reply_period_end(proposal_on)
    for part in parts:
        own = part.role == "receiving_state"
        fraction = f"{part.fraction.numerator}/{part.fraction.denominator}"
        session.add(
            ClaimShareRow(
                claim_id=claim.id,
                proposal=number,
                receiving_state=claim.receiving_state,
                state_code=part.state,
                role=part.role,
                fraction=fraction,
                amount_minor=part.minor,
                currency=currency,
                paid_on=claim.paid_on,
                proposal_on=proposal_on,
                reply_ends_on=ends,
                status="own" if own else "proposed",
            )
        )
        if not own:
            open_or_reopen(session, claim, COST_SHARE, part.state, ends)
    concern(session, claim, senders)
    session.flush()
    return citations


def _standing(claim: ClaimRow, share: ClaimShareRow, reply: str | None, reply_on: date | None, as_of: date):  # type: ignore[no-untyped-def]
    from sofadesk.law.rules.art_08_claim_statement import PaidClaim, standing

    facts = PaidClaim(
        reference=claim.reference,
        paid_on=share.paid_on,
        proposal_communicated_on=share.proposal_on,
        reply=reply,  # type: ignore[arg-type]
        reply_on=reply_on,
    )
    reasons: list[str] = []
    return standing(facts, as_of, reasons), reasons


def _settle(share: ClaimShareRow, status: str, accepted_on: date | None, replied_on: date | None) -> None:
    share.status, share.accepted_on, share.replied_on = status, accepted_on, replied_on
    share.half = half_of(max(share.paid_on, accepted_on)) if accepted_on else None


def claim_status(session: Session, claim_id: int) -> str:
    """paid while a share is awaiting its answer; contested when one is; accepted when every one is."""
    states = [s.status for s in current_shares(session, claim_id) if s.role == "sending_state"]
    if "contested" in states:
        return "contested"
    return "accepted" if states and all(s in ACCEPTED for s in states) else "paid"


def answer_share(session: Session, user: CurrentUser, claim_id: int, body: ShareAnswerBody) -> ClaimRow:
    """The sending State accepts or contests its share.  A reply after the two months changes nothing: the
    distribution was already accepted on their last day (recorded as such)."""

    def change(claim: ClaimRow) -> Done:
        share = next((s for s in current_shares(session, claim.id) if s.state_code == user.state), None)
        slot = slot_of(session, claim, COST_SHARE, user.state)
        if share is None or slot is None:
            raise Forbidden(f"no share of this claim is proposed to {user.state}")
        if share.status != "proposed":
            raise Conflict(
                f"{user.state}'s share is already {share.status.replace('_', ' ')}"
                + (f" (on {share.accepted_on.isoformat()})" if share.accepted_on else "")
            )
        replied = day_of(body.on, "on", share.proposal_on, "the proposal")
        reply = "accepted" if body.decision == "accepted" else "objected"
        found, reasons = _standing(claim, share, reply, replied, replied)
        if found.distribution == "deemed_accepted":
            _settle(share, "deemed_accepted", found.accepted_on, replied)
            slots.answer(session, slot, user, "deemed_accepted", body.note, body.version)
            event = "claim.share_deemed_accepted"
        elif found.distribution == "accepted":
            _settle(share, "accepted", found.accepted_on, replied)
            slots.answer(session, slot, user, "accepted", body.note, body.version)
            event = "claim.share_accepted"
        else:
            _settle(share, "contested", None, replied)
            slots.answer(session, slot, user, "contested", body.note, body.version)
            event = "claim.share_contested"
        session.flush()
        return Done(
            {
                "state": user.state,
                "decision": body.decision,
                "replied_on": replied.isoformat(),
                "reply_ends_on": share.reply_ends_on.isoformat(),
                "share": money.text(share.amount_minor, share.currency),
                "currency": share.currency,
                "accepted_on": share.accepted_on.isoformat() if share.accepted_on else None,
                "half": share.half,
                "reasons": reasons,
                "note": body.note,
            },
            REPLY_CITES,
            status=claim_status(session, claim.id),
            event=event,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "answer_share", change)
    return result


def repropose(session: Session, user: CurrentUser, claim_id: int, body: ReproposeBody) -> ClaimRow:
    """After a share is contested, the receiving State proposes a new distribution (the States having settled what
    follows an objection: the Agreement does not); the two months run again."""
    from sofadesk.cases.claim.records import set_sending_states

    def change(claim: ClaimRow) -> Done:
        from sofadesk.cases.claim.records import sending_states

        senders = body.sending_states or sending_states(session, claim.id)
        if body.sending_states:
            set_sending_states(session, claim, senders)
        proposal_on = day_of(body.proposal_on, "proposal_on", claim.paid_on, "the payment")
        facts = claim.facts | {
            "responsibility": body.responsibility,
            "receiving_state_responsible": body.receiving_state_responsible,
        }
        claim.facts = facts
        citations = propose(
            session, claim, senders, body.responsibility, body.receiving_state_responsible, proposal_on
        )
        return Done(
            {
                "proposal_on": proposal_on.isoformat(),
                "states": senders,
                "responsibility": body.responsibility,
            },
            citations,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "repropose", change, version=body.version)
    return result


def scan_deemed(session: Session, moment: datetime) -> int:
    """Record every distribution deemed accepted by `moment`: a share still awaiting its reply whose two months
    ended before that day is accepted on their last day (an audit event, once: the share is no longer awaiting a
    reply afterwards).  Returns how many shares were deemed accepted."""
    day = moment.date()
    due = session.execute(
        select(ClaimShareRow.claim_id, ClaimShareRow.id)
        .where(ClaimShareRow.status == "proposed", ClaimShareRow.reply_ends_on < day)
        .order_by(ClaimShareRow.claim_id, ClaimShareRow.id)
    ).all()
    by_claim: dict[int, list[int]] = defaultdict(list)
    for claim_id, share_id in due:
        by_claim[claim_id].append(share_id)
    count = 0
    for claim_id, share_ids in by_claim.items():
        claim = session.execute(
            select(ClaimRow).where(ClaimRow.id == claim_id).with_for_update()
        ).scalar_one()
        for share in session.execute(select(ClaimShareRow).where(ClaimShareRow.id.in_(share_ids))).scalars():
            if share.status != "proposed":
                continue  # answered or deemed since the query (another scan)
            found, reasons = _standing(claim, share, None, None, day)
            if found.distribution != "deemed_accepted":
                continue
            _settle(share, "deemed_accepted", found.accepted_on, None)
            session.execute(
                update(CaseSlotRow)
                .where(
                    CaseSlotRow.kind == KIND.name,
                    CaseSlotRow.case_id == claim.id,
                    CaseSlotRow.revision == claim.revision,
                    CaseSlotRow.subject == COST_SHARE,
                    CaseSlotRow.state_code == share.state_code,
                    CaseSlotRow.status == slots.PENDING,
                )
                .values(status="deemed_accepted", decided_at=now(), version=CaseSlotRow.version + 1)
                .execution_options(synchronize_session=False)
            )
            session.flush()
            claim.status = claim_status(session, claim.id)
            touch(claim)
            append(
                session,
                SCAN,
                "claim.share_deemed_accepted",
                KIND.name,
                claim.id,
                {
                    "state": share.state_code,
                    "accepted_on": found.accepted_on.isoformat() if found.accepted_on else None,
                    "reply_ends_on": share.reply_ends_on.isoformat(),
                    "share": money.text(share.amount_minor, share.currency),
                    "currency": share.currency,
                    "half": share.half,
                    "reasons": reasons,
                    "no_reply_by": share.reply_ends_on.isoformat(),
                },
                list(REPLY_CITES),
            )
            count += 1
    return count

"""The clocks of a claim, each with where it comes from: national implementing law (configured per receiving
State, e.g. Germany's three months for filing), the two States' arrangement (notice and answer periods), and the
Agreement itself (two months to reply to a proposed distribution, VIII(5)(d)); and what falls due next.

Months are counted as the claim-statement rule counts them (to the same day of the month, or the month's last day
where it has none); a period in days is added to that.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from sofadesk.cases.claim.config import BILATERAL, NATIONAL, clock_rows, period_between
from sofadesk.cases.claim.models import ClaimClockRow, ClaimRow, ClaimSendingRow, ClaimShareRow
from sofadesk.cases.claim.reads import ClockRead, DueRead
from sofadesk.cases.claim.records import iso
from sofadesk.law.rules.art_08_claim_statement import add_months

AGREEMENT = "NATO SOFA Art. VIII(5)(d)"
DUE_KINDS = ("deadline", "reply")


def _start(claim: ClaimRow, runs_from: str) -> date | None:
    return {
        "knowledge": claim.knew_on or claim.occurred_on,
        "occurrence": claim.occurred_on,
        "receipt": claim.received_on,
        "decision": claim.adjudicated_on,
    }.get(runs_from)


def _filed(claim: ClaimRow) -> date | None:
    return claim.received_on or (claim.submitted_at.date() if claim.submitted_at else None)


def _deadline(done: date | None, end: date, today: date) -> str:
    if done is not None:
        return "met" if done <= end else "missed"
    return "running" if today <= end else "ended"


def national(claim: ClaimRow, rows: list[ClaimClockRow], today: date) -> list[ClockRead]:
    kinds = {claim.damage_kind, "*", *(("manoeuvre",) if claim.manoeuvre else ())}
    out = []
    for c in rows:
        if not kinds & set(c.damage_kinds):
            continue
        start = _start(claim, c.runs_from)
        end = add_months(start, c.months) + timedelta(days=c.days) if start else None
        if start is None or end is None:
            status = "not_started"
        elif c.kind == "opens":
            moot = (
                claim.adjudicated_on is not None and claim.adjudicated_on < end and c.runs_from != "decision"
            )
            status = "moot" if moot else ("open" if today >= end else "running")
        elif c.runs_from in ("knowledge", "occurrence"):
            status = _deadline(_filed(claim), end, today)
        else:
            status = "running" if today <= end else "ended"
        out.append(
            ClockRead(
                code=c.code,
                label=c.label,
                kind=c.kind,
                basis=NATIONAL,
                starts_on=iso(start),
                ends_on=iso(end),
                status=status,
                effect=c.effect,
                source_title=c.source_title,
                source_url=c.source_url,
            )
        )
    return out


def bilateral(
    session: Session, claim: ClaimRow, parts: list[ClaimSendingRow], today: date
) -> list[ClockRead]:
    """Notice and answer: for a claim the receiving State adjudicates and shares (not one waived, refused, or
    assessed for an ex gratia offer)."""
    out: list[ClockRead] = []
    if claim.route_name not in (
        None,
        "receiving_state_adjudicates",
        "official_duty_to_be_decided",
        "vehicle_use_to_be_decided",
        "who_caused_it_to_be_decided",
    ):
        return out
    for p in parts:
        period = period_between(session, claim.receiving_state, p.state_code)
        if period is None:
            out.append(
                ClockRead(
                    code=f"notice:{p.state_code}",
                    label=f"Notice to {p.state_code} and its answer",
                    kind="deadline",
                    basis=BILATERAL,
                    starts_on=None,
                    ends_on=None,
                    status="not_configured",
                    effect="No notice or answer period is configured for this pair of States.",
                    source_title=None,
                    source_url=None,
                )
            )
            continue
        if claim.received_on is not None:
            end = claim.received_on + timedelta(days=period.notice_days)
            out.append(
                ClockRead(
                    code=f"notice:{p.state_code}",
                    label=f"Notice of the claim to {p.state_code}",
                    kind="deadline",
                    basis=BILATERAL,
                    starts_on=iso(claim.received_on),
                    ends_on=iso(end),
                    status=_deadline(p.notice_sent_on, end, today),
                    effect=f"The receiving State sends notice within {period.notice_days} days of receipt.",
                    source_title=period.source_title,
                    source_url=period.source_url,
                )
            )
        if p.notice_sent_on is not None and p.answer_due_on is not None:
            out.append(
                ClockRead(
                    code=f"answer:{p.state_code}",
                    label=f"{p.state_code}'s answer with its evidence",
                    kind="deadline",
                    basis=BILATERAL,
                    starts_on=iso(p.notice_sent_on),
                    ends_on=iso(p.answer_due_on),
                    status=_deadline(p.answered_on, p.answer_due_on, today),
                    effect=f"The sending State answers within {period.answer_days} days of the notice.",
                    source_title=period.source_title,
                    source_url=period.source_url,
                )
            )
    return out


def replies(shares: list[ClaimShareRow], today: date) -> list[ClockRead]:
    out = []
    for s in shares:
        if s.role != "sending_state":
            continue
        if s.status in ("accepted", "contested"):
            status = "met"
        elif s.status == "deemed_accepted":
            status = "ended"
        else:
            status = "running" if today <= s.reply_ends_on else "ended"
        out.append(
            ClockRead(
                code=f"reply:{s.state_code}",
                label=f"{s.state_code}'s reply to the proposed distribution",
                kind="reply",
                basis="the Agreement",
                starts_on=iso(s.proposal_on),
                ends_on=iso(s.reply_ends_on),
                status=status,
                effect="Without a reply by this day the proposed distribution is accepted that day.",
                source_title=AGREEMENT,
                source_url=None,
            )
        )
    return out


def claim_clocks(
    session: Session, claim: ClaimRow, parts: list[ClaimSendingRow], shares: list[ClaimShareRow], today: date
) -> tuple[list[ClockRead], DueRead | None]:
    found = [
        *national(claim, clock_rows(session, claim.receiving_state), today),
        *bilateral(session, claim, parts, today),
        *replies(shares, today),
    ]
    due = sorted(
        (c.ends_on, c.label, c.basis)
        for c in found
        if c.status == "running" and c.kind in DUE_KINDS and c.ends_on
    )
    return found, (DueRead(what=due[0][1], on=due[0][0], basis=due[0][2]) if due else None)

"""Reports: a receiving State's year (claims received, by route, status and kind of damage; amounts claimed,
awarded, paid and reimbursed, per currency; processing times), and a sending State's own (amounts it reimbursed
month by month; its accepted shares quarter by quarter, by kind of damage)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.claim import money
from sofadesk.cases.claim.models import ClaimReimbursementRow, ClaimRow, ClaimShareRow, ClaimStatementRow
from sofadesk.cases.claim.reads import CountAmounts, Durations, PeriodAmount, ReportRead, SendingReportRead
from sofadesk.cases.claim.shares import ACCEPTED


def _durations(days: list[int]) -> Durations:
    if not days:
        return Durations(cases=0, mean_days=None, median_days=None)
    return Durations(
        cases=len(days),
        mean_days=round(statistics.fmean(days), 1),
        median_days=float(statistics.median(days)),
    )


def report(session: Session, user: CurrentUser, year: int) -> ReportRead:
    """The user's State as receiving State, for the claims it received in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    claims = list(
        session.execute(
            select(ClaimRow).where(
                ClaimRow.receiving_state == user.state,
                func.coalesce(ClaimRow.received_on, func.date(ClaimRow.submitted_at)) >= first,
                func.coalesce(ClaimRow.received_on, func.date(ClaimRow.submitted_at)) <= last,
            )
        ).scalars()
    )
    sums: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("claimed", "awarded", "paid", "reimbursed"), 0)
    )
    for c in claims:
        sums[c.claimed_currency]["claimed"] += c.claimed_minor
        if c.awarded_minor is not None and c.award_currency:
            sums[c.award_currency]["awarded"] += c.awarded_minor
        if c.paid_minor is not None and c.paid_currency:
            sums[c.paid_currency]["paid"] += c.paid_minor
    received = session.execute(
        select(ClaimReimbursementRow.currency, func.sum(ClaimReimbursementRow.amount_minor))
        .join(ClaimStatementRow, ClaimStatementRow.id == ClaimReimbursementRow.statement_id)
        .where(
            ClaimStatementRow.receiving_state == user.state,
            ClaimReimbursementRow.received_on >= first,
            ClaimReimbursementRow.received_on <= last,
        )
        .group_by(ClaimReimbursementRow.currency)
    ).all()
    for currency, amount in received:
        sums[currency]["reimbursed"] += int(amount)
    amounts = [
        CountAmounts(currency=cur, **{k: money.text(v, cur) or "0" for k, v in s.items()})
        for cur, s in sorted(sums.items())
    ]
    decided = [(c.adjudicated_on - c.received_on).days for c in claims if c.adjudicated_on and c.received_on]
    paid = [(c.paid_on - c.received_on).days for c in claims if c.paid_on and c.received_on]
    return ReportRead(
        state=user.state,
        year=year,
        received=len(claims),
        by_route=dict(Counter(c.route_name or "not_routed" for c in claims)),
        by_status=dict(Counter(c.status for c in claims)),
        by_damage_kind=dict(Counter(c.damage_kind for c in claims)),
        amounts=amounts,
        receipt_to_decision=_durations(decided),
        receipt_to_payment=_durations(paid),
    )


def sending_report(session: Session, user: CurrentUser, year: int) -> SendingReportRead:
    """The user's State as sending State: what it reimbursed each month, and its accepted shares each quarter by
    kind of damage."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    monthly: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in session.execute(
        select(
            ClaimReimbursementRow.received_on,
            ClaimReimbursementRow.currency,
            ClaimReimbursementRow.amount_minor,
        )
        .join(ClaimStatementRow, ClaimStatementRow.id == ClaimReimbursementRow.statement_id)
        .where(
            ClaimStatementRow.sending_state == user.state,
            ClaimReimbursementRow.received_on >= first,
            ClaimReimbursementRow.received_on <= last,
        )
    ):
        entry = monthly[(f"{r.received_on:%Y-%m}", r.currency)]
        entry[0] += r.amount_minor
        entry[1] += 1
    quarterly: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s in session.execute(
        select(
            ClaimShareRow.accepted_on,
            ClaimShareRow.currency,
            ClaimShareRow.amount_minor,
            ClaimRow.damage_kind,
        )
        .join(ClaimRow, ClaimRow.id == ClaimShareRow.claim_id)
        .where(
            ClaimShareRow.state_code == user.state,
            ClaimShareRow.status.in_(ACCEPTED),
            ClaimShareRow.accepted_on >= first,
            ClaimShareRow.accepted_on <= last,
        )
    ):
        entry = quarterly[(f"{year}-Q{(s.accepted_on.month - 1) // 3 + 1}", s.damage_kind, s.currency)]
        entry[0] += s.amount_minor
        entry[1] += 1
    return SendingReportRead(
        state=user.state,
        year=year,
        monthly_reimbursed=[
            PeriodAmount(period=m, currency=c, amount=money.text(v[0], c) or "0", cases=v[1])
            for (m, c), v in sorted(monthly.items())
        ],
        quarterly_by_damage_kind=[
            PeriodAmount(period=q, currency=c, amount=money.text(v[0], c) or "0", cases=v[1], damage_kind=k)
            for (q, k, c), v in sorted(quarterly.items())
        ],
    )

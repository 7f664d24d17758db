"""Half-yearly statements (NATO SOFA Art. VIII(5)(e)(iv)): per receiving State, sending State and half-year, the
sums paid on accepted cases - each case's share, and the total - with the reimbursement request; then the
reimbursements received, outstanding balances and their ageing per sending State.

Which half-year a case is stated in is the claim-statement rule's: the half in which it is both paid and accepted
(the later of the two days; calendar half-years).  A statement is issued once its half-year has ended, after the
deemed acceptances due by then are recorded, so that it is complete; each share goes on one statement only.  The
total is the sum of the shares in minor units, so it matches them to the minor unit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.claim import money
from sofadesk.cases.claim.kind import OFFICE
from sofadesk.cases.claim.models import ClaimReimbursementRow, ClaimRow, ClaimShareRow, ClaimStatementRow
from sofadesk.cases.claim.reads import BalanceRead, StatementLine, StatementRead, StatementSummary
from sofadesk.cases.claim.records import day_of
from sofadesk.cases.claim.schemas import ReimbursementBody, StatementIssue
from sofadesk.cases.claim.shares import ACCEPTED, scan_deemed
from sofadesk.errors import Conflict, Invalid, NotFound

CITES = ["NATO SOFA Art. VIII(5)(d)", "NATO SOFA Art. VIII(5)(e)(iv)"]
AGES = (("0-90", 90), ("91-180", 180), ("181-365", 365), ("over-365", None))


def half_bounds(half: str) -> tuple[date, date]:
    year, part = int(half[:4]), half[-1]
    return (date(year, 1, 1), date(year, 6, 30)) if part == "1" else (date(year, 7, 1), date(year, 12, 31))


def _concerned(user: CurrentUser, receiving: str, sending: str) -> None:
    if user.state not in (receiving, sending):
        raise NotFound(f"no statement between {receiving} and {sending} that your State may see")


def _lines_query(receiving: str, sending: str, half: str, statement_id: int | None) -> Any:
    query = (
        select(
            ClaimShareRow.claim_id,
            ClaimRow.reference,
            ClaimRow.occurred_on,
            ClaimRow.damage_kind,
            ClaimShareRow.paid_on,
            ClaimRow.paid_minor,
            ClaimShareRow.fraction,
            ClaimShareRow.accepted_on,
            ClaimShareRow.status,
            ClaimShareRow.amount_minor,
            ClaimShareRow.currency,
            ClaimShareRow.id,
        )
        .join(ClaimRow, ClaimRow.id == ClaimShareRow.claim_id)
        .where(
            ClaimShareRow.receiving_state == receiving,
            ClaimShareRow.state_code == sending,
            ClaimShareRow.half == half,
            ClaimShareRow.status.in_(ACCEPTED),
        )
        .order_by(ClaimShareRow.paid_on, ClaimShareRow.claim_id)
    )
    if statement_id is None:
        return query.where(ClaimShareRow.statement_id.is_(None))
    return query.where(ClaimShareRow.statement_id == statement_id)


def _issued(
    session: Session, receiving: str, sending: str, half: str, currency: str | None
) -> list[ClaimStatementRow]:
    query = select(ClaimStatementRow).where(
        ClaimStatementRow.receiving_state == receiving,
        ClaimStatementRow.sending_state == sending,
        ClaimStatementRow.half == half,
    )
    if currency:
        query = query.where(ClaimStatementRow.currency == currency)
    return list(session.execute(query).scalars())


def _pick_currency(rows: Any, currency: str | None, receiving: str, end: date) -> str:
    found = sorted({r.currency for r in rows})
    if currency is not None:
        return currency
    if len(found) > 1:
        raise Invalid(
            "currency", f"the shares of that half-year are in {' and '.join(found)}: give the currency"
        )
    if found:
        return str(found[0])
    own = money.currencies_of(receiving, end)
    return str(own[-1]) if own else "XXX"


def _reimbursed(session: Session, statement_id: int) -> int:
    return int(
        session.execute(
            select(func.coalesce(func.sum(ClaimReimbursementRow.amount_minor), 0)).where(
                ClaimReimbursementRow.statement_id == statement_id
            )
        ).scalar_one()
    )


def request_text(receiving: str, sending: str, half: str, cases: int, total: str, currency: str) -> str:
    return (
        f"{receiving} requests {sending} to reimburse {total} {currency}: its shares of the sums paid on the {cases} "
        f"case(s) listed, whose proposed distribution {sending} accepted, and stated for {half} (NATO SOFA Art. "
        f"VIII(5)(e)(iv)). Reimbursement is to be made in the shortest possible time, in {currency}."
    )


def build(
    session: Session, user: CurrentUser, receiving: str, sending: str, half: str, currency: str | None = None
) -> StatementRead:
    """The statement for a half-year: the one issued, or else what it would hold now (a preview, no reference)."""
    _concerned(user, receiving, sending)
    start, end = half_bounds(half)
    issued = _issued(session, receiving, sending, half, currency)
    if len(issued) > 1:
        raise Invalid(
            "currency", f"statements in {' and '.join(s.currency for s in issued)}: give the currency"
        )
    statement = issued[0] if issued else None
    rows = session.execute(_lines_query(receiving, sending, half, statement.id if statement else None)).all()
    chosen = statement.currency if statement else _pick_currency(rows, currency, receiving, end)
    places = money.exponent(chosen) if chosen != "XXX" else 2
    lines, total = [], 0
    for r in rows:
        if r.currency != chosen:
            continue
        total += r.amount_minor
        lines.append(
            StatementLine.model_construct(
                claim_id=r.claim_id,
                reference=r.reference,
                occurred_on=r.occurred_on.isoformat(),
                damage_kind=r.damage_kind,
                paid_on=r.paid_on.isoformat(),
                amount_paid=_text(r.paid_minor, places),
                fraction=r.fraction,
                accepted_on=r.accepted_on.isoformat(),
                acceptance=r.status,
                share=_text(r.amount_minor, places),
            )
        )
    paid_back = _reimbursed(session, statement.id) if statement else 0
    total_text = _text(total, places)
    return StatementRead.model_construct(
        reference=statement.reference if statement else None,
        receiving_state=receiving,
        sending_state=sending,
        half=half,
        period_start=start.isoformat(),
        period_end=end.isoformat(),
        currency=chosen,
        cases=len(lines),
        total=total_text,
        lines=lines,
        issued_on=statement.issued_on.isoformat() if statement else None,
        request=request_text(receiving, sending, half, len(lines), total_text, chosen),
        reimbursed=_text(paid_back, places),
        outstanding=_text(total - paid_back, places),
        citations=list(CITES),
    )


def _text(minor: int, places: int) -> str:
    """Minor units as decimal text, in integers (a statement formats tens of thousands of them)."""
    if places == 0:
        return str(minor)
    whole, part = divmod(abs(minor), 10**places)
    return f"{'-' if minor < 0 else ''}{whole}.{part:0{places}d}"


def issue(session: Session, user: CurrentUser, body: StatementIssue) -> StatementRead:
    """The receiving State issues the statement of a half-year that has ended, with its reimbursement request."""
    user.require(*OFFICE)
    receiving = user.state
    end = half_bounds(body.half)[1]
    on = day_of(body.on, "on")
    if on <= end:
        raise Invalid("half", f"{body.half} ends on {end.isoformat()}: its statement is issued after that")
    scan_deemed(session, now())  # the deemed acceptances due by now go on it too
    rows = session.execute(_lines_query(receiving, body.sending_state, body.half, None)).all()
    currency = _pick_currency(rows, body.currency, receiving, end)
    ids = [r.id for r in rows if r.currency == currency]
    if not ids:
        raise Conflict(
            f"no accepted share of {body.sending_state} is to be stated for {body.half} in {currency}"
        )
    total = sum(r.amount_minor for r in rows if r.currency == currency)
    statement = ClaimStatementRow(
        reference=f"ST-{receiving}-{body.sending_state}-{body.half}-{currency}",
        receiving_state=receiving,
        sending_state=body.sending_state,
        half=body.half,
        currency=currency,
        total_minor=total,
        lines=len(ids),
        issued_on=on,
        issued_by=user.id,
        issued_at=now(),
    )
    try:
        with session.begin_nested():
            session.add(statement)
            session.flush()
    except IntegrityError:
        raise Conflict(f"the statement for {body.half} in {currency} is already issued") from None
    session.execute(
        update(ClaimShareRow)
        .where(ClaimShareRow.id.in_(ids))
        .values(statement_id=statement.id)
        .execution_options(synchronize_session=False)
    )
    append(
        session,
        user.actor,
        "claim.statement_issued",
        "claim_statement",
        statement.id,
        {
            "reference": statement.reference,
            "sending_state": body.sending_state,
            "half": body.half,
            "currency": currency,
            "cases": len(ids),
            "total": money.text(total, currency),
        },
        CITES,
    )
    return build(session, user, receiving, body.sending_state, body.half, currency)


def statement_row(session: Session, user: CurrentUser, statement_id: int) -> ClaimStatementRow:
    row = session.get(ClaimStatementRow, statement_id)
    if row is None or user.state not in (row.receiving_state, row.sending_state):
        raise NotFound(f"no statement {statement_id}")
    return row


def reimburse(
    session: Session, user: CurrentUser, statement_id: int, body: ReimbursementBody
) -> StatementSummary:
    """The receiving State records a sum reimbursed against a statement, as received."""
    user.require(*OFFICE)
    row = statement_row(session, user, statement_id)
    if row.receiving_state != user.state:
        raise NotFound(f"no statement {statement_id} of your State")
    if body.currency != row.currency:
        raise Invalid(
            "currency",
            f"the statement is in {row.currency}; reimbursement is made in the receiving "
            "State's currency (Art. VIII(5)(e)(iv))",
        )
    received = day_of(body.on, "on", row.issued_on, "the statement")
    minor = money.to_minor(body.amount, body.currency)
    if minor > row.total_minor - _reimbursed(session, row.id):
        raise Invalid("amount", "more than is outstanding on the statement")
    session.add(
        ClaimReimbursementRow(
            statement_id=row.id,
            amount_minor=minor,
            currency=body.currency,
            received_on=received,
            note=body.note,
            recorded_by=user.id,
            recorded_at=now(),
        )
    )
    session.flush()
    append(
        session,
        user.actor,
        "claim.reimbursement_received",
        "claim_statement",
        row.id,
        {
            "reference": row.reference,
            "amount": money.text(minor, row.currency),
            "currency": row.currency,
            "received_on": received.isoformat(),
        },
        ["NATO SOFA Art. VIII(5)(e)(iv)"],
    )
    return summary(session, row)


def summary(session: Session, row: ClaimStatementRow) -> StatementSummary:
    back = _reimbursed(session, row.id)
    return StatementSummary(
        id=row.id,
        reference=row.reference,
        receiving_state=row.receiving_state,
        sending_state=row.sending_state,
        half=row.half,
        currency=row.currency,
        cases=row.lines,
        total=money.text(row.total_minor, row.currency) or "0",
        issued_on=row.issued_on.isoformat(),
        reimbursed=money.text(back, row.currency) or "0",
        outstanding=money.text(row.total_minor - back, row.currency) or "0",
    )


def statements(session: Session, user: CurrentUser, other: str | None = None) -> list[StatementSummary]:
    """Statements the user's State issued or was sent (with `other`: those with that State)."""
    query = select(ClaimStatementRow).where(
        (ClaimStatementRow.receiving_state == user.state) | (ClaimStatementRow.sending_state == user.state)
    )
    if other:
        query = query.where(
            (ClaimStatementRow.receiving_state == other) | (ClaimStatementRow.sending_state == other)
        )
    rows = session.execute(query.order_by(ClaimStatementRow.half, ClaimStatementRow.id)).scalars()
    return [summary(session, r) for r in rows]


def balances(session: Session, user: CurrentUser, as_of: date | None = None) -> list[BalanceRead]:
    """Per pair of States and currency: stated, reimbursed, outstanding, and the outstanding amounts by the age
    of their statement on `as_of` (default today)."""
    day = as_of or now().date()
    groups: dict[tuple[str, str, str], list[ClaimStatementRow]] = defaultdict(list)
    for row in session.execute(
        select(ClaimStatementRow)
        .where(
            (ClaimStatementRow.receiving_state == user.state)
            | (ClaimStatementRow.sending_state == user.state)
        )
        .order_by(ClaimStatementRow.issued_on)
    ).scalars():
        groups[(row.receiving_state, row.sending_state, row.currency)].append(row)
    out = []
    for (receiving, sending, currency), rows in sorted(groups.items()):
        stated = back = 0
        ages = dict.fromkeys((name for name, _ in AGES), 0)
        for r in rows:
            paid = _reimbursed(session, r.id)
            stated, back = stated + r.total_minor, back + paid
            age = (day - r.issued_on).days
            bucket = next(name for name, limit in AGES if limit is None or age <= limit)
            ages[bucket] += r.total_minor - paid
        out.append(
            BalanceRead(
                receiving_state=receiving,
                sending_state=sending,
                currency=currency,
                stated=money.text(stated, currency) or "0",
                reimbursed=money.text(back, currency) or "0",
                outstanding=money.text(stated - back, currency) or "0",
                ageing={k: money.text(v, currency) or "0" for k, v in ages.items()},
                statements=[summary(session, r) for r in rows],
            )
        )
    return out

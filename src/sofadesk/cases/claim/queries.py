"""Reading claims: one claim as a State may see it (the claimant's contact and bank details for the receiving
State's office alone; a sending State's own record for that State alone), pages of them, the timeline, the
evidence, a sending State's own view, and the claim as its claimant follows it (its own claim, nothing else)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.claim import money
from sofadesk.cases.claim.clocks import claim_clocks, national
from sofadesk.cases.claim.config import clock_rows
from sofadesk.cases.claim.kind import COST_SHARE, KIND
from sofadesk.cases.claim.models import (
    ClaimDisputeRow,
    ClaimDocumentRow,
    ClaimOfficeRow,
    ClaimRow,
    ClaimSendingRow,
    ClaimShareRow,
    ClaimStatementRow,
)
from sofadesk.cases.claim.payment import payments
from sofadesk.cases.claim.reads import (
    ClaimantRead,
    ClaimList,
    ClaimRead,
    ClaimSummary,
    DisputeRead,
    DocumentRead,
    Money,
    PaymentRead,
    PublicClaimRead,
    RouteRead,
    SendingPartRead,
    SendingViewRead,
    ShareRead,
)
from sofadesk.cases.claim.records import iso, json_time, sending_rows, today
from sofadesk.cases.claim.shares import current_shares
from sofadesk.cases.claim.texts import status_text
from sofadesk.cases.core import parties, slots
from sofadesk.cases.core.listing import Key, case_timeline, keyset_page, page_fields
from sofadesk.cases.core.reads import SlotRead, TimelineEvent, slot_read
from sofadesk.errors import NotFound


def load_visible(session: Session, user: CurrentUser, claim_id: int, lock: bool = False) -> ClaimRow:
    """The claim if the user's State owns it or was told of it; otherwise 404, as if it did not exist."""
    found: ClaimRow = parties.load_visible(session, KIND, user, claim_id, lock)
    return found


def _money(minor: int | None, currency: str | None) -> Money | None:
    text = money.text(minor, currency)
    return Money(amount=text, currency=currency) if text is not None and currency is not None else None


def part_read(p: ClaimSendingRow, viewer: str, owner: str) -> SendingPartRead:
    own = viewer == p.state_code
    return SendingPartRead(
        state=p.state_code,
        notice_due_on=iso(p.notice_due_on),
        notice_sent_on=iso(p.notice_sent_on),
        answer_due_on=iso(p.answer_due_on),
        answered_on=iso(p.answered_on),
        duty_certificate=p.duty_certificate,
        certificate_on=iso(p.certificate_on),
        certificate_by=p.certificate_by,
        evidence=p.evidence if own or viewer == owner else None,
        own_reference=p.own_reference if own else None,
        record=list(p.record) if own else [],
    )


def share_read(s: ClaimShareRow, decision: SlotRead | None, statement: str | None) -> ShareRead:
    return ShareRead(
        state=s.state_code,
        amount=money.text(s.amount_minor, s.currency) or "0",
        currency=s.currency,
        role=s.role,
        fraction=s.fraction,
        status=s.status,
        proposal=s.proposal,
        proposal_on=s.proposal_on.isoformat(),
        reply_ends_on=s.reply_ends_on.isoformat(),
        replied_on=iso(s.replied_on),
        accepted_on=iso(s.accepted_on),
        half=s.half,
        statement=statement,
        decision=decision,
    )


def share_reads(session: Session, claim: ClaimRow, shares: list[ClaimShareRow], day: date) -> list[ShareRead]:
    decisions = {
        s.state_code: slot_read(s, day)
        for s in slots.of_revision(session, KIND, claim.id, claim.revision)
        if s.subject == COST_SHARE
    }
    ids = {s.statement_id for s in shares if s.statement_id}
    refs: dict[int, str] = {}
    if ids:
        found = select(ClaimStatementRow.id, ClaimStatementRow.reference).where(ClaimStatementRow.id.in_(ids))
        refs = {row.id: row.reference for row in session.execute(found)}
    return [
        share_read(
            s,
            decisions.get(s.state_code) if s.role == "sending_state" else None,
            refs.get(s.statement_id) if s.statement_id else None,
        )
        for s in shares
    ]


def _documents(session: Session, claim_id: int) -> list[DocumentRead]:
    rows = session.execute(
        select(
            ClaimDocumentRow.id,
            ClaimDocumentRow.filename,
            ClaimDocumentRow.media_type,
            ClaimDocumentRow.size,
            ClaimDocumentRow.sha256,
            ClaimDocumentRow.uploaded_at,
            ClaimDocumentRow.source,
        )
        .where(ClaimDocumentRow.claim_id == claim_id)
        .order_by(ClaimDocumentRow.id)
    ).all()
    return [
        DocumentRead(
            id=r.id,
            filename=r.filename,
            media_type=r.media_type,
            size=r.size,
            sha256=r.sha256,
            uploaded_at=json_time(r.uploaded_at) or "",
            source=r.source,
        )
        for r in rows
    ]


def _disputes(session: Session, claim_id: int) -> list[DisputeRead]:
    rows = session.execute(
        select(ClaimDisputeRow).where(ClaimDisputeRow.claim_id == claim_id).order_by(ClaimDisputeRow.id)
    ).scalars()
    return [
        DisputeRead(
            id=d.id,
            question=d.question,
            forum=d.forum,
            referred_by=d.referred_by,
            referred_on=d.referred_on.isoformat(),
            note=d.note,
            outcome=d.outcome,
            award_text=d.award_text,
            award=_money(d.award_minor, d.award_currency),
            decided_on=iso(d.decided_on),
        )
        for d in rows
    ]


def office_name(session: Session, claim: ClaimRow) -> str | None:
    if claim.office_code is None:
        return None
    office = session.get(ClaimOfficeRow, (claim.receiving_state, claim.office_code))
    return office.name if office is not None else claim.office_code


def read(session: Session, user: CurrentUser, claim: ClaimRow) -> ClaimRead:
    day = today()
    owner = user.state == claim.receiving_state
    parts = sending_rows(session, claim.id)
    shares = current_shares(session, claim.id)
    clocks, due = claim_clocks(session, claim, parts, shares, day)
    contact = claim.claimant_contact or {}
    return ClaimRead(
        id=claim.id,
        reference=claim.reference,
        receiving_state=claim.receiving_state,
        status=claim.status,
        version=claim.version,
        revision=claim.revision,
        source=claim.source,
        language=claim.language,
        claimant=ClaimantRead(
            kind=claim.claimant_kind,
            name=claim.claimant_name,
            relation=claim.claimant_relation,
            state=claim.claimant_state,
            address=contact.get("address") if owner else None,
            email=contact.get("email") if owner else None,
            phone=contact.get("phone") if owner else None,
            bank=claim.bank if owner else None,
        ),
        occurred_on=claim.occurred_on.isoformat(),
        knew_on=iso(claim.knew_on),
        place=claim.place,
        region=claim.region,
        description=claim.description,
        damage_kind=claim.damage_kind,
        manoeuvre=claim.manoeuvre,
        unit_marks=claim.unit_marks,
        vehicle_marks=claim.vehicle_marks,
        claimed=Money(
            amount=money.text(claim.claimed_minor, claim.claimed_currency) or "0",
            currency=claim.claimed_currency,
        ),
        submitted_at=json_time(claim.submitted_at),
        received_on=iso(claim.received_on),
        office=claim.office_code,
        office_name=office_name(session, claim),
        incident_id=claim.incident_id,
        sending_states=[part_read(p, user.state, claim.receiving_state) for p in parts],
        facts=dict(claim.facts or {}),
        route=claim.route_name,
        routing=RouteRead.model_validate(claim.route) if claim.route else None,
        awarded=_money(claim.awarded_minor, claim.award_currency),
        award_basis=claim.award_basis,
        adjudicated_on=iso(claim.adjudicated_on),
        payments=[
            PaymentRead(
                kind=p.kind,
                amount=money.text(p.amount_minor, p.currency) or "0",
                currency=p.currency,
                paid_on=p.paid_on.isoformat(),
                note=p.note,
            )
            for p in payments(session, claim.id)
        ],
        paid=_money(claim.paid_minor, claim.paid_currency),
        paid_on=iso(claim.paid_on),
        shares=share_reads(session, claim, shares, day),
        disputes=_disputes(session, claim.id),
        ex_gratia=dict(claim.ex_gratia or {}),
        documents=_documents(session, claim.id),
        clocks=clocks,
        next_due=due,
        actions=KIND.workflow.actions(claim.status, owner=owner, roles=user.roles),
        close_reason=claim.close_reason,
        created_at=json_time(claim.created_at),
        updated_at=json_time(claim.updated_at),
    )


def read_visible(session: Session, user: CurrentUser, claim_id: int) -> ClaimRead:
    return read(session, user, load_visible(session, user, claim_id))


def list_visible(
    session: Session,
    user: CurrentUser,
    status: str | None = None,
    route: str | None = None,
    role: str | None = None,
    incident_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    cursor: str | None = None,
) -> ClaimList:
    """Claims the user's State may see: as receiving State (`role` receiving) or as a sending State told of them
    (`role` sending), newest first."""
    conditions: list[Any] = [parties.visible_to(KIND, user)]
    if status:
        conditions.append(ClaimRow.status == status)
    if route:
        conditions.append(ClaimRow.route_name == route)
    if role == "receiving":
        conditions.append(ClaimRow.receiving_state == user.state)
    elif role == "sending":
        conditions.append(ClaimRow.receiving_state != user.state)
    if incident_id is not None:
        conditions.append(ClaimRow.incident_id == incident_id)
    window = keyset_page(
        session, KIND, and_(*conditions), (Key(ClaimRow.id, descending=True),), limit, cursor, offset
    )
    items = [
        ClaimSummary(
            id=c.id,
            reference=c.reference,
            receiving_state=c.receiving_state,
            status=c.status,
            occurred_on=c.occurred_on.isoformat(),
            damage_kind=c.damage_kind,
            claimant=c.claimant_name,
            claimed=Money(
                amount=money.text(c.claimed_minor, c.claimed_currency) or "0", currency=c.claimed_currency
            ),
            route=c.route_name,
            incident_id=c.incident_id,
        )
        for c in window.rows
    ]
    return ClaimList(items=items, **page_fields(window, limit, offset))


def timeline(session: Session, user: CurrentUser, claim_id: int) -> list[TimelineEvent]:
    return case_timeline(session, KIND, user, claim_id)


def document(session: Session, user: CurrentUser, claim_id: int, document_id: int) -> ClaimDocumentRow:
    """An uploaded file, for the States that may see the claim (served as a download, never rendered)."""
    claim = load_visible(session, user, claim_id)
    row = session.execute(
        select(ClaimDocumentRow).where(
            ClaimDocumentRow.id == document_id, ClaimDocumentRow.claim_id == claim.id
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no document {document_id} in claim {claim_id}")
    return row


def sending_view(session: Session, user: CurrentUser, claim_id: int) -> SendingViewRead:
    """The sending State's own view of a claim it was told of: the particulars, its part, its shares."""
    from sofadesk.cases.claim.sending import notice_particulars

    claim = load_visible(session, user, claim_id)
    part = next((p for p in sending_rows(session, claim.id) if p.state_code == user.state), None)
    if part is None:
        raise NotFound(f"{user.state} is not a sending State of claim {claim_id}")
    mine = [s for s in current_shares(session, claim.id) if s.state_code == user.state]
    return SendingViewRead(
        claim_id=claim.id,
        reference=claim.reference,
        receiving_state=claim.receiving_state,
        particulars=notice_particulars(claim),
        part=part_read(part, user.state, claim.receiving_state),
        shares=share_reads(session, claim, mine, today()),
    )


def public_read(claim: ClaimRow, session: Session) -> PublicClaimRead:
    """The claim as its claimant follows it: status, key dates, the national clocks; nothing of the States' work."""
    day = today()
    paid = claim.status in ("paid", "contested", "accepted", "closed") and claim.paid_minor is not None
    documents = len(_documents(session, claim.id))
    return PublicClaimRead(
        reference=claim.reference,
        status=claim.status,
        status_text=status_text(claim.status, claim.language),
        language=claim.language,
        receiving_state=claim.receiving_state,
        occurred_on=claim.occurred_on.isoformat(),
        damage_kind=claim.damage_kind,
        claimed=Money(
            amount=money.text(claim.claimed_minor, claim.claimed_currency) or "0",
            currency=claim.claimed_currency,
        ),
        submitted_at=json_time(claim.submitted_at),
        received_on=iso(claim.received_on),
        office_name=office_name(session, claim),
        awarded=_money(claim.awarded_minor, claim.award_currency),
        adjudicated_on=iso(claim.adjudicated_on),
        paid=_money(claim.paid_minor, claim.paid_currency) if paid else None,
        paid_on=iso(claim.paid_on) if paid else None,
        documents=documents,
        clocks=national(claim, clock_rows(session, claim.receiving_state), day),
    )

"""Small helpers the claim commands share: dates of steps, the sending States' rows, slots by subject."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.audit.chain import now
from sofadesk.cases.claim.kind import KIND
from sofadesk.cases.claim.models import ClaimRow, ClaimSendingRow
from sofadesk.cases.core import parties, slots
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.errors import Conflict, Forbidden, Invalid


def today() -> date:
    return now().date()


def day_of(on: date | None, field: str = "on", earliest: date | None = None, what: str = "") -> date:
    """The day a step happened: as given (not in the future, not before `earliest`), or today."""
    day = on or today()
    if day > today():
        raise Invalid(field, f"{day.isoformat()} is in the future")
    if earliest is not None and day < earliest:
        raise Invalid(
            field, f"{day.isoformat()} is before {what or 'the earlier step'} ({earliest.isoformat()})"
        )
    return day


def json_time(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def sending_rows(session: Session, claim_id: int) -> list[ClaimSendingRow]:
    return list(
        session.execute(
            select(ClaimSendingRow)
            .where(ClaimSendingRow.claim_id == claim_id)
            .order_by(ClaimSendingRow.position)
        ).scalars()
    )


def sending_states(session: Session, claim_id: int) -> list[str]:
    return [r.state_code for r in sending_rows(session, claim_id)]


def set_sending_states(session: Session, claim: ClaimRow, states: Iterable[str]) -> list[str]:
    """Name the sending States (in order); a State dropped before it was told anything is forgotten."""
    from sofadesk.db.models import StateRow

    wanted = list(states)
    known = set(session.execute(select(StateRow.code).where(StateRow.code.in_(wanted))).scalars())
    for i, state in enumerate(wanted):
        if state not in known:
            raise Invalid(f"sending_states.{i}", f"{state!r} is not an ISO 3166-1 alpha-3 code we know")
        if state == claim.receiving_state:
            raise Invalid(f"sending_states.{i}", "the receiving State is not a sending State")
    current = {r.state_code: r for r in sending_rows(session, claim.id)}
    told = parties.concerned(session, KIND, claim.id)
    for state, old in current.items():
        if state not in wanted:
            if state in told:
                raise Conflict(f"{state} was already sent notice of this claim; it stays a sending State")
            session.delete(old)
    for position, state in enumerate(wanted):
        row = current.get(state)
        if row is None:
            session.add(ClaimSendingRow(claim_id=claim.id, state_code=state, position=position, record=[]))
        else:
            row.position = position
    session.flush()
    return wanted


def own_part(session: Session, claim: ClaimRow, state: str) -> ClaimSendingRow:
    for row in sending_rows(session, claim.id):
        if row.state_code == state:
            return row
    raise Forbidden(f"{state} is not a sending State of this claim")


def concern(session: Session, claim: ClaimRow, states: Iterable[str]) -> list[str]:
    """The sending States see the claim from now on."""
    return parties.concern(session, KIND, claim.id, states, claim.receiving_state)


def slot_of(session: Session, claim: ClaimRow, subject: str, state: str) -> CaseSlotRow | None:
    for s in slots.of_revision(session, KIND, claim.id, claim.revision):
        if s.subject == subject and s.state_code == state:
            return s
    return None


def open_or_reopen(
    session: Session, claim: ClaimRow, subject: str, state: str, due_on: date | None
) -> CaseSlotRow:
    """A decision now due from `state` (reopened where it already had one on this revision)."""
    existing = slot_of(session, claim, subject, state)
    if existing is not None:
        return slots.reopen(session, KIND, claim, existing, due_on)
    return slots.open_slot(session, KIND, claim, claim.revision, subject, state, due_on)


def facts_of(claim: ClaimRow) -> Any:
    from sofadesk.cases.claim.schemas import RouteFacts

    return RouteFacts.model_validate(claim.facts or {})

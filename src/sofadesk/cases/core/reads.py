"""Read models every case kind shares: a State's decision on a revision, a timeline event, a page of cases."""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from sofadesk.audit.chain import now

Item = TypeVar("Item")


class SlotRead(BaseModel):
    state: str
    subject: str
    status: str
    note: str | None
    due_on: str | None
    overdue: bool
    decided_at: str | None
    carried_over_from: int | None
    version: int


def slot_values(s: Any, today: date | None = None) -> dict[str, Any]:
    """SlotRead's fields as JSON values, in its order, from a slot row or a row of its column values: what an
    answer serialised without the model carries (a transit's read and its decisions' answers: validating the
    model and dumping it again was a twentieth of their CPU, issue 18)."""
    today = today or now().date()
    return {
        "state": s.state_code,
        "subject": s.subject,
        "status": s.status,
        "note": s.note,
        "due_on": s.due_on.isoformat() if s.due_on else None,
        "overdue": s.status == "pending" and s.due_on is not None and s.due_on < today,
        "decided_at": s.decided_at.isoformat() + "Z" if s.decided_at else None,
        "carried_over_from": s.carried_over_from,
        "version": s.version,
    }


def slot_read(s: Any, today: date | None = None) -> SlotRead:
    """The same, as the model (validated: faster than `model_construct`, which runs in Python)."""
    return SlotRead.model_validate(slot_values(s, today))


class TimelineEvent(BaseModel):
    event: int
    at: str
    actor: str | None
    actor_state: str | None
    action: str
    details: dict[str, Any]
    citations: list[str]
    hash: str


class Page(BaseModel, Generic[Item]):
    """A page of a list.  `total` is exact up to a bound; past it `total_exact` is false and `total` is the
    bound ("more than total").  `next_cursor`/`previous_cursor` fetch the pages either side (`cursor=`), None
    at either end; `offset` is the offset asked for, kept for clients that page by offset."""

    items: list[Item]
    total: int
    limit: int
    offset: int
    total_exact: bool = True
    next_cursor: str | None = None
    previous_cursor: str | None = None


class PendingRead(BaseModel):
    """A decision a State must still take (dashboards, the decisions list, notices)."""

    kind: str
    case_id: int
    reference: str
    owner: str
    subject: str
    due_on: str | None
    overdue: bool
    link: str
    first_day: str | None

"""Telling a State that it must decide: a slot opened or reopened, about to fall due, overdue.  The message goes
to the State's users holding a role that decides that kind of slot, through sofadesk.notifications (inbox,
and e-mail where configured), written in the same transaction as the step that opened the slot."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.cases.core.kinds import CaseKind, registered
from sofadesk.cases.core.models import CaseSlotRow

SUBJECTS = {"leg_decision": "a decision on its leg(s)", "invitation": "an answer to an invitation"}


def describe(kind: CaseKind, slot: CaseSlotRow) -> str:
    return SUBJECTS.get(slot.subject, slot.subject.replace("_", " "))


def slot_opened(session: Session, kind: CaseKind, case: Any, slot: CaseSlotRow, *, reopened: bool) -> None:
    due = f", due {slot.due_on.isoformat()}" if slot.due_on else ""
    event = "slot.reopened" if reopened else "slot.opened"
    verb = "again needs" if reopened else "needs"
    _tell(
        session,
        kind,
        case,
        slot,
        event,
        f"{kind.noun.capitalize()} {case.reference} {verb} {describe(kind, slot)} from {slot.state_code}{due}",
        f"{kind.noun.capitalize()} {case.reference} ({kind.owner_of(case)}) {verb} {describe(kind, slot)} "
        f"from {slot.state_code}{due}.",
        f"{event}:{kind.name}:{case.id}:{slot.revision}:{slot.subject}:{slot.state_code}:{slot.version}",
    )


def _tell(
    session: Session,
    kind: CaseKind,
    case: Any,
    slot: CaseSlotRow,
    event: str,
    subject: str,
    body: str,
    dedupe_key: str,
) -> None:
    roles = kind.deciders_of(slot.subject)
    if not roles:
        return
    from sofadesk.notifications.service import notify

    notify(
        session,
        state=slot.state_code,
        roles=roles,
        event=event,
        case_kind=kind.name,
        case_id=case.id,
        case_reference=case.reference,
        subject=subject,
        body=body,
        link=kind.link(case.id),
        dedupe_key=dedupe_key,
    )


def scheduled(session: Session, moment: datetime) -> int:
    """What runs on a schedule: the deadline scan, then each kind's housekeeping.  Returns how many decisions
    were told of."""
    told = scan_due(session, moment)
    for kind in registered():
        if kind.housekeeping is not None:
            kind.housekeeping(session, moment)
    return told


def scan_due(session: Session, moment: datetime) -> int:
    """Tell the deciders of every decision about to fall due (today or tomorrow) or overdue, once each (the
    dedupe key holds the due date: a new due date is told again).  Returns how many decisions were told of."""
    today = moment.date()
    told = 0
    for kind in registered():
        row = kind.row
        pending = session.execute(
            select(CaseSlotRow, row)
            .join(row, row.id == CaseSlotRow.case_id)
            .where(
                CaseSlotRow.kind == kind.name,
                CaseSlotRow.revision == row.revision,
                CaseSlotRow.status == "pending",
                CaseSlotRow.due_on <= today + timedelta(days=1),
            )
        ).all()
        for slot, case in pending:
            assert slot.due_on is not None
            overdue = slot.due_on < today
            event = "slot.overdue" if overdue else "slot.due_soon"
            when = f"was due {slot.due_on.isoformat()}" if overdue else f"falls due {slot.due_on.isoformat()}"
            _tell(
                session,
                kind,
                case,
                slot,
                event,
                f"{kind.noun.capitalize()} {case.reference}: {describe(kind, slot)} from {slot.state_code} {when}",
                f"{kind.noun.capitalize()} {case.reference} ({kind.owner_of(case)}) still needs {describe(kind, slot)} "
                f"from {slot.state_code}; it {when}.",
                f"{event}:{kind.name}:{case.id}:{slot.revision}:{slot.subject}:{slot.state_code}:{slot.due_on}",
            )
            told += 1
    return told

"""Telling a State that it must decide: a slot opened or reopened, about to fall due, overdue.  The message goes
to the State's users holding a role that decides that kind of slot, through sofadesk.notifications (inbox,
and e-mail where configured), written in the same transaction as the step that opened the slot."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sofadesk.cases.core.kinds import CaseKind
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

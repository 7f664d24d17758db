"""Personal data in incidents: names, identifiers, dates of birth and notes of suspects, victims and witnesses,
and the attachments.  They are shown to the two States' legal advisers; every other role (observers, planners,
administrators, ...) sees them redacted, and statistics never hold them.  After closure each State's retention
period runs (configuration); once the shorter of the two States' periods has passed, the personal fields are
erased and the erasure is an audit event.  The audit trail never held a name (persons are numbered), so the
hash chain stays valid."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import Actor, now
from sofadesk.audit.writer import append
from sofadesk.cases.incident.common import settings_of
from sofadesk.cases.incident.kind import KIND
from sofadesk.cases.incident.models import AttachmentRow, IncidentPersonRow, IncidentRow
from sofadesk.cases.incident.reads import PurgeRead

SEE_PERSONAL = ("legal_adviser",)
RETENTION = Actor(None, "retention", None)


def sees_personal_data(user: CurrentUser) -> bool:
    return user.has(*SEE_PERSONAL)


def retention_until(session: Session, inc: IncidentRow) -> datetime | None:
    """The end of the retention period: the shorter of the two States' periods, counted from closure (personal
    data is kept no longer than either State allows)."""
    if inc.closed_at is None:
        return None
    days = min(settings_of(session, s).retention_days for s in (inc.sending_state, inc.receiving_state))
    return inc.closed_at + timedelta(days=days)


def erase(session: Session, inc: IncidentRow) -> dict[str, int]:
    persons = attachments = 0
    for p in session.execute(
        select(IncidentPersonRow).where(IncidentPersonRow.incident_id == inc.id)
    ).scalars():
        p.name = p.identifier = p.notes = None
        p.date_of_birth = None
        persons += 1
    for a in session.execute(select(AttachmentRow).where(AttachmentRow.incident_id == inc.id)).scalars():
        a.content, a.filename = None, f"attachment-{a.number} (erased)"
        attachments += 1
    inc.erased_at = now()
    inc.version += 1
    return {"persons": persons, "attachments": attachments}


def purge(session: Session, moment: datetime | None = None) -> PurgeRead:
    """Erase the personal data of every closed incident past its retention period; each erasure is an audit
    event of the case (by `retention`, not a user).  For the CLI (`sofadesk incident purge`) or a scheduler."""
    moment = moment or now()
    candidates = list(
        session.execute(
            select(IncidentRow)
            .where(IncidentRow.closed_at.is_not(None), IncidentRow.erased_at.is_(None))
            .order_by(IncidentRow.id)
            .with_for_update()
        ).scalars()
    )
    erased = []
    for inc in candidates:
        until = retention_until(session, inc)
        if until is None or until > moment:
            continue
        counts = erase(session, inc)
        append(
            session,
            RETENTION,
            "incident.personal_data_erased",
            KIND.name,
            inc.id,
            {
                **counts,
                "closed_at": inc.closed_at.isoformat() if inc.closed_at else None,
                "retention_until": until.isoformat(),
            },
        )
        erased.append(inc.reference)
    return PurgeRead(erased=erased, checked=len(candidates))

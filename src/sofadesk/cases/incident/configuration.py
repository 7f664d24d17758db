"""Each State's configuration for incidents, kept by its administrator and shown as configuration, never as
law: its time limits (contesting a duty certificate, answering a waiver request or a custody request, notifying
an arrest) in its own working days, its retention period for personal data, its standing waiver practice
towards sending States, and its roster of qualified trial observers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.incident.common import settings_of
from sofadesk.cases.incident.models import IncidentSettingsRow, ObserverRow, WaiverPracticeRow
from sofadesk.cases.incident.reads import ObserverRead, SettingsRead, WaiverPracticeRead
from sofadesk.cases.incident.schemas import ObserverBody, SettingsBody, WaiverPracticeBody
from sofadesk.errors import Forbidden, Invalid, NotFound


def _admin_of(user: CurrentUser, state: str) -> None:
    user.require("administrator")
    if state != user.state:
        raise Forbidden("an administrator keeps its own State's configuration only")


def _known(session: Session, state: str, field: str) -> None:
    from sofadesk.db.models import StateRow

    if session.get(StateRow, state) is None:
        raise NotFound(f"{field}: {state!r} is not an ISO 3166-1 alpha-3 code we know")


def settings_read(session: Session, state: str) -> SettingsRead:
    _known(session, state, "state")
    row = session.get(IncidentSettingsRow, state)
    body = settings_of(session, state)
    return SettingsRead(
        **body.model_dump(),
        state=state,
        configured=row is not None,
        updated_at=row.updated_at.isoformat() + "Z" if row else None,
    )


def set_settings(session: Session, user: CurrentUser, state: str, body: SettingsBody) -> SettingsRead:
    _admin_of(user, state)
    row = session.get(IncidentSettingsRow, state) or IncidentSettingsRow(state_code=state)
    for field, value in body.model_dump().items():
        setattr(row, field, value)
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    append(session, user.actor, "incident_settings.updated", "incident_settings", state, body.model_dump())
    session.flush()
    return settings_read(session, state)


def _practice_read(row: WaiverPracticeRow) -> WaiverPracticeRead:
    return WaiverPracticeRead(
        receiving_state=row.receiving_state,
        sending_state=row.sending_state,
        advance_waiver=row.advance_waiver,
        recall_days=row.recall_days,
        recall_likely=list(row.recall_likely),
        source=row.source,
        updated_at=row.updated_at.isoformat() + "Z",
    )


def waiver_practices(session: Session, state: str | None = None) -> list[WaiverPracticeRead]:
    """Standing waiver practices (configuration), of one receiving State or of all: the States concerned by a
    case need to know the other's."""
    query = select(WaiverPracticeRow).order_by(
        WaiverPracticeRow.receiving_state, WaiverPracticeRow.sending_state
    )
    if state:
        query = query.where(WaiverPracticeRow.receiving_state == state)
    return [_practice_read(r) for r in session.execute(query).scalars()]


def set_waiver_practice(
    session: Session, user: CurrentUser, sending_state: str, body: WaiverPracticeBody
) -> WaiverPracticeRead:
    """The user's State (as receiving State) records its standing practice towards `sending_state`."""
    user.require("administrator")
    _known(session, sending_state, "sending_state")
    if sending_state == user.state:
        raise Invalid("sending_state", "a practice is towards another State")
    row = session.get(WaiverPracticeRow, (user.state, sending_state)) or WaiverPracticeRow(
        receiving_state=user.state, sending_state=sending_state
    )
    row.advance_waiver, row.recall_days = body.advance_waiver, body.recall_days
    row.recall_likely, row.source = list(body.recall_likely), body.source
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    append(
        session,
        user.actor,
        "waiver_practice.updated",
        "waiver_practice",
        f"{user.state}-{sending_state}",
        body.model_dump(),
    )
    session.flush()
    return _practice_read(row)


def _observer_read(row: ObserverRow) -> ObserverRead:
    return ObserverRead(id=row.id, state=row.state_code, name=row.name, lawyer=row.lawyer, active=row.active)


def observers(session: Session, state: str) -> list[ObserverRead]:
    rows = session.execute(
        select(ObserverRow).where(ObserverRow.state_code == state).order_by(ObserverRow.id)
    )
    return [_observer_read(r) for r in rows.scalars()]


def add_observer(session: Session, user: CurrentUser, body: ObserverBody) -> ObserverRead:
    """A qualified trial observer on the user's State's roster (a lawyer unless only minor offences)."""
    _admin_of(user, user.state)
    row = ObserverRow(
        state_code=user.state, name=body.name, lawyer=body.lawyer, active=body.active, updated_at=now()
    )
    session.add(row)
    session.flush()
    append(
        session,
        user.actor,
        "observer.added",
        "observer",
        row.id,
        {"lawyer": body.lawyer, "active": body.active},
    )
    return _observer_read(row)


def update_observer(
    session: Session, user: CurrentUser, observer_id: int, body: ObserverBody
) -> ObserverRead:
    row = session.get(ObserverRow, observer_id)
    if row is None or row.state_code != user.state:
        raise NotFound(f"no observer {observer_id} on {user.state}'s roster")
    _admin_of(user, row.state_code)
    row.name, row.lawyer, row.active, row.updated_at = body.name, body.lawyer, body.active, now()
    append(
        session,
        user.actor,
        "observer.updated",
        "observer",
        row.id,
        {"lawyer": body.lawyer, "active": body.active},
    )
    return _observer_read(row)

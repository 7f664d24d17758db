"""The audit trail as one State may see it: the events of cases it is concerned by and those of its own
officials.  The chain's integrity is checked whole (a break anywhere matters to every State), but what a
State is told stays within what it may see: how many of *its* events verified, and where the chain broke
only if the broken event is one of them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, cast, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify
from sofadesk.audit.models import AuditEventRow
from sofadesk.cases.exercise import service as exercises
from sofadesk.cases.exercise.models import ExerciseRow
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.models import TransitRow


def visible_events(user: CurrentUser) -> ColumnElement[bool]:
    """Events of the cases the user's State may see, and events its own officials caused."""
    visible_transits = select(cast(TransitRow.id, String)).where(transits.visible_to(user))
    visible_exercises = select(cast(ExerciseRow.id, String)).where(exercises.visible_to(user))
    return (
        ((AuditEventRow.target_type == "transit") & AuditEventRow.target_id.in_(visible_transits))
        | ((AuditEventRow.target_type == "exercise") & AuditEventRow.target_id.in_(visible_exercises))
        | (AuditEventRow.actor_state == user.state)
    )


@dataclass(frozen=True)
class StateVerification:
    intact: bool
    events: int  # the events this State may see, all verified when intact
    first_broken: int | None  # only when the broken event is one this State may see
    problem: str | None


def verify_for(session: Session, user: CurrentUser) -> StateVerification:
    whole = verify(session)
    visible = visible_events(user)
    count = session.execute(select(func.count()).select_from(AuditEventRow).where(visible)).scalar_one()
    if whole.intact:
        return StateVerification(True, count, None, None)
    shown = (
        whole.first_broken is not None
        and session.execute(
            select(AuditEventRow.id).where(AuditEventRow.id == whole.first_broken, visible)
        ).first()
        is not None
    )
    if shown:
        return StateVerification(False, count, whole.first_broken, whole.problem)
    return StateVerification(False, count, None, "the chain is broken at an event your State may not see")

"""Training areas: each State's own, recorded by its planners, the thing two exercises may both book."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.exercise.models import TrainingAreaRow
from sofadesk.cases.exercise.reads import TrainingAreaRead
from sofadesk.cases.exercise.schemas import TrainingAreaBody


def set_training_area(
    session: Session, user: CurrentUser, code: str, body: TrainingAreaBody
) -> TrainingAreaRead:
    """Create or update one of the user's own State's training areas."""
    user.require("planner", "administrator")
    row = session.execute(
        select(TrainingAreaRow).where(TrainingAreaRow.state_code == user.state, TrainingAreaRow.code == code)
    ).scalar_one_or_none() or TrainingAreaRow(state_code=user.state, code=code)
    row.name, row.capacity_persons = body.name, body.capacity_persons
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    session.flush()
    append(
        session,
        user.actor,
        "training_area.updated",
        "training_area",
        f"{user.state}/{code}",
        body.model_dump(),
    )
    return _read(row)


def training_areas(session: Session, state: str) -> list[TrainingAreaRead]:
    rows = session.execute(
        select(TrainingAreaRow).where(TrainingAreaRow.state_code == state).order_by(TrainingAreaRow.code)
    ).scalars()
    return [_read(r) for r in rows]


def _read(r: TrainingAreaRow) -> TrainingAreaRead:
    return TrainingAreaRead(state=r.state_code, code=r.code, name=r.name, capacity_persons=r.capacity_persons)

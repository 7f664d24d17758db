"""Training areas: each State's own, recorded by its planners, the thing two exercises may both book."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.exercise.models import TrainingAreaRow
from sofadesk.cases.exercise.reads import TrainingAreaRead
from sofadesk.cases.exercise.schemas import TrainingAreaBody
from sofadesk.db import direct
from sofadesk.db.prepared import prepared


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


# Built once, values only: the exercise list shows the State's areas on every request.
_AREAS = prepared(
    select(
        TrainingAreaRow.state_code,
        TrainingAreaRow.code,
        TrainingAreaRow.name,
        TrainingAreaRow.capacity_persons,
    )
    .where(TrainingAreaRow.state_code == bindparam("state"))
    .order_by(TrainingAreaRow.code)
)


def training_areas(session: Session, state: str) -> list[TrainingAreaRead]:
    session.flush()  # an area changed in this transaction is read as changed (as the session's autoflush did)
    return [_read(r) for r in direct.rows(session.connection(), _AREAS, {"state": state})]


def _read(r: Any) -> TrainingAreaRead:
    """From an area's row or a row of its values."""
    return TrainingAreaRead(state=r.state_code, code=r.code, name=r.name, capacity_persons=r.capacity_persons)

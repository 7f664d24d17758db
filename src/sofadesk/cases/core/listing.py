"""Pages of cases and their timelines, for every kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import timeline
from sofadesk.cases.core.kinds import CaseKind
from sofadesk.cases.core.parties import load_visible
from sofadesk.cases.core.reads import TimelineEvent


def page_of(
    session: Session,
    kind: CaseKind,
    where: ColumnElement[bool],
    order_by: tuple[Any, ...],
    limit: int,
    offset: int,
) -> tuple[int, list[Any]]:
    """How many cases match, and the requested page of them (list endpoints: total, limit, offset)."""
    total = session.execute(select(func.count()).select_from(kind.row).where(where)).scalar_one()
    rows = session.execute(
        select(kind.row).where(where).order_by(*order_by).limit(limit).offset(offset)
    ).scalars()
    return int(total), list(rows)


def case_timeline(session: Session, kind: CaseKind, user: CurrentUser, case_id: int) -> list[TimelineEvent]:
    case = load_visible(session, kind, user, case_id)
    return [TimelineEvent.model_validate(e) for e in timeline(session, kind.name, case.id)]

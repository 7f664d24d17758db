"""The way back from the law to the cases: which case steps relied on a provision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from sofadesk.cases.core.audit import CitedEvent, events_citing
from sofadesk.serving.deps import CurrentActor, read_only
from sofadesk.serving.problems import ERRORS

router = APIRouter(tags=["law"], responses=ERRORS)


@router.get("/law/used", response_model=list[CitedEvent])
def law_used(
    user: CurrentActor,
    request: Request,
    citation: Annotated[str, Query(min_length=3, max_length=80, examples=["NATO SOFA Art. VII(3)(a)(ii)"])],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[CitedEvent]:
    """Case steps that relied on the provision (or a paragraph within it), newest first, among the cases the
    user's State may see."""
    with read_only(request) as session:
        return events_citing(session, user, citation, limit)

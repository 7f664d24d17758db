"""The signed-in user's notifications: the inbox, and marking them read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, model_validator

from sofadesk.cases.bodies import MAX_INT, Strict
from sofadesk.notifications import service as notifications
from sofadesk.serving.deps import CurrentActor, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    id: int
    created_at: datetime
    read_at: datetime | None
    unread: bool
    event: str = Field(description="slot.opened, slot.reopened, slot.due_soon or slot.overdue")
    case_kind: str
    case_id: int
    case_reference: str
    subject: str
    body: str
    link: str = Field(description="The case's page in the web interface, e.g. /transits/12")


class NotificationList(BaseModel):
    items: list[NotificationOut]
    unread: int = Field(
        description="How many of the user's notifications are unread (all of them, not this page's)."
    )


class MarkRead(Strict):
    """Either the ids of notifications to mark read, or `all`: true."""

    ids: list[Annotated[int, Field(ge=1, le=MAX_INT)]] = Field(default_factory=list, max_length=500)
    all: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> MarkRead:
        if bool(self.ids) == self.all:
            raise ValueError("give either ids (a non-empty list) or all: true")
        return self


class MarkReadOut(BaseModel):
    marked: int = Field(
        description="Notifications marked read now (others' ids, or ones already read, are not)."
    )
    unread: int


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


@router.get("/notifications", response_model=NotificationList, responses=ERRORS)
def list_notifications(
    user: CurrentActor,
    request: Request,
    unread: Annotated[bool, Query(description="Only the unread ones.")] = False,
    limit: Annotated[int, Query(ge=1, le=notifications.MAX_LIMIT)] = 50,
) -> NotificationList:
    """The user's notifications, newest first: decisions their State must take."""
    with read_only(request) as session:
        items = notifications.inbox(session, user, limit=limit, unread_only=unread)
        count = notifications.unread_count(session, user)
    return NotificationList(
        items=[
            NotificationOut(
                id=i.id,
                created_at=i.created_at.replace(tzinfo=UTC),
                read_at=_utc(i.read_at),
                unread=i.unread,
                event=i.event,
                case_kind=i.case_kind,
                case_id=i.case_id,
                case_reference=i.case_reference,
                subject=i.subject,
                body=i.body,
                link=i.link,
            )
            for i in items
        ],
        unread=count,
    )


@router.post("/notifications/read", response_model=MarkReadOut, responses=ERRORS)
def mark_read(body: MarkRead, user: CurrentActor, request: Request) -> MarkReadOut:
    """Mark notifications read: the given ids (only the user's own are marked), or all of them."""
    which: list[int] | Literal["all"] = "all" if body.all else body.ids
    with unit_of_work(request) as session:
        marked = notifications.mark_read(session, user, which)
        count = notifications.unread_count(session, user)
    return MarkReadOut(marked=marked, unread=count)

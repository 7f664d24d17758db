"""The inbox page: the signed-in user's notifications (decisions their State must take), newest first, each
linking to its case; marking one or all of them read.  The header's count comes from ui.pages.render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.notifications import service as notifications
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui.pages import action, page, render

router = APIRouter(include_in_schema=False)
ROWS = 100


def _show(
    request: Request,
    user: CurrentUser,
    csrf: str,
    message: str | None = None,
    status: int = 200,
    unread: bool = False,
    **_: Any,
) -> Response:
    with read_only(request) as session:
        items = notifications.inbox(session, user, limit=ROWS, unread_only=unread)
        count = notifications.unread_count(session, user)
    return render(
        request,
        "inbox.html",
        status,
        user=user,
        csrf_token=csrf,
        items=items,
        unread=count,
        unread_only=unread,
        message=message,
        error=status >= 400,
        unread_count=lambda: count,
    )


@router.get("/inbox")
@page
def inbox_page(request: Request, user: CurrentUser, csrf: str, unread: bool = False) -> Response:
    return _show(request, user, csrf, unread=unread)


@router.post("/inbox/read")
@action(_show)
def mark_read(
    request: Request,
    user: CurrentUser,
    csrf: str,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    id: Annotated[int | None, Form(ge=1, le=MAX_INT)] = None,
) -> Response:
    """One notification (`id`), or all of them, marked read; the user's own only."""
    with unit_of_work(request) as session:
        notifications.mark_read(session, user, [id] if id is not None else "all")
    return RedirectResponse("/inbox", status_code=303)

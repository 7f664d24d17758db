"""The web interface's sign-in, language switch and dashboard.  Each page calls the same service functions as
the API and the CLI; nothing here decides anything the services do not.  Case, registry and law pages are in
their own modules (transit_pages, exercise_pages, registry_pages, law_pages)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from sofadesk.accounts import throttle
from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.core import pending as open_decisions
from sofadesk.cases.core import slots
from sofadesk.cases.core.audit import verify_for
from sofadesk.cases.core.kinds import import_object
from sofadesk.cases.core.listing import COUNT_BOUND
from sofadesk.cases.exercise import service as exercises
from sofadesk.cases.exercise.kind import LIVE
from sofadesk.cases.kinds import SHIPPED
from sofadesk.cases.transit import service as transits
from sofadesk.db.planner import generic_plans
from sofadesk.errors import DomainError
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.serving.routing import guarded
from sofadesk.ui import (
    assets,
    domain_messages,
    i18n,
    inbox_pages,
    law_pages,
    registry_act_pages,
    registry_pages,
    route_pages,
    search_pages,
    sessions,
)
from sofadesk.ui.activity import feed
from sofadesk.ui.pages import (
    LANGUAGE_COOKIE,
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    Cursor,
    language_of,
    page,
    render,
    set_cookie,
    signed_in,
    t,
    wrong_token,
)

router = APIRouter(include_in_schema=False)
DASHBOARD_ROWS = 50


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "sign_in.html", user=None, csrf_token=token, next=_safe_next(next), username="", error=None
    )
    set_cookie(response, request, PRELOGIN_COOKIE, token, max_age=3600)
    return response


@router.post("/sign-in")
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=500)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    if not sessions.csrf_ok(request.cookies.get(PRELOGIN_COOKIE, ""), csrf_token):
        return render(
            request,
            "sign_in.html",
            403,
            user=None,
            csrf_token=request.cookies.get(PRELOGIN_COOKIE, ""),
            next=_safe_next(next),
            username=username,
            error=t(request, "The form expired; please try again."),
        )
    try:
        with unit_of_work(request) as session:
            throttle.count_attempt(session, username)
        with unit_of_work(request) as session:
            value, _user = sessions.sign_in(session, username, password)
    except DomainError as exc:
        status = exc.status if exc.status == 429 else 401
        message = (
            t(request, "Wrong username or password.")
            if status == 401
            else i18n.render(domain_messages.in_words(exc.detail), language_of(request))
        )
        return render(
            request,
            "sign_in.html",
            status,
            user=None,
            csrf_token=csrf_token,
            next=_safe_next(next),
            username=username,
            error=message,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, value, max_age=int(sessions.LIFETIME.total_seconds()))
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, csrf_token: Annotated[str, Form(max_length=100)] = "") -> Response:
    found = signed_in(request)
    if found is not None:
        refused = wrong_token(request, found[0], found[1], csrf_token)
        if refused is not None:
            return refused
        with unit_of_work(request) as session:
            sessions.sign_out(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/language/{code}")
def language(
    request: Request, code: Annotated[str, PathParam(pattern=r"^[a-z]{2}$")], next: str | None = None
) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    if code in i18n.LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.get("/")
@page
def dashboard(request: Request, user: CurrentUser, csrf: str) -> Response:
    with read_only(request) as session:
        # The most urgent first, a page at a time: a busy State has hundreds pending (measured with 1,000 cases).
        # Every kind's decisions at once: transit legs, exercise invitations, ... (the case-kind registry).
        pending: list[Any] = []
        pending_total = 0
        if user.has("approver"):
            with generic_plans(session):  # one setting for both statements (each asks for it)
                pending = slots.pending_for(session, user.state, limit=DASHBOARD_ROWS)
                # Counted up to a bound: past it the dashboard says "more than" (a full count grows with the data).
                pending_total = slots.pending_count(session, user.state, bound=COUNT_BOUND) if pending else 0
        # Only a requester's dashboard shows its own drafts and waiting requests.  Asked for another State's
        # officials they matched nothing, which SQLite found by walking every transit (issue 18: 100,000 cases).
        requester = user.has("requester")
        drafts = (
            transits.list_visible(session, user, own_with_status=("draft",), limit=DASHBOARD_ROWS)
            if requester
            else None
        )
        waiting = (
            transits.list_visible(
                session, user, own_with_status=("submitted", "more_information"), limit=DASHBOARD_ROWS
            )
            if requester
            else None
        )
        planned = (
            exercises.list_visible(session, user, limit=DASHBOARD_ROWS, statuses=tuple(LIVE)).items
            if user.has("planner")
            else []
        )
        activity = feed(session, user)
    return render(
        request,
        "dashboard.html",
        user=user,
        csrf_token=csrf,
        pending=pending,
        pending_overdue=sum(d.overdue for d in pending),
        pending_total=min(pending_total, COUNT_BOUND),
        pending_exact=pending_total <= COUNT_BOUND,
        drafts=drafts,
        waiting=waiting,
        exercises=planned,
        activity=activity,
    )


@router.get("/decisions")
@page
def decisions(request: Request, user: CurrentUser, csrf: str, cursor: Cursor = None) -> Response:
    """Every decision the user's State has to take, of every case kind, the earliest due first, a hundred to a
    page (keyset pages off the open-decisions index)."""
    user.require("approver")
    # One planner setting for both statements (each asks for it).
    with read_only(request) as session, generic_plans(session):
        shown = open_decisions.page(session, user.state, limit=100, cursor=cursor)
        total = slots.pending_count(session, user.state, bound=COUNT_BOUND)
    found = {
        "total": min(total, COUNT_BOUND),
        "total_exact": total <= COUNT_BOUND,
        "next_cursor": shown.next_cursor,
        "previous_cursor": shown.previous_cursor,
    }
    return render(request, "decisions.html", user=user, csrf_token=csrf, pending=shown.items, found=found)


@router.get("/audit")
@page
def whole_chain(request: Request, user: CurrentUser, csrf: str) -> Response:
    """The whole audit chain walked on request (it grows with every case, so case pages verify only their own
    events).  It tells whether the chain is intact and how many of the State's own events it holds, nothing of
    other States' cases."""
    with read_only(request) as session:
        chain = verify_for(session, user)
    return render(request, "_chain.html", user=user, csrf_token=csrf, chain=chain, whole=True)


# Every page router as the application includes it, each guarded by its first path segments (a request skips the
# other pages' routes at once) and each included in the application itself, not in a router of routers (a level
# of inclusion costs a match, see sofadesk.serving.routing): the pages of every case kind the kinds list names,
# the registry's, the law's and the rest; then the pages above.
routers: list[APIRouter] = [
    guarded(pages)
    for pages in [import_object(f"{k.pages}:router") for k in SHIPPED if k.pages]
    + [
        registry_act_pages.router,
        registry_pages.router,
        route_pages.router,
        law_pages.router,
        inbox_pages.router,
        search_pages.router,
        assets.router,
        router,
    ]
]

"""Search: the cases the user's State may see, by reference, name, State (by code or by name in the reader's
language) or place, filtered by kind, status or overdue decisions; and the user's saved filters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.core.kinds import registered
from sofadesk.search import filters as saved
from sofadesk.search import service as search
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import i18n
from sofadesk.ui.pages import action, language_of, page, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=100)]


def states_named(request: Request, text: str) -> list[str]:
    """The codes of the States whose code is `text`, or whose name (in the reader's language or in English)
    contains it; none for fewer than three letters unless it is a code."""
    text = text.strip()
    registry = request.app.state.inforce.registry
    if len(text) == 3 and text.upper() in registry.states:
        return [text.upper()]
    if len(text) < 3:
        return []
    needle = text.casefold()
    names = {r["code"]: r["name"] for r in i18n.states_by_name(registry, language_of(request))}
    return sorted(
        code
        for code, s in registry.states.items()
        if needle in names.get(code, "").casefold() or needle in s.display_name.casefold()
    )[:20]


def _show(
    request: Request,
    user: CurrentUser,
    csrf: str,
    message: str | None = None,
    status_code: int = 200,
    q: str = "",
    kind: str = "",
    status: str = "",
    overdue: bool = False,
    **_: Any,
) -> Response:
    kinds = {k.name: k for k in registered()}
    chosen = kind if kind in kinds else ""
    statuses = sorted({s for k in kinds.values() for s in k.workflow.statuses})
    asked = bool(q.strip() or chosen or status or overdue)
    codes = states_named(request, q) if q.strip() else []
    with read_only(request) as session:
        hits = (
            search.search(
                session, user, q, codes, chosen or None, status if status in statuses else None, overdue
            )
            if asked
            else []
        )
        filters = saved.saved_filters(session, user)
    query = saved.canonical_query(
        {"q": q.strip(), "kind": chosen, "status": status, "overdue": "true" if overdue else ""}
    )
    return render(
        request,
        "search.html",
        status_code,
        user=user,
        csrf_token=csrf,
        q=q,
        kind=chosen,
        status=status,
        overdue=overdue,
        kinds=list(kinds),
        statuses=statuses,
        hits=hits,
        asked=asked,
        codes=codes,
        filters=filters,
        query=query,
        message=message,
        error=status_code >= 400,
    )


@router.get("/search")
@page
def search_page(
    request: Request,
    user: CurrentUser,
    csrf: str,
    q: Text = "",
    kind: Annotated[str, Query(max_length=24)] = "",
    status: Annotated[str, Query(max_length=24)] = "",
    overdue: bool = False,
) -> Response:
    return _show(request, user, csrf, q=q, kind=kind, status=status, overdue=overdue)


def _back(request: Request, user: CurrentUser, csrf: str, message: str, status: int, **_: Any) -> Response:
    return _show(request, user, csrf, message, status)


@router.post("/search/filters")
@action(_back)
def save(
    request: Request,
    user: CurrentUser,
    csrf: str,
    name: Annotated[str, Form(max_length=200)],
    query: Annotated[str, Form(max_length=600)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    from urllib.parse import parse_qsl

    params = dict(parse_qsl(query))
    with unit_of_work(request) as session:
        kept = saved.save_filter(session, user, name, saved.canonical_query(params))
    return RedirectResponse(kept.link, status_code=303)


@router.post("/search/filters/{filter_id}/delete")
@action(_back)
def delete(
    request: Request,
    user: CurrentUser,
    csrf: str,
    filter_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    with unit_of_work(request) as session:
        saved.delete_filter(session, user, filter_id)
    return RedirectResponse("/search", status_code=303)

"""Incident pages: the list of the incidents the user's State may see, the report form, and the case page with
the facts, the persons (redacted for the reader's role as the API redacts them), the jurisdiction finding with
its reasons and citations linked to the law pages, the decisions due, the flags and the timeline.  Each step is
a form of the case page (incident_steps); the statistics are a page of their own (incident_stats_pages).  Every
page calls the incident service, exactly as the API does; a State not concerned gets a plain 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.incident import service
from sofadesk.cases.incident.kind import STATUSES
from sofadesk.errors import DomainError, NotFound
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import domain_messages, i18n, incident_form, incident_stats_pages, incident_steps
from sofadesk.ui.incident_case import show
from sofadesk.ui.pages import language_of, page, posted_form, render, shown

router = APIRouter(include_in_schema=False)
# The statistics first (/incidents/statistics is not an incident's id), and the steps (forms of the case page).
router.include_router(incident_stats_pages.router)
router.include_router(incident_steps.router)
IncidentId = Annotated[int, PathParam(ge=1, le=MAX_INT)]
LIST_ROWS = 50


@router.get("/incidents")
@page
def incident_list(
    request: Request,
    user: CurrentUser,
    csrf: str,
    status: str | None = None,
    state: Annotated[str | None, Query(max_length=3)] = None,
    year: Annotated[str | None, Query(max_length=4)] = None,
    overdue: Annotated[str | None, Query(max_length=3)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> Response:
    """The office's incidents, newest first, filtered as the API filters them (status, the other State, the
    year, decisions overdue); a filter that is not one of its choices is ignored."""
    chosen: dict[str, Any] = {
        "status": status if status in STATUSES else None,
        "state": state.upper() if state and state.isalpha() and len(state) == 3 else None,
        "year": int(year) if year and year.isdigit() and 1951 <= int(year) <= 2200 else None,
        "overdue": {"yes": True, "no": False}.get(overdue or ""),
    }
    with read_only(request) as session:
        found = service.list_visible(
            session,
            user,
            chosen["status"],
            chosen["state"],
            chosen["year"],
            chosen["overdue"],
            LIST_ROWS,
            offset,
        )
    query = "&".join(
        f"{k}={'yes' if v is True else 'no' if v is False else v}" for k, v in chosen.items() if v is not None
    )
    return render(
        request,
        "incidents.html",
        user=user,
        csrf_token=csrf,
        found=found,
        chosen=chosen,
        statuses=STATUSES,
        query=query,
        states=i18n.states_by_name(request.app.state.inforce.registry, language_of(request)),
    )


# --- the report form --------------------------------------------------------------------------------------------


def _form(
    request: Request,
    user: CurrentUser,
    csrf: str,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "incident_form.html",
        status,
        user=user,
        csrf_token=csrf,
        v=values,
        persons=incident_form.person_rows(values),
        errors=shown(request, errors or {}),
        states=i18n.states_by_name(request.app.state.inforce.registry, language_of(request)),
        roles=incident_form.ROLES,
        categories=incident_form.CATEGORIES,
        services=incident_form.SERVICES,
        third_states=incident_form.THIRD_STATES,
        harms=incident_form.HARMS,
        offences=incident_form.OFFENCES,
        tri_facts=incident_form.TRI_FACTS,
    )


@router.get("/incidents/new")
@page
def new_form(request: Request, user: CurrentUser, csrf: str) -> Response:
    user.require("legal_adviser")
    return _form(request, user, csrf, incident_form.values_of(user.state))


def _report(request: Request, user: CurrentUser, csrf: str, form: FormData) -> Response:
    """The report through the service the API uses (service.create); every refusal shown by its field."""
    parsed = incident_form.parse(form)
    if parsed.report is None:
        return _form(request, user, csrf, parsed.values, parsed.errors, 422)
    try:
        with unit_of_work(request) as session:
            created = service.create(session, user, parsed.report, request.app.state.inforce)
    except DomainError as exc:
        errors = {incident_form.field_name(tuple(e["field"].split("."))): [e["message"]] for e in exc.errors}
        return _form(
            request,
            user,
            csrf,
            parsed.values,
            errors or {"form": [domain_messages.in_words(exc.detail)]},
            exc.status,
        )
    return RedirectResponse(f"/incidents/{created.id}", status_code=303)


@router.post("/incidents/new")
async def create(request: Request) -> Response:
    return await posted_form(request, _report, 0, 1000)


# --- the case page ----------------------------------------------------------------------------------------------


@router.get("/incidents/{incident_id}")
@page
def incident_page(request: Request, user: CurrentUser, csrf: str, incident_id: IncidentId) -> Response:
    return show(request, user, csrf, incident_id)


@router.get("/incidents/{incident_id}/stale")
@page
def stale(
    request: Request,
    user: CurrentUser,
    csrf: str,
    incident_id: IncidentId,
    seen: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> Response:
    """What the case page polls: nothing while the incident is as the page showed it, else a warning."""
    with read_only(request) as session:
        row = service.load_visible(session, user, incident_id)
        version, status = row.version, row.status
    return render(
        request,
        "_stale.html",
        user=user,
        csrf_token=csrf,
        changed=status if version != seen else None,
        stale_url=f"/incidents/{incident_id}/stale?seen={seen}",
    )


@router.get("/incidents/{incident_id}/attachments/{number}")
@page
def attachment(
    request: Request,
    user: CurrentUser,
    csrf: str,
    incident_id: IncidentId,
    number: Annotated[int, PathParam(ge=1, le=1000)],
) -> Response:
    """An attachment, for the legal advisers of the two States (the service refuses anyone else)."""
    try:
        with read_only(request) as session:
            name, _media, data = service.attachment(session, user, incident_id, number)
    except NotFound:
        raise
    except DomainError as exc:
        return render(
            request,
            "error.html",
            exc.status,
            user=user,
            csrf_token=csrf,
            message=domain_messages.in_words(exc.detail),
        )
    safe = "".join(c for c in name if c.isalnum() or c in "._- ")[:100] or "attachment"
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )

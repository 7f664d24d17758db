"""Transit pages: the list, the request form (create, edit a draft, amend a submitted one, manifests by upload),
the case page with its checks, decisions, crossings, route map, documents and audit trail, and every step of
the workflow as a form.  Each step calls the transit service, exactly as the API does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify_case
from sofadesk.cases.bodies import MAX_INT, ReasonBody
from sofadesk.cases.force_checks import CheckRead
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.kind import DECISIONS, STATUSES, WORKFLOW
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.cases.transit.schemas import CrossingBody, DecisionBody
from sofadesk.errors import DomainError, NotFound
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import documents, domain_messages, i18n, route_map, transit_form
from sofadesk.ui.pages import (
    Cursor,
    action,
    form_version,
    language_of,
    page,
    posted_form,
    render,
    shown,
    t,
    validation_message,
    wrong_token,
)

router = APIRouter(include_in_schema=False)
TransitId = Annotated[int, PathParam(ge=1, le=MAX_INT)]
Token = Annotated[str, Form(max_length=100)]


def _states(request: Request) -> list[dict[str, str]]:
    return i18n.states_by_name(request.app.state.inforce.registry, language_of(request))


@router.get("/transits")
@page
def transit_list(request: Request, user: CurrentUser, csrf: str, status: str | None = None,
                 cursor: Cursor = None) -> Response:  # fmt: skip
    chosen = status if status in STATUSES else None
    with read_only(request) as session:
        found = transits.list_visible(session, user, status=chosen, limit=50, cursor=cursor)
    return render(request, "transits.html", user=user, csrf_token=csrf, found=found, status=chosen,
                  statuses=STATUSES)  # fmt: skip


@router.get("/transits/new")
@page
def new_form(request: Request, user: CurrentUser, csrf: str) -> Response:
    user.require("requester")
    return _form(request, user, csrf, transit_form.values_of(None, user.state), None)


def _case(request: Request, user: CurrentUser, transit_id: int) -> dict[str, Any]:
    engine = request.app.state.inforce
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
        checks = transits.checks(session, user, transit_id, engine)
        timeline = transits.timeline(session, user, transit_id)
        chain = verify_case(session, "transit", transit_id)
    mine = next((d for d in case.decisions if d.state == user.state), None) if user.has("approver") else None
    crossed = [leg.state for leg in case.content.legs]
    owner = case.sending_state == user.state
    return {"t": case, "checks": checks, "timeline": timeline, "chain": chain, "mine": mine,
            "own": owner and user.has("requester"), "stale_url": f"/transits/{transit_id}/stale?seen={case.version}",
            "actions": WORKFLOW.actions(case.status, owner=owner, roles=user.roles), "decisions": DECISIONS,
            "crossing_state": user.state in crossed and user.has("approver"),
            "general_checks": [c for c in checks.checks if c.leg is None] + _document_checks(case)}  # fmt: skip


def _document_checks(case: TransitRead) -> list[CheckRead]:
    """The movement order's languages, as the page's own check: a language the order needs (Art. III(2)(b))
    that SOFA Desk cannot write is said, not claimed."""
    note = documents.order_language_check(case)
    if note is None:
        return []
    return [CheckRead(leg=None, state=case.sending_state, kind="documents", status="flag", message=note,
                      citations=["NATO SOFA Art. III(2)(b)"], basis="law")]  # fmt: skip


def _show(request: Request, user: CurrentUser, csrf: str, message: str | None = None, status: int = 200,
          transit_id: int = 0, **_: Any) -> Response:  # fmt: skip
    return render(request, "transit.html", status, user=user, csrf_token=csrf, message=message, error=status >= 400,
                  **_case(request, user, transit_id))  # fmt: skip


@router.get("/transits/{transit_id}")
@page
def transit_page(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId) -> Response:
    return _show(request, user, csrf, transit_id=transit_id)


@router.post("/transits/{transit_id}/decide")
@page
def decide(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
           decision: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=0, le=MAX_INT)],
           csrf_token: Token = "", note: Annotated[str, Form(max_length=4000)] = "") -> Response:  # fmt: skip
    """The decision form answers a fragment to htmx (which swaps 2xx only, so the outcome is in the fragment)
    and a whole page, or a redirect, without JavaScript."""
    htmx = request.headers.get("hx-request") == "true"
    refused = wrong_token(request, user, csrf, csrf_token)
    if refused is not None:
        return refused
    message, status = t(request, "Decision recorded."), 200
    try:
        body = DecisionBody.model_validate({"decision": decision, "note": note or None, "version": version})
        with unit_of_work(request) as session:
            transits.decide(session, user, transit_id, body)
    except ValidationError as exc:
        message, status = validation_message(exc), 422
    except NotFound:
        raise
    except DomainError as exc:
        message, status = domain_messages.in_words(exc.detail), exc.status
    if htmx:
        # The decisions table in place, and out of band whatever the decision changed: the case's status, the
        # route map and checks, the timeline, and the stale-case watch (now at the new version).
        return render(request, "_decided.html", user=user, csrf_token=csrf, message=message, error=status != 200,
                      oob=True, **_case(request, user, transit_id))  # fmt: skip
    if status == 200:
        return RedirectResponse(f"/transits/{transit_id}", status_code=303)
    return _show(request, user, csrf, message, status, transit_id=transit_id)


@router.get("/transits/{transit_id}/stale")
@page
def stale(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
          seen: Annotated[int, Query(ge=0, le=MAX_INT)] = 0) -> Response:  # fmt: skip
    """What the case page polls: nothing while the case is as the page showed it, else a warning in words."""
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
    return render(request, "_stale.html", user=user, csrf_token=csrf, changed=case.status if case.version != seen else None,
                  stale_url=f"/transits/{transit_id}/stale?seen={seen}")  # fmt: skip


@router.get("/transits/{transit_id}/close")
@page
def confirm_close(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
                  step: Annotated[str, Query(pattern="^(withdraw|cancel)$")]) -> Response:  # fmt: skip
    """Withdrawing or cancelling is confirmed on a page of its own, with the reason the States crossed are given."""
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
    return render(request, "confirm.html", user=user, csrf_token=csrf, case=case, step=step,
                  action=f"/transits/{transit_id}/close", back=f"/transits/{transit_id}", kind="transit")  # fmt: skip


def _done(transit_id: int) -> Response:
    return RedirectResponse(f"/transits/{transit_id}", status_code=303)


@router.post("/transits/{transit_id}/submit")
@action(_show)
def submit(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
           version: Annotated[int, Form(ge=0, le=MAX_INT)], csrf_token: Token = "") -> Response:  # fmt: skip
    with unit_of_work(request) as session:
        transits.submit(session, user, transit_id, version, request.app.state.inforce)
    return _done(transit_id)


@router.post("/transits/{transit_id}/crossings")
@action(_show)
def crossing(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
             kind: Annotated[str, Form(max_length=10)], at: Annotated[str, Form(max_length=40)],
             point: Annotated[str, Form(max_length=200)], csrf_token: Token = "") -> Response:  # fmt: skip
    body = CrossingBody.model_validate({"state": user.state, "kind": kind, "at": at, "point": point})
    with unit_of_work(request) as session:
        transits.record_crossing(session, user, transit_id, body)
    return _done(transit_id)


@router.post("/transits/{transit_id}/close")
@action(_show)
def close(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
          step: Annotated[str, Form(pattern="^(complete|withdraw|cancel)$")],
          reason: Annotated[str, Form(max_length=4000)] = "", csrf_token: Token = "") -> Response:  # fmt: skip
    """Complete, withdraw or cancel: the sending State's steps that end a case (the last two need a reason)."""
    with unit_of_work(request) as session:
        if step == "complete":
            transits.complete(session, user, transit_id)
        else:
            why = ReasonBody.model_validate({"reason": reason}).reason
            (transits.withdraw if step == "withdraw" else transits.cancel)(session, user, transit_id, why)
    return _done(transit_id)


# --- the request form -------------------------------------------------------------------------------------------


def _form(request: Request, user: CurrentUser, csrf: str, values: dict[str, Any], case: TransitRead | None,
          errors: dict[str, list[str]] | None = None, status: int = 200,
          checks: list[CheckRead] | None = None) -> Response:  # fmt: skip
    return render(request, "transit_form.html", status, user=user, csrf_token=csrf, v=values,
                  legs=transit_form.leg_rows(values), case=case, errors=shown(request, errors or {}), states=_states(request),
                  checks=checks or [], max_legs=transit_form.MAX_LEGS)  # fmt: skip


@router.get("/transits/{transit_id}/edit")
@page
def edit_form(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId) -> Response:
    engine = request.app.state.inforce
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
        checks = transits.checks(session, user, transit_id, engine).checks
    return _form(
        request, user, csrf, transit_form.values_of(case.content.model_dump(mode="json")), case, checks=checks
    )


def _save(request: Request, user: CurrentUser, csrf: str, form: FormData, transit_id: int | None) -> Response:
    case = None
    if transit_id is not None:
        with read_only(request) as session:
            case = transits.read_visible(session, user, transit_id)
    parsed = transit_form.parse(
        form,
        case.content.model_dump(mode="json") if case else None,
        case.sending_state if case else user.state,
    )
    if parsed.content is None:
        return _form(request, user, csrf, parsed.values, case, parsed.errors, 422)
    try:
        with unit_of_work(request) as session:
            if case is None:
                transit_id = transits.create(session, user, parsed.content).id
            elif case.status == "draft":
                transits.update_draft(session, user, case.id, parsed.content, form_version(form))
            else:
                transits.amend(
                    session, user, case.id, parsed.content, form_version(form), request.app.state.inforce
                )
    except NotFound:
        raise
    except DomainError as exc:
        errors = {e["field"] if e["field"] != "legs" else "leg-0-state": [e["message"]] for e in exc.errors}
        return _form(
            request,
            user,
            csrf,
            parsed.values,
            case,
            errors or {"form": [domain_messages.in_words(exc.detail)]},
            exc.status,
        )
    assert transit_id is not None
    return RedirectResponse(f"/transits/{transit_id}/edit" if case is None or case.status == "draft"
                            else f"/transits/{transit_id}", status_code=303)  # fmt: skip


@router.post("/transits/new")
async def create(request: Request) -> Response:
    return await posted_form(request, _save, len(transit_form.MANIFESTS), 2000, transit_id=None)


@router.post("/transits/{transit_id}/edit")
async def edit(request: Request, transit_id: TransitId) -> Response:
    return await posted_form(request, _save, len(transit_form.MANIFESTS), 2000, transit_id=transit_id)


# --- map and documents -----------------------------------------------------------------------------------------


@router.get("/transits/{transit_id}/route.svg")
@page
def route_svg(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId) -> Response:
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
    names = {status: t(request, status) for status in route_map.COLOURS}
    svg = route_map.draw(case.sending_state, [leg.state for leg in case.content.legs],
                         {d.state: d.status for d in case.decisions}, names)  # fmt: skip
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


@router.get("/transits/{transit_id}/movement-order.pdf")
@page
def movement_order(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId) -> Response:
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
    pdf = documents.movement_order(case, datetime.now(UTC).replace(tzinfo=None))
    return documents.pdf_response(pdf, f"{case.reference}-movement-order.pdf")


@router.get("/transits/{transit_id}/decision-letter/{state}.pdf")
@page
def decision_letter(request: Request, user: CurrentUser, csrf: str, transit_id: TransitId,
                    state: Annotated[str, PathParam(pattern="^[A-Z]{3}$")]) -> Response:  # fmt: skip
    with read_only(request) as session:
        case = transits.read_visible(session, user, transit_id)
    decision = next((d for d in case.decisions if d.state == state), None)
    if decision is None or decision.status == "pending":
        raise NotFound(f"{state} has taken no decision on {case.reference}")
    pdf = documents.decision_letter(case, decision)
    return documents.pdf_response(pdf, f"{case.reference}-decision-{state}.pdf")

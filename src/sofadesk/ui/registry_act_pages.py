"""Registry acts in the interface (issue 12, item 3): the list of acts entered by registry editors (proposed,
confirmed, rejected or withdrawn) beside the shipped baseline, the form to propose one with its source, and the
act's page with its impact on open cases and the second editor's confirm and reject forms (four eyes).

Every step calls sofadesk.acts.service, as the API (web/routes_registry.py) and the CLI do; the service refuses
an editor confirming its own act, and the page says so.  Only registry editors see the forms."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from sofadesk.accounts.service import CurrentUser
from sofadesk.acts import service as acts
from sofadesk.acts.reload import refresh_registry
from sofadesk.acts.schemas import ActBody, ActKind, ImpactRead
from sofadesk.cases.bodies import MAX_INT, ReasonBody
from sofadesk.db.models import RegistryActRow
from sofadesk.errors import DomainError, NotFound
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.law.rules.final_clauses import FINAL_CLAUSES
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import domain_messages, form_errors, i18n
from sofadesk.ui.pages import language_of, page, render, t, wrong_token

router = APIRouter(include_in_schema=False)
ActId = Annotated[int, PathParam(ge=1, le=MAX_INT)]
Token = Annotated[str, Form(max_length=100)]
Text = Annotated[str, Form(max_length=2000)]
KINDS: tuple[str, ...] = ActKind.__args__  # type: ignore[attr-defined]
STATUSES = ("proposed", "confirmed", "rejected", "withdrawn")
FORM_FIELDS = (
    "agreement",
    "state",
    "kind",
    "date",
    "instrument_kind",
    "summary",
    "note",
    "source_title",
    "source_url",
    "source_where",
)


def citations(agreement: str, kind: str) -> list[str]:
    """The final clause an act of this kind takes effect under (entry into force of a later State, or
    denunciation), as the service cites it in the audit trail."""
    clauses = FINAL_CLAUSES.get(agreement)
    if clauses is None:
        return []
    if kind.startswith("denunciation"):
        return [clauses.denunciation.render()]
    return [clauses.later_states.render()] if kind in ("deposit", "entry_into_force") else []


def _baseline(request: Request, agreement: str, state: str) -> list[dict[str, Any]]:
    """What the registry holds now for the State under the agreement: the shipped facts, and the confirmed
    local ones marked as such."""
    found = request.app.state.inforce.registry.participation(agreement, state)
    if found is None:
        return []
    return [
        {
            "kind": f.kind,
            "on": f.on,
            "status": f.date_status,
            "origin": f.origin,
            "note": f.note,
            "source": f.source,
        }
        for f in found.facts
    ]


def _names(request: Request) -> dict[str, str]:
    """The agreements of the registry by their short names (NATO SOFA, PfP SOFA, ...)."""
    return {
        a: INSTRUMENTS[a].short_name if a in INSTRUMENTS else a
        for a in request.app.state.inforce.registry.agreements
    }


@router.get("/registry/acts")
@page
def act_list(request: Request, user: CurrentUser, csrf: str, status: str | None = None) -> Response:
    chosen = status if status in STATUSES else None
    with read_only(request) as session:
        found = acts.list_acts(session, chosen)
    registry = request.app.state.inforce.registry
    shipped = {}
    for a in found:
        p = registry.participation(a.agreement, a.state)
        fact = next((f for f in p.facts if f.kind == a.kind and f.origin == "shipped"), None) if p else None
        shipped[a.id] = fact
    return render(
        request,
        "registry_acts.html",
        user=user,
        csrf_token=csrf,
        acts=found,
        status=chosen,
        statuses=STATUSES,
        shipped=shipped,
        editor=user.has(acts.EDITOR),
        names=_names(request),
    )


def _form(
    request: Request,
    user: CurrentUser,
    csrf: str,
    values: dict[str, str],
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    language = language_of(request)
    registry = request.app.state.inforce.registry
    return render(
        request,
        "registry_act_form.html",
        status,
        user=user,
        csrf_token=csrf,
        v=values,
        errors={k: [i18n.render(m, language) for m in ms] for k, ms in (errors or {}).items()},
        states=i18n.states_by_name(registry, language),
        agreements=_names(request),
        kinds=KINDS,
    )


def _editors_only(request: Request, user: CurrentUser, csrf: str) -> Response | None:
    if user.has(acts.EDITOR):
        return None
    return render(
        request,
        "error.html",
        403,
        user=user,
        csrf_token=csrf,
        message=t(request, "Only a registry editor can enter or decide registry acts."),
    )


@router.get("/registry/acts/new")
@page
def new_act(request: Request, user: CurrentUser, csrf: str) -> Response:
    refused = _editors_only(request, user, csrf)
    if refused is not None:
        return refused
    values = dict.fromkeys(FORM_FIELDS, "") | {"agreement": "nato-sofa", "kind": "entry_into_force"}
    return _form(request, user, csrf, values)


@router.post("/registry/acts/new")
@page
def propose(
    request: Request,
    user: CurrentUser,
    csrf: str,
    agreement: Text = "",
    state: Text = "",
    kind: Text = "",
    date: Text = "",
    instrument_kind: Text = "",
    summary: Text = "",
    note: Text = "",
    source_title: Text = "",
    source_url: Text = "",
    source_where: Text = "",
    csrf_token: Token = "",
) -> Response:
    refused = wrong_token(request, user, csrf, csrf_token) or _editors_only(request, user, csrf)
    if refused is not None:
        return refused
    values = {
        "agreement": agreement,
        "state": state.strip().upper(),
        "kind": kind,
        "date": date.strip(),
        "instrument_kind": instrument_kind,
        "summary": summary.strip(),
        "note": note.strip(),
        "source_title": source_title.strip(),
        "source_url": source_url.strip(),
        "source_where": source_where.strip(),
    }
    errors: dict[str, list[str]] = {}
    try:
        body = ActBody.model_validate({k: v or None for k, v in values.items()})
        with unit_of_work(request) as session:
            act_id = acts.propose(session, user, body).id
    except ValidationError as exc:
        for err in exc.errors():
            name, text = str(err["loc"][0]) if err["loc"] else "form", form_errors.message(err)
            if name in FORM_FIELDS and not values[name]:
                text = form_errors.message({"type": "missing", "msg": "", "ctx": {}, "loc": ()})
            elif str(err["type"]).startswith("url"):
                text = t(request, "Give the source's full address, starting with https://")
            head, sep, rest = str(err["msg"]).removeprefix("Value error, ").partition(": ")
            if err["type"] == "value_error" and sep and head in FORM_FIELDS:
                name, text = head, rest
            errors.setdefault(name, []).append(text)
        if kind != "declaration" and not values["date"] and "date" not in errors:
            # The model says so only once every field is valid; said at once, with the others.
            errors["date"] = [form_errors.message({"type": "missing", "msg": "", "ctx": {}, "loc": ()})]
        return _form(request, user, csrf, values, errors, 422)
    except DomainError as exc:
        for e in exc.errors or [{"field": "form", "message": exc.detail}]:
            errors.setdefault(e["field"], []).append(domain_messages.in_words(e["message"]))
        return _form(request, user, csrf, values, errors, exc.status)
    return RedirectResponse(f"/registry/acts/{act_id}", status_code=303)


def _impact(request: Request, user: CurrentUser, row: RegistryActRow) -> list[ImpactRead]:
    """The open cases of the user's State whose coverage the act would change (before it is confirmed)."""
    body = ActBody.model_validate(
        {
            "agreement": row.agreement_id,
            "state": row.state_code,
            "kind": row.kind,
            "date": row.on_date,
            "instrument_kind": row.instrument_kind,
            "summary": row.summary,
            "note": row.note,
            "source_title": row.source_title,
            "source_url": row.source_url,
            "source_where": row.source_where,
        }
    )
    with read_only(request) as session:
        return acts.visible(acts.preview(session, request.app.state.inforce, body), user)


def _show(
    request: Request,
    user: CurrentUser,
    csrf: str,
    act_id: int,
    message: str | None = None,
    status: int = 200,
    impact: list[ImpactRead] | None = None,
) -> Response:
    with read_only(request) as session:
        row = session.get(RegistryActRow, act_id)
        if row is None:
            raise NotFound(f"no registry act {act_id}")
        act = acts.read(session, row)
    preview = act.status == "proposed"
    if impact is None and preview:
        impact = _impact(request, user, row)
    return render(
        request,
        "registry_act.html",
        status,
        user=user,
        csrf_token=csrf,
        act=act,
        message=message,
        error=status >= 400,
        impact=impact,
        preview=preview,
        editor=user.has(acts.EDITOR),
        own=act.proposed_by == user.username,
        citations=citations(act.agreement, act.kind),
        baseline=_baseline(request, act.agreement, act.state),
        names=_names(request),
    )


@router.get("/registry/acts/{act_id}")
@page
def act_page(request: Request, user: CurrentUser, csrf: str, act_id: ActId) -> Response:
    return _show(request, user, csrf, act_id)


@router.post("/registry/acts/{act_id}/confirm")
@page
def confirm(
    request: Request, user: CurrentUser, csrf: str, act_id: ActId, csrf_token: Token = ""
) -> Response:
    """The second editor confirms: the act takes effect in every process within seconds; the page lists the
    open cases of the user's State whose coverage changed (each State concerned is told of its own)."""
    refused = wrong_token(request, user, csrf, csrf_token) or _editors_only(request, user, csrf)
    if refused is not None:
        return refused
    try:
        with unit_of_work(request) as session:
            _, changed, _ = acts.confirm(session, user, act_id, request.app.state.inforce)
            shown = acts.visible(changed, user)
    except NotFound:
        raise
    except DomainError as exc:
        return _show(request, user, csrf, act_id, _refusal(request, exc), exc.status)
    refresh_registry(request.app, force=True)
    return _show(request, user, csrf, act_id, t(request, "Act confirmed: it is in effect."), impact=shown)


@router.post("/registry/acts/{act_id}/reject")
@page
def reject(
    request: Request,
    user: CurrentUser,
    csrf: str,
    act_id: ActId,
    reason: Annotated[str, Form(max_length=4000)] = "",
    csrf_token: Token = "",
) -> Response:
    refused = wrong_token(request, user, csrf, csrf_token) or _editors_only(request, user, csrf)
    if refused is not None:
        return refused
    try:
        why = ReasonBody.model_validate({"reason": reason}).reason
        with unit_of_work(request) as session:
            acts.reject(session, user, act_id, why)
    except ValidationError:
        return _show(request, user, csrf, act_id, t(request, "Give the reason."), 422)
    except NotFound:
        raise
    except DomainError as exc:
        return _show(request, user, csrf, act_id, _refusal(request, exc), exc.status)
    return RedirectResponse(f"/registry/acts/{act_id}", status_code=303)


def _refusal(request: Request, exc: DomainError) -> str:
    """The service's refusal in the reader's words; the four-eyes rule said plainly."""
    if "cannot confirm it" in exc.detail:
        return t(
            request,
            "You entered this act, so you cannot confirm it: a second registry editor must (four eyes).",
        )
    if "not waiting for confirmation" in exc.detail:
        return t(request, "This act has already been decided.")
    return i18n.render(domain_messages.in_words(exc.detail), language_of(request))

"""The route planner's page (issue 19, item 6): the form (origin, destination, departure, modes, the force by
fields and/or manifests), the alternatives on one map, and per alternative the States crossed with the regime in
force on their days, lead times, documents, restrictions and why it is ranked where it is; excluded routes with
their reasons.  "Draft a transit case from this route" files it through the same service as POST
/api/v1/routes/draft and lands on the new case.  Nothing is stored by planning.

The draft buttons belong to the planner form (the `form` attribute), so a draft carries the form as planned,
without JavaScript and without uploading the manifests again."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.transit.from_route import RouteDraftBody, draft_from_route
from sofadesk.cases.transit.notice_rules import notice_rules
from sofadesk.errors import DomainError, NotFound
from sofadesk.planner import PlanError, PlanResult, plan_routes
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import domain_messages, i18n, plan_form, plan_map, plan_view
from sofadesk.ui.pages import language_of, page, posted_form, render
from sofadesk.ui.plan_form import PlanForm
from sofadesk.ui.transit_form import codes

router = APIRouter(include_in_schema=False)
MAX_FIELDS = 200


@router.get("/routes/plan")
@page
def plan_page(request: Request, user: CurrentUser, csrf: str) -> Response:
    return _show(request, user, csrf, PlanForm(None, plan_form.defaults(user.state)))


@router.post("/routes/plan")
async def plan(request: Request) -> Response:
    return await posted_form(request, _plan, len(plan_form.MANIFESTS), MAX_FIELDS)


@router.post("/routes/draft")
async def draft(request: Request) -> Response:
    return await posted_form(request, _draft, len(plan_form.MANIFESTS), MAX_FIELDS)


def _plan(request: Request, user: CurrentUser, csrf: str, data: FormData) -> Response:
    form = plan_form.parse(data, user.state)
    return _show(request, user, csrf, form, 422 if form.errors else 200)


def _draft(request: Request, user: CurrentUser, csrf: str, data: FormData) -> Response:
    """Plan again as things stand and file the chosen route as the user's State's transit draft."""
    form = plan_form.parse(data, user.state)
    route = [s for s in str(data.get("route") or "").upper().split("-") if s]
    if not user.has("requester"):
        form.add(
            "form",
            i18n.translations(language_of(request)).gettext(
                "Only a requester of your State can draft a transit case."
            ),
        )
        return _show(request, user, csrf, form, 403)
    if form.request is None or form.errors:
        return _show(request, user, csrf, form, 422)
    try:
        body = RouteDraftBody.model_validate(
            {"plan": form.request.model_dump(mode="json"), "route": route or None, "manifest": form.manifest}
        )
        with unit_of_work(request) as session:
            transit, _ = draft_from_route(session, user, request.app.state.inforce, body)
            transit_id = transit.id
    except ValidationError as exc:
        plan_form.add_validation(form, exc)
        return _show(request, user, csrf, form, 422)
    except NotFound:
        raise
    except DomainError as exc:
        for e in exc.errors or [{"field": "form", "message": exc.detail}]:
            form.add(plan_form.field_of(tuple(e["field"].split("."))), domain_messages.in_words(e["message"]))
        return _show(request, user, csrf, form, exc.status)
    return RedirectResponse(f"/transits/{transit_id}", status_code=303)


def _show(request: Request, user: CurrentUser, csrf: str, form: PlanForm, status: int = 200) -> Response:
    language = language_of(request)
    result: PlanResult | None = None
    rules = {}
    if form.request is not None:
        with read_only(request) as session:
            rules = dict(notice_rules(session))
        try:
            result = plan_routes(request.app.state.inforce, form.request, rules)
        except PlanError as exc:
            form.add(plan_form.field_of(tuple(exc.field.split("."))), exc.message)
            status = 422
    errors = {name: [i18n.render(m, language) for m in messages] for name, messages in form.errors.items()}
    shown = _alternatives(request, result, rules, form) if result is not None else {}
    return render(
        request,
        "route_plan.html",
        status,
        user=user,
        csrf_token=csrf,
        v=form.values,
        errors=errors,
        states=i18n.states_by_name(request.app.state.inforce.registry, language),
        modes=plan_form.MODES,
        purposes=plan_form.PURPOSES,
        result=result,
        **shown,
    )


def _alternatives(
    request: Request, result: PlanResult, rules: dict[str, Any], form: PlanForm
) -> dict[str, Any]:
    """The permitted routes (lettered, ranked, with their legs in words) and the excluded ones with reasons."""
    language = language_of(request)
    _ = i18n.translations(language).gettext

    def name(code: str) -> str:
        return i18n.state_name(code, language)

    def day(value: Any) -> str:
        return i18n.long_date(value, language)

    engine = request.app.state.inforce
    permitted = result.permitted[: plan_view.SHOWN_PERMITTED]
    why = plan_view.ranking(permitted, _, day)
    languages = codes(str(form.values.get("sending_state_languages", ""))) or ["en"]
    profile = result.request.profile
    alternatives: list[dict[str, Any]] = []
    for n, route in enumerate(permitted):
        legs = [
            {
                "leg": leg,
                "instrument": plan_view.instrument_name(leg.instrument),
                "documents": [] if leg.own_territory else plan_view.own_documents(leg.state, rules, _),
                "restrictions": [
                    (r.text, plan_view.restriction_word(r.code, r.excludes, _)) for r in leg.restrictions
                ],
            }
            for leg in route.legs
        ]
        alternatives.append(
            {
                "letter": plan_view.LETTERS[n],
                "route": route,
                "why": why[n],
                "legs": legs,
                "notes": [
                    plan_view.say(r, result, route, engine, _, name, day)
                    for r in route.notes
                    if r.kind in ("delayed_by_notice", "delayed_by_coverage")
                ],
                "uncertain": plan_view.uncertainties(route, _, name),
            }
        )
    excluded = [
        {"route": r, "reasons": [plan_view.say(x, result, r, engine, _, name, day) for x in r.reasons]}
        for r in result.excluded[: plan_view.SHOWN_EXCLUDED]
    ]
    drawn = [(plan_view.LETTERS[n], route.states) for n, route in enumerate(permitted)]
    description = "; ".join(f"{letter}: {' – '.join(name(s) for s in states)}" for letter, states in drawn)
    svg = (
        plan_map.draw(
            drawn,
            _("Covered routes from %(from)s to %(to)s")
            % {"from": name(result.request.origin), "to": name(result.request.destination)},
            description,
        )
        if drawn
        else ""
    )
    return {
        "alternatives": alternatives,
        "excluded": excluded,
        "more_excluded": len(result.excluded) - len(excluded),
        "more_permitted": len(result.permitted) - len(permitted),
        "plan_svg": Markup(svg),
        "not_modelled": result.not_modelled,
        "documents": plan_view.documents(languages, profile, _),
    }

"""Exercise pages: the list with the host's deconfliction warnings and the calendar download, the plan form
(create and re-plan, with area bookings), and the case page with every step of the workflow as a form:
approve, invite, accept or decline, register a contingent (manifests by upload), start, finish, report, close,
withdraw, cancel; checks with citations, certificates as PDF, the jurisdiction quick reference and the audit
trail.  Each step calls the exercise service, exactly as the API does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify_case
from sofadesk.cases.bodies import MAX_INT, ReasonBody
from sofadesk.cases.exercise import service as exercises
from sofadesk.cases.exercise.kind import WORKFLOW
from sofadesk.cases.exercise.reads import ExerciseRead
from sofadesk.cases.exercise.schemas import (
    ContingentBody,
    ExercisePlan,
    InviteBody,
    ReportBody,
    ResponseBody,
    TrainingAreaBody,
)
from sofadesk.errors import DomainError, NotFound
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import documents, domain_messages, form_errors, i18n, transit_form
from sofadesk.ui.pages import Cursor, action, form_version, language_of, page, posted_form, render, shown, t

router = APIRouter(include_in_schema=False)
ExerciseId = Annotated[int, PathParam(ge=1, le=MAX_INT)]
Token = Annotated[str, Form(max_length=100)]
Version = Annotated[int, Form(ge=0, le=MAX_INT)]
BOOKING_ROWS = 3
HOST_STEPS = {"approve": exercises.approve, "start": exercises.start, "finish": exercises.finish,
              "close": exercises.close}  # fmt: skip


def _calendar(data: bytes, name: str) -> Response:
    return Response(data, media_type="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/exercises")
@page
def exercise_list(request: Request, user: CurrentUser, csrf: str, cursor: Cursor = None) -> Response:
    return _list_page(request, user, csrf, cursor=cursor)


def _list_page(request: Request, user: CurrentUser, csrf: str, message: str | None = None, status: int = 200,
               cursor: str | None = None, **_: Any) -> Response:  # fmt: skip
    """The list, the host's clashes and training areas; with a message when a form on it was refused."""
    with read_only(request) as session:
        found = exercises.list_visible(session, user, limit=100, cursor=cursor)
        clashes = exercises.deconfliction(session, user) if user.has("planner") else []
        areas = exercises.training_areas(session, user.state)
    return render(request, "exercises.html", status, user=user, csrf_token=csrf, found=found, clashes=clashes,
                  areas=areas, message=message, error=message is not None)  # fmt: skip


@router.get("/exercises/calendar.ics")
@page
def calendar_all(request: Request, user: CurrentUser, csrf: str) -> Response:
    with read_only(request) as session:
        data = exercises.calendar(session, user)
    return _calendar(data, f"sofadesk-exercises-{user.state}.ics")


@router.post("/exercises/areas")
@action(_list_page)
def training_area(request: Request, user: CurrentUser, csrf: str, code: Annotated[str, Form(max_length=40)],
                  name: Annotated[str, Form(max_length=200)], capacity: Annotated[str, Form(max_length=12)],
                  csrf_token: Token = "") -> Response:  # fmt: skip
    """Record (or update) one of the user's State's training areas, with its capacity."""
    body = TrainingAreaBody.model_validate({"name": name, "capacity_persons": capacity})
    with unit_of_work(request) as session:
        exercises.set_training_area(session, user, code.strip().upper(), body)
    return RedirectResponse("/exercises#areas-h", status_code=303)


# --- the plan ---------------------------------------------------------------------------------------------------


def _plan_values(plan: dict[str, Any] | None) -> dict[str, Any]:
    plan = plan or {"name": "", "purpose": "exercise", "starts_on": "", "ends_on": "", "description": "",
                    "locations": []}  # fmt: skip
    rows = [dict(b) for b in plan.get("locations", [])]
    rows += [
        {"area": "", "first_day": "", "last_day": "", "planned_persons": ""} for _ in range(BOOKING_ROWS)
    ]
    return {**plan, "locations": rows}


def _plan_from(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The posted plan, and the values to show again."""
    text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    bookings = []
    for i in range(200):
        if f"b-{i}-area" not in text:
            break
        row = {k: text.get(f"b-{i}-{k}", "") for k in ("area", "first_day", "last_day", "planned_persons")}
        if row["area"] or row["first_day"] or row["last_day"]:
            bookings.append(row)
    data = {"name": text.get("name", ""), "purpose": text.get("purpose", ""), "starts_on": text.get("starts_on", ""),
            "ends_on": text.get("ends_on", ""), "description": text.get("description", ""), "locations": bookings}  # fmt: skip
    values = {**data, "locations": bookings + [{"area": "", "first_day": "", "last_day": "", "planned_persons": ""}
                                               for _ in range(BOOKING_ROWS)]}  # fmt: skip
    return data, values


def _plan_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for err in exc.errors():
        where, message = form_errors.located(err)
        loc = [str(p) for p in where]
        name = (
            f"b-{loc[1]}-{loc[2] if len(loc) > 2 else 'area'}"
            if loc and loc[0] == "locations"
            else (loc[0] if loc else "form")
        )
        errors.setdefault(name, []).append(message)
    return errors


def _plan_page(request: Request, user: CurrentUser, csrf: str, values: dict[str, Any], x: ExerciseRead | None,
               errors: dict[str, list[str]] | None = None, status: int = 200) -> Response:  # fmt: skip
    with read_only(request) as session:
        areas = exercises.training_areas(session, user.state)
    return render(request, "exercise_plan.html", status, user=user, csrf_token=csrf, v=values, x=x, areas=areas,
                  errors=shown(request, errors or {}))  # fmt: skip


@router.get("/exercises/new")
@page
def new_plan(request: Request, user: CurrentUser, csrf: str) -> Response:
    user.require("planner")
    return _plan_page(request, user, csrf, _plan_values(None), None)


def _read(request: Request, user: CurrentUser, exercise_id: int) -> ExerciseRead:
    with read_only(request) as session:
        return exercises.read_visible(session, user, exercise_id)


@router.get("/exercises/{exercise_id}/edit")
@page
def edit_plan(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId) -> Response:
    x = _read(request, user, exercise_id)
    values = _plan_values({**x.plan.model_dump(mode="json"), "locations": [
        b.model_dump(include={"area", "first_day", "last_day", "planned_persons"}) for b in x.locations]})  # fmt: skip
    return _plan_page(request, user, csrf, values, x)


def _save_plan(
    request: Request, user: CurrentUser, csrf: str, form: FormData, exercise_id: int | None
) -> Response:
    data, values = _plan_from(form)
    x = _read(request, user, exercise_id) if exercise_id is not None else None
    try:
        plan = ExercisePlan.model_validate(data)
        with unit_of_work(request) as session:
            if exercise_id is None:
                exercise_id = exercises.create(session, user, plan).id
            else:
                exercises.update_plan(session, user, exercise_id, plan, form_version(form))
    except ValidationError as exc:
        return _plan_page(request, user, csrf, values, x, _plan_errors(exc), 422)
    except NotFound:
        raise
    except DomainError as exc:
        return _plan_page(
            request, user, csrf, values, x, {"form": [domain_messages.in_words(exc.detail)]}, exc.status
        )
    return RedirectResponse(f"/exercises/{exercise_id}", status_code=303)


@router.post("/exercises/new")
async def create(request: Request) -> Response:
    return await posted_form(request, _save_plan, 0, 1000, exercise_id=None)


@router.post("/exercises/{exercise_id}/edit")
async def replan(request: Request, exercise_id: ExerciseId) -> Response:
    return await posted_form(request, _save_plan, 0, 1000, exercise_id=exercise_id)


# --- the case page and its steps ---------------------------------------------------------------------------------


def _case(request: Request, user: CurrentUser, exercise_id: int) -> dict[str, Any]:
    engine = request.app.state.inforce
    with read_only(request) as session:
        x = exercises.read_visible(session, user, exercise_id)
        checks = exercises.checks(session, user, exercise_id, engine)
        reference = exercises.jurisdiction(session, user, exercise_id, engine)
        timeline = exercises.timeline(session, user, exercise_id)
        chain = verify_case(session, "exercise", exercise_id)
        mine = next((p for p in x.participants if p.state == user.state), None)
        contingent = (exercises.contingent(session, user, exercise_id, user.state)
                      if mine and mine.status in ("registered", "reported") else None)  # fmt: skip
        hosting = user.state == x.host_state
        certificates = ([c for p in x.participants if p.certificate
                         for c in exercises.contingent(session, user, exercise_id, p.state).certificates]
                        if hosting else (contingent.certificates if contingent else []))  # fmt: skip
    return {"x": x, "checks": checks, "reference": reference, "timeline": timeline, "chain": chain, "mine": mine,
            "stale_url": f"/exercises/{exercise_id}/stale?seen={x.version}",
            "states": i18n.states_by_name(engine.registry, language_of(request)),
            "hosting": hosting, "contingent": contingent, "certificates": certificates,
            "actions": WORKFLOW.actions(x.status, owner=hosting, roles=user.roles),
            "manifest": transit_form.values_of(contingent.content.model_dump(mode="json") | {"legs": [], "purpose": ""})
            if contingent else transit_form.values_of(None)}  # fmt: skip


def _show(request: Request, user: CurrentUser, csrf: str, message: str | None = None, status: int = 200,
          exercise_id: int = 0, **_: Any) -> Response:  # fmt: skip
    return render(request, "exercise.html", status, user=user, csrf_token=csrf, message=message,
                  error=status >= 400, errors={}, **_case(request, user, exercise_id))  # fmt: skip


@router.get("/exercises/{exercise_id}")
@page
def exercise_page(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId) -> Response:
    return _show(request, user, csrf, exercise_id=exercise_id)


@router.get("/exercises/{exercise_id}/stale")
@page
def stale(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
          seen: Annotated[int, Query(ge=0, le=MAX_INT)] = 0) -> Response:  # fmt: skip
    """What the case page polls: nothing while the exercise is as the page showed it, else a warning in words."""
    x = _read(request, user, exercise_id)
    return render(request, "_stale.html", user=user, csrf_token=csrf, changed=x.status if x.version != seen else None,
                  stale_url=f"/exercises/{exercise_id}/stale?seen={seen}")  # fmt: skip


@router.get("/exercises/{exercise_id}/leave")
@page
def confirm_leave(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
                  step: Annotated[str, Query(pattern="^(leave|cancel)$")]) -> Response:  # fmt: skip
    """Cancelling the exercise or withdrawing from it is confirmed on a page of its own, with the reason."""
    x = _read(request, user, exercise_id)
    return render(request, "confirm.html", user=user, csrf_token=csrf, case=x, step=step, kind="exercise",
                  action=f"/exercises/{exercise_id}/leave", back=f"/exercises/{exercise_id}")  # fmt: skip


def _done(exercise_id: int) -> Response:
    return RedirectResponse(f"/exercises/{exercise_id}", status_code=303)


@router.post("/exercises/{exercise_id}/step")
@action(_show)
def host_step(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
              step: Annotated[str, Form(pattern="^(approve|start|finish|close)$")], version: Version,
              csrf_token: Token = "") -> Response:  # fmt: skip
    with unit_of_work(request) as session:
        HOST_STEPS[step](session, user, exercise_id, version)
    return _done(exercise_id)


@router.post("/exercises/{exercise_id}/invite")
@action(_show)
def invite(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId, version: Version,
           states: Annotated[list[str], Form(max_length=60)], csrf_token: Token = "") -> Response:  # fmt: skip
    codes = [c.upper() for s in states for c in transit_form.codes(s)]
    body = InviteBody.model_validate({"states": codes, "version": version})
    with unit_of_work(request) as session:
        exercises.invite(session, user, exercise_id, body.states, body.version)
    return _done(exercise_id)


@router.post("/exercises/{exercise_id}/respond")
@action(_show)
def respond(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId, version: Version,
            answer: Annotated[str, Form(max_length=20)], note: Annotated[str, Form(max_length=4000)] = "",
            csrf_token: Token = "") -> Response:  # fmt: skip
    body = ResponseBody.model_validate({"answer": answer, "note": note or None, "version": version})
    with unit_of_work(request) as session:
        exercises.respond(session, user, exercise_id, body)
    return _done(exercise_id)


@router.post("/exercises/{exercise_id}/report")
@action(_show)
def report(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
           text: Annotated[str, Form(max_length=20000)], csrf_token: Token = "") -> Response:  # fmt: skip
    body = ReportBody.model_validate({"report": text})
    with unit_of_work(request) as session:
        exercises.file_report(session, user, exercise_id, body.report)
    return _done(exercise_id)


@router.post("/exercises/{exercise_id}/leave")
@action(_show)
def leave(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
          step: Annotated[str, Form(pattern="^(withdraw|cancel)$")], reason: Annotated[str, Form(max_length=4000)] = "",
          csrf_token: Token = "") -> Response:  # fmt: skip
    """A participant withdraws, or the host cancels the exercise; both need a reason."""
    why = ReasonBody.model_validate({"reason": reason}).reason
    with unit_of_work(request) as session:
        (exercises.withdraw if step == "withdraw" else exercises.cancel)(session, user, exercise_id, why)
    return _done(exercise_id)


def _register(request: Request, user: CurrentUser, csrf: str, form: FormData, exercise_id: int) -> Response:
    case = _case(request, user, exercise_id)
    parsed = transit_form.Parsed(None, {})
    contingent = case["contingent"]
    data = transit_form.force_part(
        form, contingent.content.model_dump(mode="json") if contingent else None, parsed
    )
    if not parsed.errors:
        try:
            body = ContingentBody.model_validate(data)
            with unit_of_work(request) as session:
                exercises.register_contingent(session, user, exercise_id, body)
            return _done(exercise_id)
        except ValidationError as exc:
            transit_form.add_errors(parsed, exc)
        except NotFound:
            raise
        except DomainError as exc:
            parsed.errors["form"] = [domain_messages.in_words(exc.detail)]
    return render(request, "exercise.html", 422, user=user, csrf_token=csrf, message=t(request, "The contingent was not registered; see the form below."),
                  error=True, errors=shown(request, parsed.errors), **{**case, "manifest": parsed.values})  # fmt: skip


@router.post("/exercises/{exercise_id}/contingent")
async def register(request: Request, exercise_id: ExerciseId) -> Response:
    return await posted_form(request, _register, len(transit_form.MANIFESTS), 200, exercise_id=exercise_id)


@router.get("/exercises/{exercise_id}/calendar.ics")
@page
def calendar_one(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId) -> Response:
    with read_only(request) as session:
        data = exercises.calendar(session, user, exercise_id)
    return _calendar(data, f"sofadesk-exercise-{exercise_id}.ics")


@router.get("/exercises/{exercise_id}/certificates/{serial}.pdf")
@page
def certificate_pdf(request: Request, user: CurrentUser, csrf: str, exercise_id: ExerciseId,
                    serial: Annotated[str, PathParam(pattern="^[A-Z0-9-]{5,60}$")]) -> Response:  # fmt: skip
    with read_only(request) as session:
        cert = exercises.certificate(session, user, exercise_id, serial)
        x = exercises.read_visible(session, user, exercise_id)
    return documents.pdf_response(documents.certificate(cert, x, language_of(request)), f"{serial}.pdf")

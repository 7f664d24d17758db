"""The web interface's pages.  Each page calls the same service functions as the API and the CLI; nothing
here decides anything the services do not."""

from __future__ import annotations

import functools
import inspect
import secrets
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from sqlalchemy import String, cast, select

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify
from sofadesk.audit.models import AuditEventRow
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.errors import DomainError, NotFound
from sofadesk.cases.exercise import service as exercises
from sofadesk.cases.exercise.models import ExerciseRow
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.models import TransitRow
from sofadesk.cases.transit.schemas import DecisionBody
from sofadesk.registry.explain import explain_coverage
from sofadesk.ui import i18n, sessions
from sofadesk.web.deps import read_only, unit_of_work

router = APIRouter(include_in_schema=False)
SESSION_COOKIE, PRELOGIN_COOKIE, LANGUAGE_COOKIE = "sofadesk_session", "sofadesk_prelogin", "sofadesk_lang"
TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(long_date=lambda v: i18n.long_date(v, language), date_time=lambda v: i18n.date_time(v, language),
                       number=lambda v: i18n.number(v, language), languages=list(i18n.NAMES.items()), lang=language)  # fmt: skip
    return env


def _language(request: Request) -> str:
    return i18n.choose(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int | None = None) -> None:
    # HttpOnly: no script reads it; SameSite=Lax: not sent on cross-site form posts; Secure behind HTTPS.
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")  # fmt: skip


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env = _environment(_language(request))
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def _signed_in(request: Request) -> tuple[CurrentUser, str] | None:
    with read_only(request) as session:
        return sessions.current(session, request.cookies.get(SESSION_COOKIE))


def _to_sign_in(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)


def page(fn: Callable[..., Response]) -> Callable[..., Response]:
    """Wraps a page handler: signed-in user and CSRF token as its second and third arguments, else to the
    sign-in page; a case the user's State may not see is a plain 404 page.  FastAPI sees the handler's own
    parameters without `user` and `csrf`."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(request: Request, **kwargs: Any) -> Response:
        found = _signed_in(request)
        if found is None:
            return _to_sign_in(request)
        user, csrf = found
        try:
            return fn(request, user, csrf, **kwargs)
        except NotFound as exc:
            return render(request, "error.html", 404, user=user, csrf_token=csrf, message=exc.detail)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p for name, p in signature.parameters.items() if name not in ("user", "csrf")]
    )
    return wrapper


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "sign_in.html", user=None, csrf_token=token, next=_safe_next(next), username="", error=None
    )
    _cookie(response, request, PRELOGIN_COOKIE, token, max_age=3600)
    return response


@router.post("/sign-in")
def sign_in(request: Request, username: Annotated[str, Form(max_length=64)], password: Annotated[str, Form(max_length=500)],
            csrf_token: Annotated[str, Form(max_length=100)] = "", next: Annotated[str, Form(max_length=500)] = "/") -> Response:  # fmt: skip
    if not sessions.csrf_ok(request.cookies.get(PRELOGIN_COOKIE, ""), csrf_token):
        return render(request, "sign_in.html", 403, user=None, csrf_token=request.cookies.get(PRELOGIN_COOKIE, ""),
                      next=_safe_next(next), username=username, error=_t(request, "The form expired; please try again."))  # fmt: skip
    client = request.client.host if request.client else "unknown"
    try:
        with unit_of_work(request) as session:
            value, _user = sessions.sign_in(session, username, password, client)
    except DomainError as exc:
        status = exc.status if exc.status == 429 else 401
        message = _t(request, "Wrong username or password.") if status == 401 else exc.detail
        # The failure is recorded (for the rate limit) in its own transaction.
        if status == 401:
            with unit_of_work(request) as session:
                sessions.record_failure(session, username, client)
        return render(request, "sign_in.html", status, user=None, csrf_token=csrf_token, next=_safe_next(next),
                      username=username, error=message)  # fmt: skip
    response = RedirectResponse(_safe_next(next), status_code=303)
    _cookie(response, request, SESSION_COOKIE, value, max_age=int(sessions.LIFETIME.total_seconds()))
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, csrf_token: Annotated[str, Form(max_length=100)] = "") -> Response:
    found = _signed_in(request)
    if found is not None:
        if not sessions.csrf_ok(found[1], csrf_token):
            return render(
                request,
                "error.html",
                403,
                user=found[0],
                csrf_token=found[1],
                message=_t(request, "Missing or wrong form token."),
            )
        with unit_of_work(request) as session:
            sessions.sign_out(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _t(request: Request, text: str) -> str:
    return i18n.translations(_language(request)).gettext(text)


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
        pending = transits.pending_decisions(session, user) if user.has("approver") else []
        mine = [
            t
            for t in transits.list_visible(session, user, limit=200)["items"]
            if t["sending_state"] == user.state
        ]
        drafts = [t for t in mine if t["status"] == "draft"]
        waiting = [t for t in mine if t["status"] in ("submitted", "more_information")]
        planned = exercises.list_visible(session, user, limit=200)["items"] if user.has("planner") else []
        planned = [x for x in planned if x["status"] not in ("closed", "cancelled")]
        activity = _activity(session, user)
    return render(request, "dashboard.html", user=user, csrf_token=csrf, pending=pending, items=drafts,
                  waiting=waiting, exercises=planned, activity=activity)  # fmt: skip


def _activity(session: Any, user: CurrentUser, limit: int = 15) -> list[dict[str, Any]]:
    """The latest audit events on transits and exercises the user's State may see."""
    visible_transits = select(cast(TransitRow.id, String)).where(transits.visible_to(user))
    visible_exercises = select(cast(ExerciseRow.id, String)).where(exercises.visible_to(user))
    rows = session.execute(
        select(AuditEventRow)
        .where(((AuditEventRow.target_type == "transit") & AuditEventRow.target_id.in_(visible_transits))
               | ((AuditEventRow.target_type == "exercise") & AuditEventRow.target_id.in_(visible_exercises)))
        .order_by(AuditEventRow.id.desc()).limit(limit)
    ).scalars()  # fmt: skip
    return [{"at": r.at.isoformat(), "actor": r.actor_username, "actor_state": r.actor_state, "action": r.action,
             "target_type": r.target_type, "target_id": r.target_id} for r in rows]  # fmt: skip


@router.get("/registry")
@page
def registry(request: Request, user: CurrentUser, csrf: str, sending: str | None = None, receiving: str | None = None,
             on: str | None = None) -> Response:  # fmt: skip
    engine = request.app.state.inforce
    states = sorted(engine.registry.states.values(), key=lambda s: s.display_name)
    answer, error = None, None
    if sending and receiving and on:
        try:
            day = date.fromisoformat(on)
            if sending not in engine.registry.states or receiving not in engine.registry.states:
                raise ValueError("unknown State")
            c = explain_coverage(
                engine, engine.registry.states[sending], engine.registry.states[receiving], day
            )
            word = {True: "yes", False: "no", None: "unknown"}[c.answer.applies]
            answer = {"word": word, "reasons": c.finding.reasons,
                      "citations": [{"text": x.render(), "url": x.url} for x in c.finding.citations]}  # fmt: skip
        except ValueError as exc:
            error = f"{_t(request, 'Cannot answer')}: {exc}"
    return render(request, "registry.html", user=user, csrf_token=csrf, states=states, sending=sending or user.state,
                  receiving=receiving or "RUS", on=on or date.today().isoformat(), answer=answer, error=error)  # fmt: skip


def _transit_context(request: Request, user: CurrentUser, transit_id: int) -> dict[str, Any]:
    engine = request.app.state.inforce
    with read_only(request) as session:
        t = transits.read_visible(session, user, transit_id)
        checks = transits.checks(session, user, transit_id, engine)
        timeline = transits.case_timeline(session, user, transit_id)
        chain = verify(session)
    mine = (
        next((d for d in t["decisions"] if d["state"] == user.state), None) if user.has("approver") else None
    )
    return {"t": t, "checks": checks, "timeline": timeline, "chain": chain, "mine": mine}


@router.get("/transits/{transit_id}")
@page
def transit_page(request: Request, user: CurrentUser, csrf: str,
                 transit_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> Response:  # fmt: skip
    return render(
        request, "transit.html", user=user, csrf_token=csrf, **_transit_context(request, user, transit_id)
    )


@router.post("/transits/{transit_id}/decide")
@page
def decide(request: Request, user: CurrentUser, csrf: str, transit_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
           decision: Annotated[str, Form(max_length=40)], version: Annotated[int, Form(ge=0, le=MAX_INT)],
           csrf_token: Annotated[str, Form(max_length=100)] = "", note: Annotated[str, Form(max_length=4000)] = "") -> Response:  # fmt: skip
    htmx = request.headers.get("hx-request") == "true"
    if not sessions.csrf_ok(csrf, csrf_token):
        return render(
            request,
            "error.html",
            403,
            user=user,
            csrf_token=csrf,
            message=_t(request, "Missing or wrong form token."),
        )
    message, status = _t(request, "Decision recorded."), 200
    try:
        body = DecisionBody.model_validate({"decision": decision, "note": note or None, "version": version})
        with unit_of_work(request) as session:
            transits.decide(session, user, transit_id, body)
    except ValidationError as exc:
        message, status = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()), 422
    except NotFound:
        raise  # not the user's case: the page wrapper answers 404, as for any other page
    except DomainError as exc:
        message, status = exc.detail, exc.status
    context = _transit_context(request, user, transit_id)
    if htmx:  # htmx swaps 2xx answers only: the outcome is in the fragment itself
        return render(
            request,
            "_decisions.html",
            user=user,
            csrf_token=csrf,
            message=message,
            error=status != 200,
            **context,
        )
    if status == 200:
        return RedirectResponse(f"/transits/{transit_id}", status_code=303)
    return render(
        request, "transit.html", status, user=user, csrf_token=csrf, message=message, error=True, **context
    )

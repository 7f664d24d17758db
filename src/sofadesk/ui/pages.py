"""What every page of the web interface shares: templates per language, cookies, the signed-in user, and the
`page` and `action` wrappers (sign-in required; CSRF checked on every form; a case the user's State may not
see is a plain 404)."""

from __future__ import annotations

import functools
import gzip
import inspect
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.kinds import SHIPPED
from sofadesk.errors import DomainError, NotFound
from sofadesk.serving.deps import read_only
from sofadesk.ui import assets, domain_messages, i18n, sessions, table_rows

SESSION_COOKIE, PRELOGIN_COOKIE, LANGUAGE_COOKIE = "sofadesk_session", "sofadesk_prelogin", "sofadesk_lang"
COMPRESS_FROM = 4096  # bytes: smaller pages go as they are
TEMPLATES = Path(__file__).parent / "templates"
# A list page's cursor: opaque, from the page's own Previous and Next links (keyset pages, issue 18).
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]


# The side navigation's entry for each kind with pages, in the kinds list's order.
CASE_NAV = [k.nav for k in SHIPPED if k.pages and k.nav]


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(),
        extensions=["jinja2.ext.i18n"],
        # The templates ship with the package and do not change under a running server: no stat() of every
        # template a page extends or includes on each request.
        auto_reload=False,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        long_date=lambda v: i18n.long_date(v, language),
        date_time=lambda v: i18n.date_time(v, language),
        number=lambda v: i18n.number(v, language),
        languages=list(i18n.NAMES.items()),
        lang=language,
        asset=assets.url,
        state_name=lambda code, english=None: i18n.state_name(code, language, english),
        word=lambda w: i18n.vocabulary(w, language),
        tag=lambda status: table_rows.status_tag(status, language),
        # Table rows drawn in Python (ui/table_rows.py): a list's rows cost a fraction of Jinja's drawing.
        pending_rows=lambda items: table_rows.pending_rows(items, language),
        transit_rows=lambda items: table_rows.transit_rows(items, language),
        exercise_rows=lambda items: table_rows.exercise_rows(items, language),
        search_rows=lambda items: table_rows.search_rows(items, language),
        case_nav=CASE_NAV,
    )
    # `{{ reason | tr }}`: a sentence of the rules or checks (sofadesk.law.messages) in the page's language.
    env.filters["tr"] = lambda text: i18n.render(text, language)
    env.filters["state_name_f"] = lambda code: i18n.state_name(code, language)
    env.filters["value_word"] = lambda value: i18n.value_word(value, language)
    env.filters["field_label"] = lambda name: i18n.field_label(name, language)
    return env


def language_of(request: Request) -> str:
    return i18n.choose(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None = None
) -> None:
    # HttpOnly: no script reads it; SameSite=Lax: not sent on cross-site form posts; Secure behind HTTPS.
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env = environment(language_of(request))
    user = context.get("user")
    if isinstance(user, CurrentUser) and "unread_count" not in context:
        counted = getattr(request.state, "unread_count", None)
        # Called by the header (base.html) only, so fragments and pages without it cost no query; once a page.
        context["unread_count"] = (
            (lambda: counted)
            if counted is not None
            else functools.cache(functools.partial(_unread_count, request, user))
        )
    html = env.get_template(template).render(request=request, **context)
    body = html.encode()
    headers = {"Cache-Control": "no-store", "Vary": "Accept-Encoding, Cookie"}
    if len(body) > COMPRESS_FROM and "gzip" in request.headers.get("accept-encoding", ""):
        # Pages with long lists (every State to choose from) shrink tenfold; level 5 costs well under a
        # millisecond for a large page (benchmarks/bench_pages.py).
        body, headers["Content-Encoding"] = gzip.compress(body, compresslevel=5), "gzip"
    return HTMLResponse(body, status_code=status_code, headers=headers)


def _unread_count(request: Request, user: CurrentUser) -> int | None:
    """The header's unread count: one indexed count.  None (no count shown) if the database cannot say."""
    from sofadesk.notifications.service import unread_count

    try:
        with read_only(request) as session:
            return unread_count(session, user)
    except SQLAlchemyError:
        return None


def signed_in(request: Request) -> sessions.SignedIn | None:
    """The signed-in user of the request.  A GET also counts the header's unread notifications in the same
    statement; after a POST the count is read when the page is drawn (the step may just have changed it)."""
    with read_only(request) as session:
        found = sessions.current(
            session, request.cookies.get(SESSION_COOKIE), count_unread=request.method == "GET"
        )
    if found is not None and found.unread is not None:
        request.state.unread_count = found.unread
    return found


def to_sign_in(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)


def as_page(request: Request, fn: Callable[..., Response], **kwargs: Any) -> Response:
    """`fn(request, user, csrf, **kwargs)` for the signed-in user, else the sign-in page; a case the user's
    State may not see is a plain 404 page."""
    found = signed_in(request)
    if found is None:
        return to_sign_in(request)
    user, csrf, _ = found
    try:
        return fn(request, user, csrf, **kwargs)
    except NotFound as exc:
        return render(
            request,
            "error.html",
            404,
            user=user,
            csrf_token=csrf,
            message=domain_messages.in_words(exc.detail),
        )


def page(
    fn: Callable[..., Response], signature_of: Callable[..., Response] | None = None
) -> Callable[..., Response]:
    """Wraps a page handler: signed-in user and CSRF token as its second and third arguments, else to the
    sign-in page; a case the user's State may not see is a plain 404 page.  FastAPI sees the handler's own
    parameters without `user` and `csrf`."""
    signature = inspect.signature(signature_of or fn)

    @functools.wraps(signature_of or fn)
    def wrapper(request: Request, **kwargs: Any) -> Response:
        return as_page(request, fn, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p for name, p in signature.parameters.items() if name not in ("user", "csrf")]
    )
    return wrapper


def t(request: Request, text: str) -> str:
    """A text of the page's language (for texts built in Python rather than in a template)."""
    return i18n.translations(language_of(request)).gettext(text)


def shown(request: Request, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A form's errors (field -> messages) in the reader's language."""
    language = language_of(request)
    return {name: [i18n.render(m, language) for m in messages] for name, messages in errors.items()}


def validation_message(exc: ValidationError) -> str:
    """A refused form's problems in words, without the field paths only a program knows (a field's own
    message keeps its sentence; the others name the field by its label)."""
    from sofadesk.law.messages import listing, msg
    from sofadesk.ui import form_errors

    said: list[str] = []
    for e in exc.errors():
        text = str(e["msg"]).removeprefix("Value error, ")
        named, rest = form_errors.message_loc(text) if e["type"] == "value_error" else ((), text)
        if named:
            said.append(form_errors.plain(rest[:1].upper() + rest[1:]) + ("" if rest.endswith(".") else "."))
        elif e["loc"]:
            said.append(
                msg(
                    "{field}: {problem}",
                    field=i18n.word_term("field:" + str(e["loc"][-1])),
                    problem=form_errors.message(e),
                )
            )
        else:
            said.append(form_errors.message(e))
    return listing(said, separator=" ") if len(said) > 1 else said[0] if said else ""


def wrong_token(request: Request, user: CurrentUser, csrf: str, given: str | None) -> Response | None:
    """The 403 page when a form's CSRF token is not the session's; None when it is."""
    if sessions.csrf_ok(csrf, given or ""):
        return None
    return render(
        request,
        "error.html",
        403,
        user=user,
        csrf_token=csrf,
        message=t(request, "Missing or wrong form token."),
    )


def form_version(form: FormData) -> int:
    """The version a form was read at; anything else is -1, which the services refuse as stale."""
    text = str(form.get("version") or "")
    return int(text) if text.isdigit() else -1


async def posted_form(
    request: Request, handler: Callable[..., Response], max_files: int, max_fields: int, **kwargs: Any
) -> Response:
    """For forms whose field names are only known at run time (rows of legs, bookings, facts) or that carry
    uploads: the whole form is read on the event loop, then `handler(request, user, csrf, form, **kwargs)` runs
    as a page in the thread pool (the services are synchronous), once the form's CSRF token matched."""
    form = await request.form(max_files=max_files, max_fields=max_fields)
    return await run_in_threadpool(as_page, request, _checked, handler=handler, form=form, **kwargs)


def _checked(
    request: Request,
    user: CurrentUser,
    csrf: str,
    handler: Callable[..., Response],
    form: FormData,
    **kwargs: Any,
) -> Response:
    refused = wrong_token(request, user, csrf, str(form.get("csrf_token") or ""))
    return refused if refused is not None else handler(request, user, csrf, form, **kwargs)


Back = Callable[..., Response]


def action(back: Back) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Wraps a form handler: as `page`, and the form's CSRF token must match the session's.  A refusal by the
    service (or a body that does not validate) is shown by `back(request, user, csrf, message, status,
    **kwargs)`, normally the case page with the message next to the form; nothing is half-done, as the
    service's transaction is rolled back."""

    def wrap(fn: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(fn)
        def handler(request: Request, user: CurrentUser, csrf: str, **kwargs: Any) -> Response:
            refused = wrong_token(request, user, csrf, kwargs.get("csrf_token"))
            if refused is not None:
                return refused
            try:
                return fn(request, user, csrf, **kwargs)
            except NotFound:
                raise
            except ValidationError as exc:
                return back(request, user, csrf, validation_message(exc), 422, **kwargs)
            except DomainError as exc:
                return back(request, user, csrf, domain_messages.in_words(exc.detail), exc.status, **kwargs)

        return page(handler, signature_of=fn)

    return wrap

"""The public claim form: a person, a company or a town files a claim for damage done by a visiting force without
an account, in English, French or Russian, and follows it with the secret link it is given once.  The form calls
the same service, with the same limits per address and the same upload checks, as the public API
(/api/v1/public/claims); it works without JavaScript.

No form token: the form opens no session and acts for nobody, so a form posted from elsewhere can do nothing a
direct post cannot (the per-address limit is what bounds both)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sofadesk.cases.claim import service
from sofadesk.cases.claim.public import MAX_FILE, MAX_FILES, TooManyRequests
from sofadesk.cases.claim.schemas import DAMAGE_KINDS, PublicClaim
from sofadesk.cases.claim.texts import status_text
from sofadesk.errors import DomainError, NotFound
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import claim_forms, domain_messages, i18n
from sofadesk.ui.pages import language_of, render, t

router = APIRouter(include_in_schema=False)
Reference = Annotated[str, PathParam(max_length=40, pattern=r"^CL-[A-Z]{3}-\d{4}-\d{5,}$")]
CLAIMANT_KINDS = ("person", "company", "municipality", "other_body")
RELATIONS = ("none", "member_of_force", "civilian_component", "dependent")
# What the upload checks say (sofadesk.cases.claim.public.check_uploads), as the reader's sentence.
EVIDENCE_PROBLEMS = (
    ("is empty", "%(file)s: the file is empty."),
    ("a file may have at most", "%(file)s: the file is too large (at most 4 MB a file)."),
    (
        "not a PDF, JPEG or PNG",
        "%(file)s: not a PDF, JPEG or PNG file. Send photographs or scanned documents in one of these.",
    ),
    (
        "scripts, attachments or actions",
        "%(file)s: the PDF contains scripts, attachments or actions. Send a plain scan, or print it to PDF again.",
    ),
    ("together exceed", "The files together are too large (at most 10 MB)."),
    ("at most", "Send at most 5 files."),
)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _form(
    request: Request,
    values: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
    message: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    language = language_of(request)
    response = render(
        request,
        "claim_public.html",
        status,
        user=None,
        csrf_token="",
        v=values,
        errors=errors or {},
        message=message,
        states=i18n.states_by_name(request.app.state.inforce.registry, language),
        damage_kinds=DAMAGE_KINDS,
        claimant_kinds=CLAIMANT_KINDS,
        relations=RELATIONS,
        max_files=MAX_FILES,
        today=date.today().isoformat(),
    )
    response.headers.update(headers or {})
    return response


@router.get("/claim")
def claim_form(request: Request) -> Response:
    return _form(
        request,
        {"receiving_state": "", "currency": "EUR", "claimant_kind": "person", "claimant_relation": "none"},
    )


def evidence_error(request: Request, detail: str) -> str:
    name, _, rest = detail.partition(": ")
    for clue, sentence in EVIDENCE_PROBLEMS:
        if clue in detail:
            return t(request, sentence) % {"file": name if rest else ""}
    return detail


def _submit(request: Request, form: FormData) -> Response:
    data, values = claim_forms.public_claim(form)
    data["language"] = language_of(request)
    try:
        with unit_of_work(request) as session:
            service.count_submission(session, _client(request))
    except TooManyRequests as exc:
        return _form(
            request,
            values,
            status=429,
            headers=exc.headers,
            message=t(request, "Too many claims were sent from your address. Try again in an hour."),
        )
    try:
        body = PublicClaim.model_validate(data)
        files = claim_forms.uploads(form, "evidence", MAX_FILE)
        with unit_of_work(request) as session:
            made = service.submit(session, body, [service.Upload(n, d) for n, d in files])
    except ValidationError as exc:
        return _form(request, values, _shown(request, claim_forms.errors_of(exc)), 422)
    except DomainError as exc:
        field = exc.errors[0]["field"] if exc.errors else "form"
        if field.startswith("evidence"):
            return _form(
                request, values, {"evidence": [evidence_error(request, exc.errors[0]["message"])]}, 422
            )
        return _form(
            request,
            values,
            {
                claim_forms.field_id(field.split(".")): [
                    i18n.render(domain_messages.in_words(exc.detail), language_of(request))
                ]
            },
            exc.status,
        )
    link = f"/claim/{made.reference}?key={made.key}"
    return render(
        request, "claim_receipt.html", 201, user=None, csrf_token="", made=made, link=link, lang_next=link
    )


def _shown(request: Request, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    language = language_of(request)
    return {name: [i18n.render(m, language) for m in messages] for name, messages in errors.items()}


@router.post("/claim")
async def submit_claim(request: Request) -> Response:
    form = await request.form(max_files=MAX_FILES + 1, max_fields=60)
    if (
        len([f for f in form.getlist("evidence") if not isinstance(f, str) and (f.filename or f.size)])
        > MAX_FILES
    ):
        values = claim_forms.public_claim(form)[1]
        return _form(request, values, {"evidence": [t(request, "Send at most 5 files.")]}, 422)
    return await run_in_threadpool(_submit, request, form)


@router.get("/claim/{reference}")
def follow(
    request: Request,
    reference: Reference,
    key: Annotated[str, Query(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")],
) -> Response:
    """The claimant's own claim, and nothing else: a wrong reference or key is the same 404 as a missing claim,
    counted per address as the API counts it."""
    client = _client(request)
    link = f"/claim/{reference}?key={key}"
    try:
        with read_only(request) as session:
            claim = service.public_read(service.followed(session, client, reference, key), session)
    except TooManyRequests:
        return render(
            request,
            "error.html",
            429,
            user=None,
            csrf_token="",
            message=t(request, "Too many wrong links were tried from your address. Try again in an hour."),
        )
    except NotFound:
        with unit_of_work(request) as session:
            service.count_follow_failure(session, client)
        return render(
            request,
            "error.html",
            404,
            user=None,
            csrf_token="",
            message=t(request, "No claim has this reference and key. Check the link you were given."),
        )
    return render(
        request,
        "claim_follow.html",
        user=None,
        csrf_token="",
        c=claim,
        lang_next=link,
        status_text=status_text(claim.status, language_of(request)),
    )

"""Claims pages for the claims offices: the list with its filters, and the claim's page with its particulars,
the Art. VIII route with reasons and citations (each linked to the provision's page), the national clocks shown
as configuration with what falls due next, the States' decisions, shares, documents and timeline, and every step
the service offers the signed-in user as a form (claim_steps).  Each step calls the claims service, exactly as
the API does.  The public form (claim_public) and the statements and reports (claim_money_pages) are included
here, so the kinds list names one module."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify_case
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.claim import service
from sofadesk.cases.claim.config import BILATERAL, NATIONAL
from sofadesk.cases.claim.kind import EX_GRATIA_OFFER, NOTICE_ANSWER, STATUSES
from sofadesk.cases.claim.public import MAX_FILE, MAX_FILES
from sofadesk.cases.claim.reads import ClaimRead
from sofadesk.cases.claim.records import slot_of
from sofadesk.errors import DomainError, NotFound
from sofadesk.law.article_map import ancestors
from sofadesk.law.cite import Cite
from sofadesk.law.reading import anchor, section_by_anchor
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import claim_forms, claim_money_pages, claim_public, documents, domain_messages, i18n
from sofadesk.ui.claim_steps import FACTS, STEPS
from sofadesk.ui.pages import language_of, page, posted_form, render, t

router = APIRouter(include_in_schema=False)
# The public form and the statements first: their paths would otherwise be read as a claim's number.
router.include_router(claim_public.router)
router.include_router(claim_money_pages.router)
ClaimId = Annotated[int, PathParam(ge=1, le=MAX_INT)]
ROUTES = (
    "receiving_state_adjudicates",
    "ex_gratia_by_sending_state",
    "waived",
    "arbitrator",
    "negotiation",
    "outside_the_agreement",
)


@cache
def law_href(citation: str) -> str | None:
    """The page of the provision a citation names (or of the nearest paragraph above it that has one)."""
    try:
        cite = Cite.parse(citation)
    except (ValueError, KeyError):
        return None
    known = section_by_anchor()
    for c in [cite, *ancestors(cite)]:
        if anchor(c) in known:
            return f"/law/p/{anchor(c)}"
    return None


# The clocks the service words itself (the sending States' notice, answer and reply), in the reader's words;
# a national clock keeps the label its State configured.
CLOCK_LABELS = (
    (re.compile(r"^Notice of the claim to ([A-Z]{3})$"), "Notice of the claim to %(state)s"),
    (re.compile(r"^Notice to ([A-Z]{3}) and its answer$"), "Notice to %(state)s and its answer"),
    (re.compile(r"^([A-Z]{3})'s answer with its evidence$"), "Answer of %(state)s with its evidence"),
    (
        re.compile(r"^([A-Z]{3})'s reply to the proposed distribution$"),
        "Reply of %(state)s to the proposed distribution",
    ),
)
BASES = {
    NATIONAL: "national law of the receiving State (configuration, not the Agreement)",
    BILATERAL: "arrangement between the two States (configuration, not the Agreement)",
    "the Agreement": "the Agreement",
}


def _clock_words(request: Request) -> dict[str, Any]:
    language = language_of(request)

    def label(text: str, code: str | None = None) -> str:
        for pattern, msgid in CLOCK_LABELS:
            if m := pattern.match(text):
                return t(request, msgid) % {"state": i18n.state_name(m.group(1), language)}
        return text

    def reason(text: str) -> str:
        """A rule's sentence; with several sending States each comes after its State's code."""
        if m := re.match(r"^([A-Z]{3}): (.+)$", text, re.S):
            return f"{i18n.state_name(m.group(1), language)}: {i18n.render(m.group(2), language)}"
        return i18n.render(text, language)

    return {
        "reason": reason,
        "clock_label": label,
        "clock_basis": lambda basis: t(request, BASES[basis]) if basis in BASES else basis,
    }


@router.get("/claims")
@page
def claim_list(
    request: Request,
    user: CurrentUser,
    csrf: str,
    status: str | None = None,
    route: str | None = None,
    role: str | None = None,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> Response:
    chosen = {
        "status": status if status in STATUSES else None,
        "route": route if route in ROUTES else None,
        "role": role if role in ("receiving", "sending") else None,
    }
    with read_only(request) as session:
        found = service.list_visible(
            session, user, chosen["status"], chosen["route"], chosen["role"], limit=50, offset=offset
        )
    return render(
        request,
        "claims.html",
        user=user,
        csrf_token=csrf,
        found=found,
        chosen=chosen,
        statuses=STATUSES,
        routes=ROUTES,
    )


def _versions(session: Any, user: CurrentUser, claim_id: int, c: ClaimRead) -> dict[str, int | None]:
    """The versions the forms carry: the claim's, and the user's State's pending decisions (a share, the
    answer to the notice, an ex gratia offer), each answered at the version it was read at."""
    row = service.load_visible(session, user, claim_id)
    pending: dict[str, int | None] = {"claim": c.version, "none": None}
    for subject, name in ((NOTICE_ANSWER, "notice_answer"), (EX_GRATIA_OFFER, "ex_gratia_offer")):
        slot = slot_of(session, row, subject, user.state)
        pending[name] = slot.version if slot is not None and slot.status == "pending" else None
    share = next(
        (s for s in c.shares if s.state == user.state and s.decision and s.decision.status == "pending"), None
    )
    pending["share"] = share.decision.version if share and share.decision else None
    return pending


def _case(request: Request, user: CurrentUser, claim_id: int) -> dict[str, Any]:
    with read_only(request) as session:
        c = service.read_visible(session, user, claim_id)
        timeline = service.timeline(session, user, claim_id)
        chain = verify_case(session, "claim", claim_id)
        versions = _versions(session, user, claim_id, c)
        offices = service.offices(session, c.receiving_state) if user.state == c.receiving_state else []
    steps = [
        (n, STEPS[n])
        for n in c.actions
        if n in STEPS and (STEPS[n].version == "none" or versions[STEPS[n].version] is not None)
    ]
    money = c.awarded or c.claimed
    assessed = c.ex_gratia.get("assessed") if isinstance(c.ex_gratia.get("assessed"), dict) else {}
    defaults = {
        "today": date.today().isoformat(),
        "currency": money.currency,
        "claimed": c.claimed.amount,
        "awarded": money.amount,
        "assessed": (assessed or {}).get("amount", ""),
        "checked": "on",
    }
    return {
        "c": c,
        "timeline": timeline,
        "chain": chain,
        "versions": versions,
        "steps": steps,
        "offices": offices,
        "defaults": defaults,
        "law_href": law_href,
        "attach": "attach" in c.actions,
        "max_files": MAX_FILES,
        "receiving": user.state == c.receiving_state,
        "fact_labels": {f.name[6:]: f.label for f in FACTS},
        **_clock_words(request),
    }


def _show(
    request: Request,
    user: CurrentUser,
    csrf: str,
    claim_id: int,
    message: str | None = None,
    status: int = 200,
    errors: dict[str, list[str]] | None = None,
    open_step: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "claim.html",
        status,
        user=user,
        csrf_token=csrf,
        message=message,
        error=status >= 400,
        errors=errors or {},
        open_step=open_step,
        posted=values or {},
        **_case(request, user, claim_id),
    )


@router.get("/claims/{claim_id}")
@page
def claim_page(request: Request, user: CurrentUser, csrf: str, claim_id: ClaimId) -> Response:
    return _show(request, user, csrf, claim_id)


def _shown(request: Request, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    language = language_of(request)
    return {name: [i18n.render(m, language) for m in messages] for name, messages in errors.items()}


def _step(
    request: Request, user: CurrentUser, csrf: str, form: FormData, claim_id: int, step: str
) -> Response:
    found = STEPS.get(step)
    if found is None:
        raise NotFound(f"no step {step!r} on a claim")
    values = claim_forms.text_of(form)
    try:
        body = claim_forms.step_body(found.model, step, form)
        with unit_of_work(request) as session:
            found.call(session, user, claim_id, body, request.app.state.inforce)
    except ValidationError as exc:
        errors = claim_forms.errors_of(exc, f"{step}-")
        return _show(
            request,
            user,
            csrf,
            claim_id,
            t(request, "Nothing was saved; see the form below."),
            422,
            _shown(request, errors),
            step,
            values,
        )
    except NotFound:
        raise
    except DomainError as exc:
        said = domain_messages.in_words(exc.detail)
        errors = {
            f"{step}-{claim_forms.field_id(e['field'].split('.'))}": [e["message"]]
            for e in exc.errors
            if e.get("field") and f"{step}-{e['field']}" in values
        }
        return _show(request, user, csrf, claim_id, said, exc.status, _shown(request, errors), step, values)
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/claims/{claim_id}/steps/{step}")
async def claim_step(
    request: Request, claim_id: ClaimId, step: Annotated[str, PathParam(pattern="^[a-z_]{2,30}$")]
) -> Response:
    return await posted_form(request, _step, 0, 100, claim_id=claim_id, step=step)


def _attach(request: Request, user: CurrentUser, csrf: str, form: FormData, claim_id: int) -> Response:
    files = claim_forms.uploads(form, "evidence", MAX_FILE)
    try:
        with unit_of_work(request) as session:
            service.attach(session, user, claim_id, [service.Upload(n, d) for n, d in files])
    except NotFound:
        raise
    except DomainError as exc:
        said = claim_public.evidence_error(request, exc.errors[0]["message"]) if exc.errors else exc.detail
        return _show(request, user, csrf, claim_id, said, exc.status, {"evidence": [said]}, "attach")
    return RedirectResponse(f"/claims/{claim_id}#documents-h", status_code=303)


@router.post("/claims/{claim_id}/documents")
async def attach(request: Request, claim_id: ClaimId) -> Response:
    return await posted_form(request, _attach, MAX_FILES, 10, claim_id=claim_id)


@router.get("/claims/{claim_id}/documents/{document_id}")
@page
def claim_document(
    request: Request,
    user: CurrentUser,
    csrf: str,
    claim_id: ClaimId,
    document_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
) -> Response:
    with read_only(request) as session:
        row = service.document(session, user, claim_id, document_id)
        return claim_money_pages.download(row.content, row.media_type, row.filename)


@router.get("/claims/{claim_id}/receipt.pdf")
@page
def receipt(request: Request, user: CurrentUser, csrf: str, claim_id: ClaimId) -> Response:
    """The written acknowledgement of receipt, in the claimant's language (the receiving State's office)."""
    with read_only(request) as session:
        c = service.read_visible(session, user, claim_id)
    if c.receiving_state != user.state or c.received_on is None:
        raise NotFound(f"no acknowledgement of receipt of claim {claim_id} for your State")
    return documents.pdf_response(service.receipt_pdf(c), f"{c.reference}-receipt.pdf")

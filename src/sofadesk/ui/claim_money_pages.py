"""The money side of claims as pages: the half-yearly statements (Art. VIII(5)(e)(iv)) per receiving State,
sending State and half-year, with their cases, shares and total, as PDF and XLSX, issued with the reimbursement
request; the reimbursements received, balances and their ageing per sending State; and the yearly report of the
user's State with a chart, as CSV and XLSX.  Each calls the claims service, exactly as the API does."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.claim import service
from sofadesk.cases.claim.schemas import ReimbursementBody, StatementIssue
from sofadesk.cases.claim.statements import AGES
from sofadesk.errors import DomainError, Invalid, NotFound
from sofadesk.serving.deps import read_only, unit_of_work
from sofadesk.ui import chart_svg, domain_messages, i18n
from sofadesk.ui.pages import action, language_of, page, render, t

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Form(max_length=100)]
Short = Annotated[str, Form(max_length=40)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATE = re.compile(r"^[A-Z]{3}$")
HALF = re.compile(r"^(19[5-9]\d|2[01]\d\d)-H[12]$")


def download(data: bytes, media_type: str, filename: str) -> Response:
    """A file to save, never rendered in the browser (uploads above all)."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:120] or "file"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"', "Cache-Control": "no-store"},
    )


def _halves(today: date) -> list[str]:
    """The half-years to choose from: the last ten that have ended or are running, newest first."""
    half = 1 if today.month <= 6 else 2
    out, year = [], today.year
    for _ in range(10):
        out.append(f"{year}-H{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out


def _statements_page(
    request: Request, user: CurrentUser, csrf: str, message: str | None = None, status: int = 200, **_: Any
) -> Response:
    with read_only(request) as session:
        issued = service.statements(session, user)
        balances = service.balances(session, user)
    return render(
        request,
        "claim_statements.html",
        status,
        user=user,
        csrf_token=csrf,
        issued=issued,
        balances=balances,
        ages=[a for a, _ in AGES],
        halves=_halves(date.today()),
        message=message,
        error=status >= 400,
    )


@router.get("/claims/statements")
@page
def statements(request: Request, user: CurrentUser, csrf: str) -> Response:
    return _statements_page(request, user, csrf)


def _pair(receiving: str, sending: str, half: str) -> None:
    for field, value, pattern in (
        ("receiving", receiving, STATE),
        ("sending", sending, STATE),
        ("half", half, HALF),
    ):
        if not pattern.fullmatch(value):
            raise Invalid(field, f"{value!r} is not in the expected form")


def _statement(request: Request, user: CurrentUser, receiving: str, sending: str, half: str) -> Any:
    _pair(receiving, sending, half)
    with read_only(request) as session:
        return service.statement(session, user, receiving, sending, half, None)


def _statement_page(
    request: Request,
    user: CurrentUser,
    csrf: str,
    message: str | None = None,
    status: int = 200,
    receiving: str = "",
    sending: str = "",
    half: str = "",
    **_: Any,
) -> Response:
    try:
        s = _statement(request, user, receiving or user.state, sending, half)
    except NotFound:
        raise
    except DomainError as exc:
        return _statements_page(request, user, csrf, domain_messages.in_words(exc.detail), exc.status)
    with read_only(request) as session:
        issued = (
            next(
                (
                    x
                    for x in service.statements(
                        session, user, sending if receiving == user.state else receiving
                    )
                    if x.reference == s.reference
                ),
                None,
            )
            if s.reference
            else None
        )
    query = f"receiving={s.receiving_state}&sending={s.sending_state}&half={s.half}"
    return render(
        request,
        "claim_statement.html",
        status,
        user=user,
        csrf_token=csrf,
        s=s,
        issued=issued,
        query=query,
        message=message,
        error=status >= 400,
        today=date.today().isoformat(),
    )


@router.get("/claims/statement")
@page
def statement(
    request: Request,
    user: CurrentUser,
    csrf: str,
    sending: Annotated[str, Query(max_length=3)] = "",
    half: Annotated[str, Query(max_length=7)] = "",
    receiving: Annotated[str, Query(max_length=3)] = "",
) -> Response:
    return _statement_page(
        request, user, csrf, receiving=receiving or user.state, sending=sending.upper(), half=half
    )


@router.get("/claims/statement.{kind}")
@page
def statement_file(
    request: Request,
    user: CurrentUser,
    csrf: str,
    kind: Annotated[str, PathParam(pattern="^(pdf|xlsx)$")],
    sending: Annotated[str, Query(max_length=3)],
    half: Annotated[str, Query(max_length=7)],
    receiving: Annotated[str, Query(max_length=3)],
) -> Response:
    try:
        s = _statement(request, user, receiving, sending, half)
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
    name = f"statement-{receiving}-{sending}-{half}.{kind}"
    if kind == "pdf":
        return download(service.statement_pdf(s), "application/pdf", name)
    return download(service.statement_xlsx(s), XLSX, name)


@router.post("/claims/statements/issue")
@action(_statement_page)
def issue(
    request: Request,
    user: CurrentUser,
    csrf: str,
    sending: Short,
    half: Short,
    on: Short = "",
    receiving: Short = "",
    csrf_token: Token = "",
) -> Response:
    """Issue the statement of a half-year that has ended, with its reimbursement request."""
    body = StatementIssue.model_validate({"sending_state": sending, "half": half, "on": on or None})
    with unit_of_work(request) as session:
        service.issue_statement(session, user, body)
    return RedirectResponse(f"/claims/statement?sending={sending}&half={half}", status_code=303)


@router.post("/claims/statements/{statement_id}/reimbursements")
@action(_statement_page)
def reimbursement(
    request: Request,
    user: CurrentUser,
    csrf: str,
    statement_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
    amount: Short,
    currency: Short,
    on: Short,
    sending: Short,
    half: Short,
    receiving: Short = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    csrf_token: Token = "",
) -> Response:
    """The receiving State records a reimbursement received against a statement."""
    body = ReimbursementBody.model_validate(
        {"amount": amount, "currency": currency.upper(), "on": on, "note": note or None}
    )
    with unit_of_work(request) as session:
        service.reimburse(session, user, statement_id, body)
    return RedirectResponse(f"/claims/statement?sending={sending}&half={half}", status_code=303)


# --- reports ---------------------------------------------------------------------------------------------------


@router.get("/claims/reports")
@page
def reports(
    request: Request,
    user: CurrentUser,
    csrf: str,
    year: Annotated[int | None, Query(ge=1951, le=2200)] = None,
) -> Response:
    chosen = year or date.today().year
    with read_only(request) as session:
        r = service.report(session, user, chosen)
        sending = service.sending_report(session, user, chosen)
    words = [(_word(request, k), v) for k, v in r.by_route.items()]
    chart = chart_svg.count_bars(words, t(request, "Claims received by route"))
    return render(
        request,
        "claim_reports.html",
        user=user,
        csrf_token=csrf,
        r=r,
        sending=sending,
        chart=chart,
        year=chosen,
        years=list(range(date.today().year, date.today().year - 10, -1)),
    )


def _word(request: Request, code: str) -> str:
    return i18n.vocabulary(code, language_of(request))


@router.get("/claims/reports/{year}/report.{kind}")
@page
def report_file(
    request: Request,
    user: CurrentUser,
    csrf: str,
    year: Annotated[int, PathParam(ge=1951, le=2200)],
    kind: Annotated[str, PathParam(pattern="^(csv|xlsx)$")],
) -> Response:
    with read_only(request) as session:
        r = service.report(session, user, year)
    name = f"claims-{user.state}-{year}.{kind}"
    if kind == "csv":
        return download(service.report_csv(r).encode(), "text/csv; charset=utf-8", name)
    return download(service.report_xlsx(r), XLSX, name)

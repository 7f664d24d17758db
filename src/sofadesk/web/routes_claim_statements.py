"""Claims over HTTP, part two: half-yearly statements, reimbursements and balances, reports, and the claims
offices' configuration.  Included in the claims router (routes_claim), which the kinds list names."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status

from sofadesk.cases.bodies import MAX_INT, IsoDate
from sofadesk.cases.claim import service
from sofadesk.cases.claim.config_reads import (
    ConfiguredClockRead,
    OfficeRead,
    PeriodRead,
    RateRead,
    ThresholdRead,
)
from sofadesk.cases.claim.reads import (
    BalanceRead,
    ReportRead,
    SendingReportRead,
    StatementRead,
    StatementSummary,
)
from sofadesk.cases.claim.schemas import (
    ClockBody,
    OfficeBody,
    PeriodBody,
    RateBody,
    ReimbursementBody,
    StatementIssue,
)
from sofadesk.serving.deps import CurrentActor, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS
from sofadesk.serving.responses import json_response

router = APIRouter(tags=["claims"], responses=ERRORS)
StateParam = Annotated[str, Path(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code")]
HalfParam = Annotated[
    str, Path(pattern=r"^(19[5-9]\d|2[01]\d\d)-H[12]$", description="A half-year, e.g. 2024-H1")
]
Year = Annotated[int, Path(ge=1951, le=2200)]
Code = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]
Currency = Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def binary(description: str, *media_types: str) -> dict[str, Any]:
    """A file response.  application/octet-stream is listed too, for clients generated from the document (they
    read it as bytes); the body comes with its own type."""
    file = {"schema": {"type": "string", "format": "binary"}}
    return {
        "content": {m: file for m in (*media_types, "application/octet-stream")},
        "description": description,
    }


PDF = binary("A PDF document.", "application/pdf")
XLSX = binary("An XLSX workbook.", XLSX_TYPE)


def file_response(data: bytes, media_type: str, filename: str) -> Response:
    """A download, never rendered in the browser."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:120] or "file"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"', "Cache-Control": "no-store"},
    )


# --- statements, balances, reports -----------------------------------------------------------------------------


@router.get("/claim-statements", response_model=list[StatementSummary])
def list_claim_statements(
    user: CurrentActor, request: Request, state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None
) -> list[StatementSummary]:
    """Statements the user's State issued or was sent (with `state`: those with that State)."""
    with read_only(request) as session:
        return service.statements(session, user, state)


@router.post("/claim-statements", response_model=StatementRead, status_code=status.HTTP_201_CREATED)
def issue_claim_statement(body: StatementIssue, user: CurrentActor, request: Request) -> Response:
    """Issue the statement of a half-year that has ended, with its reimbursement request (Art. VIII(5)(e)(iv))."""
    with unit_of_work(request) as session:
        made = service.issue_statement(session, user, body)
    return json_response(made, status_code=201)


@router.get("/claim-statements/{receiving}/{sending}/{half}", response_model=StatementRead)
def get_claim_statement(
    receiving: StateParam,
    sending: StateParam,
    half: HalfParam,
    user: CurrentActor,
    request: Request,
    currency: Currency = None,
) -> Response:
    """The statement for a half-year: as issued, or a preview of what it would hold now."""
    with read_only(request) as session:
        return json_response(service.statement(session, user, receiving, sending, half, currency))


@router.get(
    "/claim-statements/{receiving}/{sending}/{half}/statement.pdf",
    response_class=Response,
    responses={200: PDF},
)
def claim_statement_pdf(
    receiving: StateParam,
    sending: StateParam,
    half: HalfParam,
    user: CurrentActor,
    request: Request,
    currency: Currency = None,
) -> Response:
    with read_only(request) as session:
        found = service.statement(session, user, receiving, sending, half, currency)
    return file_response(
        service.statement_pdf(found), "application/pdf", f"statement-{receiving}-{sending}-{half}.pdf"
    )


@router.get(
    "/claim-statements/{receiving}/{sending}/{half}/statement.xlsx",
    response_class=Response,
    responses={200: XLSX},
)
def claim_statement_xlsx(
    receiving: StateParam,
    sending: StateParam,
    half: HalfParam,
    user: CurrentActor,
    request: Request,
    currency: Currency = None,
) -> Response:
    with read_only(request) as session:
        found = service.statement(session, user, receiving, sending, half, currency)
    return file_response(
        service.statement_xlsx(found), XLSX_TYPE, f"statement-{receiving}-{sending}-{half}.xlsx"
    )


@router.post("/claim-statements/{statement_id}/reimbursements", response_model=StatementSummary)
def record_reimbursement(
    statement_id: Annotated[int, Path(ge=1, le=MAX_INT)],
    body: ReimbursementBody,
    user: CurrentActor,
    request: Request,
) -> StatementSummary:
    """The receiving State records a reimbursement received against a statement."""
    with unit_of_work(request) as session:
        return service.reimburse(session, user, statement_id, body)


@router.get("/claim-balances", response_model=list[BalanceRead])
def claim_balances(
    user: CurrentActor, request: Request, as_of: Annotated[IsoDate | None, Query()] = None
) -> list[BalanceRead]:
    """Stated, reimbursed and outstanding amounts per pair of States, with their ageing."""
    with read_only(request) as session:
        return service.balances(session, user, as_of)


@router.get("/claim-reports/{year}", response_model=ReportRead)
def claim_report(year: Year, user: CurrentActor, request: Request) -> ReportRead:
    """The user's State's claims received in a year: by route, amounts, processing times."""
    with read_only(request) as session:
        return service.report(session, user, year)


@router.get(
    "/claim-reports/{year}/report.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV"}},
)
def claim_report_csv(year: Year, user: CurrentActor, request: Request) -> Response:
    with read_only(request) as session:
        found = service.report(session, user, year)
    return file_response(
        service.report_csv(found).encode(), "text/csv; charset=utf-8", f"claims-{user.state}-{year}.csv"
    )


@router.get("/claim-reports/{year}/report.xlsx", response_class=Response, responses={200: XLSX})
def claim_report_xlsx(year: Year, user: CurrentActor, request: Request) -> Response:
    with read_only(request) as session:
        found = service.report(session, user, year)
    return file_response(service.report_xlsx(found), XLSX_TYPE, f"claims-{user.state}-{year}.xlsx")


@router.get("/claim-reports/{year}/sending", response_model=SendingReportRead)
def claim_sending_report(year: Year, user: CurrentActor, request: Request) -> SendingReportRead:
    """The user's State as sending State: reimbursed month by month; shares by quarter and kind of damage."""
    with read_only(request) as session:
        return service.sending_report(session, user, year)


# --- configuration ---------------------------------------------------------------------------------------------


@router.put("/claim-config/offices/{code}", response_model=OfficeRead)
def put_claim_office(code: Code, body: OfficeBody, user: CurrentActor, request: Request) -> OfficeRead:
    """Record a competent claims office of the user's State, by region and kind of damage (administrator)."""
    with unit_of_work(request) as session:
        return service.set_office(session, user, code, body)


@router.get("/claim-config/offices", response_model=list[OfficeRead])
def get_claim_offices(
    user: CurrentActor, request: Request, state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None
) -> list[OfficeRead]:
    with read_only(request) as session:
        return service.offices(session, state or user.state)


@router.put("/claim-config/clocks/{code}", response_model=ConfiguredClockRead)
def put_claim_clock(code: Code, body: ClockBody, user: CurrentActor, request: Request) -> ConfiguredClockRead:
    """Record a national clock of the user's State, with its source (configuration, not the Agreement)."""
    with unit_of_work(request) as session:
        return service.set_clock(session, user, code, body)


@router.get("/claim-config/clocks", response_model=list[ConfiguredClockRead])
def get_claim_clocks(
    user: CurrentActor, request: Request, state: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None
) -> list[ConfiguredClockRead]:
    with read_only(request) as session:
        return service.clocks(session, state or user.state)


@router.put("/claim-config/periods/{sending}", response_model=PeriodRead)
def put_claim_period(
    sending: StateParam, body: PeriodBody, user: CurrentActor, request: Request
) -> PeriodRead:
    """The notice and answer periods between the user's State (receiving) and a sending State, with the source."""
    with unit_of_work(request) as session:
        return service.set_period(session, user, sending, body)


@router.get("/claim-config/periods", response_model=list[PeriodRead])
def get_claim_periods(user: CurrentActor, request: Request) -> list[PeriodRead]:
    with read_only(request) as session:
        return service.periods(session, user.state)


@router.post("/claim-config/rates", response_model=RateRead, status_code=status.HTTP_201_CREATED)
def add_claim_rate(body: RateBody, user: CurrentActor, request: Request) -> Response:
    """Record a conversion rate the parties agreed for an Art. VIII(2)(f) amount, dated, with its source."""
    with unit_of_work(request) as session:
        made = service.add_rate(session, user, body)
    return json_response(made, status_code=201)


@router.delete(
    "/claim-config/rates/{rate_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response
)
def delete_claim_rate(
    rate_id: Annotated[int, Path(ge=1, le=MAX_INT)], user: CurrentActor, request: Request
) -> Response:
    with unit_of_work(request) as session:
        service.delete_rate(session, user, rate_id)
    return Response(status_code=204)


@router.get("/claim-config/thresholds", response_model=list[ThresholdRead])
def get_claim_thresholds(user: CurrentActor, request: Request) -> list[ThresholdRead]:
    """The Art. VIII(2)(f) amounts and the conversion rates recorded for them (unknown where none is)."""
    with read_only(request) as session:
        return service.thresholds(session)

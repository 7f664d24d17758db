"""Incident statistics of the user's own State for a year, in the shape States report them (item 8 of the
incidents issue): as sending State and as receiving State, offences by person category and offence type,
exclusive or concurrent jurisdiction, the primary right by whom, jurisdiction reserved or waived (count and
share), recalls, charges dropped, trials and outcomes; a chart of the offences, and the CSV and XLSX the API
sends (the same service functions: statistics, as_csv, as_xlsx).  No personal data is read."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.incident import service
from sofadesk.cases.incident.reads import StatsRead
from sofadesk.cases.incident.schemas import OFFENCE_TYPES
from sofadesk.serving.deps import read_only
from sofadesk.ui import chart_svg, i18n
from sofadesk.ui.pages import language_of, page, render, t

router = APIRouter(include_in_schema=False)
Year = Annotated[int | None, Query(ge=1951, le=2200)]
CATEGORIES = ("member_of_force", "civilian_component", "dependent", "unknown")


def _stats(request: Request, user: CurrentUser, year: int) -> StatsRead:
    with read_only(request) as session:
        return service.statistics(session, user, user.state, year)


@router.get("/incidents/statistics")
@page
def statistics(request: Request, user: CurrentUser, csrf: str, year: Year = None) -> Response:
    """The year's figures (this year unless one is asked for), with the chart and the downloads."""
    chosen = year or date.today().year
    stats = _stats(request, user, chosen)
    empty = not (stats.as_sending_state.incidents or stats.as_receiving_state.incidents)
    return render(
        request,
        "incident_stats.html",
        user=user,
        csrf_token=csrf,
        stats=stats,
        year=chosen,
        empty=empty,
        categories=CATEGORIES,
        offences=OFFENCE_TYPES,
    )


@router.get("/incidents/statistics.svg")
@page
def chart(request: Request, user: CurrentUser, csrf: str, year: Year = None) -> Response:
    """Offences by person category, stacked by offence type, as sending and as receiving State."""
    stats = _stats(request, user, year or date.today().year)
    language = language_of(request)
    rows = []
    for role, block in (
        (t(request, "As sending State"), stats.as_sending_state),
        (t(request, "As receiving State"), stats.as_receiving_state),
    ):
        for category in sorted(
            block.by_category, key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else 99
        ):
            rows.append((f"{role}: {i18n.vocabulary(category, language)}", block.by_category[category]))
    names = {o: i18n.vocabulary(o, language) for o in OFFENCE_TYPES}
    title = t(request, "Offences by person category and offence type, %(state)s, %(year)s") % {
        "state": i18n.state_name(user.state, language),
        "year": stats.year,
    }
    return Response(
        chart_svg.bars(rows, names, title),
        media_type="image/svg+xml",
        headers={"Cache-Control": "private, no-store"},
    )


def _download(data: bytes, media: str, name: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/incidents/statistics.csv")
@page
def csv(request: Request, user: CurrentUser, csrf: str, year: Year = None) -> Response:
    stats = _stats(request, user, year or date.today().year)
    return _download(service.as_csv(stats), "text/csv", f"incidents-{stats.state}-{stats.year}.csv")


@router.get("/incidents/statistics.xlsx")
@page
def xlsx(request: Request, user: CurrentUser, csrf: str, year: Year = None) -> Response:
    stats = _stats(request, user, year or date.today().year)
    return _download(
        service.as_xlsx(stats),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"incidents-{stats.state}-{stats.year}.xlsx",
    )

"""Registry pages: the in-force question as a form with its explained answer, a State's timeline across the
instruments, the parties of each agreement (on a date), and a chart of the number of parties in force over
time.  All answers come from the in-force engine the API and CLI use."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.errors import NotFound
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.registry.chart import parties_over_time
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.parties import party_rows
from sofadesk.registry.timeline import state_timeline
from sofadesk.ui import chart_svg
from sofadesk.ui.pages import page, render, t

router = APIRouter(include_in_schema=False)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


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
            error = f"{t(request, 'Cannot answer')}: {exc}"
    return render(request, "registry.html", user=user, csrf_token=csrf, states=states, sending=sending or user.state,
                  receiving=receiving or "RUS", on=on or date.today().isoformat(), answer=answer, error=error)  # fmt: skip


@router.get("/registry/states/{code}")
@page
def state_page(request: Request, user: CurrentUser, csrf: str,
               code: Annotated[str, PathParam(pattern="^[A-Za-z]{3}$")]) -> Response:  # fmt: skip
    engine = request.app.state.inforce
    state = engine.registry.states.get(code.upper())
    if state is None:
        raise NotFound(f"no State {code!r} in the registry")
    events, summaries = state_timeline(engine, state)
    return render(request, "registry_state.html", user=user, csrf_token=csrf, state=state, events=events,
                  summaries=summaries)  # fmt: skip


@router.get("/registry/parties")
@page
def parties_page(request: Request, user: CurrentUser, csrf: str, agreement: str = "pfp-sofa",
                 on: str | None = None) -> Response:  # fmt: skip
    engine = request.app.state.inforce
    chosen = agreement if agreement in engine.registry.agreements else "pfp-sofa"
    day = _day(on)
    rows = party_rows(engine, chosen, day)
    return render(request, "registry_parties.html", user=user, csrf_token=csrf, agreement=chosen, day=day,
                  on=on or "", rows=rows, agreements=engine.registry.agreements, instrument=INSTRUMENTS[chosen],
                  bad_date=bool(on) and day is None)  # fmt: skip


@lru_cache(maxsize=8)
def _chart(engine: InForceEngine, until: date, title: str) -> str:
    # Per engine, day and language (a few entries): the registry changes only with a restart, and a few
    # thousand engine answers are not worth recomputing on every view.
    series = {
        INSTRUMENTS[a].short_name: parties_over_time(engine, a, until) for a in engine.registry.agreements
    }
    return chart_svg.draw(series, title, until)


@router.get("/registry/chart.svg")
@page
def chart(request: Request, user: CurrentUser, csrf: str) -> Response:
    svg = _chart(
        request.app.state.inforce, date.today(), t(request, "States for which each agreement is in force")
    )
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})

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
from sofadesk.errors import NotFound
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.registry.chart import parties_over_time
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.parties import party_rows
from sofadesk.registry.timeline import state_timeline
from sofadesk.ui import chart_svg, i18n, registry_map
from sofadesk.ui.pages import language_of, page, render, t

router = APIRouter(include_in_schema=False)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/registry")
@page
def registry(
    request: Request,
    user: CurrentUser,
    csrf: str,
    sending: str | None = None,
    receiving: str | None = None,
    on: str | None = None,
) -> Response:
    engine = request.app.state.inforce
    states = i18n.states_by_name(engine.registry, language_of(request))
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
            answer = {
                "word": word,
                "reasons": c.finding.reasons,
                "citations": [{"text": x.render(), "url": x.url} for x in c.finding.citations],
            }
        except ValueError as exc:
            error = f"{t(request, 'Cannot answer')}: {exc}"
    return render(
        request,
        "registry.html",
        user=user,
        csrf_token=csrf,
        states=states,
        sending=sending or user.state,
        receiving=receiving or "RUS",
        on=on or date.today().isoformat(),
        answer=answer,
        error=error,
    )


@router.get("/registry/states/{code}")
@page
def state_page(
    request: Request, user: CurrentUser, csrf: str, code: Annotated[str, PathParam(pattern="^[A-Za-z]{3}$")]
) -> Response:
    engine = request.app.state.inforce
    state = engine.registry.states.get(code.upper())
    if state is None:
        raise NotFound(f"no State {code!r} in the registry")
    events, summaries = state_timeline(engine, state)
    return render(
        request,
        "registry_state.html",
        user=user,
        csrf_token=csrf,
        state=state,
        events=events,
        summaries=summaries,
    )


@router.get("/registry/parties")
@page
def parties_page(
    request: Request, user: CurrentUser, csrf: str, agreement: str = "pfp-sofa", on: str | None = None
) -> Response:
    engine = request.app.state.inforce
    chosen = agreement if agreement in engine.registry.agreements else "pfp-sofa"
    day = _day(on)
    rows = party_rows(engine, chosen, day)
    return render(
        request,
        "registry_parties.html",
        user=user,
        csrf_token=csrf,
        agreement=chosen,
        day=day,
        on=on or "",
        rows=rows,
        agreements=engine.registry.agreements,
        instrument=INSTRUMENTS[chosen],
        bad_date=bool(on) and day is None,
    )


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


def _map_query(request: Request, agreement: str, on: str | None) -> tuple[str, date] | str:
    """The agreement and day asked for (today when no date is given), or what was wrong with them."""
    agreements = request.app.state.inforce.registry.agreements
    if agreement not in agreements:
        return t(request, "There is no agreement %(given)s in the registry; choose one of: %(choices)s.") % {
            "given": repr(agreement[:40]),
            "choices": ", ".join(agreements),
        }
    day = _day(on) if on else date.today()
    if day is None:
        return t(request, "The date must be YYYY-MM-DD.")
    return agreement, day


@router.get("/registry/map")
@page
def map_page(
    request: Request, user: CurrentUser, csrf: str, agreement: str = "nato-sofa", on: str | None = None
) -> Response:
    asked = _map_query(request, agreement, on)
    if isinstance(asked, str):
        return render(request, "error.html", 400, user=user, csrf_token=csrf, message=asked)
    chosen, day = asked
    engine = request.app.state.inforce
    entries = registry_map.standings_on(engine, chosen, day)
    timeline = registry_map.entry_timeline(engine, chosen)
    return render(
        request,
        "registry_map.html",
        user=user,
        csrf_token=csrf,
        agreement=chosen,
        day=day,
        today=date.today(),
        agreements=engine.registry.agreements,
        instrument=INSTRUMENTS[chosen],
        groups={w: [e for e in entries if e.word == w] for w in registry_map.WORDS},
        timeline=timeline,
        years=registry_map.change_years(timeline),
        width=registry_map.WIDTH,
        height=registry_map.HEIGHT,
    )


@lru_cache(maxsize=32)
def _map_svg(engine: InForceEngine, agreement: str, day: date, language: str) -> str:
    # Per engine, agreement, day and language: the registry changes only with a restart.
    _ = i18n.translations(language).gettext
    names = {
        "in_force": _("In force"),
        "not_in_force": _("Not yet or no longer in force"),
        "signed": _("Signed only"),
        "unknown": _("Unknown: a date it depends on is not established"),
        "other": _("Not recorded as a party"),
        "listed": _("Not drawn (no outline in the map data)"),
    }
    return registry_map.draw(
        registry_map.standings_on(engine, agreement, day),
        names,
        INSTRUMENTS[agreement].short_name,
        _("Standing on %(day)s") % {"day": i18n.long_date(day, language)},
        _("North America (inset)"),
        _("A dot: no outline in the map data"),
    )


@router.get("/registry/map.svg")
@page
def map_svg(
    request: Request, user: CurrentUser, csrf: str, agreement: str = "nato-sofa", on: str | None = None
) -> Response:
    asked = _map_query(request, agreement, on)
    if isinstance(asked, str):
        return Response(asked, status_code=400, media_type="text/plain")
    svg = _map_svg(request.app.state.inforce, *asked, language_of(request))
    # The language comes from a cookie: a cached map must not outlive a switch of language.
    headers = {"Cache-Control": "private, max-age=3600", "Vary": "Cookie, Accept-Language"}
    return Response(svg, media_type="image/svg+xml", headers=headers)

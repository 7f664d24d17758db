"""Law pages: the articles of the four instruments with our one-line summaries and links to the official
texts, and every decision kind as a form generated from its facts schema, answered with its reasons and
citations by the same rules the API and CLI run."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.errors import NotFound
from sofadesk.law.article_map import article_nodes
from sofadesk.law.cite import Cite
from sofadesk.law.decisions import KINDS, DecisionKind, FactsError, decide, finding_json, parse_facts
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.registry.regime import RegimeError, fill_regime
from sofadesk.ui import facts_form
from sofadesk.ui.pages import page, posted_form, render

router = APIRouter(include_in_schema=False)
KindName = Annotated[str, PathParam(pattern="^[a-z-]{2,40}$")]


@router.get("/law")
@page
def articles(request: Request, user: CurrentUser, csrf: str, instrument: str = "nato-sofa") -> Response:
    chosen = instrument if instrument in INSTRUMENTS else "nato-sofa"
    nodes = [n for n in article_nodes() if n.cite.instrument == chosen]
    grouped = [(article, list(items)) for article, items in groupby(nodes, key=lambda n: n.cite.article)]
    return render(request, "law_articles.html", user=user, csrf_token=csrf, instruments=INSTRUMENTS,
                  chosen=INSTRUMENTS[chosen], articles=grouped, depth=_depth)  # fmt: skip


def _depth(c: Cite) -> int:
    return (1 if c.paragraph else 0) + len(c.sub)


@router.get("/law/decide")
@page
def kinds(request: Request, user: CurrentUser, csrf: str) -> Response:
    return render(request, "law_kinds.html", user=user, csrf_token=csrf, kinds=KINDS)


def _kind(name: str) -> DecisionKind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(f"no decision kind {name!r}")
    return kind


def _form_page(request: Request, user: CurrentUser, csrf: str, kind: DecisionKind, values: dict[str, str],
               status: int = 200, **context: Any) -> Response:  # fmt: skip
    model, _ = kind.load()
    fields = facts_form.form_fields(model.model_json_schema())
    return render(request, "law_decide.html", status, user=user, csrf_token=csrf, kind=kind, fields=fields,
                  values=values, errors=context.pop("errors", {}), **context)  # fmt: skip


@router.get("/law/decide/{name}")
@page
def decide_form(request: Request, user: CurrentUser, csrf: str, name: KindName) -> Response:
    return _form_page(request, user, csrf, _kind(name), {})


def _answer(request: Request, user: CurrentUser, csrf: str, form: FormData, name: str) -> Response:
    kind = _kind(name)
    values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
    model, _ = kind.load()
    data = facts_form.facts_from(facts_form.form_fields(model.model_json_schema()), form)
    notes: list[str] = []
    try:
        if kind.needs_regime and "regime" not in data:
            assert kind.date_path is not None
            notes.append(fill_regime(lambda: request.app.state.inforce, kind.date_path, data))
        finding = decide(kind, parse_facts(kind, data))
    except (FactsError, RegimeError) as exc:
        problems = exc.problems if isinstance(exc, FactsError) else [str(exc)]
        keyed, general = facts_form.problems_by_field(problems)
        return _form_page(request, user, csrf, kind, values, 422, errors=keyed, general=general)
    result = finding_json(kind.name, finding)
    result["reasons"] = notes + result["reasons"]
    links = {c.render(): c.url for c in finding.citations}
    return _form_page(request, user, csrf, kind, values, answer=result, links=links)


@router.post("/law/decide/{name}")
async def answer(request: Request, name: KindName) -> Response:
    return await posted_form(request, _answer, 0, 500, name=name)

"""Law pages: the articles of the four instruments as the reading record shows them (our summaries and
readings, how the code treats each paragraph, links to the official texts), a page per article or paragraph
with the legal cases that exercise it, a page per legal case with the answer the rules give today, and every
decision kind as a form generated from its facts schema, answered with its reasons and citations by the same
rules the API and CLI run."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.datastructures import FormData

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.core.audit import events_citing
from sofadesk.errors import Invalid, NotFound
from sofadesk.law.article_map import ancestors
from sofadesk.law.cite import Cite
from sofadesk.law.decisions import (
    KINDS,
    DecisionKind,
    FactsError,
    decide,
    decide_under,
    finding_json,
    parse_facts,
)
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.law.legal_cases import LegalCase, cases_by_id, cases_citing
from sofadesk.law.reading import READING_RECORD, Section, anchor, section_by_anchor, sections
from sofadesk.registry.regime import RegimeError, fill_regime
from sofadesk.serving.deps import read_only
from sofadesk.ui import facts_form
from sofadesk.ui.pages import page, posted_form, render

router = APIRouter(include_in_schema=False)
KindName = Annotated[str, PathParam(pattern="^[a-z-]{2,40}$")]
AnchorName = Annotated[str, PathParam(pattern="^[a-z0-9-]{2,60}$")]
CaseId = Annotated[str, PathParam(pattern="^[a-z0-9_]{2,60}/[a-z0-9_]{2,80}/[0-9]{1,3}$")]


def provision_href(c: Cite) -> str:
    return f"/law/p/{anchor(c)}"


@router.get("/law")
@page
def articles(request: Request, user: CurrentUser, csrf: str, instrument: str = "nato-sofa") -> Response:
    chosen = instrument if instrument in INSTRUMENTS else "nato-sofa"
    found = [s for s in sections() if s.cite.instrument == chosen]
    grouped = [(article, list(items)) for article, items in groupby(found, key=lambda s: s.cite.article)]
    return render(
        request,
        "law_articles.html",
        user=user,
        csrf_token=csrf,
        instruments=INSTRUMENTS,
        chosen=INSTRUMENTS[chosen],
        articles=grouped,
        record=READING_RECORD,
    )


@router.get("/law/p/{name}")
@page
def provision(request: Request, user: CurrentUser, csrf: str, name: AnchorName) -> Response:
    """An article or paragraph with everything within it: our words, our reading, how the code treats each,
    and the legal cases that cite each one."""
    top = section_by_anchor().get(name)
    if top is None:
        raise NotFound(f"no article or paragraph {name!r}")
    within = [s for s in sections() if top.cite in ancestors(s.cite)]
    listed = [(s, cases_citing(s.cite)) for s in within]
    return render(
        request,
        "law_provision.html",
        user=user,
        csrf_token=csrf,
        top=top,
        items=listed,
        record=READING_RECORD,
        parents=_parents(top),
        total=len(top.cases),
        instrument=INSTRUMENTS[top.cite.instrument],
    )


def _parents(s: Section) -> list[Section]:
    by_anchor = section_by_anchor()
    return [by_anchor[anchor(c)] for c in reversed(ancestors(s.cite)[1:])]


@router.get("/law/used")
@page
def used(
    request: Request,
    user: CurrentUser,
    csrf: str,
    citation: Annotated[str, Query(min_length=3, max_length=80)],
) -> Response:
    """The way back from the law: the case steps that relied on a provision."""
    try:
        with read_only(request) as session:
            events = events_citing(session, user, citation)
    except Invalid as exc:
        return render(request, "error.html", 422, user=user, csrf_token=csrf, message=exc.detail)
    cite = Cite.parse(citation)
    return render(
        request,
        "law_used.html",
        user=user,
        csrf_token=csrf,
        citation=cite.render(),
        events=events,
        provision=anchor(cite) if anchor(cite) in section_by_anchor() else None,
    )


@router.get("/law/cases/{case_id:path}")
@page
def legal_case(request: Request, user: CurrentUser, csrf: str, case_id: CaseId) -> Response:
    """A legal case as written (facts and expectations) and the answer the rules give it today."""
    case = cases_by_id().get(case_id)
    if case is None:
        raise NotFound(f"no legal case {case_id!r}")
    answer, error = _run(case)
    links = {c: provision_href(Cite.parse(c)) for c in (answer or {}).get("citations", [])}
    expected = {k: v for k, v in case.spec.items() if k not in ("name", "facts")}
    return render(
        request,
        "law_case.html",
        user=user,
        csrf_token=csrf,
        case=case,
        answer=answer,
        error=error,
        links=links,
        facts=_yaml(case.facts if case.kind else {}),
        expected=_yaml(expected),
        cited=[(c.render(), provision_href(c)) for c in dict.fromkeys(case.cites)],
    )


def _run(case: LegalCase) -> tuple[dict[str, Any] | None, str | None]:
    if case.kind is None:
        return None, None
    kind = KINDS[case.kind]
    try:
        return finding_json(kind.name, decide(kind, parse_facts(kind, case.facts))), None
    except FactsError as exc:
        return None, "; ".join(exc.problems)


def _yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False).strip()


@router.get("/law/decide")
@page
def kinds(request: Request, user: CurrentUser, csrf: str) -> Response:
    return render(request, "law_kinds.html", user=user, csrf_token=csrf, kinds=KINDS)


def _kind(name: str) -> DecisionKind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(f"no decision kind {name!r}")
    return kind


def _form_page(
    request: Request,
    user: CurrentUser,
    csrf: str,
    kind: DecisionKind,
    values: dict[str, str],
    status: int = 200,
    **context: Any,
) -> Response:
    model, _ = kind.load()
    fields = facts_form.form_fields(model.model_json_schema())
    return render(
        request,
        "law_decide.html",
        status,
        user=user,
        csrf_token=csrf,
        kind=kind,
        fields=fields,
        values=values,
        errors=context.pop("errors", {}),
        **context,
    )


@router.get("/law/decide/{name}")
@page
def decide_form(request: Request, user: CurrentUser, csrf: str, name: KindName) -> Response:
    return _form_page(request, user, csrf, _kind(name), {})


def _answer(request: Request, user: CurrentUser, csrf: str, form: FormData, name: str) -> Response:
    kind = _kind(name)
    values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
    model, _ = kind.load()
    data = facts_form.facts_from(facts_form.form_fields(model.model_json_schema()), form)
    # Every problem of the facts at once: the facts are read under a stand-in regime first, so that a missing
    # date (which the regime is worked out from) is not the only thing the form reports.
    try:
        parse_facts(
            kind,
            {**data, "regime": data.get("regime") or {"instrument": "nato-sofa"}}
            if kind.needs_regime
            else data,
        )
    except FactsError as exc:
        keyed, general = facts_form.problems_by_field(exc.problems)
        if kind.needs_regime and "regime" not in data and kind.date_path and not _has(data, kind.date_path):
            keyed.setdefault(kind.date_path, []).append(
                "needed to work out the regime from the registry (or give `regime`)"
            )
        return _form_page(request, user, csrf, kind, values, 422, errors=keyed, general=general)
    try:
        if kind.needs_regime and "regime" not in data:
            assert kind.date_path is not None
            options = fill_regime(lambda: request.app.state.inforce, kind.date_path, data)
            result = decide_under(kind, data, options.regimes)
            result["reasons"] = [options.note, *result["reasons"]]
        else:
            result = finding_json(kind.name, decide(kind, parse_facts(kind, data)))
    except (FactsError, RegimeError) as exc:
        problems = exc.problems if isinstance(exc, FactsError) else [str(exc)]
        keyed, general = facts_form.problems_by_field(problems)
        return _form_page(request, user, csrf, kind, values, 422, errors=keyed, general=general)
    links = {c: provision_href(Cite.parse(c)) for c in result["citations"]}
    return _form_page(request, user, csrf, kind, values, answer=result, links=links)


def _has(data: dict[str, Any], dotted: str) -> bool:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return node not in (None, "")


@router.post("/law/decide/{name}")
async def answer(request: Request, name: KindName) -> Response:
    return await posted_form(request, _answer, 0, 500, name=name)

"""What the incident case page shows, for the page itself and for its step forms (incident_steps): the incident
as the reader's State and role may see it, its timeline and audit chain, its citations linked to the law pages,
and what the forms offer; `show` renders it, after a refused step with the errors by field."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify_case
from sofadesk.cases.core.reads import TimelineEvent
from sofadesk.cases.incident import service
from sofadesk.cases.incident.reads import IncidentRead
from sofadesk.law.cite import CitationError, Cite
from sofadesk.law.reading import anchor, section_by_anchor
from sofadesk.serving.deps import read_only
from sofadesk.ui import i18n, incident_form
from sofadesk.ui.pages import language_of, render, shown


@cache
def law_href(citation: str) -> str | None:
    """The law page of a citation: its paragraph, else the closest enclosing one the reading record has."""
    from sofadesk.law.article_map import ancestors

    try:
        cite = Cite.parse(citation)
    except CitationError:
        return None
    known = section_by_anchor()
    return next((f"/law/p/{anchor(c)}" for c in ancestors(cite) if anchor(c) in known), None)


def case(request: Request, user: CurrentUser, incident_id: int) -> dict[str, Any]:
    """What the case page shows: the incident as the reader may see it, its timeline and chain, the links of
    its citations, and what its step forms offer (the persons, the roster of the reader's observers)."""
    with read_only(request) as session:
        i = service.read_visible(session, user, incident_id)
        timeline = service.timeline(session, user, incident_id)
        chain = verify_case(session, "incident", incident_id)
        roster = (
            [o for o in service.observers(session, user.state) if o.active] if "observe" in i.actions else []
        )
    choices = {
        "states": i18n.states_by_name(request.app.state.inforce.registry, language_of(request)),
        "roles": incident_form.ROLES,
        "categories": incident_form.CATEGORIES,
        "services": incident_form.SERVICES,
        "third_states": incident_form.THIRD_STATES,
        "tri_facts": incident_form.TRI_FACTS,
        "blank_person": incident_form.blank_person("witness"),
    }
    return {
        **choices,
        "i": i,
        "timeline": timeline,
        "chain": chain,
        "links": _links(i, timeline),
        "roster": roster,
        "suspects": [p for p in i.persons if p.role == "suspect"],
        "own": user.state,
        "stale_url": f"/incidents/{incident_id}/stale?seen={i.version}",
    }


def _links(i: IncidentRead, timeline: list[TimelineEvent]) -> dict[str, str]:
    cited = {
        *i.jurisdiction.citations,
        *i.official_duty.citations,
        *i.primary_right.citations,
        *(c for f in i.flags for c in f.citations),
        *(c for s in i.jurisdiction_by_suspect for c in s.citations),
        *(i.jurisdiction.status or {}).get("citations", []),
        *(item.citation for t in i.trials for item in t.checklist),
        *(c for e in timeline for c in e.citations),
    }
    return {c: href for c in cited if (href := law_href(c))}


def show(
    request: Request,
    user: CurrentUser,
    csrf: str,
    incident_id: int,
    message: str | None = None,
    status: int = 200,
    errors: dict[str, list[str]] | None = None,
    step: str | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    """The case page; after a refused step, with the message, the errors by field and what was typed."""
    return render(
        request,
        "incident.html",
        status,
        user=user,
        csrf_token=csrf,
        message=message,
        error=status >= 400,
        errors=shown(request, errors or {}),
        failed=step,
        typed=values or {},
        **case(request, user, incident_id),
    )

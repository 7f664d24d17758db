"""Table rows drawn in Python rather than in templates: the decisions to take (_pending.html, on the dashboard
and the decisions list), the transits and the exercises of a list (_transit_list.html, exercises.html and
the dashboard), search results (search.html) and a status tag (`tag`): each a global of every template
(ui/pages.environment), in the page's language.

A list row is a handful of values in a few cells.  Drawn by Jinja, each value went through an attribute
lookup, an escape and a Markup of its own, and each tag through a macro call; the table of a hundred
decisions was the largest part of the decisions page's CPU, the tags and dates a fifth of the transit list's
(py-spy at 1,000 cases, issue 18).  Written here as one string, each value escaped once by the standard
library's escaper (a plain string out, where markupsafe's makes a Markup of every value), they cost a
fraction of that.  Captions and header cells stay in the templates, in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape
from typing import Any

from markupsafe import Markup

from sofadesk.cases.core.reads import PendingRead
from sofadesk.ui import i18n


@lru_cache(
    maxsize=1024
)  # a list shows a few statuses many times; the catalogues do not change under a server
def _tag(status: str, language: str) -> str:
    word = escape(i18n.vocabulary(status, language))
    return f'<strong class="{escape(status)} usa-tag sd-tag">{word}</strong>'


def status_tag(status: str, language: str) -> Markup:
    """A status as a tag (USWDS `usa-tag`), its class the status and its word in the reader's language."""
    return Markup(_tag(status, language))  # escaped in _tag


def pending_rows(pending: Sequence[PendingRead], language: str) -> Markup:
    """A `<tr>` per decision: the case's reference linked, what is to be decided, the State asking, the due
    date (with the overdue tag when past) and the case's first day, in the reader's language."""
    overdue = _tag("overdue", language)
    rows = []
    for d in pending:
        late = ' class="overdue"' if d.overdue else ""
        due = escape(i18n.long_date(d.due_on, language) or "–")
        first_day = escape(i18n.long_date(d.first_day, language) if d.first_day else "–")
        rows.append(
            f'<tr{late}><th scope="row"><a href="{escape(d.link)}">{escape(d.reference)}</a></th>'
            f"<td>{escape(i18n.vocabulary(d.subject, language))}</td>"
            f"<td>{escape(i18n.state_name(d.owner, language))}</td>"
            f"<td>{due}{' ' + overdue if d.overdue else ''}</td><td>{first_day}</td></tr>\n"
        )
    return Markup("".join(rows))  # every value in it escaped above


def transit_rows(items: Sequence[Any], language: str) -> Markup:
    """A `<tr>` per transit (a TransitSummary): its reference linked to its page, its status as a tag, its
    first day of entry, in the reader's language."""
    rows = []
    for t in items:
        rows.append(
            f'<tr><th scope="row"><a href="/transits/{int(t.id)}">{escape(t.reference)}</a></th>'
            f"<td>{_tag(t.status, language)}</td><td>{escape(i18n.long_date(t.first_entry, language))}</td></tr>"
        )
    return Markup("".join(rows))  # every value in it escaped above


def search_rows(hits: Sequence[Any], language: str) -> Markup:
    """A `<tr>` per search result (a search.Hit): its reference (and title) linked to its page, its kind, the
    State owning it, its first day and its status as a tag, in the reader's language."""
    rows = []
    for h in hits:
        title = f" – {escape(h.title)}" if h.title else ""
        first_day = escape(i18n.long_date(h.first_day, language)) if h.first_day else "–"
        rows.append(
            f'<tr><th scope="row"><a href="{escape(h.link)}">{escape(h.reference)}</a>{title}</th>'
            f"<td>{escape(i18n.vocabulary('kind-of-case:' + h.kind, language))}</td>"
            f"<td>{escape(i18n.state_name(h.owner, language))}</td><td>{first_day}</td>"
            f"<td>{_tag(h.status, language)}</td></tr>"
        )
    return Markup("".join(rows))  # every value in it escaped above


def exercise_rows(items: Sequence[Any], language: str) -> Markup:
    """A `<tr>` per exercise (an ExerciseSummary): its reference and name linked to its page, the host State,
    its dates and its status as a tag, in the reader's language."""
    rows = []
    for x in items:
        days = f"{i18n.long_date(x.starts_on, language)} – {i18n.long_date(x.ends_on, language)}"
        rows.append(
            f'<tr><th scope="row"><a href="/exercises/{int(x.id)}">{escape(x.reference)} – {escape(x.name)}</a></th>'
            f"<td>{escape(i18n.state_name(x.host_state, language))}</td><td>{escape(days)}</td>"
            f"<td>{_tag(x.status, language)}</td></tr>"
        )
    return Markup("".join(rows))  # every value in it escaped above

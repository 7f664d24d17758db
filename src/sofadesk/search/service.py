"""Search over the cases a user's State may see, of every registered case kind, and the user's saved filters.

What is searched: a case's reference, its name (where the kind has one), the States concerned (by code, or by a
name the caller resolved to codes), and the text of its current revision (the unit, entry and exit points,
places, areas).  The visibility rule is the case engine's (`parties.visible_to`): a case the State may not see
is never a candidate.  Bounded: at most `limit` results per kind, newest first; the reference and State
conditions use their indexes.  The text condition: on PostgreSQL with the trigram indexes (migration 0014,
sofadesk.db.search_indexes), the references, names and revisions holding the text are looked up in them first;
when they are few (a rare word: up to FEW of each), the cases are theirs, at once; otherwise (a word in many cases, or no index, or SQLite) the list's index is
walked newest first, reading each visible case's current revision until `limit` match, which is quick exactly
when matches are common.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    String,
    bindparam,
    cast,
    delete,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.core import parties
from sofadesk.cases.core.kinds import CaseKind, built_once, registered
from sofadesk.cases.core.listing import any_of_values, one_of
from sofadesk.cases.core.models import CasePartyRow, CaseRevisionRow, CaseSlotRow
from sofadesk.db import search_indexes
from sofadesk.db.planner import text_match_priced
from sofadesk.errors import Invalid, NotFound
from sofadesk.search.models import SavedFilterRow

MAX_FILTERS = 50
# Up to this many revisions (or references, or names) holding the text, the trigram indexes' answer is used
# as it is (see above); past it the list is walked.  Small, because confirming each index hit re-reads its row.
FEW = 100
_TRIGRAMS: dict[str, bool] = {}  # database URL -> whether the trigram indexes are there
REFERENCE = re.compile(r"^[A-Z]{2}-[A-Z]{3}(-\d*)*$", re.I)
QUERY_KEYS = ("q", "kind", "status", "overdue")


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    reference: str
    title: str
    status: str
    owner: str
    first_day: str | None
    link: str


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(
    session: Session,
    user: CurrentUser,
    text: str,
    state_codes: list[str] | None = None,
    kind: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    limit: int = 50,
) -> list[Hit]:
    """The cases of every kind (or of `kind`) the user's State may see that match `text` (reference, name or
    the current revision's text) or concern one of `state_codes`; filtered by status, or to those with an
    overdue decision.  Newest first, at most `limit` per kind."""
    text = text.strip()[:100]
    # The revision's text (unit, places) is not searched for what is plainly a reference or a State the caller
    # recognised.
    in_content = bool(text) and not state_codes and not REFERENCE.match(text)
    kinds = [k for k in registered() if not kind or k.name == kind]
    # The trigram indexes' candidates of every kind first, their revisions' text matches priced for the planner
    # once (when the indexes are read at all).
    indexed = _indexes_answer(session, text)
    with text_match_priced(session) if indexed and in_content else nullcontext():
        candidates = {k.name: _few_candidates(session, k, text, in_content) for k in kinds}
    hits: list[Hit] = []
    for k in kinds:
        hits.extend(
            _search_kind(
                session,
                user,
                k,
                text,
                state_codes or [],
                status,
                overdue,
                limit,
                in_content,
                candidates[k.name],
            )
        )
    hits.sort(key=lambda h: (h.first_day or "", h.reference), reverse=True)
    return hits


def _search_kind(
    session: Session,
    user: CurrentUser,
    k: CaseKind,
    text: str,
    state_codes: list[str],
    status: str | None,
    overdue: bool,
    limit: int,
    in_content: bool,
    few: tuple[set[int], list[tuple[int, int]]] | None,
) -> list[Hit]:
    """The kind's matching cases; `few`: the trigram indexes' candidates (`_few_candidates`), or None to walk."""
    # The States' count rounded up to a few sizes (the last code repeated): a shape per count would be some
    # ninety statements a kind, past what the shared cache of built statements keeps.
    codes = state_codes + state_codes[-1:] * (_rounded(len(state_codes)) - len(state_codes))
    shape = Shape(bool(text), in_content, len(codes), status is not None, overdue)
    if few is None:
        # The walk's statement is built once per kind and shape: building and keying it anew for every kind on
        # every search cost more than PostgreSQL's walk for a common word (profiled).
        query = built_once(("search_walk", shape), [k], lambda: _statement(k, shape, None))
    else:
        query = _statement(k, shape, few)
    params: dict[str, Any] = {"viewer": user.state, "status": status, "bound": limit}
    if text:
        params["pattern"] = f"%{_escape(text)}%"
    params.update(any_of_values("code", codes))
    found = session.connection().execute(query, params).all()
    return [
        Hit(
            kind=k.name,
            id=r[0],
            reference=r[1],
            title=r[5] if len(r) > 5 else "",
            status=r[2],
            owner=r[3],
            first_day=r[4].isoformat() if r[4] else None,
            link=k.link(r[0]),
        )
        for r in found
    ]


def _rounded(count: int) -> int:
    return next((size for size in (0, 1, 2, 4, 8, 20) if count <= size), count)


@dataclass(frozen=True)
class Shape:
    """What a search's statement holds, its values apart: a text; the revision's text among what is matched;
    how many States; a status; overdue decisions only."""

    text: bool
    in_content: bool
    states: int
    status: bool
    overdue: bool


def _statement(k: CaseKind, shape: Shape, few: tuple[set[int], list[tuple[int, int]]] | None) -> Any:
    """The kind's search, its values bound at execution (viewer, pattern, code0..., status, bound)."""
    row = k.row
    owner: Any = k.owner_column
    matches: list[Any] = []
    if shape.text:
        pattern: Any = bindparam("pattern")
        revision = getattr(row, "revision", None)
        if few is not None:
            ids, pairs = few
            matches.append(row.id.in_(sorted(ids)) if ids else false())
            if pairs:
                matches.append(tuple_(row.id, revision).in_(pairs))
        else:
            matches.append(row.reference.ilike(pattern, escape="\\"))
            if hasattr(row, "name"):
                matches.append(row.name.ilike(pattern, escape="\\"))
            if shape.in_content:
                matches.append(_content_holds(k, pattern))
    if shape.states:
        codes = [f"code{n}" for n in range(shape.states)]
        matches.append(one_of(owner, "code", codes))
        # A scalar subquery (one key lookup per case met), not an EXISTS that PostgreSQL hashes over every
        # party record of those States.
        matches.append(
            select(CasePartyRow.case_id)
            .where(
                CasePartyRow.kind == k.name,
                CasePartyRow.case_id == row.id,
                one_of(CasePartyRow.state_code, "code", codes),
            )
            .limit(1)
            .scalar_subquery()
            .is_not(None)
        )
    conditions: list[Any] = [parties.visible_to_state(k, bindparam("viewer"))]
    if matches:
        conditions.append(or_(*matches))
    if shape.status:
        conditions.append(row.status == bindparam("status"))
    if shape.overdue:
        conditions.append(
            exists().where(
                CaseSlotRow.kind == k.name,
                CaseSlotRow.case_id == row.id,
                CaseSlotRow.status == "pending",
                CaseSlotRow.due_on < func.current_date(),
            )
        )
    first = getattr(row, k.first_day)
    columns: list[Any] = [row.id, row.reference, row.status, owner, first]
    if hasattr(row, "name"):
        columns.append(row.name)
    return select(*columns).where(*conditions).order_by(first.desc(), row.id.desc()).limit(bindparam("bound"))


def _content_holds(k: CaseKind, pattern: Any) -> Any:
    """The case's current revision holds `pattern`: read for each case the walk along the list's index meets."""
    row = k.row
    revision = getattr(row, "revision", None)
    if revision is None:
        return exists().where(
            CaseRevisionRow.kind == k.name,
            CaseRevisionRow.case_id == row.id,
            cast(CaseRevisionRow.content, String).ilike(pattern, escape="\\"),
        )
    # The current revision's text as a scalar subquery, read by key: as an EXISTS, PostgreSQL chose to cast every
    # revision of every case to text and hash them (35 s at 100,000 cases), however soon the first 50 matches
    # came (issue 18).
    text_of = (
        select(cast(CaseRevisionRow.content, String))
        .where(
            CaseRevisionRow.kind == k.name,
            CaseRevisionRow.case_id == row.id,
            CaseRevisionRow.number == revision,
        )
        .scalar_subquery()
    )
    return text_of.ilike(pattern, escape="\\")


def trigram_ready(session: Session) -> bool:
    """Whether the database has the search's trigram indexes (PostgreSQL with pg_trgm)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    engine = bind.engine if isinstance(bind, Connection) else bind
    key = engine.url.render_as_string(hide_password=True)
    if key not in _TRIGRAMS:
        found = session.scalar(select(func.to_regclass(search_indexes.revisions_index("transit"))))
        _TRIGRAMS[key] = found is not None
    return _TRIGRAMS[key]


def _revisions_holding(session: Session, k: CaseKind, pattern: str) -> list[tuple[int, int]] | None:
    """The (case, revision) pairs of the kind's revisions holding `pattern`, from its trigram index; None when
    more than FEW hold it (a common word: walking the list finds its matches sooner).  The match priced at
    what it costs: priced as any operator call, PostgreSQL read every revision's text instead while there
    were a few thousand or fewer (sofadesk.db.planner; `search` prices every kind's lookups at once)."""
    lookup = built_once(("search_revisions",), [k], lambda: _revisions_lookup(k))
    with text_match_priced(session):
        found = session.connection().execute(lookup, {"pattern": pattern, "bound": FEW + 1}).all()
    return None if len(found) > FEW else [(r[0], r[1]) for r in found]


def _revisions_lookup(k: CaseKind) -> Any:
    return (
        select(CaseRevisionRow.case_id, CaseRevisionRow.number)
        .where(
            # The kind as a literal: the kind's index is partial (WHERE kind = '...'), which PostgreSQL can use
            # only when the query names the kind itself, not a parameter.
            CaseRevisionRow.kind == literal_column(f"'{k.name}'"),
            cast(CaseRevisionRow.content, String).ilike(bindparam("pattern"), escape="\\"),
        )
        .limit(bindparam("bound"))
    )


def _holding(k: CaseKind, column: str) -> Any:
    """The kind's cases whose `column` (reference, name) holds the pattern, up to a bound: its trigram index."""
    return (
        select(k.row.id)
        .where(getattr(k.row, column).ilike(bindparam("pattern"), escape="\\"))
        .limit(bindparam("bound"))
    )


def _indexes_answer(session: Session, text: str) -> bool:
    """Whether the trigram indexes can be asked about `text` (three characters or more: a trigram's length)."""
    return len(text) >= 3 and trigram_ready(session)


def _few_candidates(
    session: Session, k: CaseKind, text: str, in_content: bool
) -> tuple[set[int], list[tuple[int, int]]] | None:
    """From the trigram indexes: the kind's cases whose reference or name holds `pattern`, and (with
    `in_content`) the (case, revision) pairs of its revisions that do; None when any of these is more than FEW
    or the indexes cannot answer (none; under three characters; a kind without revisions when its content is
    searched): then the list is walked."""
    row, pattern = k.row, f"%{_escape(text)}%"
    if not _indexes_answer(session, text) or (in_content and getattr(row, "revision", None) is None):
        return None
    ids: set[int] = set()
    for column in ("reference", "name"):
        if not hasattr(row, column):
            continue
        # Built once per kind and column, run on the connection: building and keying these small statements
        # anew cost more than PostgreSQL's answering them (a sixth of a search page, profiled).
        lookup = built_once(("search_holding", column), [k], lambda c=column: _holding(k, c))  # type: ignore[misc]
        found = session.connection().execute(lookup, {"pattern": pattern, "bound": FEW + 1}).scalars().all()
        if len(found) > FEW:
            return None
        ids.update(found)
    if not in_content:
        return ids, []
    pairs = _revisions_holding(session, k, pattern)
    return None if pairs is None else (ids, pairs)


# --- saved filters ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedFilter:
    id: int
    name: str
    query: str

    @property
    def link(self) -> str:
        return f"/search?{self.query}"


def canonical_query(params: dict[str, str]) -> str:
    """The search's own parameters, in a fixed order (what a saved filter keeps)."""
    return urlencode([(k, params[k]) for k in QUERY_KEYS if params.get(k)])[:600]


def saved_filters(session: Session, user: CurrentUser) -> list[SavedFilter]:
    rows = session.execute(
        select(SavedFilterRow).where(SavedFilterRow.user_id == user.id).order_by(SavedFilterRow.name)
    ).scalars()
    return [SavedFilter(r.id, r.name, r.query) for r in rows]


def save_filter(session: Session, user: CurrentUser, name: str, query: str) -> SavedFilter:
    """Saves (or replaces) the user's filter `name`."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise Invalid("name", "give the filter a name of 1-100 characters")
    row = session.execute(
        select(SavedFilterRow).where(SavedFilterRow.user_id == user.id, SavedFilterRow.name == name)
    ).scalar_one_or_none()
    if row is None:
        count = session.execute(
            select(func.count()).select_from(SavedFilterRow).where(SavedFilterRow.user_id == user.id)
        ).scalar_one()
        if count >= MAX_FILTERS:
            raise Invalid("name", f"at most {MAX_FILTERS} saved filters; delete one first")
        row = SavedFilterRow(
            user_id=user.id, name=name, query=query[:600], created_at=datetime.now(UTC).replace(tzinfo=None)
        )
        session.add(row)
    else:
        row.query = query[:600]
    session.flush()
    return SavedFilter(row.id, row.name, row.query)


def delete_filter(session: Session, user: CurrentUser, filter_id: int) -> None:
    """Deletes one of the user's own filters; anyone else's is not found."""
    done = session.execute(
        delete(SavedFilterRow).where(SavedFilterRow.id == filter_id, SavedFilterRow.user_id == user.id)
    )
    if not getattr(done, "rowcount", 0):
        raise NotFound(f"no saved filter {filter_id}")

"""Search over the cases a user's State may see, of every registered case kind, and the user's saved filters.

What is searched: a case's reference, its name (where the kind has one), the States concerned (by code, or by a
name the caller resolved to codes), and the text of its current revision (the unit, entry and exit points,
places, areas).  The visibility rule is the case engine's (`parties.visible_to`): a case the State may not see
is never a candidate.  Bounded: at most `limit` results per kind, newest first; the reference and State
conditions use their indexes.  The text condition: on PostgreSQL with the trigram indexes (migration 0014,
sofadesk.db.search_indexes), the cases whose reference, name or current revision holds the text are looked up
in them first, every kind in one statement; when they are few (a rare word: up to FEW of each), the cases are
theirs, at once; otherwise (a word in many cases, or no index, or SQLite) the list's index is walked newest
first, reading each visible case's current revision until `limit` match, which is quick exactly when matches
are common.  A word found common is remembered so for a while (`COMMON_FOR`), and walked at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    cast,
    delete,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.core import parties
from sofadesk.cases.core.kinds import CaseKind, built_once, registered
from sofadesk.cases.core.listing import any_of_values, one_of
from sofadesk.cases.core.models import CasePartyRow, CaseRevisionRow, CaseSlotRow
from sofadesk.db import search_indexes
from sofadesk.db.engine import database_key
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
    if not kinds:  # a kind no one registered: nothing of it to find
        return []
    # The trigram indexes' candidates of every kind first, their revisions' text matches priced for the planner
    # once (when the indexes are read at all).
    # The States' count rounded up to a few sizes (the last code repeated): a shape per count would be some
    # ninety statements a kind, past what the shared cache of built statements keeps.
    codes = list(state_codes or [])
    codes += codes[-1:] * (_rounded(len(codes)) - len(codes))
    candidates = _candidates(session, kinds, text, in_content, codes)
    shapes = tuple(
        Shape(bool(text), in_content, len(codes), status is not None, overdue, candidates[k.name] is not None)
        for k in kinds
    )
    # Every kind's search in one statement (a UNION ALL, one round trip), built once per shape with its values
    # bound, the candidates as arrays: building and keying statements anew on every search cost more than
    # PostgreSQL's answer (profiled, BENCHMARKS.md).
    query = built_once(("search", shapes), kinds, lambda: _statements(kinds, shapes))
    params: dict[str, Any] = {"viewer": user.state, "status": status, "bound": limit}
    if text:
        params["pattern"] = f"%{_escape(text)}%"
    for k in kinds:
        few = candidates[k.name]
        if few is not None:
            params[f"few_{k.name}"] = sorted(few)
    params.update(any_of_values("code", codes))
    by_name = {k.name: k for k in kinds}
    hits = [
        Hit(
            kind=r[0],
            id=r[1],
            reference=r[2],
            title=r[6] or "",
            status=r[3],
            owner=r[4],
            first_day=r[5].isoformat() if r[5] else None,
            link=by_name[r[0]].link(r[1]),
        )
        for r in session.connection().execute(query, params)
    ]
    hits.sort(key=lambda h: (h.first_day or "", h.reference), reverse=True)
    return hits


def _statements(kinds: list[CaseKind], shapes: tuple[Shape, ...]) -> Any:
    """(kind, id, reference, status, owner, first day, name or NULL) of each kind's search, newest first and up
    to `bound` each, as one statement."""
    parts: list[Any] = []
    for k, shape in zip(kinds, shapes, strict=True):
        each = _statement(k, shape).subquery()
        parts.append(select(literal_column(f"'{k.name}'"), *each.c))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def _rounded(count: int) -> int:
    return next((size for size in (0, 1, 2, 4, 8, 20) if count <= size), count)


@dataclass(frozen=True)
class Shape:
    """What a search's statement holds, its values apart: a text; the revision's text among what is matched;
    how many States; a status; overdue decisions only; the text's matches given as the trigram indexes'
    candidates (`few`, an array of case ids) rather than matched along the walk."""

    text: bool
    in_content: bool
    states: int
    status: bool
    overdue: bool
    few: bool = False


def _statement(k: CaseKind, shape: Shape) -> Any:
    """The kind's search, its values bound at execution (viewer, pattern or few, code0..., status, bound)."""
    row = k.row
    owner: Any = k.owner_column
    matches: list[Any] = []
    held: list[Any] = []  # what the text and the States match
    if shape.text:
        pattern: Any = bindparam("pattern")
        held.append(row.reference.ilike(pattern, escape="\\"))
        if hasattr(row, "name"):
            held.append(row.name.ilike(pattern, escape="\\"))
        if shape.in_content:
            held.append(_content_holds(k, pattern))
    if shape.states:
        codes = [f"code{n}" for n in range(shape.states)]
        held.append(one_of(owner, "code", codes))
        # A scalar subquery (one key lookup per case met), not an EXISTS that PostgreSQL hashes over every
        # party record of those States.
        held.append(
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
    if shape.few:  # PostgreSQL only (the indexes' candidates): the primary key's lookups
        # Each candidate (at most a few hundred) checked again: read sessions run without a transaction, so a
        # case amended between the lookup and this statement is found by what it says now.
        matches.append(and_(row.id == any_(bindparam(f"few_{k.name}", type_=ARRAY(Integer))), or_(*held)))
    else:
        matches.extend(held)
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
    title = (row.name if hasattr(row, "name") else null()).label("title")
    columns: list[Any] = [row.id, row.reference, row.status, owner, first, title]
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
    if session.get_bind().dialect.name != "postgresql":
        return False
    key = database_key(session)
    if key not in _TRIGRAMS:
        found = session.scalar(select(func.to_regclass(search_indexes.revisions_index("transit"))))
        _TRIGRAMS[key] = found is not None
    return _TRIGRAMS[key]


def _indexes_answer(session: Session, text: str) -> bool:
    """Whether the trigram indexes can be asked about `text` (three characters or more: a trigram's length)."""
    return len(text) >= 3 and trigram_ready(session)


def _candidates(
    session: Session, kinds: list[CaseKind], text: str, in_content: bool, codes: list[str]
) -> dict[str, frozenset[int] | None]:
    """For each kind, from its indexes in one statement: its cases whose reference, name or (with `in_content`)
    current revision holds the text (the trigram indexes), and those owned by or concerning one of `codes` (the
    owner's and the parties' indexes); None where the list is walked instead: more than FEW of them in any of
    these (a common word, a State in many cases: the walk finds its matches sooner), no trigram indexes
    (SQLite), under three characters, a kind without revisions when the content is searched, or a search this
    process found common for the kind within the last COMMON_FOR seconds (`_common`).  Without the States'
    lookups a State concerned by few cases of a kind had the whole list walked to find them (4,000 exercises
    read, 30 ms, for Russia in the United States' search at 100,000 transits)."""
    answer: dict[str, frozenset[int] | None] = dict.fromkeys((k.name for k in kinds), None)
    if not _indexes_answer(session, text):
        return answer
    database, searched = database_key(session), (text.casefold(), in_content, tuple(codes))
    asked = [
        k
        for k in kinds
        if not (in_content and getattr(k.row, "revision", None) is None)
        and not _common(database, k.name, searched)
    ]
    if not asked:
        return answer
    lookup = built_once(
        ("search_candidates", in_content, len(codes)),
        asked,
        lambda: _candidates_lookup(asked, in_content, len(codes)),
    )
    params: dict[str, Any] = {"pattern": f"%{_escape(text)}%", "bound": FEW + 1}
    params.update(any_of_values("code", codes))
    # The revisions' text matches priced for the planner (sofadesk.db.planner): priced as any operator call,
    # PostgreSQL read every revision's text instead while there were a few thousand or fewer.
    with text_match_priced(session) if in_content else nullcontext():
        rows = session.connection().execute(lookup, params).all()
    found: dict[str, set[int]] = {k.name: set() for k in asked}
    counts: Counter[tuple[str, str]] = Counter()
    for kind_name, source, case_id in rows:
        counts[kind_name, source] += 1
        found[kind_name].add(case_id)
    for k in asked:
        if any(counts[k.name, source] > FEW for source in _sources(k, in_content, len(codes))):
            _remember_common(database, k.name, searched)
        else:
            answer[k.name] = frozenset(found[k.name])
    return answer


def _sources(k: CaseKind, in_content: bool, states: int) -> list[str]:
    """What of a kind's cases the indexes are asked about: its reference, its name (where it has one), with
    `in_content` its current revision, and with States their owner and parties."""
    text = [c for c in ("reference", "name") if hasattr(k.row, c)] + (["content"] if in_content else [])
    return text + (["owner", "party"] if states else [])


def _candidates_lookup(kinds: list[CaseKind], in_content: bool, states: int) -> Any:
    """(kind, source, case id) of the kinds' cases whose reference, name or current revision holds the
    pattern, or owned by or concerning one of the States code0..., up to `bound` of each (kind, source): a
    UNION ALL of index lookups, one round trip."""
    parts: list[Any] = []
    pattern: Any = bindparam("pattern")
    codes = [f"code{n}" for n in range(states)]
    for k in kinds:
        row = k.row
        for source in _sources(k, in_content, states):
            if source == "content":
                # The kind as a literal: each kind's index is partial (WHERE kind = '...'), which PostgreSQL
                # uses only when the query names the kind itself, not a parameter.  Only current revisions
                # count: an amended case is found by what it says now.
                inner = (
                    select(CaseRevisionRow.case_id.label("case_id"))
                    .join(
                        row, and_(row.id == CaseRevisionRow.case_id, row.revision == CaseRevisionRow.number)
                    )
                    .where(
                        CaseRevisionRow.kind == literal_column(f"'{k.name}'"),
                        cast(CaseRevisionRow.content, String).ilike(pattern, escape="\\"),
                    )
                )
            elif source == "owner":
                inner = select(row.id.label("case_id")).where(one_of(k.owner_column, "code", codes))
            elif source == "party":
                inner = select(CasePartyRow.case_id.label("case_id")).where(
                    CasePartyRow.kind == literal_column(f"'{k.name}'"),
                    one_of(CasePartyRow.state_code, "code", codes),
                )
            else:
                inner = select(row.id.label("case_id")).where(
                    getattr(row, source).ilike(pattern, escape="\\")
                )
            held = inner.limit(bindparam("bound")).subquery()
            parts.append(select(literal_column(f"'{k.name}'"), literal_column(f"'{source}'"), held.c.case_id))
    return union_all(*parts)


# A word found in more than FEW of a kind's cases is remembered as common for a while, per process: the next
# search for it walks the list at once instead of asking the indexes first (20-27 ms for a common word at
# 100,000 transits, only to learn that it is common: BENCHMARKS.md).  Only the way of searching depends on it,
# never the answer: a word remembered as common that has become rare is found by the walk all the same.
COMMON_FOR = 600.0  # seconds
_COMMON_KEPT = 4096
# (database, kind, (words, in content, State codes)) -> until (time.monotonic())
_COMMON: dict[tuple[str, str, tuple[str, bool, tuple[str, ...]]], float] = {}
_COMMON_LOCK = threading.Lock()


def _common(database: str, kind: str, searched: tuple[str, bool, tuple[str, ...]]) -> bool:
    until = _COMMON.get((database, kind, searched))
    return until is not None and until > time.monotonic()


def _remember_common(database: str, kind: str, searched: tuple[str, bool, tuple[str, ...]]) -> None:
    with _COMMON_LOCK:
        if len(_COMMON) >= _COMMON_KEPT:
            now = time.monotonic()
            for key in [key for key, until in _COMMON.items() if until <= now] or list(_COMMON):
                del _COMMON[key]
        _COMMON[database, kind, searched] = time.monotonic() + COMMON_FOR


def forget_common_words() -> None:
    """Forget every word remembered as common (tests; nothing else needs to)."""
    with _COMMON_LOCK:
        _COMMON.clear()


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

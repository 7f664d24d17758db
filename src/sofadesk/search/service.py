"""Search over the cases a user's State may see, of every registered case kind (saved searches: filters.py).

What is searched: a case's reference, its name (where the kind has one), the States concerned (by code, or by a
name the caller resolved to codes), and the text of its current revision (the unit, entry and exit points,
places, areas).  The visibility rule is the case engine's (`parties.visible_to`): a case the State may not see
is never a candidate.  Bounded: at most `limit` results per kind, newest first; the reference and State
conditions use their indexes.  On PostgreSQL the indexes are asked first, every kind in one statement
(sofadesk.search.candidates): when the cases holding the text or concerning the States are few, they are
searched alone; otherwise (a word in many cases, or no index, or SQLite) the list's index is walked newest
first, reading each visible case's current revision until `limit` match, which is quick exactly when matches
are common.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    cast,
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
from sofadesk.db import direct
from sofadesk.search.candidates import candidates, like_pattern

REFERENCE = re.compile(r"^[A-Z]{2}-[A-Z]{3}(-\d*)*$", re.I)


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
    # The States' count rounded up to a few sizes (the last code repeated): a shape per count would be some
    # ninety statements a kind, past what the shared cache of built statements keeps.
    codes = list(state_codes or [])
    codes += codes[-1:] * (_rounded(len(codes)) - len(codes))
    # The indexes' candidates of every kind first (None for a kind whose list is walked).
    found = candidates(session, kinds, text, in_content, codes)
    shapes = tuple(
        Shape(bool(text), in_content, len(codes), status is not None, overdue, found[k.name] is not None)
        for k in kinds
    )
    # Every kind's search in one statement (a UNION ALL, one round trip), built once per shape with its values
    # bound, the candidates as arrays: building and keying statements anew on every search cost more than
    # PostgreSQL's answer (profiled, BENCHMARKS.md).
    query = built_once(("search", shapes), kinds, lambda: _statements(kinds, shapes))
    params: dict[str, Any] = {"viewer": user.state, "status": status, "bound": limit}
    if text:
        params["pattern"] = like_pattern(text)
    for k in kinds:
        few = found[k.name]
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
        for r in direct.rows(session.connection(), query, params)
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

"""The search's candidates: from the indexes, in one statement for every kind, the cases whose reference, name
or current revision holds a text (PostgreSQL's trigram indexes, migration 0014, sofadesk.db.search_indexes) or
that the States named own or concern (the owners' and parties' indexes).  When they are few (up to FEW of each),
sofadesk.search.service searches them alone; otherwise it walks each kind's list newest first.  What this
process found common is remembered for COMMON_FOR seconds and walked at once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import nullcontext
from typing import Any

from sqlalchemy import String, and_, bindparam, cast, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from sofadesk.cases.core.kinds import CaseKind, built_once
from sofadesk.cases.core.listing import any_of_values, one_of
from sofadesk.cases.core.models import CasePartyRow, CaseRevisionRow
from sofadesk.db import direct, search_indexes
from sofadesk.db.engine import database_key
from sofadesk.db.planner import text_match_priced

# Up to this many revisions (or references, names, owned or concerned cases) of a kind, the indexes' answer is
# used as it is; past it the list is walked.  Small, because each candidate is checked again on its row.
FEW = 100
_TRIGRAMS: dict[str, bool] = {}  # database URL -> whether the trigram indexes are there


def like_pattern(text: str) -> str:
    """`text` anywhere, as an ILIKE pattern (its own %, _ and \\ matched as themselves)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


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


def candidates(
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
    params: dict[str, Any] = {"pattern": like_pattern(text), "bound": FEW + 1}
    params.update(any_of_values("code", codes))
    # The revisions' text matches priced for the planner (sofadesk.db.planner): priced as any operator call,
    # PostgreSQL read every revision's text instead while there were a few thousand or fewer.
    with text_match_priced(session) if in_content else nullcontext():
        rows = direct.rows(session.connection(), lookup, params)
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

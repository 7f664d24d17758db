"""A user's saved searches (Saved filters): each user's own, by name, at most MAX_FILTERS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.db import direct
from sofadesk.db.prepared import prepared
from sofadesk.errors import Invalid, NotFound
from sofadesk.search.models import SavedFilterRow

MAX_FILTERS = 50
QUERY_KEYS = ("q", "kind", "status", "overdue")


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


# Built once: the search page shows the user's saved filters on every request.
_SAVED = prepared(
    select(SavedFilterRow.id, SavedFilterRow.name, SavedFilterRow.query)
    .where(SavedFilterRow.user_id == bindparam("user"))
    .order_by(SavedFilterRow.name)
)


def saved_filters(session: Session, user: CurrentUser) -> list[SavedFilter]:
    session.flush()  # a filter saved in this transaction is listed (as the session's autoflush did)
    return [
        SavedFilter(r.id, r.name, r.query)
        for r in direct.rows(session.connection(), _SAVED, {"user": user.id})
    ]


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

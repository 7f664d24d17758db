"""The dashboards' activity feed: the latest events on the cases a State may see (cases.core.audit.recent_visible),
kept per State in each process and extended by the events written since, instead of walked again from the head
of the log on every dashboard.

A dashboard is read far more often than events are written, and the walk is bounded by events read, not found:
a State with little activity among the newest events paid for a walk over thousands of them on every
dashboard (15 ms of a 46 ms dashboard at 100,000 transits, BENCHMARKS.md, issue 18).  Now a dashboard reads the
audit head (one key lookup); if nothing was written since the feed was kept, the kept feed is shown; otherwise
only the events after the kept head are walked, and kept lines a walk from the new head would no longer reach
(older than its window) are dropped.  The head and the events it counts are committed together, so nothing
below it can appear later; a log that does not hold the kept head with its hash (restored from a copy, or
another database at the same address) is walked afresh.  What can change without a new event is whether a
State may see an older one (a State made a party to a case afterwards): the feed is walked afresh at least every
REFRESH seconds.  (A State never loses sight of a case today; were that to change, its kept feed would show the
case's events for up to REFRESH seconds more.)"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.models import AuditEventRow
from sofadesk.cases.core.audit import audit_head, recent_visible
from sofadesk.cases.core.kinds import registered
from sofadesk.db.engine import database_key

LIMIT = 15
WINDOW = 2000  # events of the log a walk looks back over (recent_visible)
REFRESH = 60.0  # seconds: the longest a kept feed is extended before it is walked afresh
_KEPT_MAX = 1024  # feeds kept per process (States x databases); past it, all are dropped


@dataclass(frozen=True)
class Item:
    """One line of the feed."""

    event: int
    at: str
    actor: str | None
    actor_state: str | None
    action: str
    target_type: str
    target_id: str
    reference: str | None
    link: str


@dataclass(frozen=True)
class _Kept:
    head: tuple[int, str]  # the audit head's id and hash when the feed was last brought up to date
    walked_at: float  # time.monotonic() of the last walk from the head
    items: tuple[Item, ...]


_KEPT: dict[tuple[str, str, int, tuple[str, ...]], _Kept] = {}
_LOCK = threading.Lock()


def feed(session: Session, user: CurrentUser, limit: int = LIMIT) -> list[Item]:
    """The newest `limit` events on cases the user's State may see (or its officials caused), newest first, as
    a walk from the head of the log finds them (up to REFRESH seconds late for a State made a party to a case
    after its events)."""
    key = (database_key(session), user.state, limit, tuple(k.name for k in registered()))
    head = audit_head(session)
    kept = _KEPT.get(key)
    now = time.monotonic()
    fresh = kept is not None and now - kept.walked_at < REFRESH
    if kept is not None and fresh and kept.head == head:
        return list(kept.items)
    if kept is not None and fresh and _extends(session, kept.head, head):
        since = recent_visible(session, user, limit, WINDOW, after=kept.head[0], upto=head[0])
        # What a walk from the new head would still reach: the kept lines within its window.
        still = [item for item in kept.items if item.event > head[0] - WINDOW]
        items = (_described(session, since) + still)[:limit]
        walked_at = kept.walked_at
    else:  # the first time, every REFRESH seconds, and whenever the log is not the kept one grown
        items = _described(session, recent_visible(session, user, limit, WINDOW, upto=head[0]))
        walked_at = now
    with _LOCK:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        current = _KEPT.get(key)
        # A request that read an older head, or extended an older walk, does not replace a newer feed.
        if (
            current is None
            or (head[0], walked_at) >= (current.head[0], current.walked_at)
            or walked_at == now
        ):
            _KEPT[key] = _Kept(head, walked_at, tuple(items))
    return items


def _extends(session: Session, kept: tuple[int, str], head: tuple[int, str]) -> bool:
    """Whether the log at `head` is the kept one with fewer than WINDOW events added: the kept head is still
    in it, with the same hash (a database restored from a copy, or another database at the same address, is
    walked afresh)."""
    if not kept[0] < head[0] < kept[0] + WINDOW:
        return False
    found = session.execute(_HASH_OF, {"id": kept[0]}).scalar()
    return found == kept[1]


_HASH_OF = select(AuditEventRow.hash).where(AuditEventRow.id == bindparam("id"))


def forget() -> None:
    """Drop every kept feed (tests)."""
    with _LOCK:
        _KEPT.clear()


def _described(session: Session, events: list[AuditEventRow]) -> list[Item]:
    """The events as feed lines, each case named by its reference: one query per kind for the few it names."""
    kinds = {k.name: k for k in registered()}
    references: dict[tuple[str, int], str] = {}
    for name, kind in kinds.items():
        ids = {int(r.target_id) for r in events if r.target_type == name}
        if ids:
            found: Any = session.execute(select(kind.row.id, kind.row.reference).where(kind.row.id.in_(ids)))
            references.update({(name, case_id): reference for case_id, reference in found})
    return [
        Item(
            event=r.id,
            at=r.at.isoformat(),
            actor=r.actor_username,
            actor_state=r.actor_state,
            action=r.action,
            target_type=r.target_type,
            target_id=r.target_id,
            reference=references.get((r.target_type, int(r.target_id))),
            link=kinds[r.target_type].link(int(r.target_id)),
        )
        for r in events
    ]

"""The audit trail as one State may see it: the events of cases it is concerned by and those of its own
officials.  The chain's integrity is checked whole (a break anywhere matters to every State), but what a
State is told stays within what it may see: how many of *its* events verified, and where the chain broke
only if the broken event is one of them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify
from sofadesk.audit.export import events_of_state
from sofadesk.audit.models import AuditCitationRow, AuditEventRow
from sofadesk.cases.core.kinds import CaseKind, registered
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.errors import Invalid
from sofadesk.law.cite import CitationError, Cite


def visible_events(user: CurrentUser) -> ColumnElement[bool]:
    """Events of the cases (of every kind) the user's State may see, and events its own officials caused: the
    same events its audit export holds."""
    return events_of_state(user.state)


@dataclass(frozen=True)
class StateVerification:
    intact: bool
    events: int  # the events this State may see, all verified when intact
    first_broken: int | None  # only when the broken event is one this State may see
    problem: str | None


def verify_for(session: Session, user: CurrentUser) -> StateVerification:
    whole = verify(session)
    visible = visible_events(user)
    count = session.execute(select(func.count()).select_from(AuditEventRow).where(visible)).scalar_one()
    if whole.intact:
        return StateVerification(True, count, None, None)
    shown = (
        whole.first_broken is not None
        and session.execute(
            select(AuditEventRow.id).where(AuditEventRow.id == whole.first_broken, visible)
        ).first()
        is not None
    )
    if shown:
        return StateVerification(False, count, whole.first_broken, whole.problem)
    return StateVerification(False, count, None, "the chain is broken at an event your State may not see")


class CitedEvent(BaseModel):
    """A step of a case that relied on a provision (or on a paragraph within it)."""

    event: int
    at: str
    action: str
    actor_state: str | None
    kind: str
    case_id: int
    reference: str
    link: str
    citations: list[str]
    # False where the event cites a paragraph within the provision asked about rather than the provision itself.
    direct: bool


def events_citing(session: Session, user: CurrentUser, citation: str, limit: int = 100) -> list[CitedEvent]:
    """The latest case events that relied on a provision, among the cases the user's State may see."""
    try:
        wanted = Cite.parse(citation).render()
    except CitationError as exc:
        raise Invalid("citation", str(exc)) from None
    kinds = {k.name: k for k in registered()}
    rows = session.execute(
        select(AuditEventRow, AuditCitationRow.direct)
        .join(AuditCitationRow, AuditCitationRow.event_id == AuditEventRow.id)
        .where(
            AuditCitationRow.citation == wanted,
            AuditEventRow.target_type.in_(list(kinds)),
            visible_events(user),
        )
        .order_by(AuditCitationRow.event_id.desc())
        .limit(limit)
    ).all()
    references: dict[tuple[str, int], str] = {}
    for name in {e.target_type for e, _ in rows}:
        kind = kinds[name]
        ids = {int(e.target_id) for e, _ in rows if e.target_type == name}
        for case_id, reference in session.execute(
            select(kind.row.id, kind.row.reference).where(kind.row.id.in_(ids))
        ):
            references[(name, case_id)] = reference
    return [
        CitedEvent(
            event=e.id,
            at=e.at.isoformat(timespec="seconds") + "Z",
            action=e.action,
            actor_state=e.actor_state,
            kind=e.target_type,
            case_id=int(e.target_id),
            reference=references.get((e.target_type, int(e.target_id)), e.target_id),
            link=kinds[e.target_type].link(int(e.target_id)),
            citations=json.loads(e.citations),
            direct=direct,
        )
        for e, direct in rows
    ]


def _visible_among(session: Session, kind: CaseKind, state: str, ids: set[int]) -> set[int]:
    """Which of these cases the State owns or is concerned by: two lookups by key (one query with the OR of
    both let SQLite scan a whole table of cases instead)."""
    owned = session.execute(select(kind.row.id).where(kind.row.id.in_(ids), kind.owner_column == state))  # type: ignore[arg-type]
    concerned = session.execute(
        select(CasePartyRow.case_id).where(
            CasePartyRow.kind == kind.name, CasePartyRow.state_code == state, CasePartyRow.case_id.in_(ids)
        )
    )
    return set(owned.scalars()) | set(concerned.scalars())


def recent_visible(
    session: Session, user: CurrentUser, limit: int = 15, batch: int = 200, batches: int = 10
) -> list[AuditEventRow]:
    """The latest events on cases (of every kind) the user's State may see or that its officials caused, newest
    first.  Read backwards along the events' ids a batch at a time, each batch's cases checked at once, so the
    cost follows the events read, not the cases stored (testing every visible case, as `visible_events` does,
    grew with the data: issue 18).  At most `batches` batches are read: a State with no recent events sees
    fewer than `limit`, never a slow page."""
    kinds = {k.name: k for k in registered()}
    found: list[int] = []
    before: int | None = None
    # Plain columns while searching (hundreds of rows), whole events only for the few shown.
    columns = (
        AuditEventRow.id,
        AuditEventRow.target_type,
        AuditEventRow.target_id,
        AuditEventRow.actor_state,
    )
    for _ in range(batches):
        query = select(*columns).where(AuditEventRow.target_type.in_(list(kinds)))
        if before is not None:
            query = query.where(AuditEventRow.id < before)
        events = session.execute(query.order_by(AuditEventRow.id.desc()).limit(batch)).all()
        if not events:
            break
        seen: set[tuple[str, str]] = set()
        for name, kind in kinds.items():
            ids = {int(e.target_id) for e in events if e.target_type == name and e.target_id.isdigit()}
            if ids:
                seen.update((name, str(i)) for i in _visible_among(session, kind, user.state, ids))
        found += [e.id for e in events if e.actor_state == user.state or (e.target_type, e.target_id) in seen]
        if len(found) >= limit:
            break
        before = events[-1].id
    chosen = found[:limit]
    rows = session.execute(select(AuditEventRow).where(AuditEventRow.id.in_(chosen))).scalars()
    return sorted(rows, key=lambda r: -r.id)

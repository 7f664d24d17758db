"""The audit trail as one State may see it: the events of cases it is concerned by and those of its own
officials.  The chain's integrity is checked whole (a break anywhere matters to every State), but what a
State is told stays within what it may see: how many of *its* events verified, and where the chain broke
only if the broken event is one of them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Integer, Select, String, bindparam, case, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import verify
from sofadesk.audit.export import events_of_state
from sofadesk.audit.models import AuditCitationRow, AuditEventRow, AuditHeadRow
from sofadesk.audit.writer import write_held
from sofadesk.cases.core.kinds import CaseKind, built_once, registered
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.db import direct
from sofadesk.db.prepared import fixed_in, prepared
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


def _seen_by(state: BindParameter[str], kinds: list[CaseKind]) -> ColumnElement[bool]:
    """SQL condition on an event: its case is one the State owns or is concerned by, or one of its officials
    caused it.  Each test is a lookup by key for the event at hand (scalar subqueries), so a walk along the
    events' ids pays per event met; an IN or EXISTS here would let PostgreSQL hash every case or party record
    of the State first (issue 14, `parties.visible_to_state`)."""
    names = [k.name for k in kinds]
    # Only case events have a case id as target (an integer); CASE keeps the cast from other targets' ids
    # ("USA/AREA-1"), whatever order the database evaluates the conditions in.
    case_id = case(
        (fixed_in(AuditEventRow.target_type, names), cast(AuditEventRow.target_id, Integer)), else_=None
    )
    concerned = (
        select(CasePartyRow.case_id)
        .where(
            CasePartyRow.kind == AuditEventRow.target_type,
            CasePartyRow.case_id == case_id,
            CasePartyRow.state_code == state,
        )
        .limit(1)
        .scalar_subquery()
        .is_not(None)
    )
    owned = [
        (AuditEventRow.target_type == k.name)
        & select(k.row.id)
        .where(k.row.id == case_id, k.owner_column == state)  # type: ignore[arg-type]
        .limit(1)
        .scalar_subquery()
        .is_not(None)
        for k in kinds
    ]
    return or_(AuditEventRow.actor_state == state, concerned, *owned)


def audit_head(session: Session) -> tuple[int, str]:
    """The newest event's id and hash ((0, "") for an empty log).  The head and the events it counts are
    committed together (audit.writer), so every event up to it can be read once the head is.  Events this
    transaction holds are written first, as any read of the audit tables through the session writes them
    (audit.writer), so that the head counts them."""
    write_held(session)  # nothing to write, nothing done
    found = direct.first(session.connection(), _HEAD, {})
    return (int(found[0]), str(found[1])) if found is not None else (0, "")


_HEAD = prepared(select(AuditHeadRow.last_id, AuditHeadRow.last_hash).where(AuditHeadRow.id == 1))


def recent_visible(
    session: Session,
    user: CurrentUser,
    limit: int = 15,
    window: int = 2000,
    *,
    after: int = 0,
    upto: int | None = None,
) -> list[AuditEventRow]:
    """The latest events on cases (of every kind) the user's State may see or that its officials caused, newest
    first, from the newest `window` events of the log up to `upto` (the head when not given), and only those
    after `after` (a feed extended by what was written since): one statement that walks the events backwards
    and tests each by key, so the cost follows the events read, never the cases stored (issue 18).  A State
    with nothing among the newest `window` events sees an empty feed, never a slow page."""
    kinds = registered()

    def build() -> Select[AuditEventRow]:
        upper = bindparam("upto", type_=Integer)
        return (
            select(AuditEventRow)
            .where(
                AuditEventRow.id <= upper,
                AuditEventRow.id > upper - bindparam("window", type_=Integer),
                AuditEventRow.id > bindparam("after", type_=Integer),
                fixed_in(AuditEventRow.target_type, [k.name for k in kinds]),
                _seen_by(bindparam("state", type_=String), kinds),
            )
            .order_by(AuditEventRow.id.desc())
            .limit(bindparam("limit", type_=Integer))
        )

    query = built_once("activity feed", kinds, build)
    head = audit_head(session)[0] if upto is None else upto
    params = {"state": user.state, "window": window, "limit": limit, "after": after, "upto": head}
    return list(session.execute(query, params).scalars())

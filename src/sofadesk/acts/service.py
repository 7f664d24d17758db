"""Entering, confirming and rejecting a State's dated acts (four eyes), each step an audit event.

An act changes the answers only once a second registry editor, not the one who entered it, confirms it.  On
confirmation the registry's version goes up (every process reloads it within seconds: acts/reload.py), every
open case whose coverage changes is told - an event in its own timeline saying what changed and why, and its
States' officials notified - and the impact is returned.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.acts.impact import impact
from sofadesk.acts.schemas import ActBody, ActRead, ImpactRead
from sofadesk.audit.chain import now
from sofadesk.audit.writer import Entry, append, append_many
from sofadesk.db.models import AgreementRow, RegistryActRow, RegistryMetaRow, StateRow
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound
from sofadesk.law.rules.final_clauses import FINAL_CLAUSES
from sofadesk.notifications.service import Notice, notify_many
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.local import LocalAct, acts_from_rows, with_acts
from sofadesk.registry.model import Source

EDITOR = "registry_editor"
CASE_ROLES = ("requester", "approver", "planner", "legal_adviser")


def _cites(agreement: str, kind: str) -> list[str]:
    clauses = FINAL_CLAUSES[agreement]
    if kind.startswith("denunciation"):
        return [clauses.denunciation.render()]
    return [clauses.later_states.render()] if kind in ("deposit", "entry_into_force") else []


def _check_known(session: Session, body: ActBody) -> None:
    agreement = session.get(AgreementRow, body.agreement)
    if agreement is None:
        raise Invalid("agreement", f"{body.agreement!r} is not an agreement in this database")
    if session.get(StateRow, body.state) is None:
        raise Invalid("state", f"{body.state!r} is not an ISO 3166-1 alpha-3 code we know")
    if body.date is not None and body.date < agreement.done_on:
        raise Invalid("date", f"before the {body.agreement} was concluded ({agreement.done_on.isoformat()})")


def propose(session: Session, user: CurrentUser, body: ActBody) -> RegistryActRow:
    """Enter an act; it has no effect until another editor confirms it."""
    user.require(EDITOR)
    _check_known(session, body)
    row = RegistryActRow(
        agreement_id=body.agreement,
        state_code=body.state,
        kind=body.kind,
        on_date=body.date,
        instrument_kind=body.instrument_kind,
        summary=body.summary,
        note=body.note,
        source_title=body.source_title,
        source_url=str(body.source_url),
        source_where=body.source_where,
        status="proposed",
        proposed_by=user.id,
        proposed_at=now(),
    )
    session.add(row)
    session.flush()
    append(
        session,
        user.actor,
        "registry.act_proposed",
        "registry_act",
        row.id,
        body.model_dump(mode="json"),
        _cites(body.agreement, body.kind),
    )
    return row


def _load(session: Session, act_id: int, lock: bool = True) -> RegistryActRow:
    query = select(RegistryActRow).where(RegistryActRow.id == act_id)
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no registry act {act_id}")
    return row


def _pending(session: Session, user: CurrentUser, act_id: int) -> RegistryActRow:
    user.require(EDITOR)
    row = _load(session, act_id)
    if row.status != "proposed":
        raise Conflict(f"registry act {act_id} is {row.status}, not waiting for confirmation")
    return row


def local_act(row: RegistryActRow, confirmed_on: date | None = None) -> LocalAct:
    act = acts_from_rows(
        [
            (
                row.id,
                row.agreement_id,
                row.state_code,
                row.kind,
                row.on_date,
                row.instrument_kind,
                row.summary,
                row.note,
                row.source_title,
                row.source_url,
                row.source_where,
                row.decided_at,
            )
        ]
    )[0]
    return act if confirmed_on is None else LocalAct(**{**act.__dict__, "confirmed_on": confirmed_on})


def preview(session: Session, engine: InForceEngine, body: ActBody) -> list[ImpactRead]:
    """The open cases whose coverage the act would change, before anyone enters it."""
    _check_known(session, body)
    act = LocalAct(
        id=0,
        agreement=body.agreement,
        state=body.state,
        kind=body.kind,
        on=body.date,
        instrument_kind=body.instrument_kind,
        summary=body.summary,
        note=body.note,
        source=Source(body.source_title, str(body.source_url)),
        where=body.source_where,
        confirmed_on=None,
    )
    return impact(session, engine, InForceEngine(with_acts(engine.registry, [act])), body.state)


def confirm(
    session: Session, user: CurrentUser, act_id: int, engine: InForceEngine
) -> tuple[RegistryActRow, list[ImpactRead], int]:
    """The second editor confirms: the act takes effect, and every open case it changes is told."""
    row = _pending(session, user, act_id)
    if row.proposed_by == user.id:
        raise Forbidden("the editor who entered an act cannot confirm it: a second editor must (four eyes)")
    row.status, row.decided_by, row.decided_at = "confirmed", user.id, now()
    after = InForceEngine(with_acts(engine.registry, [local_act(row)]))
    changed = impact(session, engine, after, row.state_code)
    _bump_version(session)
    cites = _cites(row.agreement_id, row.kind)
    append(
        session,
        user.actor,
        "registry.act_confirmed",
        "registry_act",
        row.id,
        {
            "state": row.state_code,
            "agreement": row.agreement_id,
            "kind": row.kind,
            "on": row.on_date.isoformat() if row.on_date else None,
            "cases_changed": len(changed),
        },
        cites,
    )
    append_many(
        session,
        user.actor,
        "registry.coverage_changed",
        [Entry(case.kind, case.case_id, _what_changed(row, case), cites) for case in changed],
    )
    told = notify_many(session, [notice for case in changed for notice in _notices(row, case)])
    return row, changed, told


def _what_changed(row: RegistryActRow, case: ImpactRead) -> dict[str, Any]:
    """The event in the case's own timeline: which act, and which pairs of its States change on which days."""
    return {
        "act": row.id,
        "state": row.state_code,
        "agreement": row.agreement_id,
        "kind": row.kind,
        "on": row.on_date.isoformat() if row.on_date else None,
        "changes": [asdict(c) for c in case.changes],
    }


def _notices(row: RegistryActRow, case: ImpactRead) -> list[Notice]:
    """The case's owner and every State concerned are told, each its own officials."""
    what = "; ".join(
        f"{'-'.join(c.between)} {c.first} to {c.last}: {_word(c.before)} -> {_word(c.after)}"
        for c in case.changes
    )
    return [
        Notice(
            state=state,
            roles=CASE_ROLES,
            event="registry.coverage_changed",
            case_kind=case.kind,
            case_id=case.case_id,
            case_reference=case.reference,
            subject=f"{case.reference}: coverage changed by a registry act of {row.state_code}",
            body=f"A confirmed registry act ({row.kind.replace('_', ' ')} of {row.state_code} under the "
            f"{row.agreement_id}, act {row.id}) changes whether the Agreement applies on days of "
            f"{case.reference}: {what}.",
            link=case.link,
            dedupe_key=f"registry:{row.id}:{case.kind}:{case.case_id}",
        )
        for state in case.states
    ]


def _word(value: bool | None) -> str:
    return "unknown" if value is None else ("covered" if value else "not covered")


def reject(session: Session, user: CurrentUser, act_id: int, reason: str) -> RegistryActRow:
    """A second editor rejects it, or its own editor withdraws it; it never takes effect."""
    row = _pending(session, user, act_id)
    row.status = "withdrawn" if row.proposed_by == user.id else "rejected"
    row.decided_by, row.decided_at, row.reason = user.id, now(), reason
    append(session, user.actor, f"registry.act_{row.status}", "registry_act", row.id, {"reason": reason})
    return row


def _bump_version(session: Session) -> None:
    found = session.get(RegistryMetaRow, "version", with_for_update=True)
    if found is None:
        session.add(RegistryMetaRow(key="version", value="1"))
    else:
        session.execute(
            update(RegistryMetaRow)
            .where(RegistryMetaRow.key == "version")
            .values(value=str(int(found.value) + 1))
        )


def read(session: Session, row: RegistryActRow) -> ActRead:
    names = {
        u.id: u.username
        for u in session.execute(
            select(UserRow).where(UserRow.id.in_([i for i in (row.proposed_by, row.decided_by) if i]))
        ).scalars()
    }
    return ActRead(
        id=row.id,
        agreement=row.agreement_id,
        state=row.state_code,
        kind=row.kind,
        date=row.on_date.isoformat() if row.on_date else None,
        instrument_kind=row.instrument_kind,
        summary=row.summary,
        note=row.note,
        source_title=row.source_title,
        source_url=row.source_url,
        source_where=row.source_where,
        status=row.status,
        proposed_by=names.get(row.proposed_by, "?"),
        proposed_at=row.proposed_at.isoformat() + "Z",
        decided_by=names.get(row.decided_by) if row.decided_by else None,
        decided_at=row.decided_at.isoformat() + "Z" if row.decided_at else None,
        reason=row.reason,
    )


def list_acts(session: Session, status: str | None = None, limit: int = 200) -> list[ActRead]:
    query = select(RegistryActRow).order_by(RegistryActRow.id.desc()).limit(limit)
    if status:
        query = query.where(RegistryActRow.status == status)
    return [read(session, r) for r in session.execute(query).scalars()]


def visible(changed: list[ImpactRead], user: CurrentUser) -> list[ImpactRead]:
    """The changed cases the user's State may see (its owner or a State concerned): no other State's cases."""
    return [c for c in changed if user.state in c.states]

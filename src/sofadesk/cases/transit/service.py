"""Transit use cases.  Each function takes a session and the current user and never commits: the API request
or CLI command owns the transaction, so a change and its audit event are written together or not at all.

Workflow: draft -> submitted -> (each crossed State decides its legs) -> permitted -> in_movement -> completed.
A State may ask for more information or deny; the sending State may then amend (a new revision: only States
whose legs changed decide again), withdraw a submitted request, or cancel a draft or a permitted one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import append, now, timeline
from sofadesk.cases.common import check_version, load_case, page_of, visible_clause
from sofadesk.cases.transit.checks import NoticeRule, add_working_days, check_transit
from sofadesk.cases.transit.models import (
    NoticeRuleRow,
    TransitCrossingRow,
    TransitDecisionRow,
    TransitPartyRow,
    TransitRevisionRow,
    TransitRow,
)
from sofadesk.cases.transit.schemas import CrossingBody, DecisionBody, NoticeRuleBody, TransitContent
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound
from sofadesk.registry.inforce import InForceEngine

DECIDED = ("approved", "approved_with_conditions", "more_information", "denied")
AMENDABLE = ("submitted", "more_information", "denied", "permitted")


def visible_to_state(state: Any) -> Any:
    """SQL condition: transits the State (a code or a bound parameter) may see."""
    return visible_clause(
        state, TransitRow.sending_state, TransitRow.id, TransitPartyRow.transit_id, TransitPartyRow.state_code
    )


def visible_to(user: CurrentUser) -> Any:
    """SQL condition: transits the user's State may see."""
    return visible_to_state(user.state)


def load_visible(session: Session, user: CurrentUser, transit_id: int, lock: bool = False) -> TransitRow:
    """The transit, if the user's State may see it; otherwise 404, exactly as if it did not exist."""
    return load_case(session, TransitRow, transit_id, visible_to(user), "transit", lock)


def _own(user: CurrentUser, t: TransitRow) -> None:
    if t.sending_state != user.state:
        raise Forbidden("only the sending State's authority may do this")
    user.require("requester")


def _check_version(t: TransitRow, version: int | None) -> None:
    check_version("transit", t.version, version)


def _content(session: Session, t: TransitRow, number: int | None = None) -> TransitContent:
    rev = session.execute(
        select(TransitRevisionRow).where(
            TransitRevisionRow.transit_id == t.id, TransitRevisionRow.number == (number or t.revision)
        )
    ).scalar_one()
    return TransitContent.model_validate(rev.content)


def _content_json(session: Session, t: TransitRow, number: int) -> dict[str, Any]:
    content: dict[str, Any] = session.execute(
        select(TransitRevisionRow.content).where(
            TransitRevisionRow.transit_id == t.id, TransitRevisionRow.number == number
        )
    ).scalar_one()
    return content


def _store_revision(session: Session, t: TransitRow, content: TransitContent, user: CurrentUser) -> None:
    session.add(
        TransitRevisionRow(
            transit_id=t.id, number=t.revision, content=content.model_dump(mode="json"), created_by=user.id,
            created_at=now(),
        )
    )  # fmt: skip
    t.first_entry = content.legs[0].planned_entry.date()
    t.last_exit = content.legs[-1].planned_exit.date()
    _sync_parties(session, t, content, forget_dropped=False)


def _sync_parties(session: Session, t: TransitRow, content: TransitContent, forget_dropped: bool) -> None:
    """The States that may see the case: the sending State and every State crossed.  A submitted revision's
    States keep seeing the case after an amendment drops them (they saw and decided it); a State dropped
    from a draft never saw anything and is forgotten."""
    known = set(
        session.execute(
            select(TransitPartyRow.state_code).where(TransitPartyRow.transit_id == t.id)
        ).scalars()
    )
    wanted = {t.sending_state, *(leg.state for leg in content.legs)}
    for state in wanted - known:
        session.add(TransitPartyRow(transit_id=t.id, state_code=state))
    if forget_dropped and known - wanted:
        session.execute(
            delete(TransitPartyRow).where(
                TransitPartyRow.transit_id == t.id, TransitPartyRow.state_code.in_(known - wanted)
            )
        )


def _known_states(session: Session, content: TransitContent) -> None:
    from sofadesk.db.models import StateRow

    codes = {leg.state for leg in content.legs} | set(content.movement_order.countersigned_by)
    known = set(session.execute(select(StateRow.code).where(StateRow.code.in_(codes))).scalars())
    for i, leg in enumerate(content.legs):
        if leg.state not in known:
            raise Invalid(f"legs.{i}.state", f"{leg.state!r} is not an ISO 3166-1 alpha-3 code we know")
    for code in content.movement_order.countersigned_by:
        if code not in known:
            raise Invalid(
                "movement_order.countersigned_by", f"{code!r} is not an ISO 3166-1 alpha-3 code we know"
            )


def create(session: Session, user: CurrentUser, content: TransitContent) -> TransitRow:
    user.require("requester")
    _known_states(session, content)
    if any(leg.state == user.state for leg in content.legs):
        raise Invalid("legs", "a leg crosses the sending State itself; list only the States crossed")
    stamp = now()
    t = TransitRow(
        reference="pending", sending_state=user.state, status="draft", revision=1, version=1,
        first_entry=content.legs[0].planned_entry.date(), last_exit=content.legs[-1].planned_exit.date(),
        created_by=user.id, created_at=stamp, updated_at=stamp,
    )  # fmt: skip
    session.add(t)
    session.flush()
    t.reference = f"TR-{user.state}-{stamp.year}-{t.id:05d}"
    _store_revision(session, t, content, user)
    append(session, user.actor, "transit.created", "transit", t.id,
           {"reference": t.reference, "route": [leg.state for leg in content.legs], "persons": len(content.personnel)})  # fmt: skip
    return t


def own_draft_at(session: Session, user: CurrentUser, transit_id: int, version: int, doing: str,
                 lock: bool = False) -> TransitRow:  # fmt: skip
    """The sending State's own draft at the version the caller read (locked if asked), else the refusal: 404
    for a case the user may not see, 403, 409.  Also asked before costly work such as reading an upload."""
    t = load_visible(session, user, transit_id, lock=lock)
    _own(user, t)
    if t.status != "draft":
        raise Conflict(f"only a draft can be {doing}; this transit is {t.status}")
    _check_version(t, version)
    return t


def _own_draft(session: Session, user: CurrentUser, transit_id: int, version: int, doing: str) -> TransitRow:
    return own_draft_at(session, user, transit_id, version, doing, lock=True)


def update_draft(
    session: Session, user: CurrentUser, transit_id: int, content: TransitContent, version: int
) -> TransitRow:
    t = _own_draft(session, user, transit_id, version, "edited (amend a submitted one)")
    _known_states(session, content)
    session.execute(
        update(TransitRevisionRow)
        .where(TransitRevisionRow.transit_id == t.id, TransitRevisionRow.number == t.revision)
        .values(content=content.model_dump(mode="json"))
    )
    t.first_entry, t.last_exit = content.legs[0].planned_entry.date(), content.legs[-1].planned_exit.date()
    # A State added to the route must see the case once it is submitted: before this, only the States of
    # the first draft could (found by the browser test, which saves a draft before adding the last legs).
    _sync_parties(session, t, content, forget_dropped=True)
    _touch(t)
    append(session, user.actor, "transit.updated", "transit", t.id, {"revision": t.revision})
    return t


def _touch(t: TransitRow) -> None:
    t.version += 1
    t.updated_at = now()


def notice_rules(session: Session) -> dict[str, NoticeRule]:
    return {
        r.state_code: NoticeRule(r.state_code, r.lead_time_working_days, r.requires_countersignature,
                                 tuple((x.get("code", "text"), x.get("text", "")) for x in r.restrictions))
        for r in session.execute(select(NoticeRuleRow)).scalars()
    }  # fmt: skip


def set_notice_rule(session: Session, user: CurrentUser, state: str, body: NoticeRuleBody) -> NoticeRuleRow:
    user.require("administrator")
    if state != user.state:
        raise Forbidden("an administrator keeps its own State's notice rule only")
    row = session.get(NoticeRuleRow, state) or NoticeRuleRow(state_code=state)
    row.lead_time_working_days = body.lead_time_working_days
    row.requires_countersignature = body.requires_countersignature
    row.restrictions = [{str(k): v for k, v in r.items()} for r in body.restrictions]
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    append(session, user.actor, "notice_rule.updated", "notice_rule", state, body.model_dump())
    return row


def _due(state: str, filed: date, rules: dict[str, NoticeRule], engine: InForceEngine) -> date | None:
    rule = rules.get(state)
    if rule is None:
        return None
    alpha2 = engine.registry.states[state].alpha2 if state in engine.registry.states else state[:2]
    return add_working_days(filed, rule.lead_time_working_days, alpha2)


def _crossed(content: TransitContent) -> list[str]:
    return list(dict.fromkeys(leg.state for leg in content.legs))


def submit(
    session: Session, user: CurrentUser, transit_id: int, version: int, engine: InForceEngine
) -> TransitRow:
    t = _own_draft(session, user, transit_id, version, "submitted")
    content = _content(session, t)
    rules = notice_rules(session)
    filed = now().date()
    report = check_transit(engine, t.sending_state, content, rules, filed)
    for state in _crossed(content):
        session.add(TransitDecisionRow(transit_id=t.id, revision=t.revision, state_code=state, status="pending",
                                       due_on=_due(state, filed, rules, engine), version=1))  # fmt: skip
    t.status, t.submitted_at = "submitted", now()
    _touch(t)
    cites = sorted({c for check in report.checks for c in check.citations})
    append(session, user.actor, "transit.submitted", "transit", t.id,
           {"revision": t.revision, "flags": report.flags, "states": _crossed(content)}, cites)  # fmt: skip
    return t


# Built once: constructing a statement costs more than running it from SQLAlchemy's compiled cache, and these
# run on every case read and decision.
_SLOTS = (
    select(TransitDecisionRow)
    .where(
        TransitDecisionRow.transit_id == bindparam("transit_id"),
        TransitDecisionRow.revision == bindparam("revision"),
    )
    .order_by(TransitDecisionRow.id)
)


def _slots(session: Session, t: TransitRow, revision: int | None = None) -> list[TransitDecisionRow]:
    return list(session.execute(_SLOTS, {"transit_id": t.id, "revision": revision or t.revision}).scalars())


def _recompute(session: Session, t: TransitRow, statuses: list[str] | None = None) -> None:
    """The transit's status from its current revision's decisions (read here unless the caller has them)."""
    if statuses is None:
        statuses = [s.status for s in _slots(session, t)]
    if "denied" in statuses:
        t.status = "denied"
    elif "more_information" in statuses:
        t.status = "more_information"
    elif statuses and all(s in ("approved", "approved_with_conditions") for s in statuses):
        t.status = "permitted"
    else:
        t.status = "submitted"


def decide(session: Session, user: CurrentUser, transit_id: int, body: DecisionBody) -> TransitDecisionRow:
    t = load_visible(session, user, transit_id, lock=True)
    user.require("approver")
    if t.status not in ("submitted", "more_information", "denied", "permitted"):
        raise Conflict(f"decisions are taken on submitted requests; this transit is {t.status}")
    slots = _slots(session, t)
    slot = next((s for s in slots if s.state_code == user.state), None)
    if slot is None:
        raise Forbidden("your State has no leg in the current revision of this transit")
    # Optimistic concurrency: the update only lands if nobody decided since the caller read the decision.
    result = session.execute(
        update(TransitDecisionRow)
        .where(TransitDecisionRow.id == slot.id, TransitDecisionRow.version == body.version)
        .values(status=body.decision, note=body.note, decided_by=user.id, decided_at=now(),
                carried_over_from=None, version=TransitDecisionRow.version + 1)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(
            f"{user.state}'s decision changed since you read it (version {body.version}); reload and retry"
        )
    session.expire(slot)
    _recompute(session, t, [body.decision if s is slot else s.status for s in slots])
    _touch(t)
    append(session, user.actor, "transit.decided", "transit", t.id,
           {"state": user.state, "decision": body.decision, "note": body.note, "revision": t.revision})  # fmt: skip
    return slot


def _legs_of(content: TransitContent, state: str) -> list[dict[str, Any]]:
    return [leg.model_dump(mode="json") for leg in content.legs if leg.state == state]


def amend(session: Session, user: CurrentUser, transit_id: int, content: TransitContent, version: int,
          engine: InForceEngine) -> TransitRow:  # fmt: skip
    """A new revision.  A State whose legs are unchanged keeps its decision (carried over); the others decide
    again.  A change to what every State sees (personnel, equipment, arms, unit) reopens every decision."""
    t = load_visible(session, user, transit_id, lock=True)
    _own(user, t)
    if t.status not in AMENDABLE:
        raise Conflict(f"a {t.status} transit cannot be amended")
    _check_version(t, version)
    if any(leg.state == t.sending_state for leg in content.legs):
        raise Invalid("legs", "a leg crosses the sending State itself; list only the States crossed")
    _known_states(session, content)
    old = _content(session, t)
    shared_changed = old.model_dump(exclude={"legs"}) != content.model_dump(exclude={"legs"})
    previous = {s.state_code: s for s in _slots(session, t)}
    t.revision += 1
    _store_revision(session, t, content, user)
    rules, filed = notice_rules(session), now().date()
    reopened = []
    for state in _crossed(content):
        prior = previous.get(state)
        unchanged = (
            not shared_changed and prior is not None and _legs_of(old, state) == _legs_of(content, state)
        )
        if unchanged and prior is not None and prior.status != "pending":
            session.add(TransitDecisionRow(
                transit_id=t.id, revision=t.revision, state_code=state, status=prior.status, note=prior.note,
                due_on=prior.due_on, decided_by=prior.decided_by, decided_at=prior.decided_at,
                carried_over_from=t.revision - 1, version=1))  # fmt: skip
        else:
            reopened.append(state)
            session.add(TransitDecisionRow(transit_id=t.id, revision=t.revision, state_code=state, status="pending",
                                           due_on=_due(state, filed, rules, engine), version=1))  # fmt: skip
    session.flush()
    _recompute(session, t)
    _touch(t)
    append(
        session,
        user.actor,
        "transit.amended",
        "transit",
        t.id,
        {"revision": t.revision, "decide_again": reopened},
    )
    return t


def record_crossing(
    session: Session, user: CurrentUser, transit_id: int, body: CrossingBody
) -> TransitCrossingRow:
    t = load_visible(session, user, transit_id, lock=True)
    user.require("approver")
    if body.state != user.state:
        raise Forbidden("a crossing is recorded by the State crossed")
    if t.status not in ("permitted", "in_movement"):
        raise Conflict(f"crossings are recorded once the transit is permitted; it is {t.status}")
    if body.state not in _crossed(_content(session, t)):
        raise Invalid("state", f"{body.state} has no leg in this transit")
    row = TransitCrossingRow(transit_id=t.id, state_code=body.state, kind=body.kind,
                             at=body.at.replace(tzinfo=None), point=body.point, recorded_by=user.id, recorded_at=now())  # fmt: skip
    session.add(row)
    t.status = "in_movement"
    _touch(t)
    append(session, user.actor, "transit.crossing_recorded", "transit", t.id,
           {"state": body.state, "kind": body.kind, "at": body.at.isoformat(), "point": body.point})  # fmt: skip
    return row


def _close(session: Session, user: CurrentUser, transit_id: int, action: str, allowed: tuple[str, ...],
           new_status: str, reason: str | None) -> TransitRow:  # fmt: skip
    t = load_visible(session, user, transit_id, lock=True)
    _own(user, t)
    if t.status not in allowed:
        raise Conflict(f"a {t.status} transit cannot be {new_status}")
    t.status = new_status
    _touch(t)
    append(session, user.actor, f"transit.{action}", "transit", t.id, {"reason": reason})
    return t


def complete(session: Session, user: CurrentUser, transit_id: int) -> TransitRow:
    return _close(session, user, transit_id, "completed", ("in_movement",), "completed", None)


def withdraw(session: Session, user: CurrentUser, transit_id: int, reason: str) -> TransitRow:
    return _close(
        session,
        user,
        transit_id,
        "withdrawn",
        ("submitted", "more_information", "denied"),
        "withdrawn",
        reason,
    )


def cancel(session: Session, user: CurrentUser, transit_id: int, reason: str) -> TransitRow:
    return _close(session, user, transit_id, "cancelled", ("draft", "permitted"), "cancelled", reason)


def _case_with_content(revision: Any) -> Any:
    # Plain table columns, not ORM entities: a read needs values, not objects to track for changes.
    return (
        select(*TransitRow.__table__.columns, TransitRevisionRow.content)
        .join(
            TransitRevisionRow,
            and_(TransitRevisionRow.transit_id == TransitRow.id, TransitRevisionRow.number == revision),
        )
        .where(TransitRow.id == bindparam("transit_id"), visible_to_state(bindparam("state")))
    )


_CURRENT_CASE = _case_with_content(TransitRow.revision)
_REVISION_CASE = _case_with_content(bindparam("revision"))
_SLOT_VALUES = (
    select(TransitDecisionRow.__table__)
    .where(
        TransitDecisionRow.transit_id == bindparam("transit_id"),
        TransitDecisionRow.revision == bindparam("revision"),
    )
    .order_by(TransitDecisionRow.id)
)


def read_visible(
    session: Session, user: CurrentUser, transit_id: int, revision: int | None = None
) -> dict[str, Any]:
    """`read` of a transit the user's State may see: the transit with its revision's content in one statement,
    its decisions in a second (a case read is the API's most frequent request)."""
    params: dict[str, Any] = {"transit_id": transit_id, "state": user.state}
    if revision is not None:
        params["revision"] = revision
    conn = session.connection()
    found = conn.execute(_CURRENT_CASE if revision is None else _REVISION_CASE, params).first()
    if found is None:
        t = load_visible(session, user, transit_id)  # 404 if not visible; otherwise the revision is missing
        raise NotFound(f"transit {t.id} has no revision {revision}")
    slots = conn.execute(
        _SLOT_VALUES, {"transit_id": transit_id, "revision": revision or found.revision}
    ).all()
    return read(session, user, found, revision, content=found.content, slots=slots)


def read(session: Session, user: CurrentUser, t: Any, revision: int | None = None,
         content: dict[str, Any] | None = None, slots: Sequence[Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """A transit in API shape; `t` is a TransitRow or a row of its columns, `slots` its decisions if read."""
    number = revision or t.revision
    if not 1 <= number <= t.revision:
        raise NotFound(f"transit {t.id} has no revision {number}")
    today = now().date()
    decisions = [
        {"state": s.state_code, "status": s.status, "note": s.note, "due_on": s.due_on.isoformat() if s.due_on else None,
         "overdue": s.status == "pending" and s.due_on is not None and s.due_on < today,
         "decided_at": s.decided_at.isoformat() + "Z" if s.decided_at else None,
         "carried_over_from": s.carried_over_from, "version": s.version}
        for s in (slots if slots is not None else _slots(session, t, number))
    ]  # fmt: skip
    # Crossings exist only once a transit is in movement: skip the query before that.
    crossings = (
        session.execute(
            select(TransitCrossingRow)
            .where(TransitCrossingRow.transit_id == t.id)
            .order_by(TransitCrossingRow.at)
        ).scalars()
        if t.status in ("in_movement", "completed")
        else ()
    )
    return {
        "id": t.id, "reference": t.reference, "sending_state": t.sending_state, "status": t.status,
        "revision": number, "latest_revision": t.revision, "version": t.version,
        "first_entry": t.first_entry.isoformat(), "last_exit": t.last_exit.isoformat(),
        "created_at": t.created_at.isoformat() + "Z", "updated_at": t.updated_at.isoformat() + "Z",
        # Stored content was validated when written; reading it back as JSON avoids re-validating it per read.
        "content": content if content is not None else _content_json(session, t, number),
        "exercise_id": t.exercise_id,
        "decisions": decisions,
        "crossings": [{"state": c.state_code, "kind": c.kind, "at": c.at.isoformat() + "Z", "point": c.point}
                      for c in crossings],
    }  # fmt: skip


def checks(session: Session, user: CurrentUser, transit_id: int, engine: InForceEngine) -> dict[str, Any]:
    t = load_visible(session, user, transit_id)
    filed = t.submitted_at.date() if t.submitted_at else now().date()
    return check_transit(
        engine, t.sending_state, _content(session, t), notice_rules(session), filed
    ).as_json()


def case_timeline(session: Session, user: CurrentUser, transit_id: int) -> list[dict[str, Any]]:
    t = load_visible(session, user, transit_id)
    return timeline(session, "transit", t.id)


def list_visible(session: Session, user: CurrentUser, status: str | None = None, state: str | None = None,
                 entry_from: date | None = None, entry_to: date | None = None, overdue: bool | None = None,
                 limit: int = 50, offset: int = 0, own_with_status: tuple[str, ...] = ()) -> dict[str, Any]:  # fmt: skip
    """Transits the user's State may see, filtered; `own_with_status` narrows to the user's State's own
    requests in those statuses (the requester's dashboard)."""
    conditions = [visible_to(user)]
    if status:
        conditions.append(TransitRow.status == status)
    if own_with_status:
        conditions += [TransitRow.sending_state == user.state, TransitRow.status.in_(own_with_status)]
    if state:
        conditions.append(or_(TransitRow.sending_state == state, exists().where(
            TransitPartyRow.transit_id == TransitRow.id, TransitPartyRow.state_code == state)))  # fmt: skip
    if entry_from:
        conditions.append(TransitRow.last_exit >= entry_from)
    if entry_to:
        conditions.append(TransitRow.first_entry <= entry_to)
    if overdue is not None:
        late = exists().where(
            TransitDecisionRow.transit_id == TransitRow.id, TransitDecisionRow.revision == TransitRow.revision,
            TransitDecisionRow.status == "pending", TransitDecisionRow.due_on < now().date())  # fmt: skip
        conditions.append(late if overdue else ~late)
    total, rows = page_of(
        session, TransitRow, and_(*conditions), (TransitRow.first_entry, TransitRow.id), limit, offset
    )
    items = [{"id": t.id, "reference": t.reference, "sending_state": t.sending_state, "status": t.status,
              "revision": t.revision, "first_entry": t.first_entry.isoformat(), "last_exit": t.last_exit.isoformat()}
             for t in rows]  # fmt: skip
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _pending_where(user: CurrentUser, overdue_only: bool) -> list[Any]:
    conditions = [TransitDecisionRow.state_code == user.state, TransitDecisionRow.status == "pending",
                  TransitRow.id == TransitDecisionRow.transit_id, TransitRow.revision == TransitDecisionRow.revision]  # fmt: skip
    if overdue_only:
        conditions.append(TransitDecisionRow.due_on < now().date())
    return conditions


def pending_count(session: Session, user: CurrentUser, overdue_only: bool = False) -> int:
    query = (
        select(func.count())
        .select_from(TransitDecisionRow)
        .join(TransitRow, TransitRow.id == TransitDecisionRow.transit_id)
    )
    return int(session.execute(query.where(*_pending_where(user, overdue_only))).scalar_one())  # fmt: skip


def pending_decisions(
    session: Session, user: CurrentUser, overdue_only: bool = False, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Decisions the user's State still has to take on current revisions, the earliest due first."""
    today = now().date()
    rows = session.execute(
        select(TransitDecisionRow, TransitRow)
        .join(TransitRow, TransitRow.id == TransitDecisionRow.transit_id)
        .where(*_pending_where(user, overdue_only))
        .order_by(TransitDecisionRow.due_on.is_(None), TransitDecisionRow.due_on, TransitRow.id)
        .limit(limit).offset(offset)
    ).all()  # fmt: skip
    return [{"transit": t.id, "reference": t.reference, "sending_state": t.sending_state,
             "due_on": d.due_on.isoformat() if d.due_on else None,
             "overdue": d.due_on is not None and d.due_on < today, "first_entry": t.first_entry.isoformat()}
            for d, t in rows]  # fmt: skip


def overdue_decisions(session: Session, user: CurrentUser) -> list[dict[str, Any]]:
    """Pending decisions past their due date that the user's State must take."""
    return [{k: d[k] for k in ("transit", "reference", "due_on", "first_entry")}
            for d in pending_decisions(session, user, overdue_only=True)]  # fmt: skip


def import_manifest(session: Session, user: CurrentUser, transit_id: int, kind: str, items: list[Any],
                    version: int) -> TransitRow:  # fmt: skip
    """Replace a draft's personnel or equipment with an imported manifest (already parsed and validated)."""
    t = _own_draft(session, user, transit_id, version, "given a manifest (amend a submitted one)")
    data = _content(session, t).model_dump(mode="json")
    data[kind] = [i.model_dump(mode="json") for i in items]
    content = TransitContent.model_validate(data)
    session.execute(
        update(TransitRevisionRow)
        .where(TransitRevisionRow.transit_id == t.id, TransitRevisionRow.number == t.revision)
        .values(content=content.model_dump(mode="json"))
    )
    _touch(t)
    append(
        session, user.actor, "transit.manifest_imported", "transit", t.id, {"kind": kind, "rows": len(items)}
    )
    return t

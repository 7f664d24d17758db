"""Transit use cases that change a request.  Each takes a session and the current user and never commits: the API
request or CLI command owns the transaction, so a change and its audit event are written together or not at all.
Who may do what when is the workflow's (transit/kind.py); the sequence of a step is the engine's (core/step.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties, revisions, slots
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.step import Done, check_version, record, step
from sofadesk.cases.transit.checks import check_transit
from sofadesk.cases.transit.kind import KIND
from sofadesk.cases.transit.models import TransitCrossingRow, TransitRow
from sofadesk.cases.transit.notice_rules import due_on, notice_rules
from sofadesk.cases.transit.schemas import CrossingBody, DecisionBody, TransitContent
from sofadesk.errors import Forbidden, Invalid
from sofadesk.registry.inforce import InForceEngine

LEG = "leg_decision"  # the slot each State crossed holds on a revision


def content_of(session: Session, t: TransitRow, number: int | None = None) -> TransitContent:
    return TransitContent.model_validate(revisions.content(session, KIND, t.id, number or t.revision))


def _crossed(content: TransitContent) -> list[str]:
    return list(dict.fromkeys(leg.state for leg in content.legs))


def _dates(t: TransitRow, content: TransitContent) -> None:
    t.first_entry = content.legs[0].planned_entry.date()
    t.last_exit = content.legs[-1].planned_exit.date()


def _known_states(session: Session, content: TransitContent, sending: str) -> None:
    from sofadesk.db.models import StateRow

    if any(leg.state == sending for leg in content.legs):
        raise Invalid("legs", "a leg crosses the sending State itself; list only the States crossed")
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


def create(
    session: Session, user: CurrentUser, content: TransitContent, planned: dict[str, Any] | None = None
) -> TransitRow:
    """A draft, seen by the sending State alone until it is submitted.  `planned`: the planner's route it was
    filled from, kept in the audit trail."""
    user.require("requester")
    _known_states(session, content, user.state)
    stamp = now()
    t = TransitRow(
        reference="pending",
        sending_state=user.state,
        status="draft",
        revision=1,
        version=1,
        created_by=user.id,
        created_at=stamp,
        updated_at=stamp,
    )
    _dates(t, content)
    session.add(t)
    session.flush()
    t.reference = f"TR-{user.state}-{stamp.year}-{t.id:05d}"
    revisions.store(session, KIND, t.id, 1, content.model_dump(mode="json"), user)
    record(
        session,
        KIND,
        user,
        t,
        "transit.created",
        Done(
            {
                "reference": t.reference,
                "persons": len(content.personnel),
                "route": [leg.state for leg in content.legs],
                **({"planned_route": planned} if planned else {}),
            }
        ),
    )
    return t


def own_draft_at(
    session: Session, user: CurrentUser, transit_id: int, version: int, lock: bool = False
) -> TransitRow:
    """The sending State's own draft at the version the caller read, else the refusal (404 for a case the user may
    not see, 403, 409).  Asked before costly work such as reading an upload."""
    t: TransitRow = parties.load_visible(session, KIND, user, transit_id, lock=lock)
    KIND.workflow.check("import_manifest", t.status, owner=t.sending_state == user.state, roles=user.roles)
    check_version("transit", t.version, version)
    return t


def update_draft(
    session: Session, user: CurrentUser, transit_id: int, content: TransitContent, version: int
) -> TransitRow:
    def change(t: TransitRow) -> Done:
        _known_states(session, content, t.sending_state)
        revisions.replace(session, KIND, t.id, t.revision, content.model_dump(mode="json"))
        _dates(t, content)
        return Done({"revision": t.revision})

    result: TransitRow = step(session, KIND, user, transit_id, "edit", change, version=version)
    return result


def import_manifest(
    session: Session, user: CurrentUser, transit_id: int, kind: str, items: list[Any], version: int
) -> TransitRow:
    """Replace a draft's personnel or equipment with an imported manifest (already parsed and validated)."""

    def change(t: TransitRow) -> Done:
        data = content_of(session, t).model_dump(mode="json")
        data[kind] = [i.model_dump(mode="json") for i in items]
        revisions.replace(
            session, KIND, t.id, t.revision, TransitContent.model_validate(data).model_dump(mode="json")
        )
        return Done({"kind": kind, "rows": len(items)})

    result: TransitRow = step(session, KIND, user, transit_id, "import_manifest", change, version=version)
    return result


def submit(
    session: Session, user: CurrentUser, transit_id: int, version: int, engine: InForceEngine
) -> TransitRow:
    """The States crossed now see the request, and each must decide its leg(s) by its own lead time."""

    def change(t: TransitRow) -> Done:
        content = content_of(session, t)
        rules, filed = notice_rules(session), now().date()
        report = check_transit(engine, t.sending_state, content, rules, filed)
        crossed = _crossed(content)
        parties.concern(session, KIND, t.id, crossed, t.sending_state)
        for state in crossed:
            slots.open_slot(session, KIND, t, t.revision, LEG, state, due_on(state, filed, rules, engine))
        t.submitted_at = now()
        return Done(
            {"revision": t.revision, "flags": report.flags, "states": crossed},
            [c for check in report.checks for c in check.citations],
        )

    result: TransitRow = step(session, KIND, user, transit_id, "submit", change, version=version)
    return result


def _status_from(statuses: list[str]) -> str:
    """The request's status from its current revision's decisions."""
    if "denied" in statuses:
        return "denied"
    if "more_information" in statuses:
        return "more_information"
    if statuses and all(s in ("approved", "approved_with_conditions") for s in statuses):
        return "permitted"
    return "submitted"


@dataclass(frozen=True)
class Decided:
    """A transit just decided, and its current revision's decisions as written (to show back without a read)."""

    transit: TransitRow
    decisions: list[CaseSlotRow]
    # Its current revision's content as the JSON text the database holds, read with the transit.
    content_text: str


def decide(session: Session, user: CurrentUser, transit_id: int, body: DecisionBody) -> Decided:
    """The user's State decides its leg(s); `body.version` is that decision's version as read (409 if stale)."""
    # The transit (locked), its content's text and its current revision's decisions in one statement: the
    # answer shows all three.
    loaded = parties.load_to_decide(
        session, KIND, user, transit_id, "content", lambda: revisions.current_text(KIND)
    )

    def change(t: TransitRow) -> Done:
        current: list[CaseSlotRow] = loaded.slots
        slot = next((s for s in current if s.state_code == user.state), None)
        if slot is None:
            raise Forbidden("your State has no leg in the current revision of this transit")
        # The answer and the case's stamp ride with the commit (sofadesk.db.riders): nothing below reads either
        # row again from the database (the answer is shaped from the objects, the content was read above).
        slots.answer(session, slot, user, body.decision, body.note, body.version, at_commit=True)
        status = _status_from([body.decision if s is slot else s.status for s in current])
        return Done(
            {"state": user.state, "decision": body.decision, "note": body.note, "revision": t.revision},
            status=status,
        )

    transit: TransitRow = step(
        session, KIND, user, transit_id, "decide", change, case=loaded.case, stamp_at_commit=True
    )
    return Decided(transit, loaded.slots, str(loaded.also))


def _legs_of(content: TransitContent, state: str) -> list[dict[str, Any]]:
    return [leg.model_dump(mode="json") for leg in content.legs if leg.state == state]


def amend(
    session: Session,
    user: CurrentUser,
    transit_id: int,
    content: TransitContent,
    version: int,
    engine: InForceEngine,
) -> TransitRow:
    """A new revision.  A State whose legs are unchanged keeps its decision, or its pending one with its due date
    (carried over); the others decide again, told so.  A change to what every State sees (personnel, equipment,
    arms, unit) reopens every decision."""

    def change(t: TransitRow) -> Done:
        _known_states(session, content, t.sending_state)
        old = content_of(session, t)
        shared_changed = old.model_dump(exclude={"legs"}) != content.model_dump(exclude={"legs"})
        previous = {s.state_code: s for s in slots.of_revision(session, KIND, t.id, t.revision)}
        t.revision += 1
        revisions.store(session, KIND, t.id, t.revision, content.model_dump(mode="json"), user)
        _dates(t, content)
        crossed = _crossed(content)
        parties.concern(session, KIND, t.id, crossed, t.sending_state)
        rules, filed = notice_rules(session), now().date()
        statuses, reopened = [], []
        for state in crossed:
            prior = previous.get(state)
            kept = (
                not shared_changed and prior is not None and _legs_of(old, state) == _legs_of(content, state)
            )
            if kept and prior is not None:
                # Its part is unchanged: its answer stands, or, not yet given, stays due by the same day (its
                # clock does not start again because another State's leg changed).
                statuses.append(slots.carry_over(session, prior, t.revision).status)
            else:
                reopened.append(state)
                statuses.append(slots.PENDING)
                slots.open_slot(
                    session,
                    KIND,
                    t,
                    t.revision,
                    LEG,
                    state,
                    due_on(state, filed, rules, engine),
                    reopened=prior is not None,
                )
        return Done({"revision": t.revision, "decide_again": reopened}, status=_status_from(statuses))

    result: TransitRow = step(session, KIND, user, transit_id, "amend", change, version=version)
    return result


def record_crossing(
    session: Session, user: CurrentUser, transit_id: int, body: CrossingBody
) -> TransitCrossingRow:
    """The State crossed records that the force entered or left its territory."""
    recorded: list[TransitCrossingRow] = []
    if body.state != user.state:
        raise Forbidden("a crossing is recorded by the State crossed")

    def change(t: TransitRow) -> Done:
        if body.state not in _crossed(content_of(session, t)):
            raise Invalid("state", f"{body.state} has no leg in this transit")
        row = TransitCrossingRow(
            transit_id=t.id,
            state_code=body.state,
            kind=body.kind,
            point=body.point,
            at=body.at.replace(tzinfo=None),
            recorded_by=user.id,
            recorded_at=now(),
        )
        session.add(row)
        recorded.append(row)
        return Done({"state": body.state, "kind": body.kind, "at": body.at.isoformat(), "point": body.point})

    step(session, KIND, user, transit_id, "record_crossing", change)
    return recorded[0]


def _end(session: Session, user: CurrentUser, transit_id: int, action: str, reason: str | None) -> TransitRow:
    result: TransitRow = step(session, KIND, user, transit_id, action, lambda t: Done({"reason": reason}))
    return result


def complete(session: Session, user: CurrentUser, transit_id: int) -> TransitRow:
    return _end(session, user, transit_id, "complete", None)


def withdraw(session: Session, user: CurrentUser, transit_id: int, reason: str) -> TransitRow:
    return _end(session, user, transit_id, "withdraw", reason)


def cancel(session: Session, user: CurrentUser, transit_id: int, reason: str) -> TransitRow:
    return _end(session, user, transit_id, "cancel", reason)

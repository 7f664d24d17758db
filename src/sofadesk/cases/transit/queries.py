"""Reading transits: one case (any revision), pages of them, their checks and timeline, the decisions a State
still has to take.  Everything answers in the typed shapes of transit/reads.py, and only about cases the
user's State may see."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties, revisions, slots
from sofadesk.cases.core.listing import Key, any_of_values, case_timeline, keyset_page, one_of, page_fields
from sofadesk.cases.core.models import CaseRevisionRow, CaseSlotRow
from sofadesk.cases.core.reads import PendingRead, TimelineEvent, slot_values
from sofadesk.cases.force_checks import CheckReportRead
from sofadesk.cases.transit.checks import check_transit
from sofadesk.cases.transit.commands import content_of
from sofadesk.cases.transit.kind import KIND
from sofadesk.cases.transit.models import TransitCrossingRow, TransitRow
from sofadesk.cases.transit.notice_rules import notice_rules
from sofadesk.cases.transit.reads import OverdueRead, TransitList, TransitRead, TransitSummary
from sofadesk.db import direct
from sofadesk.db.prepared import prepared
from sofadesk.errors import NotFound
from sofadesk.registry.inforce import InForceEngine


def visible_to(user: CurrentUser) -> Any:
    """SQL condition: transits the user's State may see."""
    return parties.visible_to(KIND, user)


def load_visible(session: Session, user: CurrentUser, transit_id: int, lock: bool = False) -> TransitRow:
    """The transit, if the user's State may see it; otherwise 404, exactly as if it did not exist."""
    found: TransitRow = parties.load_visible(session, KIND, user, transit_id, lock)
    return found


def _case_with_content(revision: Any) -> Any:
    # Plain table columns, not ORM entities: a read needs values, not objects to track for changes.
    return (
        select(*TransitRow.__table__.columns, revisions.CONTENT_TEXT)
        .join(
            CaseRevisionRow,
            and_(
                CaseRevisionRow.kind == KIND.name,
                CaseRevisionRow.case_id == TransitRow.id,
                CaseRevisionRow.number == revision,
            ),
        )
        .where(TransitRow.id == bindparam("transit_id"), parties.visible_to_state(KIND, bindparam("state")))
    )


# Built once: a case read is the API's most frequent request.
_CURRENT_CASE = prepared(_case_with_content(TransitRow.revision))
_REVISION_CASE = prepared(_case_with_content(bindparam("revision")))


def _raw(
    session: Session, user: CurrentUser, transit_id: int, revision: int | None
) -> tuple[dict[str, Any], str]:
    """The case in the shape of TransitRead but for its content, and the content's JSON text, from two
    statements (case with its revision's content; decisions), without validating again what was validated
    when it was written."""
    params: dict[str, Any] = {"transit_id": transit_id, "state": user.state}
    if revision is not None:
        params["revision"] = revision
    found = direct.first(session.connection(), _CURRENT_CASE if revision is None else _REVISION_CASE, params)
    if found is None:
        t = load_visible(session, user, transit_id)  # 404 if not visible; otherwise the revision is missing
        raise NotFound(f"transit {t.id} has no revision {revision}")
    return _shape(session, found, revision), found.content_text


def _shape(
    session: Session, t: Any, revision: int | None, held: Sequence[CaseSlotRow] | None = None
) -> dict[str, Any]:
    """TransitRead's fields but the content, in its order: what comes before the content, then what comes after
    (`_with_content` joins them).  `held`: the revision's slots as the caller holds them (a step that has just
    loaded and answered them)."""
    number = revision or t.revision
    if not 1 <= number <= t.revision:
        raise NotFound(f"transit {t.id} has no revision {number}")
    today = now().date()
    rows = held if held is not None else slots.values_of_revision(session, KIND, t.id, number)
    decisions = [slot_values(s, today) for s in rows]
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
        "id": t.id,
        "reference": t.reference,
        "sending_state": t.sending_state,
        "status": t.status,
        "revision": number,
        "latest_revision": t.revision,
        "version": t.version,
        "first_entry": t.first_entry.isoformat(),
        "last_exit": t.last_exit.isoformat(),
        "created_at": t.created_at.isoformat() + "Z",
        "updated_at": t.updated_at.isoformat() + "Z",
        "exercise_id": t.exercise_id,
        "decisions": decisions,
        "crossings": [
            {"state": c.state_code, "kind": c.kind, "at": c.at.isoformat() + "Z", "point": c.point}
            for c in crossings
        ],
    }


def _with_content(shaped: dict[str, Any], content_text: str) -> str:
    """The answer's JSON with the content's stored JSON text placed after updated_at, where TransitRead has it."""
    keys = list(shaped)
    split = keys.index("updated_at") + 1
    head = json.dumps({k: shaped[k] for k in keys[:split]}, separators=(",", ":"))
    tail = json.dumps({k: shaped[k] for k in keys[split:]}, separators=(",", ":"))
    return f'{head[:-1]},"content":{content_text},{tail[1:]}'


def read_visible_json(
    session: Session, user: CurrentUser, transit_id: int, revision: int | None = None
) -> str:
    """A transit as the API returns it (TransitRead's JSON), serialised once: the API's hot path."""
    return _with_content(*_raw(session, user, transit_id, revision))


def written_json(session: Session, t: TransitRow, held: Sequence[CaseSlotRow], content_text: str) -> str:
    """A transit a step has just changed, in its current revision, as the API returns it: shaped in the step's
    own transaction from the rows the step loaded and wrote (its decisions `held`, and its content's text read
    with the case), so nothing is read again.  A fresh read after the commit, in a transaction of its own, was
    a fifth of a decision's time (issue 18)."""
    return _with_content(_shape(session, t, None, held), content_text)


def read_visible(
    session: Session, user: CurrentUser, transit_id: int, revision: int | None = None
) -> TransitRead:
    """A transit (any revision) with each State's decision and the crossings recorded."""
    shaped, content_text = _raw(session, user, transit_id, revision)
    return TransitRead.model_validate({**shaped, "content": json.loads(content_text)})


def read(session: Session, t: TransitRow) -> TransitRead:
    """A transit the caller has just loaded or written (its current revision)."""
    content = content_of(session, t).model_dump(mode="json")
    return TransitRead.model_validate({**_shape(session, t, None), "content": content})


def checks(session: Session, user: CurrentUser, transit_id: int, engine: InForceEngine) -> CheckReportRead:
    t = load_visible(session, user, transit_id)
    filed = t.submitted_at.date() if t.submitted_at else now().date()
    report = check_transit(engine, t.sending_state, content_of(session, t), notice_rules(session), filed)
    return CheckReportRead.model_validate(report.as_json())


def timeline(session: Session, user: CurrentUser, transit_id: int) -> list[TimelineEvent]:
    return case_timeline(session, KIND, user, transit_id)


# The list's order, on an index of the same keys (keyset pages, issue 18).
ORDER = (Key(TransitRow.first_entry), Key(TransitRow.id))


def _where(shape: tuple[str, ...]) -> Any:
    """The list's condition for a shape (the filters given), every value a bind parameter; an overdue filter is
    `late_on` or `in_time_on` (today)."""
    conditions = [parties.visible_to_state(KIND, bindparam("viewer"))]
    if "status" in shape:
        conditions.append(TransitRow.status == bindparam("status"))
    if "own_0" in shape:
        conditions += [
            TransitRow.sending_state == bindparam("viewer"),
            one_of(TransitRow.status, "own_", shape),
        ]
    if "state" in shape:
        conditions.append(
            or_(
                TransitRow.sending_state == bindparam("state"),
                parties.visible_to_state(KIND, bindparam("state")),
            )
        )
    if "entry_from" in shape:
        conditions.append(TransitRow.last_exit >= bindparam("entry_from"))
    if "entry_to" in shape:
        conditions.append(TransitRow.first_entry <= bindparam("entry_to"))
    for day, late in (("late_on", True), ("in_time_on", False)):
        if day in shape:
            overdue = exists().where(
                CaseSlotRow.kind == KIND.name,
                CaseSlotRow.case_id == TransitRow.id,
                CaseSlotRow.revision == TransitRow.revision,
                CaseSlotRow.status == slots.PENDING,
                CaseSlotRow.due_on < bindparam(day),
            )
            conditions.append(overdue if late else ~overdue)
    return and_(*conditions)


def list_visible(
    session: Session,
    user: CurrentUser,
    status: str | None = None,
    state: str | None = None,
    entry_from: date | None = None,
    entry_to: date | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    offset: int = 0,
    own_with_status: tuple[str, ...] = (),
    cursor: str | None = None,
) -> TransitList:
    """Transits the user's State may see, filtered; `own_with_status` narrows to the user's State's own
    requests in those statuses (the requester's dashboard)."""
    given: dict[str, Any] = {"viewer": user.state}
    if status:
        given["status"] = status
    if own_with_status:
        given.update(any_of_values("own_", own_with_status))
    if state:
        given["state"] = state
    if entry_from:
        given["entry_from"] = entry_from
    if entry_to:
        given["entry_to"] = entry_to
    if overdue is not None:
        given["late_on" if overdue else "in_time_on"] = now().date()
    window = keyset_page(session, KIND, _where, ORDER, limit, cursor, offset, values=given, plain=True)
    # Validated: pydantic's compiled validation is twice as fast as `model_construct` in Python (BENCHMARKS.md).
    items = [
        TransitSummary(
            id=t.id,
            reference=t.reference,
            sending_state=t.sending_state,
            status=t.status,
            revision=t.revision,
            first_entry=t.first_entry.isoformat(),
            last_exit=t.last_exit.isoformat(),
        )
        for t in window.rows
    ]
    return TransitList(items=items, **page_fields(window, limit, offset))


def pending_decisions(
    session: Session, user: CurrentUser, overdue_only: bool = False, limit: int | None = None, offset: int = 0
) -> list[PendingRead]:
    """Transit decisions the user's State still has to take on current revisions, the earliest due first."""
    return slots.pending_for(
        session, user.state, kinds=[KIND], overdue_only=overdue_only, limit=limit, offset=offset
    )


def pending_count(session: Session, user: CurrentUser, overdue_only: bool = False) -> int:
    return slots.pending_count(session, user.state, kinds=[KIND], overdue_only=overdue_only)


def overdue_decisions(session: Session, user: CurrentUser) -> list[OverdueRead]:
    """Pending decisions past their due date that the user's State must take."""
    return [
        OverdueRead(transit=p.case_id, reference=p.reference, due_on=p.due_on, first_entry=p.first_day or "")
        for p in pending_decisions(session, user, overdue_only=True)
    ]

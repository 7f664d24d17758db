"""Reading exercises: one exercise with its bookings, participants and linked transits; pages of them; contingents
and certificates (host and sending State only); the timeline; the calendar; invitations still to answer."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties, slots
from sofadesk.cases.core.listing import Key, any_of_values, case_timeline, keyset_page, one_of, page_fields
from sofadesk.cases.core.reads import PendingRead, TimelineEvent, slot_read
from sofadesk.cases.exercise.calendar import exercise_calendar
from sofadesk.cases.exercise.certificates import CERTIFICATE_CITES, balance
from sofadesk.cases.exercise.commands import INVITATION, certificate_of, participants
from sofadesk.cases.exercise.kind import KIND
from sofadesk.cases.exercise.models import (
    AreaBookingRow,
    CertificateRow,
    ContingentRow,
    ExerciseRow,
    TrainingAreaRow,
)
from sofadesk.cases.exercise.reads import (
    BookingRead,
    CertificateRead,
    ContingentRead,
    ExerciseList,
    ExerciseRead,
    ExerciseSummary,
    LinkedTransit,
    ParticipantRead,
)
from sofadesk.errors import NotFound


def json_time(value: Any) -> str | None:
    """Naive UTC timestamps as ISO 8601 with a Z, None stays None."""
    return value.isoformat() + "Z" if value is not None else None


def visible_to(user: CurrentUser) -> Any:
    """SQL condition: exercises the user's State hosts or is invited to."""
    return parties.visible_to(KIND, user)


def load_visible(session: Session, user: CurrentUser, exercise_id: int, lock: bool = False) -> ExerciseRow:
    """The exercise if the user's State hosts it or was invited to it; otherwise 404, as if it did not exist."""
    found: ExerciseRow = parties.load_visible(session, KIND, user, exercise_id, lock)
    return found


def certificates(session: Session, x: ExerciseRow, state: str | None = None) -> list[CertificateRow]:
    query = select(CertificateRow).where(CertificateRow.exercise_id == x.id, CertificateRow.status == "valid")
    if state:
        query = query.where(CertificateRow.state_code == state)
    return list(session.execute(query.order_by(CertificateRow.id)).scalars())


def bookings(session: Session, x: ExerciseRow) -> list[BookingRead]:
    rows = session.execute(
        select(AreaBookingRow, TrainingAreaRow)
        .join(TrainingAreaRow, TrainingAreaRow.id == AreaBookingRow.area_id)
        .where(AreaBookingRow.exercise_id == x.id)
        .order_by(AreaBookingRow.first_day, AreaBookingRow.id)
    ).all()
    return [
        BookingRead(
            id=b.id,
            area=a.code,
            area_name=a.name,
            capacity_persons=a.capacity_persons,
            first_day=b.first_day.isoformat(),
            last_day=b.last_day.isoformat(),
            planned_persons=b.planned_persons,
        )
        for b, a in rows
    ]


def current_contingents(session: Session, x: ExerciseRow) -> dict[str, ContingentRow]:
    latest: dict[str, ContingentRow] = {}
    for c in session.execute(
        select(ContingentRow).where(ContingentRow.exercise_id == x.id).order_by(ContingentRow.number)
    ).scalars():
        latest[c.state_code] = c
    return latest


def _linked_transits(session: Session, user: CurrentUser, x: ExerciseRow) -> list[LinkedTransit]:
    from sofadesk.cases.transit.kind import KIND as TRANSIT
    from sofadesk.cases.transit.models import TransitRow

    rows = session.execute(
        select(TransitRow)
        .where(TransitRow.exercise_id == x.id, parties.visible_to(TRANSIT, user))
        .order_by(TransitRow.id)
    ).scalars()
    return [
        LinkedTransit(id=t.id, reference=t.reference, sending_state=t.sending_state, status=t.status)
        for t in rows
    ]


def participant_reads(session: Session, x: ExerciseRow) -> list[ParticipantRead]:
    contingents = current_contingents(session, x)
    serials = {c.state_code: c.serial for c in certificates(session, x)}
    today = now().date()
    invitations = {
        s.state_code: s for s in slots.of_revision(session, KIND, x.id, x.revision) if s.subject == INVITATION
    }
    reads = []
    for p in participants(session, x):
        invitation = invitations.get(p.state_code)
        reads.append(
            ParticipantRead(
                state=p.state_code,
                status=p.status,
                version=p.version,
                # Why it withdrew, or why it declined (the answer's note).
                note=p.note
                or (invitation.note if invitation is not None and p.status == "declined" else None),
                invitation=slot_read(invitation, today) if invitation is not None else None,
                invited_at=json_time(p.invited_at),
                responded_at=json_time(invitation.decided_at) if invitation is not None else None,
                persons=len(contingents[p.state_code].content["personnel"])
                if p.state_code in contingents
                else None,
                certificate=serials.get(p.state_code),
                report_filed=p.report is not None,
            )
        )
    return reads


def read(session: Session, user: CurrentUser, x: ExerciseRow) -> ExerciseRead:
    return ExerciseRead.model_validate(
        {
            "id": x.id,
            "reference": x.reference,
            "host_state": x.host_state,
            "name": x.name,
            "purpose": x.purpose,
            "status": x.status,
            "starts_on": x.starts_on.isoformat(),
            "ends_on": x.ends_on.isoformat(),
            "description": x.plan.get("description", ""),
            "version": x.version,
            "cancel_reason": x.cancel_reason,
            "created_at": json_time(x.created_at),
            "updated_at": json_time(x.updated_at),
            "approved_at": json_time(x.approved_at),
            "plan": x.plan,
            "revision": x.revision,
            "locations": bookings(session, x),
            "participants": participant_reads(session, x),
            "transits": _linked_transits(session, user, x),
        }
    )


def read_visible(session: Session, user: CurrentUser, exercise_id: int) -> ExerciseRead:
    return read(session, user, load_visible(session, user, exercise_id))


def participants_list(session: Session, user: CurrentUser, exercise_id: int) -> list[ParticipantRead]:
    return participant_reads(session, load_visible(session, user, exercise_id))


def contingent(session: Session, user: CurrentUser, exercise_id: int, state: str) -> ContingentRead:
    """A contingent in full, for the host and the State that sends it; other participants see counts only."""
    x = load_visible(session, user, exercise_id)
    if user.state not in (x.host_state, state):
        raise NotFound(f"no contingent of {state} that your State may see")
    c = current_contingents(session, x).get(state)
    if c is None:
        raise NotFound(f"{state} has registered no contingent in exercise {x.id}")
    certs = certificates(session, x, state)
    return ContingentRead.model_validate(
        {
            "state": state,
            "registration": c.number,
            "content": c.content,
            "registered_at": json_time(c.registered_at),
            "certificates": [certificate_read(x, cert) for cert in certs],
        }
    )


def certificate_read(x: ExerciseRow, c: CertificateRow) -> CertificateRead:
    lines = balance(c.lines, c.discharge)
    return CertificateRead.model_validate(
        {
            "serial": c.serial,
            "exercise": x.reference,
            "host_state": x.host_state,
            "state": c.state_code,
            "status": c.status,
            "version": c.version,
            "issued_at": json_time(c.issued_at),
            "legal_basis": list(CERTIFICATE_CITES),
            "lines": [b.as_json() for b in lines],
            "balanced": all(b.outstanding == 0 for b in lines),
        }
    )


def certificate(session: Session, user: CurrentUser, exercise_id: int, serial: str) -> CertificateRead:
    x = load_visible(session, user, exercise_id)
    c = certificate_of(session, x, serial)
    if user.state not in (x.host_state, c.state_code):
        raise NotFound(f"no certificate {serial} in exercise {x.id}")
    return certificate_read(x, c)


def timeline(session: Session, user: CurrentUser, exercise_id: int) -> list[TimelineEvent]:
    return case_timeline(session, KIND, user, exercise_id)


# The list's order, on an index of the same keys (keyset pages, issue 18).
ORDER = (Key(ExerciseRow.starts_on), Key(ExerciseRow.id))


def _where(shape: tuple[str, ...]) -> Any:
    """The list's condition for a shape (the filters given), every value a bind parameter."""
    conditions = [parties.visible_to_state(KIND, bindparam("viewer"))]
    if "status" in shape:
        conditions.append(ExerciseRow.status == bindparam("status"))
    if "statuses_0" in shape:
        conditions.append(one_of(ExerciseRow.status, "statuses_", shape))
    if "host" in shape:
        conditions.append(ExerciseRow.host_state == bindparam("host"))
    if "date_from" in shape:
        conditions.append(ExerciseRow.ends_on >= bindparam("date_from"))
    if "date_to" in shape:
        conditions.append(ExerciseRow.starts_on <= bindparam("date_to"))
    return and_(*conditions)


def list_visible(
    session: Session,
    user: CurrentUser,
    status: str | None = None,
    host: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
    cursor: str | None = None,
    statuses: tuple[str, ...] = (),
) -> ExerciseList:
    """Exercises the user's State may see, by first day; `statuses` narrows to those in any of them."""
    given: dict[str, Any] = {"viewer": user.state}
    if status:
        given["status"] = status
    if statuses:
        given.update(any_of_values("statuses_", statuses))
    if host:
        given["host"] = host
    if date_from:
        given["date_from"] = date_from
    if date_to:
        given["date_to"] = date_to
    window = keyset_page(session, KIND, _where, ORDER, limit, cursor, offset, values=given, plain=True)
    # Validated: pydantic's compiled validation is twice as fast as `model_construct` in Python (BENCHMARKS.md).
    items = [
        ExerciseSummary(
            id=x.id,
            reference=x.reference,
            host_state=x.host_state,
            name=x.name,
            purpose=x.purpose,
            status=x.status,
            starts_on=x.starts_on.isoformat(),
            ends_on=x.ends_on.isoformat(),
        )
        for x in window.rows
    ]
    return ExerciseList(items=items, **page_fields(window, limit, offset))


def calendar(session: Session, user: CurrentUser, exercise_id: int | None = None) -> bytes:
    """The user's State's calendar: every exercise it hosts or is invited to (or one of them)."""
    if exercise_id is not None:
        chosen = [load_visible(session, user, exercise_id)]
    else:
        chosen = list(
            session.execute(
                select(ExerciseRow).where(visible_to(user)).order_by(ExerciseRow.starts_on)
            ).scalars()
        )
    return exercise_calendar(user.state, [read(session, user, x) for x in chosen])


def invitations_pending(session: Session, user: CurrentUser) -> list[PendingRead]:
    """Invitations the user's State has still to answer, the earliest due first."""
    return slots.pending_for(session, user.state, kinds=[KIND])


def counts_by_status(session: Session, user: CurrentUser) -> dict[str, int]:
    rows = session.execute(select(ExerciseRow.status).where(visible_to(user))).scalars()
    return dict(Counter(rows))

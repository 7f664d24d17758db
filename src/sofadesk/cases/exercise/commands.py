"""The host's steps in an exercise (each invited State's own are in participation.py).  Each takes a session and
the current user and never commits (the API request or CLI command owns the transaction).  Who may do what when
is the workflow's (exercise/kind.py); the sequence of a step is the engine's (core/step.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties, revisions, slots
from sofadesk.cases.core.step import Done, record, step
from sofadesk.cases.exercise.certificates import (
    BALANCE_CITES,
    balance,
)
from sofadesk.cases.exercise.kind import KIND
from sofadesk.cases.exercise.models import (
    AreaBookingRow,
    CertificateRow,
    ExerciseRow,
    ParticipantRow,
    TrainingAreaRow,
)
from sofadesk.cases.exercise.schemas import (
    ExercisePlan,
)
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound

INVITATION = "invitation"  # the slot an invited State holds: its answer


def participants(session: Session, x: ExerciseRow) -> list[ParticipantRow]:
    return list(
        session.execute(
            select(ParticipantRow)
            .where(ParticipantRow.exercise_id == x.id)
            .order_by(ParticipantRow.state_code)
        ).scalars()
    )


def participant(session: Session, x: ExerciseRow, state: str, lock: bool = False) -> ParticipantRow:
    query = select(ParticipantRow).where(
        ParticipantRow.exercise_id == x.id, ParticipantRow.state_code == state
    )
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise Forbidden(f"{state} is not invited to this exercise")
    return row


def _store_bookings(session: Session, x: ExerciseRow, plan: ExercisePlan) -> None:
    codes = {b.area for b in plan.locations}
    areas = {
        a.code: a
        for a in session.execute(
            select(TrainingAreaRow).where(
                TrainingAreaRow.state_code == x.host_state, TrainingAreaRow.code.in_(codes)
            )
        ).scalars()
    }
    for i, b in enumerate(plan.locations):
        if b.area not in areas:
            raise Invalid(
                f"locations.{i}.area", f"{x.host_state} has no training area {b.area!r}; record it first"
            )
    session.execute(delete(AreaBookingRow).where(AreaBookingRow.exercise_id == x.id))
    for b in plan.locations:
        session.add(
            AreaBookingRow(
                exercise_id=x.id,
                area_id=areas[b.area].id,
                first_day=b.first_day,
                last_day=b.last_day,
                planned_persons=b.planned_persons,
            )
        )


def _apply_plan(x: ExerciseRow, plan: ExercisePlan) -> None:
    x.name, x.purpose, x.starts_on, x.ends_on = plan.name, plan.purpose, plan.starts_on, plan.ends_on
    x.plan = plan.model_dump(mode="json")


def create(session: Session, user: CurrentUser, plan: ExercisePlan) -> ExerciseRow:
    """The host's planner proposes an exercise on the host's own territory."""
    user.require("planner")
    stamp = now()
    x = ExerciseRow(
        reference="pending",
        host_state=user.state,
        status="proposed",
        revision=1,
        version=1,
        created_by=user.id,
        created_at=stamp,
        updated_at=stamp,
    )
    _apply_plan(x, plan)
    session.add(x)
    session.flush()
    x.reference = f"EX-{user.state}-{plan.starts_on.year}-{x.id:05d}"
    _store_bookings(session, x, plan)
    revisions.store(session, KIND, x.id, 1, x.plan, user)
    record(
        session,
        KIND,
        user,
        x,
        "exercise.proposed",
        Done(
            {
                "reference": x.reference,
                "name": plan.name,
                "starts_on": plan.starts_on.isoformat(),
                "ends_on": plan.ends_on.isoformat(),
                "areas": [b.area for b in plan.locations],
            }
        ),
    )
    return x


def update_plan(
    session: Session, user: CurrentUser, exercise_id: int, plan: ExercisePlan, version: int
) -> ExerciseRow:
    """Change the plan before execution (a new revision).  An approved plan that changes needs the approver
    again; the invited States' answers are carried over, and answers still due are now due before the new
    start."""

    def change(x: ExerciseRow) -> Done:
        was = x.status
        _apply_plan(x, plan)
        _store_bookings(session, x, plan)
        x.approved_by, x.approved_at = None, None
        x.revision += 1
        revisions.store(session, KIND, x.id, x.revision, x.plan, user)
        for prior in slots.of_revision(session, KIND, x.id, x.revision - 1):
            carried = slots.carry_over(session, prior, x.revision)
            if carried.status == slots.PENDING:
                carried.due_on = plan.starts_on - timedelta(days=1)
        return Done(
            {
                "was": was,
                "revision": x.revision,
                "starts_on": plan.starts_on.isoformat(),
                "ends_on": plan.ends_on.isoformat(),
            }
        )

    result: ExerciseRow = step(session, KIND, user, exercise_id, "replan", change, version=version)
    return result


def approve(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    def change(x: ExerciseRow) -> Done:
        x.approved_by, x.approved_at = user.id, now()
        return Done({"reference": x.reference})

    result: ExerciseRow = step(session, KIND, user, exercise_id, "approve", change, version=version)
    return result


def invite(
    session: Session, user: CurrentUser, exercise_id: int, states: list[str], version: int
) -> ExerciseRow:
    """The invited States see the exercise from now on, and each owes an answer before it starts."""
    from sofadesk.db.models import StateRow

    def change(x: ExerciseRow) -> Done:
        known = set(session.execute(select(StateRow.code).where(StateRow.code.in_(states))).scalars())
        existing = {p.state_code: p for p in participants(session, x)}
        for i, state in enumerate(states):
            if state not in known:
                raise Invalid(f"states.{i}", f"{state!r} is not an ISO 3166-1 alpha-3 code we know")
            if state == x.host_state:
                raise Invalid(f"states.{i}", "the host State does not invite itself")
            prior = existing.get(state)
            if prior is not None and prior.status not in ("declined", "withdrawn", "lapsed"):
                raise Conflict(f"{state} is already invited ({prior.status})")
        invited = list(dict.fromkeys(states))
        stamp = now()
        current = {s.state_code: s for s in slots.of_revision(session, KIND, x.id, x.revision)}
        for state in invited:
            prior = existing.get(state)
            if prior is None:
                session.add(
                    ParticipantRow(
                        exercise_id=x.id,
                        state_code=state,
                        status="invited",
                        version=1,
                        invited_by=user.id,
                        invited_at=stamp,
                    )
                )
            else:  # invited again after declining, withdrawing or letting an invitation lapse
                prior.status, prior.version, prior.invited_by, prior.invited_at = (
                    "invited",
                    prior.version + 1,
                    user.id,
                    stamp,
                )
                prior.note = None
            due = x.starts_on - timedelta(days=1)
            if state in current:
                slots.reopen(session, KIND, x, current[state], due)
            else:
                slots.open_slot(session, KIND, x, x.revision, INVITATION, state, due)
        parties.concern(session, KIND, x.id, invited, x.host_state)
        return Done({"states": invited})

    result: ExerciseRow = step(session, KIND, user, exercise_id, "invite", change, version=version)
    return result


def start(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    """Execution begins.  Invitations still unanswered lapse; a State that accepted must have registered."""

    def change(x: ExerciseRow) -> Done:
        parts = participants(session, x)
        unregistered = [p.state_code for p in parts if p.status == "accepted"]
        if unregistered:
            raise Conflict(
                f"{', '.join(unregistered)} accepted but registered no contingent; they register or withdraw first"
            )
        if not any(p.status == "registered" for p in parts):
            raise Conflict("no participating State has registered a contingent")
        lapsed = slots.close_pending(session, KIND, x.id, x.revision, INVITATION, "lapsed")
        for p in parts:
            if p.status == "invited":
                p.status, p.version = "lapsed", p.version + 1
        return Done({"lapsed_invitations": lapsed})

    result: ExerciseRow = step(session, KIND, user, exercise_id, "start", change, version=version)
    return result


def finish(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    result: ExerciseRow = step(session, KIND, user, exercise_id, "finish", lambda x: Done(), version=version)
    return result


def certificate_of(session: Session, x: ExerciseRow, serial: str, lock: bool = False) -> CertificateRow:
    query = select(CertificateRow).where(CertificateRow.exercise_id == x.id, CertificateRow.serial == serial)
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no certificate {serial} in exercise {x.id}")
    return row


def outstanding(session: Session, x: ExerciseRow) -> dict[str, list[str]]:
    """Certificate serial -> lines not yet re-exported or declared."""
    out: dict[str, list[str]] = {}
    valid = select(CertificateRow).where(CertificateRow.exercise_id == x.id, CertificateRow.status == "valid")
    for c in session.execute(valid.order_by(CertificateRow.id)).scalars():
        missing = [
            f"line {b.line} ({b.description}): {b.outstanding} of {b.imported}"
            for b in balance(c.lines, c.discharge)
            if b.outstanding
        ]
        if missing:
            out[c.serial] = missing
    return out


def close(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    """Closed once every participant has reported and everything imported has gone out or been declared."""

    def change(x: ExerciseRow) -> Done:
        silent = [p.state_code for p in participants(session, x) if p.status == "registered"]
        if silent:
            raise Conflict(f"after-action report still due from {', '.join(silent)}")
        open_lines = outstanding(session, x)
        if open_lines:
            detail = "; ".join(f"{s}: {', '.join(lines[:5])}" for s, lines in open_lines.items())
            raise Conflict(f"equipment not yet re-exported or declared (NATO SOFA Art. XI(8)): {detail}")
        return Done({}, list(BALANCE_CITES))

    result: ExerciseRow = step(session, KIND, user, exercise_id, "close", change, version=version)
    return result


def cancel(session: Session, user: CurrentUser, exercise_id: int, reason: str) -> ExerciseRow:
    def change(x: ExerciseRow) -> Done:
        x.cancel_reason = reason
        return Done({"reason": reason})

    result: ExerciseRow = step(session, KIND, user, exercise_id, "cancel", change)
    return result

"""An invited State's own steps in an exercise: answering the invitation, registering its contingent (and the
customs certificate issued for it), accounting for its equipment, reporting, withdrawing, and filing the transit
that brings its contingent.  Each is a step of the exercise (core/step.py), taken by a State concerned."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import slots
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.step import Done, step
from sofadesk.cases.exercise.certificates import (
    BALANCE_CITES,
    CERTIFICATE_CITES,
    apply_discharge,
    certificate_lines,
    serial_number,
)
from sofadesk.cases.exercise.commands import INVITATION, certificate_of, participant
from sofadesk.cases.exercise.kind import KIND
from sofadesk.cases.exercise.models import CertificateRow, ContingentRow, ExerciseRow, ParticipantRow
from sofadesk.cases.exercise.schemas import ContingentBody, DischargeBody, ResponseBody, TransitFromContingent
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound


def _own_invitation(session: Session, x: ExerciseRow, state: str) -> CaseSlotRow:
    for s in slots.of_revision(session, KIND, x.id, x.revision):
        if s.subject == INVITATION and s.state_code == state:
            return s
    raise Forbidden(f"{state} is not invited to this exercise")


def respond(session: Session, user: CurrentUser, exercise_id: int, body: ResponseBody) -> ParticipantRow:
    """An invited State's approver accepts or declines (`body.version`: the invitation's version as read)."""
    answered: list[ParticipantRow] = []

    def change(x: ExerciseRow) -> Done:
        p = participant(session, x, user.state, lock=True)
        if p.status != "invited":
            raise Conflict(f"{user.state} has already answered ({p.status})")
        slots.answer(
            session, _own_invitation(session, x, user.state), user, body.answer, body.note, body.version
        )
        p.status, p.version = body.answer, p.version + 1
        answered.append(p)
        return Done({"state": user.state, "note": body.note}, event=f"exercise.{body.answer}")

    step(session, KIND, user, exercise_id, "respond", change)
    return answered[0]


def register_contingent(
    session: Session, user: CurrentUser, exercise_id: int, body: ContingentBody
) -> CertificateRow | None:
    """Record (or replace) the user's State's contingent and issue the customs certificate for what it
    temporarily imports; a replaced contingent's certificate is superseded, never deleted."""
    issued: list[CertificateRow | None] = []

    def change(x: ExerciseRow) -> Done:
        p = participant(session, x, user.state, lock=True)
        if p.status not in ("accepted", "registered"):
            raise Conflict(f"{user.state} must accept the invitation first (it is {p.status})")
        number = (
            session.execute(
                select(func.max(ContingentRow.number)).where(
                    ContingentRow.exercise_id == x.id, ContingentRow.state_code == user.state
                )
            ).scalar_one()
            or 0
        ) + 1
        stamp = now()
        contingent = ContingentRow(
            exercise_id=x.id,
            state_code=user.state,
            number=number,
            content=body.model_dump(mode="json"),
            registered_by=user.id,
            registered_at=stamp,
        )
        session.add(contingent)
        for old in session.execute(
            select(CertificateRow).where(
                CertificateRow.exercise_id == x.id,
                CertificateRow.state_code == user.state,
                CertificateRow.status == "valid",
            )
        ).scalars():
            old.status, old.version = "superseded", old.version + 1
        session.flush()
        certificate = None
        lines = certificate_lines(body)
        if lines:
            certificate = CertificateRow(
                serial="pending",
                exercise_id=x.id,
                state_code=user.state,
                contingent_id=contingent.id,
                status="valid",
                lines=lines,
                discharge={},
                version=1,
                issued_by=user.id,
                issued_at=stamp,
            )
            session.add(certificate)
            session.flush()
            certificate.serial = serial_number(x.host_state, user.state, x.starts_on.year, certificate.id)
        issued.append(certificate)
        p.status, p.version = "registered", p.version + 1
        return Done(
            {
                "state": user.state,
                "registration": number,
                "persons": len(body.personnel),
                "equipment_lines": len(body.equipment),
                "certificate": certificate.serial if certificate else None,
            },
            list(CERTIFICATE_CITES) if certificate else [],
        )

    step(session, KIND, user, exercise_id, "register_contingent", change)
    return issued[0]


def file_report(session: Session, user: CurrentUser, exercise_id: int, report: str) -> ParticipantRow:
    reported: list[ParticipantRow] = []

    def change(x: ExerciseRow) -> Done:
        p = participant(session, x, user.state, lock=True)
        if p.status not in ("registered", "reported"):
            raise Conflict(f"{user.state} did not take part (it is {p.status})")
        p.status, p.report, p.reported_at, p.version = "reported", report, now(), p.version + 1
        reported.append(p)
        return Done({"state": user.state, "characters": len(report)})

    step(session, KIND, user, exercise_id, "report", change)
    return reported[0]


def discharge(
    session: Session, user: CurrentUser, exercise_id: int, serial: str, body: DischargeBody
) -> CertificateRow:
    """Record what of a certificate's equipment has been re-exported, or declared (consumed, destroyed, or
    disposed of locally on the host's conditions)."""
    done: list[CertificateRow] = []

    def change(x: ExerciseRow) -> Done:
        c = certificate_of(session, x, serial, lock=True)
        if c.state_code != user.state:
            raise NotFound(f"no certificate {serial} in exercise {x.id}")  # another State's customs papers
        if c.status != "valid":
            raise Conflict(f"certificate {serial} was superseded by a later registration")
        if body.version != c.version:
            raise Conflict(
                f"certificate {serial} changed since you read it (version {body.version}, now {c.version}); reload and retry"
            )
        c.discharge = apply_discharge(c.lines, c.discharge, body.lines)
        c.version += 1
        done.append(c)
        return Done(
            {"certificate": serial, "lines": [d.model_dump() for d in body.lines]}, list(BALANCE_CITES)
        )

    step(session, KIND, user, exercise_id, "discharge", change)
    return done[0]


def withdraw(session: Session, user: CurrentUser, exercise_id: int, reason: str) -> ParticipantRow:
    """A participant withdraws (its certificates still have to be accounted for at closing)."""
    left: list[ParticipantRow] = []

    def change(x: ExerciseRow) -> Done:
        p = participant(session, x, user.state, lock=True)
        if p.status not in ("invited", "accepted", "registered"):
            raise Conflict(f"{user.state} cannot withdraw: it is {p.status}")
        if p.status == "invited":  # its answer is no longer due
            slots.close_pending(session, KIND, x.id, x.revision, INVITATION, "withdrawn")
        p.status, p.note, p.version = "withdrawn", reason, p.version + 1
        left.append(p)
        return Done({"state": user.state, "reason": reason})

    step(session, KIND, user, exercise_id, "withdraw", change)
    return left[0]


def transit_from_contingent(
    session: Session, user: CurrentUser, exercise_id: int, body: TransitFromContingent
) -> int:
    """A transit request (draft) bringing the user's State's registered contingent to the host; the exercise
    and the transit each point to the other.  Returns the transit's id."""
    from sofadesk.cases.transit import commands as transits
    from sofadesk.cases.transit.schemas import TransitContent

    made: list[int] = []

    def change(x: ExerciseRow) -> Done:
        p = participant(session, x, user.state)
        if p.status != "registered":
            raise Conflict(f"{user.state} has no registered contingent to move (it is {p.status})")
        if body.legs[-1].state != x.host_state:
            raise Invalid(
                f"legs.{len(body.legs) - 1}.state", f"the route must end in the host State, {x.host_state}"
            )
        latest = session.execute(
            select(ContingentRow)
            .where(ContingentRow.exercise_id == x.id, ContingentRow.state_code == user.state)
            .order_by(ContingentRow.number.desc())
            .limit(1)
        ).scalar_one()
        content = TransitContent.model_validate(
            {**latest.content, "purpose": "exercise", **body.model_dump(mode="json")}
        )
        t = transits.create(session, user, content)
        t.exercise_id = x.id
        made.append(t.id)
        return Done({"state": user.state, "transit": t.id, "reference": t.reference})

    step(session, KIND, user, exercise_id, "link_transit", change)
    return made[0]

"""Exercise use cases.  Like the transit services, each function takes a session and the current user and never
commits: the API request or CLI command owns the transaction, so a change and its audit event land together.

Flow (as partners use e-PRIME): the host's planner proposes -> the host's approver approves -> the planner
invites States -> each invited State accepts or declines -> each accepting State registers its contingent (a
customs certificate is issued for what it temporarily imports) -> execution -> each participant files an
after-action report and accounts for its certificate (re-exported or declared) -> closed.  A participant may
withdraw and the host may cancel, each with a reason.

Roles: planners plan, invite, register contingents and report; approvers approve the plan and answer
invitations for their State; a participant's requester files the transit requests that bring it to the host.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import append, now, timeline
from sofadesk.cases.common import as_json_time, check_version, load_case, page_of, visible_clause
from sofadesk.cases.exercise.calendar import exercise_calendar
from sofadesk.cases.exercise.certificates import (
    BALANCE_CITES,
    CERTIFICATE_CITES,
    apply_discharge,
    balance,
    certificate_lines,
    serial_number,
)
from sofadesk.cases.exercise.coverage import DayRange, exercise_coverage, first_covered_day
from sofadesk.cases.exercise.deconfliction import Booking, Clash, find_clashes
from sofadesk.cases.exercise.jurisdiction import quick_reference
from sofadesk.cases.exercise.models import (
    AreaBookingRow,
    CertificateRow,
    ContingentRow,
    ExerciseRow,
    ParticipantRow,
    TrainingAreaRow,
)
from sofadesk.cases.exercise.schemas import (
    ContingentBody,
    DischargeBody,
    ExercisePlan,
    ResponseBody,
    TrainingAreaBody,
    TransitFromContingent,
)
from sofadesk.cases.force_checks import (
    Check,
    CheckReport,
    check_arms,
    check_customs,
    check_documents,
    regimes_on,
    under_each_regime,
)
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound
from sofadesk.law.common import Regime
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import open_points

LIVE = ("proposed", "approved", "in_execution", "after_action")  # statuses whose bookings still occupy areas
TAKING_PART = ("accepted", "registered", "reported")
CONCERNED = ("invited", *TAKING_PART)  # States whose coverage is checked


# --- training areas -------------------------------------------------------------------------------------


def set_training_area(
    session: Session, user: CurrentUser, code: str, body: TrainingAreaBody
) -> TrainingAreaRow:
    """Create or update one of the user's own State's training areas."""
    user.require("planner", "administrator")
    row = session.execute(
        select(TrainingAreaRow).where(TrainingAreaRow.state_code == user.state, TrainingAreaRow.code == code)
    ).scalar_one_or_none() or TrainingAreaRow(state_code=user.state, code=code)
    row.name, row.capacity_persons = body.name, body.capacity_persons
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    session.flush()
    append(
        session,
        user.actor,
        "training_area.updated",
        "training_area",
        f"{user.state}/{code}",
        body.model_dump(),
    )
    return row


def training_areas(session: Session, state: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(TrainingAreaRow).where(TrainingAreaRow.state_code == state).order_by(TrainingAreaRow.code)
    ).scalars()
    return [{"state": r.state_code, "code": r.code, "name": r.name, "capacity_persons": r.capacity_persons}
            for r in rows]  # fmt: skip


# --- loading and visibility -----------------------------------------------------------------------------


def visible_to(user: CurrentUser) -> Any:
    """SQL condition: exercises the user's State hosts or is invited to."""
    return visible_clause(
        user.state,
        ExerciseRow.host_state,
        ExerciseRow.id,
        ParticipantRow.exercise_id,
        ParticipantRow.state_code,
    )


def load_visible(session: Session, user: CurrentUser, exercise_id: int, lock: bool = False) -> ExerciseRow:
    """The exercise if the user's State hosts it or was invited to it; otherwise 404, as if it did not exist."""
    return load_case(session, ExerciseRow, exercise_id, visible_to(user), "exercise", lock)


def _hosted(
    session: Session, user: CurrentUser, exercise_id: int, version: int | None, *roles: str
) -> ExerciseRow:
    x = load_visible(session, user, exercise_id, lock=True)
    if x.host_state != user.state:
        raise Forbidden("only the host State's authority may do this")
    user.require(*roles)
    check_version("exercise", x.version, version)
    return x


def _participant(session: Session, x: ExerciseRow, state: str, lock: bool = False) -> ParticipantRow:
    query = select(ParticipantRow).where(
        ParticipantRow.exercise_id == x.id, ParticipantRow.state_code == state
    )
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise Forbidden(f"{state} is not invited to this exercise")
    return row


def _participating(session: Session, user: CurrentUser, exercise_id: int, roles: tuple[str, ...],
                   allowed: tuple[str, ...], doing: str) -> tuple[ExerciseRow, ParticipantRow]:  # fmt: skip
    """The exercise and the user's own State's participation, both locked, for a participant's step: the
    role, the invitation, and the exercise's stage checked in that order."""
    x = load_visible(session, user, exercise_id, lock=True)
    user.require(*roles)
    p = _participant(session, x, user.state, lock=True)
    _status(x, allowed, doing)
    return x, p


def _participants(session: Session, x: ExerciseRow) -> list[ParticipantRow]:
    return list(
        session.execute(
            select(ParticipantRow)
            .where(ParticipantRow.exercise_id == x.id)
            .order_by(ParticipantRow.state_code)
        ).scalars()
    )


def _touch(x: ExerciseRow) -> None:
    x.version += 1
    x.updated_at = now()


def _status(x: ExerciseRow, allowed: tuple[str, ...], doing: str) -> None:
    if x.status not in allowed:
        raise Conflict(f"an exercise that is {x.status.replace('_', ' ')} cannot be {doing}")


# --- the plan -------------------------------------------------------------------------------------------


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
        session.add(AreaBookingRow(exercise_id=x.id, area_id=areas[b.area].id, first_day=b.first_day,
                                   last_day=b.last_day, planned_persons=b.planned_persons))  # fmt: skip


def _apply_plan(x: ExerciseRow, plan: ExercisePlan) -> None:
    x.name, x.purpose, x.starts_on, x.ends_on = plan.name, plan.purpose, plan.starts_on, plan.ends_on
    x.plan = plan.model_dump(mode="json")


def create(session: Session, user: CurrentUser, plan: ExercisePlan) -> ExerciseRow:
    """The host's planner proposes an exercise on the host's own territory."""
    user.require("planner")
    stamp = now()
    x = ExerciseRow(reference="pending", host_state=user.state, status="proposed", version=1, created_by=user.id,
                    created_at=stamp, updated_at=stamp)  # fmt: skip
    _apply_plan(x, plan)
    session.add(x)
    session.flush()
    x.reference = f"EX-{user.state}-{plan.starts_on.year}-{x.id:05d}"
    _store_bookings(session, x, plan)
    append(session, user.actor, "exercise.proposed", "exercise", x.id,
           {"reference": x.reference, "name": plan.name, "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(), "areas": [b.area for b in plan.locations]})  # fmt: skip
    return x


def update_plan(
    session: Session, user: CurrentUser, exercise_id: int, plan: ExercisePlan, version: int
) -> ExerciseRow:
    """Change the plan before execution.  An approved plan that changes needs the approver again."""
    x = _hosted(session, user, exercise_id, version, "planner")
    _status(x, ("proposed", "approved"), "re-planned")
    was = x.status
    _apply_plan(x, plan)
    _store_bookings(session, x, plan)
    x.status, x.approved_by, x.approved_at = "proposed", None, None
    _touch(x)
    append(session, user.actor, "exercise.replanned", "exercise", x.id,
           {"was": was, "starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat()})  # fmt: skip
    return x


def approve(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    x = _hosted(session, user, exercise_id, version, "approver")
    _status(x, ("proposed",), "approved")
    x.status, x.approved_by, x.approved_at = "approved", user.id, now()
    _touch(x)
    append(session, user.actor, "exercise.approved", "exercise", x.id, {"reference": x.reference})
    return x


def invite(
    session: Session, user: CurrentUser, exercise_id: int, states: list[str], version: int
) -> ExerciseRow:
    from sofadesk.db.models import StateRow

    x = _hosted(session, user, exercise_id, version, "planner")
    _status(x, ("approved",), "given invitations (it must be approved first)")
    known = set(session.execute(select(StateRow.code).where(StateRow.code.in_(states))).scalars())
    existing = {p.state_code: p for p in _participants(session, x)}
    for i, state in enumerate(states):
        if state not in known:
            raise Invalid(f"states.{i}", f"{state!r} is not an ISO 3166-1 alpha-3 code we know")
        if state == x.host_state:
            raise Invalid(f"states.{i}", "the host State does not invite itself")
        prior = existing.get(state)
        if prior is not None and prior.status not in ("declined", "withdrawn", "lapsed"):
            raise Conflict(f"{state} is already invited ({prior.status})")
    stamp = now()
    for state in dict.fromkeys(states):
        prior = existing.get(state)
        if prior is None:
            session.add(ParticipantRow(exercise_id=x.id, state_code=state, status="invited", version=1,
                                       invited_by=user.id, invited_at=stamp))  # fmt: skip
        else:  # invited again after declining or withdrawing
            prior.status, prior.version, prior.invited_by, prior.invited_at = (
                "invited",
                prior.version + 1,
                user.id,
                stamp,
            )
            prior.responded_by = prior.responded_at = None
    _touch(x)
    append(session, user.actor, "exercise.invited", "exercise", x.id, {"states": list(dict.fromkeys(states))})
    return x


def respond(session: Session, user: CurrentUser, exercise_id: int, body: ResponseBody) -> ParticipantRow:
    """An invited State's approver accepts or declines."""
    x, p = _participating(session, user, exercise_id, ("approver",), ("approved",), "answered")
    if p.status != "invited":
        raise Conflict(f"{user.state} has already answered ({p.status})")
    check_version(f"invitation of {user.state}", p.version, body.version)
    p.status, p.note, p.responded_by, p.responded_at = body.answer, body.note, user.id, now()
    p.version += 1
    _touch(x)
    append(
        session,
        user.actor,
        f"exercise.{body.answer}",
        "exercise",
        x.id,
        {"state": user.state, "note": body.note},
    )
    return p


def register_contingent(
    session: Session, user: CurrentUser, exercise_id: int, body: ContingentBody
) -> CertificateRow | None:
    """Record (or replace) the user's State's contingent and issue the customs certificate for what it
    temporarily imports; a replaced contingent's certificate is superseded, never deleted."""
    x, p = _participating(
        session, user, exercise_id, ("planner",), ("approved",), "given contingents (before execution only)"
    )
    if p.status not in ("accepted", "registered"):
        raise Conflict(f"{user.state} must accept the invitation first (it is {p.status})")
    number = (session.execute(select(func.max(ContingentRow.number)).where(
        ContingentRow.exercise_id == x.id, ContingentRow.state_code == user.state)).scalar_one() or 0) + 1  # fmt: skip
    stamp = now()
    contingent = ContingentRow(exercise_id=x.id, state_code=user.state, number=number,
                               content=body.model_dump(mode="json"), registered_by=user.id, registered_at=stamp)  # fmt: skip
    session.add(contingent)
    for old in session.execute(select(CertificateRow).where(
            CertificateRow.exercise_id == x.id, CertificateRow.state_code == user.state,
            CertificateRow.status == "valid")).scalars():  # fmt: skip
        old.status = "superseded"
        old.version += 1
    session.flush()
    certificate = None
    lines = certificate_lines(body)
    if lines:
        certificate = CertificateRow(serial="pending", exercise_id=x.id, state_code=user.state,
                                     contingent_id=contingent.id, status="valid", lines=lines, discharge={},
                                     version=1, issued_by=user.id, issued_at=stamp)  # fmt: skip
        session.add(certificate)
        session.flush()
        certificate.serial = serial_number(x.host_state, user.state, x.starts_on.year, certificate.id)
    p.status = "registered"
    p.version += 1
    _touch(x)
    append(session, user.actor, "exercise.contingent_registered", "exercise", x.id,
           {"state": user.state, "registration": number, "persons": len(body.personnel),
            "equipment_lines": len(body.equipment), "certificate": certificate.serial if certificate else None},
           list(CERTIFICATE_CITES) if certificate else [])  # fmt: skip
    return certificate


def start(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    """Execution begins.  Invitations still unanswered lapse; a State that accepted must have registered."""
    x = _hosted(session, user, exercise_id, version, "planner")
    _status(x, ("approved",), "started")
    parts = _participants(session, x)
    unregistered = [p.state_code for p in parts if p.status == "accepted"]
    if unregistered:
        raise Conflict(
            f"{', '.join(unregistered)} accepted but registered no contingent; they register or withdraw first"
        )
    if not any(p.status == "registered" for p in parts):
        raise Conflict("no participating State has registered a contingent")
    lapsed = [p.state_code for p in parts if p.status == "invited"]
    for p in parts:
        if p.status == "invited":
            p.status, p.version = "lapsed", p.version + 1
    x.status = "in_execution"
    _touch(x)
    append(session, user.actor, "exercise.started", "exercise", x.id, {"lapsed_invitations": lapsed})
    return x


def finish(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    x = _hosted(session, user, exercise_id, version, "planner")
    _status(x, ("in_execution",), "ended")
    x.status = "after_action"
    _touch(x)
    append(session, user.actor, "exercise.execution_ended", "exercise", x.id, {})
    return x


def file_report(session: Session, user: CurrentUser, exercise_id: int, report: str) -> ParticipantRow:
    x, p = _participating(
        session, user, exercise_id, ("planner",), ("after_action",), "reported on (execution must have ended)"
    )
    if p.status not in ("registered", "reported"):
        raise Conflict(f"{user.state} did not take part (it is {p.status})")
    p.status, p.report, p.reported_at = "reported", report, now()
    p.version += 1
    _touch(x)
    append(
        session,
        user.actor,
        "exercise.report_filed",
        "exercise",
        x.id,
        {"state": user.state, "characters": len(report)},
    )
    return p


def _certificate(session: Session, x: ExerciseRow, serial: str, lock: bool = False) -> CertificateRow:
    query = select(CertificateRow).where(CertificateRow.exercise_id == x.id, CertificateRow.serial == serial)
    row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no certificate {serial} in exercise {x.id}")
    return row


def discharge(
    session: Session, user: CurrentUser, exercise_id: int, serial: str, body: DischargeBody
) -> CertificateRow:
    """Record what of a certificate's equipment has been re-exported, or declared (consumed, destroyed, or
    disposed of locally on the host's conditions)."""
    x = load_visible(session, user, exercise_id, lock=True)
    user.require("planner")
    c = _certificate(session, x, serial, lock=True)
    if c.state_code != user.state:
        raise NotFound(f"no certificate {serial} in exercise {x.id}")  # another State's customs papers
    _status(x, ("in_execution", "after_action"), "given re-export records (execution must have begun)")
    if c.status != "valid":
        raise Conflict(f"certificate {serial} was superseded by a later registration")
    check_version(f"certificate {serial}", c.version, body.version)
    c.discharge = apply_discharge(c.lines, c.discharge, body.lines)
    c.version += 1
    _touch(x)
    append(session, user.actor, "exercise.equipment_discharged", "exercise", x.id,
           {"certificate": serial, "lines": [d.model_dump() for d in body.lines]}, list(BALANCE_CITES))  # fmt: skip
    return c


def _outstanding(session: Session, x: ExerciseRow) -> dict[str, list[str]]:
    """Certificate serial -> lines not yet re-exported or declared."""
    out: dict[str, list[str]] = {}
    for c in _certificates(session, x):
        missing = [f"line {b.line} ({b.description}): {b.outstanding} of {b.imported}"
                   for b in balance(c.lines, c.discharge) if b.outstanding]  # fmt: skip
        if missing:
            out[c.serial] = missing
    return out


def close(session: Session, user: CurrentUser, exercise_id: int, version: int) -> ExerciseRow:
    """Closed once every participant has reported and everything imported has gone out or been declared."""
    x = _hosted(session, user, exercise_id, version, "planner")
    _status(x, ("after_action",), "closed (execution must have ended)")
    silent = [p.state_code for p in _participants(session, x) if p.status == "registered"]
    if silent:
        raise Conflict(f"after-action report still due from {', '.join(silent)}")
    open_lines = _outstanding(session, x)
    if open_lines:
        detail = "; ".join(f"{s}: {', '.join(lines[:5])}" for s, lines in open_lines.items())
        raise Conflict(f"equipment not yet re-exported or declared (NATO SOFA Art. XI(8)): {detail}")
    x.status = "closed"
    _touch(x)
    append(session, user.actor, "exercise.closed", "exercise", x.id, {}, list(BALANCE_CITES))
    return x


def withdraw(session: Session, user: CurrentUser, exercise_id: int, reason: str) -> ParticipantRow:
    """A participant withdraws (its certificates still have to be accounted for at closing)."""
    x, p = _participating(
        session, user, exercise_id, ("planner", "approver"), ("approved", "in_execution"), "left"
    )
    if p.status not in ("invited", "accepted", "registered"):
        raise Conflict(f"{user.state} cannot withdraw: it is {p.status}")
    p.status, p.note, p.version = "withdrawn", reason, p.version + 1
    _touch(x)
    append(
        session,
        user.actor,
        "exercise.participant_withdrew",
        "exercise",
        x.id,
        {"state": user.state, "reason": reason},
    )
    return p


def cancel(session: Session, user: CurrentUser, exercise_id: int, reason: str) -> ExerciseRow:
    x = _hosted(session, user, exercise_id, None, "planner")
    _status(x, ("proposed", "approved", "in_execution"), "cancelled")
    x.status, x.cancel_reason = "cancelled", reason
    _touch(x)
    append(session, user.actor, "exercise.cancelled", "exercise", x.id, {"reason": reason})
    return x


# --- reading --------------------------------------------------------------------------------------------


def _certificates(session: Session, x: ExerciseRow, state: str | None = None) -> list[CertificateRow]:
    query = select(CertificateRow).where(CertificateRow.exercise_id == x.id, CertificateRow.status == "valid")
    if state:
        query = query.where(CertificateRow.state_code == state)
    return list(session.execute(query.order_by(CertificateRow.id)).scalars())


def _bookings(session: Session, x: ExerciseRow) -> list[dict[str, Any]]:
    rows = session.execute(
        select(AreaBookingRow, TrainingAreaRow).join(TrainingAreaRow, TrainingAreaRow.id == AreaBookingRow.area_id)
        .where(AreaBookingRow.exercise_id == x.id).order_by(AreaBookingRow.first_day, AreaBookingRow.id)
    ).all()  # fmt: skip
    return [{"id": b.id, "area": a.code, "area_name": a.name, "capacity_persons": a.capacity_persons,
             "first_day": b.first_day.isoformat(), "last_day": b.last_day.isoformat(),
             "planned_persons": b.planned_persons} for b, a in rows]  # fmt: skip


def _current_contingents(session: Session, x: ExerciseRow) -> dict[str, ContingentRow]:
    latest: dict[str, ContingentRow] = {}
    for c in session.execute(
        select(ContingentRow).where(ContingentRow.exercise_id == x.id).order_by(ContingentRow.number)
    ).scalars():
        latest[c.state_code] = c
    return latest


def _linked_transits(session: Session, user: CurrentUser, x: ExerciseRow) -> list[dict[str, Any]]:
    from sofadesk.cases.transit import service as transits
    from sofadesk.cases.transit.models import TransitRow

    rows = session.execute(
        select(TransitRow)
        .where(TransitRow.exercise_id == x.id, transits.visible_to(user))
        .order_by(TransitRow.id)
    ).scalars()
    return [{"id": t.id, "reference": t.reference, "sending_state": t.sending_state, "status": t.status}
            for t in rows]  # fmt: skip


def _participants_json(session: Session, x: ExerciseRow) -> list[dict[str, Any]]:
    contingents = _current_contingents(session, x)
    serials = {c.state_code: c.serial for c in _certificates(session, x)}
    return [
        {"state": p.state_code, "status": p.status, "version": p.version, "note": p.note,
         "invited_at": as_json_time(p.invited_at), "responded_at": as_json_time(p.responded_at),
         "persons": len(contingents[p.state_code].content["personnel"]) if p.state_code in contingents else None,
         "certificate": serials.get(p.state_code), "report_filed": p.report is not None}
        for p in _participants(session, x)
    ]  # fmt: skip


def read(session: Session, user: CurrentUser, x: ExerciseRow) -> dict[str, Any]:
    return {
        "id": x.id, "reference": x.reference, "host_state": x.host_state, "name": x.name, "purpose": x.purpose,
        "status": x.status, "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat(),
        "description": x.plan.get("description", ""), "version": x.version, "cancel_reason": x.cancel_reason,
        "created_at": as_json_time(x.created_at), "updated_at": as_json_time(x.updated_at),
        "approved_at": as_json_time(x.approved_at), "plan": x.plan, "locations": _bookings(session, x),
        "participants": _participants_json(session, x), "transits": _linked_transits(session, user, x),
    }  # fmt: skip


def participants_list(session: Session, user: CurrentUser, exercise_id: int) -> list[dict[str, Any]]:
    return _participants_json(session, load_visible(session, user, exercise_id))


def contingent(session: Session, user: CurrentUser, exercise_id: int, state: str) -> dict[str, Any]:
    """A contingent in full, for the host and the State that sends it; other participants see counts only."""
    x = load_visible(session, user, exercise_id)
    if user.state not in (x.host_state, state):
        raise NotFound(f"no contingent of {state} that your State may see")
    c = _current_contingents(session, x).get(state)
    if c is None:
        raise NotFound(f"{state} has registered no contingent in exercise {x.id}")
    certs = _certificates(session, x, state)
    return {"state": state, "registration": c.number, "registered_at": as_json_time(c.registered_at),
            "content": c.content, "certificates": [certificate_json(x, cert) for cert in certs]}  # fmt: skip


def certificate_json(x: ExerciseRow, c: CertificateRow) -> dict[str, Any]:
    lines = balance(c.lines, c.discharge)
    return {"serial": c.serial, "exercise": x.reference, "host_state": x.host_state, "state": c.state_code,
            "status": c.status, "version": c.version, "issued_at": as_json_time(c.issued_at),
            "legal_basis": list(CERTIFICATE_CITES), "lines": [b.as_json() for b in lines],
            "balanced": all(b.outstanding == 0 for b in lines)}  # fmt: skip


def certificate(session: Session, user: CurrentUser, exercise_id: int, serial: str) -> dict[str, Any]:
    x = load_visible(session, user, exercise_id)
    c = _certificate(session, x, serial)
    if user.state not in (x.host_state, c.state_code):
        raise NotFound(f"no certificate {serial} in exercise {x.id}")
    return certificate_json(x, c)


def case_timeline(session: Session, user: CurrentUser, exercise_id: int) -> list[dict[str, Any]]:
    x = load_visible(session, user, exercise_id)
    return timeline(session, "exercise", x.id)


def list_visible(session: Session, user: CurrentUser, status: str | None = None, host: str | None = None,
                 date_from: date | None = None, date_to: date | None = None, limit: int = 50,
                 offset: int = 0) -> dict[str, Any]:  # fmt: skip
    conditions = [visible_to(user)]
    if status:
        conditions.append(ExerciseRow.status == status)
    if host:
        conditions.append(ExerciseRow.host_state == host)
    if date_from:
        conditions.append(ExerciseRow.ends_on >= date_from)
    if date_to:
        conditions.append(ExerciseRow.starts_on <= date_to)
    total, rows = page_of(
        session, ExerciseRow, and_(*conditions), (ExerciseRow.starts_on, ExerciseRow.id), limit, offset
    )
    items = [{"id": x.id, "reference": x.reference, "host_state": x.host_state, "name": x.name,
              "purpose": x.purpose, "status": x.status, "starts_on": x.starts_on.isoformat(),
              "ends_on": x.ends_on.isoformat()} for x in rows]  # fmt: skip
    return {"items": items, "total": total, "limit": limit, "offset": offset}


# --- checks, deconfliction, outputs ---------------------------------------------------------------------


def _clash_check(
    x: ExerciseRow, clash: Clash, names: dict[int, str], others: dict[int, ExerciseRow]
) -> Check:
    other = others[
        clash.later.exercise_id if clash.earlier.exercise_id == x.id else clash.earlier.exercise_id
    ]
    days = DayRange(clash.first_day, clash.last_day)
    return Check(None, x.host_state, "deconfliction", "flag",
                 f"Training area {names[clash.area_id]} is also booked by {other.reference} ({other.name}) on "
                 f"{days.text()} ({days.days} day{'s' if days.days > 1 else ''}); the planners of both must "
                 f"deconflict.", basis="configuration")  # fmt: skip


def _clashes_of(session: Session, x: ExerciseRow) -> list[Check]:
    mine = list(session.execute(select(AreaBookingRow).where(AreaBookingRow.exercise_id == x.id)).scalars())
    if not mine:
        return []
    areas = {b.area_id for b in mine}
    first, last = min(b.first_day for b in mine), max(b.last_day for b in mine)
    theirs = session.execute(
        select(AreaBookingRow, ExerciseRow).join(ExerciseRow, ExerciseRow.id == AreaBookingRow.exercise_id)
        .where(AreaBookingRow.area_id.in_(areas), AreaBookingRow.exercise_id != x.id,
               ExerciseRow.status.in_(LIVE), AreaBookingRow.first_day <= last, AreaBookingRow.last_day >= first)
    ).all()  # fmt: skip
    if not theirs:
        return []
    others = {e.id: e for _, e in theirs}
    found = session.execute(
        select(TrainingAreaRow.id, TrainingAreaRow.name).where(TrainingAreaRow.id.in_(areas))
    )
    names = {area_id: name for area_id, name in found}
    bookings = [Booking(b.id, b.exercise_id, b.area_id, b.first_day, b.last_day) for b in mine] + [
        Booking(b.id, b.exercise_id, b.area_id, b.first_day, b.last_day) for b, _ in theirs
    ]
    clashes = [c for c in find_clashes(bookings) if x.id in (c.earlier.exercise_id, c.later.exercise_id)]
    return [_clash_check(x, c, names, others) for c in clashes]


def deconfliction(session: Session, user: CurrentUser) -> list[dict[str, Any]]:
    """Every clash between live exercises hosted by the user's State, for its planners."""
    rows = session.execute(
        select(AreaBookingRow, ExerciseRow, TrainingAreaRow)
        .join(ExerciseRow, ExerciseRow.id == AreaBookingRow.exercise_id)
        .join(TrainingAreaRow, TrainingAreaRow.id == AreaBookingRow.area_id)
        .where(ExerciseRow.host_state == user.state, ExerciseRow.status.in_(LIVE))
    ).all()  # fmt: skip
    exercises = {e.id: e for _, e, _ in rows}
    areas = {a.id: a for _, _, a in rows}
    clashes = find_clashes(
        Booking(b.id, b.exercise_id, b.area_id, b.first_day, b.last_day) for b, _, _ in rows
    )
    return [{"area": areas[c.area_id].code, "area_name": areas[c.area_id].name,
             "exercises": [{"id": e.id, "reference": e.reference, "name": e.name}
                           for e in (exercises[c.earlier.exercise_id], exercises[c.later.exercise_id])],
             "first_day": c.first_day.isoformat(), "last_day": c.last_day.isoformat(), "days": c.days,
             "text": DayRange(c.first_day, c.last_day).text()}
            for c in sorted(clashes, key=lambda c: (c.first_day, c.area_id))]  # fmt: skip


def _contingent_checks(
    engine: InForceEngine, x: ExerciseRow, state: str, manifest: ContingentBody
) -> list[Check]:
    """Entry documents (Art. III), customs (Art. XI) and arms (Art. VI) of one contingent, under the regime of
    the first day the Agreement applies with the host; each check names the contingent it concerns."""
    day = first_covered_day(engine, state, x.host_state, x.starts_on, x.ends_on)
    if day is None:
        return [Check(None, state, "contingent", "unknown",
                      f"{state} contingent: its documents and customs cannot be checked while the Agreement is not "
                      "established as applying with the host (see the coverage check).")]  # fmt: skip
    host_name = engine.registry.states[x.host_state].display_name

    def contingent_law(regime: Regime) -> list[Check]:
        found = CheckReport()
        check_documents(found, None, x.host_state, host_name, state, regime, manifest, False, transit=False)
        check_customs(found, None, x.host_state, state, regime, manifest, None, transit=False)
        check_arms(found, state, manifest)
        return found.checks

    # Where the registry leaves part of the regime open, the checks are made under each possibility.
    found = under_each_regime(regimes_on(engine, state, x.host_state, day), contingent_law,
                              open_points(engine.answer(state, x.host_state, day)))  # fmt: skip
    return [replace(c, state=state, message=f"{state} contingent: {c.message}") for c in found]


def checks(session: Session, user: CurrentUser, exercise_id: int, engine: InForceEngine) -> dict[str, Any]:
    """Coverage of every participant on every day; for each registered contingent its entry documents, customs
    and arms; capacity and deconfliction of the host's areas (host only); the re-export balance."""
    x = load_visible(session, user, exercise_id)
    hosting = user.state == x.host_state
    parts = [p for p in _participants(session, x) if p.status in CONCERNED]
    report = CheckReport()
    coverage = exercise_coverage(engine, x.host_state, [p.state_code for p in parts], x.starts_on, x.ends_on)
    report.checks.extend(Check(None, c.state, "coverage", c.status, c.message, c.citations) for c in coverage)
    contingents = _current_contingents(session, x)
    for p in parts:
        c = contingents.get(p.state_code)
        if c is None or p.status not in TAKING_PART or not (hosting or p.state_code == user.state):
            continue
        report.checks.extend(
            _contingent_checks(engine, x, p.state_code, ContingentBody.model_validate(c.content))
        )
    if hosting:
        for b in _bookings(session, x):
            if b["planned_persons"] > b["capacity_persons"]:
                report.checks.append(Check(None, x.host_state, "capacity", "flag",
                    f"{b['area_name']}: {b['planned_persons']} persons planned, capacity {b['capacity_persons']}.",
                    basis="configuration"))  # fmt: skip
        report.checks.extend(_clashes_of(session, x))
    if x.status in ("in_execution", "after_action", "closed"):
        for cert in _certificates(session, x, None if hosting else user.state):
            lines = balance(cert.lines, cert.discharge)
            left = [b for b in lines if b.outstanding]
            report.checks.append(Check(None, cert.state_code, "re_export", "flag" if left else "ok",
                (f"Certificate {cert.serial}: {len(left)} line(s) not yet re-exported or declared: "
                 + ", ".join(f"line {b.line} {b.description} ({b.outstanding} of {b.imported})" for b in left[:10]))
                if left else f"Certificate {cert.serial}: everything imported has been re-exported or declared.",
                BALANCE_CITES))  # fmt: skip
    data = report.as_json()
    data["coverage"] = [c.as_json() for c in coverage]
    return data


def jurisdiction(
    session: Session, user: CurrentUser, exercise_id: int, engine: InForceEngine
) -> list[dict[str, Any]]:
    x = load_visible(session, user, exercise_id)
    states = [p.state_code for p in _participants(session, x) if p.status in CONCERNED]
    return quick_reference(engine, x.host_state, states, x.starts_on, x.ends_on)


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


def invitations_pending(session: Session, user: CurrentUser) -> list[dict[str, Any]]:
    """Approved exercises that invited the user's State and have no answer from it yet."""
    rows = session.execute(
        select(ExerciseRow)
        .join(ParticipantRow, ParticipantRow.exercise_id == ExerciseRow.id)
        .where(ParticipantRow.state_code == user.state, ParticipantRow.status == "invited",
               ExerciseRow.status == "approved")
        .order_by(ExerciseRow.starts_on, ExerciseRow.id)
    ).scalars()  # fmt: skip
    return [{"id": x.id, "reference": x.reference, "name": x.name, "host_state": x.host_state,
             "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat()} for x in rows]  # fmt: skip


def counts_by_status(session: Session, user: CurrentUser) -> dict[str, int]:
    rows = session.execute(select(ExerciseRow.status).where(visible_to(user))).scalars()
    return dict(Counter(rows))


# --- movement -------------------------------------------------------------------------------------------


def transit_from_contingent(
    session: Session, user: CurrentUser, exercise_id: int, body: TransitFromContingent
) -> int:
    """A transit request (draft) bringing the user's State's registered contingent to the host; the exercise
    and the transit each point to the other.  Returns the transit's id."""
    from sofadesk.cases.transit import service as transits
    from sofadesk.cases.transit.schemas import TransitContent

    x = load_visible(session, user, exercise_id)
    p = _participant(session, x, user.state)
    if p.status not in ("registered",):
        raise Conflict(f"{user.state} has no registered contingent to move (it is {p.status})")
    if body.legs[-1].state != x.host_state:
        raise Invalid(
            f"legs.{len(body.legs) - 1}.state", f"the route must end in the host State, {x.host_state}"
        )
    manifest = _current_contingents(session, x)[user.state].content
    content = TransitContent.model_validate(
        {**manifest, "purpose": "exercise", **body.model_dump(mode="json")}
    )
    t = transits.create(session, user, content)
    t.exercise_id = x.id
    append(session, user.actor, "exercise.transit_linked", "exercise", x.id,
           {"state": user.state, "transit": t.id, "reference": t.reference})  # fmt: skip
    return t.id

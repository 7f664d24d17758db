"""Checks of an exercise, each cited: coverage of every participant on every day, each contingent's documents,
customs and arms (under each regime the registry leaves possible), area capacity and deconfliction (host only),
the re-export balance; the deconfliction list and the jurisdiction quick reference."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.exercise.certificates import BALANCE_CITES, balance
from sofadesk.cases.exercise.commands import participants
from sofadesk.cases.exercise.coverage import DayRange, exercise_coverage, first_covered_day
from sofadesk.cases.exercise.deconfliction import Booking, Clash, find_clashes
from sofadesk.cases.exercise.jurisdiction import quick_reference
from sofadesk.cases.exercise.kind import CONCERNED, LIVE, TAKING_PART
from sofadesk.cases.exercise.models import AreaBookingRow, ExerciseRow, TrainingAreaRow
from sofadesk.cases.exercise.queries import bookings, certificates, current_contingents, load_visible
from sofadesk.cases.exercise.reads import ClashRead, ExerciseChecksRead, JurisdictionRead
from sofadesk.cases.exercise.schemas import ContingentBody
from sofadesk.cases.force_checks import (
    Check,
    CheckReport,
    check_arms,
    check_customs,
    check_documents,
    regimes_on,
    under_each_regime,
)
from sofadesk.law.common import Regime
from sofadesk.law.messages import listing, literal, msg
from sofadesk.law.messages import state as state_term
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import open_points


def _clash_check(
    x: ExerciseRow, clash: Clash, names: dict[int, str], others: dict[int, ExerciseRow]
) -> Check:
    other = others[
        clash.later.exercise_id if clash.earlier.exercise_id == x.id else clash.earlier.exercise_id
    ]
    days = DayRange(clash.first_day, clash.last_day)
    return Check(
        None,
        x.host_state,
        "deconfliction",
        "flag",
        msg(
            "Training area {area} is also booked by {reference} ({name}) on {days} ({n} days); the planners of both "
            "must deconflict."
            if days.days > 1
            else "Training area {area} is also booked by {reference} ({name}) on {days} (1 day); the planners of "
            "both must deconflict.",
            area=literal(names[clash.area_id]),
            reference=literal(other.reference),
            name=literal(other.name),
            days=days.text(),
            n=days.days,
        ),
        basis="configuration",
    )


def _clashes_of(session: Session, x: ExerciseRow) -> list[Check]:
    mine = list(session.execute(select(AreaBookingRow).where(AreaBookingRow.exercise_id == x.id)).scalars())
    if not mine:
        return []
    areas = {b.area_id for b in mine}
    first, last = min(b.first_day for b in mine), max(b.last_day for b in mine)
    theirs = session.execute(
        select(AreaBookingRow, ExerciseRow)
        .join(ExerciseRow, ExerciseRow.id == AreaBookingRow.exercise_id)
        .where(
            AreaBookingRow.area_id.in_(areas),
            AreaBookingRow.exercise_id != x.id,
            ExerciseRow.status.in_(LIVE),
            AreaBookingRow.first_day <= last,
            AreaBookingRow.last_day >= first,
        )
    ).all()
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


def deconfliction(session: Session, user: CurrentUser) -> list[ClashRead]:
    """Every clash between live exercises hosted by the user's State, for its planners."""
    rows = session.execute(
        select(AreaBookingRow, ExerciseRow, TrainingAreaRow)
        .join(ExerciseRow, ExerciseRow.id == AreaBookingRow.exercise_id)
        .join(TrainingAreaRow, TrainingAreaRow.id == AreaBookingRow.area_id)
        .where(ExerciseRow.host_state == user.state, ExerciseRow.status.in_(LIVE))
    ).all()
    exercises = {e.id: e for _, e, _ in rows}
    areas = {a.id: a for _, _, a in rows}
    clashes = find_clashes(
        Booking(b.id, b.exercise_id, b.area_id, b.first_day, b.last_day) for b, _, _ in rows
    )
    return [
        ClashRead.model_validate(
            {
                "area": areas[c.area_id].code,
                "area_name": areas[c.area_id].name,
                "exercises": [
                    {"id": e.id, "reference": e.reference, "name": e.name}
                    for e in (exercises[c.earlier.exercise_id], exercises[c.later.exercise_id])
                ],
                "first_day": c.first_day.isoformat(),
                "last_day": c.last_day.isoformat(),
                "days": c.days,
                "text": DayRange(c.first_day, c.last_day).text(),
            }
        )
        for c in sorted(clashes, key=lambda c: (c.first_day, c.area_id))
    ]


def _contingent_checks(
    engine: InForceEngine, x: ExerciseRow, state: str, manifest: ContingentBody
) -> list[Check]:
    """Entry documents (Art. III), customs (Art. XI) and arms (Art. VI) of one contingent, under the regime of
    the first day the Agreement applies with the host; each check names the contingent it concerns."""
    day = first_covered_day(engine, state, x.host_state, x.starts_on, x.ends_on)
    if day is None:
        return [
            Check(
                None,
                state,
                "contingent",
                "unknown",
                msg(
                    "{state} contingent: its documents and customs cannot be checked while the Agreement is not "
                    "established as applying with the host (see the coverage check).",
                    state=state_term(state),
                ),
            )
        ]
    host_name = engine.registry.states[x.host_state].display_name

    def contingent_law(regime: Regime) -> list[Check]:
        found = CheckReport()
        check_documents(found, None, x.host_state, host_name, state, regime, manifest, False, transit=False)
        check_customs(found, None, x.host_state, state, regime, manifest, None, transit=False)
        check_arms(found, state, manifest)
        return found.checks

    # Where the registry leaves part of the regime open, the checks are made under each possibility.
    found = under_each_regime(
        regimes_on(engine, state, x.host_state, day),
        contingent_law,
        open_points(engine.answer(state, x.host_state, day)),
    )
    return [
        replace(
            c,
            state=state,
            message=msg("{state} contingent: {message}", state=state_term(state), message=c.message),
        )
        for c in found
    ]


def checks(
    session: Session, user: CurrentUser, exercise_id: int, engine: InForceEngine
) -> ExerciseChecksRead:
    """Coverage of every participant on every day; for each registered contingent its entry documents, customs
    and arms; capacity and deconfliction of the host's areas (host only); the re-export balance."""
    x = load_visible(session, user, exercise_id)
    hosting = user.state == x.host_state
    parts = [p for p in participants(session, x) if p.status in CONCERNED]
    report = CheckReport()
    coverage = exercise_coverage(engine, x.host_state, [p.state_code for p in parts], x.starts_on, x.ends_on)
    report.checks.extend(Check(None, c.state, "coverage", c.status, c.message, c.citations) for c in coverage)
    contingents = current_contingents(session, x)
    for p in parts:
        c = contingents.get(p.state_code)
        if c is None or p.status not in TAKING_PART or not (hosting or p.state_code == user.state):
            continue
        report.checks.extend(
            _contingent_checks(engine, x, p.state_code, ContingentBody.model_validate(c.content))
        )
    if hosting:
        for b in bookings(session, x):
            if b.planned_persons > b.capacity_persons:
                report.checks.append(
                    Check(
                        None,
                        x.host_state,
                        "capacity",
                        "flag",
                        msg(
                            "{area}: {n} persons planned, capacity {capacity}.",
                            area=literal(b.area_name),
                            n=b.planned_persons,
                            capacity=b.capacity_persons,
                        ),
                        basis="configuration",
                    )
                )
        report.checks.extend(_clashes_of(session, x))
    if x.status in ("in_execution", "after_action", "closed"):
        for cert in certificates(session, x, None if hosting else user.state):
            lines = balance(cert.lines, cert.discharge)
            left = [b for b in lines if b.outstanding]
            report.checks.append(
                Check(
                    None,
                    cert.state_code,
                    "re_export",
                    "flag" if left else "ok",
                    msg(
                        "Certificate {serial}: {n} line(s) not yet re-exported or declared: {lines}",
                        serial=literal(cert.serial),
                        n=len(left),
                        lines=listing(
                            (
                                msg(
                                    "line {line} {item} ({outstanding} of {imported})",
                                    line=b.line,
                                    item=literal(b.description),
                                    outstanding=b.outstanding,
                                    imported=b.imported,
                                )
                                for b in left[:10]
                            ),
                            separator=", ",
                        ),
                    )
                    if left
                    else msg(
                        "Certificate {serial}: everything imported has been re-exported or declared.",
                        serial=literal(cert.serial),
                    ),
                    BALANCE_CITES,
                )
            )
    data = report.as_json()
    data["coverage"] = [c.as_json() for c in coverage]
    return ExerciseChecksRead.model_validate(data)


def jurisdiction(
    session: Session, user: CurrentUser, exercise_id: int, engine: InForceEngine
) -> list[JurisdictionRead]:
    x = load_visible(session, user, exercise_id)
    states = [p.state_code for p in participants(session, x) if p.status in CONCERNED]
    return [
        JurisdictionRead.model_validate(e)
        for e in quick_reference(engine, x.host_state, states, x.starts_on, x.ends_on)
    ]

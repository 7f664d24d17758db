"""What every incident step shares: each State's configuration with its defaults, the facts gathered from the
rows, the finding recomputed and stored, the primary right's waiver state, due dates in working days, and
`run`, which takes one step through the case engine with the citations of the finding it relied on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import slots
from sofadesk.cases.core.calendar import add_working_days
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.step import Done, step
from sofadesk.cases.incident.facts import CaseFacts, Suspect, compute
from sofadesk.cases.incident.kind import KIND
from sofadesk.cases.incident.models import (
    IncidentPersonRow,
    IncidentRow,
    IncidentSettingsRow,
    WaiverPracticeRow,
)
from sofadesk.cases.incident.rows import CaseRows, Plain, read_rows, waiver_requests
from sofadesk.cases.incident.schemas import SettingsBody
from sofadesk.errors import Forbidden, Invalid
from sofadesk.registry.inforce import InForceEngine

T = TypeVar("T")
DEFAULTS = SettingsBody()
FINAL = ("acquitted", "convicted", "pardoned")


def settings_of(session: Session, state: str) -> SettingsBody:
    """A State's incident configuration, or the defaults where it has kept none (said so where shown)."""
    row = session.get(IncidentSettingsRow, state)
    if row is None:
        return DEFAULTS
    return SettingsBody(
        contest_working_days=row.contest_working_days,
        waiver_answer_working_days=row.waiver_answer_working_days,
        arrest_notice_working_days=row.arrest_notice_working_days,
        custody_answer_working_days=row.custody_answer_working_days,
        retention_days=row.retention_days,
    )


def practice_of(session: Session, inc: IncidentRow) -> WaiverPracticeRow | None:
    row = session.get(WaiverPracticeRow, (inc.receiving_state, inc.sending_state))
    return row if row is not None and row.advance_waiver else None


def due_in(engine: InForceEngine, state: str, start: date, working_days: int) -> date:
    alpha2 = engine.registry.states[state].alpha2 if state in engine.registry.states else state[:2]
    return add_working_days(start, working_days, alpha2)


def side_of(inc: IncidentRow, state: str) -> str:
    return "sending_state" if state == inc.sending_state else "receiving_state"


def other_state(inc: IncidentRow, state: str) -> str:
    return inc.receiving_state if state == inc.sending_state else inc.sending_state


def next_number(session: Session, model: Any, incident_id: int) -> int:
    found = session.execute(
        select(func.max(model.number)).where(model.incident_id == incident_id)
    ).scalar_one()
    return int(found or 0) + 1


def person_of(session: Session, inc: IncidentRow, number: int, field: str = "person") -> IncidentPersonRow:
    row = session.execute(
        select(IncidentPersonRow).where(
            IncidentPersonRow.incident_id == inc.id, IncidentPersonRow.number == number
        )
    ).scalar_one_or_none()
    if row is None:
        raise Invalid(field, f"incident {inc.id} has no person {number}")
    return row


def slot_for(session: Session, inc: IncidentRow, subject: str, state: str) -> CaseSlotRow | None:
    return next(
        (
            s
            for s in slots.of_revision(session, KIND, inc.id, inc.revision)
            if s.subject == subject and s.state_code == state
        ),
        None,
    )


def due_from(session: Session, inc: IncidentRow, subject: str, state: str, due_on: date | None) -> None:
    """A decision (or duty) now due from `state`: opened, or reopened where one was due before."""
    existing = slot_for(session, inc, subject, state)
    if existing is None:
        slots.open_slot(session, KIND, inc, inc.revision, subject, state, due_on)
    elif existing.status != slots.PENDING:
        slots.reopen(session, KIND, inc, existing, due_on)
    elif due_on is not None and (existing.due_on is None or due_on < existing.due_on):
        existing.due_on = due_on


def settle(
    session: Session,
    inc: IncidentRow,
    subject: str,
    state: str,
    user: CurrentUser,
    status: str,
    note: str | None,
) -> None:
    """The decision due from `state` taken (its slot answered), if one is due."""
    slot = slot_for(session, inc, subject, state)
    if slot is not None and slot.status == slots.PENDING:
        slots.answer(session, slot, user, status, note, slot.version)


def require_side(inc: IncidentRow, user: CurrentUser, state: str | None, what: str) -> None:
    if state is None or user.state != state:
        raise Forbidden(f"{what}" + (f" ({state})" if state else ""))


@dataclass(frozen=True)
class WaiverState:
    holder: str | None
    declines: bool
    requested: bool
    decision: str | None  # exercised, waived, granted (a request granted), standing (a standing waiver)
    recall_until: date | None
    standing: str | None  # awaiting_notification, open, recalled, final


def waiver_state(session: Session, inc: IncidentRow, holder: str | None) -> WaiverState:
    if holder is None:
        return NO_HOLDER
    session.flush()  # the requests are read as plain rows, past the session: it must hold nothing unwritten
    return _waiver_state(inc, holder, waiver_requests(session, inc), practice_of(session, inc))


NO_HOLDER = WaiverState(None, False, False, None, None, None)


def _waiver_state(
    inc: IncidentRow,
    holder: str | None,
    requests: Sequence[Plain],
    practice: WaiverPracticeRow | Plain | None,
) -> WaiverState:
    if holder is None:
        return NO_HOLDER
    granted = any(r.answer == "granted" for r in requests if r.to_state == holder)
    pending = any(r.answer == "pending" for r in requests if r.to_state == holder)
    decision = inc.primary_decision if inc.primary_decision_state == holder else None
    standing = until = None
    if practice is not None and holder == inc.receiving_state:
        until = inc.case_notified_on + timedelta(days=practice.recall_days) if inc.case_notified_on else None
        if inc.recalled_at is not None:
            standing = "recalled"
        elif until is None:
            standing = "awaiting_notification"
        else:
            standing = "open" if now().date() <= until else "final"
    declines = decision == "waived" or granted or standing in ("awaiting_notification", "open", "final")
    if standing == "recalled":
        decision = "exercised"
    elif standing is not None:
        decision = "standing"
    elif granted:
        decision = "granted"
    return WaiverState(holder, declines, pending and not declines, decision, until, standing)


def gather(
    session: Session, inc: IncidentRow, holder: str | None = None, rows: CaseRows | None = None
) -> CaseFacts:
    if rows is None:
        session.flush()
        rows = read_rows(session, inc)
    persons, custody, trials, statements = rows.persons, rows.custody, rows.trials, rows.statements
    suspects = []
    for p in persons:
        if p.role != "suspect":
            continue
        held = [c for c in custody if c.person_number == p.number]
        current = next((c for c in reversed(held) if c.until is None), None)
        own = [t for t in trials if t.person_number == p.number]
        final = next((t for t in own if t.outcome in FINAL), None)
        chosen = final or next((t for t in own if t.outcome is None), None)
        previous = None
        if chosen is not None:
            outcome = {"acquitted": "acquitted", "convicted": "convicted_serving", "pardoned": "pardoned"}
            previous = {
                "by": side_of(inc, chosen.state_code),
                "outcome": outcome.get(chosen.outcome or "", "pending"),
                "same_territory": chosen.in_receiving_state_territory,
            }
        suspects.append(
            Suspect(
                p.number,
                p.facts,
                side_of(inc, current.held_by) if current else "neither",
                any(c.arrest and c.held_by == inc.receiving_state for c in held),
                previous,
            )
        )
    certificate = rows.certificate
    duty = "unknown"
    if certificate is not None:
        if certificate.outcome is not None:
            duty = "yes" if certificate.outcome == "on_duty" else "no"
        elif certificate.answer == "contested":
            duty = "disputed"
        else:
            duty = "yes" if certificate.on_duty else "no"
    ws = _waiver_state(inc, holder, rows.requests, rows.practice)
    return CaseFacts(
        sending_state=inc.sending_state,
        receiving_state=inc.receiving_state,
        day=inc.occurred_on,
        description=inc.offence_description,
        suspects=tuple(suspects),
        victims=tuple(p.category for p in persons if p.role == "victim"),
        harmed=tuple(inc.harmed),
        punishable={
            s: (statements[s].punishable if s in statements else None)
            for s in (inc.sending_state, inc.receiving_state)
        },
        death_penalty={
            s: (statements[s].death_penalty_possible if s in statements else None)
            for s in (inc.sending_state, inc.receiving_state)
        },
        official_duty=duty,
        declines=ws.declines,
        waiver_requested=ws.requested,
    )


SENDING_KINDS = ("exclusive_sending", "sending_only")
RECEIVING_KINDS = ("exclusive_receiving", "receiving_only")


def refresh(session: Session, inc: IncidentRow, engine: InForceEngine) -> dict[str, Any]:
    """Work the finding out again from the facts as they now are; store it and what statistics need."""
    session.flush()
    rows = read_rows(session, inc)
    first = compute(engine, gather(session, inc, rows=rows))
    holder = first.get("primary_right_state") if first.get("value") else None
    ws = _waiver_state(inc, holder, rows.requests, rows.practice)
    finding = compute(engine, gather(session, inc, holder, rows)) if (ws.declines or ws.requested) else first
    value = finding.get("value") or {}
    kind = value.get("jurisdiction")
    inc.finding = finding
    inc.jurisdiction_kind = kind
    inc.primary_right_state = holder
    inc.principal_category = finding.get("category")
    inc.suspect_categories = ",".join(s.get("category") or "unknown" for s in finding.get("by_suspect", []))
    trying = None
    if kind in SENDING_KINDS:
        trying = inc.sending_state
    elif kind in RECEIVING_KINDS:
        trying = inc.receiving_state
    elif kind == "concurrent" and holder is not None:
        if ws.declines:
            trying = other_state(inc, holder)
        elif ws.decision == "exercised":
            trying = holder
    inc.trying_state = trying
    inc.waived = (True if ws.declines else False if ws.decision == "exercised" else None) if holder else None
    inc.recalled = inc.recalled_at is not None
    trials = rows.trials
    inc.charges_dropped = any(t.outcome == "dropped" for t in trials)
    inc.tried = any(t.outcome in ("acquitted", "convicted") for t in trials)
    decided = [t for t in trials if t.outcome is not None]
    inc.outcome = None
    if decided:
        last = decided[-1]
        inc.outcome = {"acquitted": "acquittal", "dropped": "dropped", "pardoned": "pardoned"}.get(
            last.outcome or "", last.sentence or "other"
        )
    return finding


def run(
    session: Session,
    user: CurrentUser,
    incident_id: int,
    action: str,
    engine: InForceEngine,
    change: Callable[[IncidentRow], Done],
    version: int | None = None,
    cites: Sequence[str] = (),
) -> IncidentRow:
    """One step: the change, the finding worked out again, and the audit event citing both the provisions the
    step applied and those of the finding it relied on."""

    def changed(inc: IncidentRow) -> Done:
        done = change(inc)
        finding = refresh(session, inc, engine)
        done.citations = [*done.citations, *cites, *finding.get("citations", [])]
        done.details.setdefault("jurisdiction", (finding.get("value") or {}).get("jurisdiction"))
        done.details.setdefault("primary_right", inc.primary_right_state)
        return done

    result: IncidentRow = step(session, KIND, user, incident_id, action, changed, version=version)
    return result

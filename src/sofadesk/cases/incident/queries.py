"""Reading incidents: one case as the reader's State and role may see it, pages of them, the timeline, an
attachment, the decisions a State still has to take.  Only about cases the user's State may see (404 to any
other State, as if they did not exist)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties, slots
from sofadesk.cases.core.listing import Key, case_timeline, keyset_page, page_fields
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.core.reads import PendingRead, TimelineEvent, slot_read
from sofadesk.cases.incident.common import practice_of, waiver_state
from sofadesk.cases.incident.duty import consultation_cites
from sofadesk.cases.incident.facts import solely_against
from sofadesk.cases.incident.flags import actions, flags
from sofadesk.cases.incident.kind import KIND
from sofadesk.cases.incident.models import (
    AttachmentRow,
    CustodyRequestRow,
    CustodyRow,
    DutyCertificateRow,
    IncidentLawStatementRow,
    IncidentPersonRow,
    IncidentRow,
    ObserverRow,
    TrialRow,
    VisitRow,
    WaiverRequestRow,
)
from sofadesk.cases.incident.privacy import retention_until, sees_personal_data
from sofadesk.cases.incident.reads import (
    AttachmentRead,
    ChecklistItemRead,
    CustodyRead,
    CustodyRequestRead,
    DutyCertificateRead,
    DutyRead,
    IncidentList,
    IncidentPrimaryRightRead,
    IncidentRead,
    IncidentSummary,
    JurisdictionFindingRead,
    LawStatementRead,
    ObserverRead,
    OffenceRead,
    PersonRead,
    StandingWaiverRead,
    TrialRead,
    VisitRead,
    WaiverRequestRead,
)
from sofadesk.cases.incident.schemas import CHECKLIST
from sofadesk.errors import Forbidden, NotFound
from sofadesk.law.rules.art_07_consequences import FAIR_TRIAL

REDACTED = "[redacted]"


def _t(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def load_visible(session: Session, user: CurrentUser, incident_id: int, lock: bool = False) -> IncidentRow:
    found: IncidentRow = parties.load_visible(session, KIND, user, incident_id, lock)
    return found


def _rows(session: Session, model: Any, incident_id: int, order: Any) -> list[Any]:
    return list(
        session.execute(select(model).where(model.incident_id == incident_id).order_by(order)).scalars()
    )


def _mask(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, REDACTED)
    return text


def _duty(inc: IncidentRow, certificates: list[DutyCertificateRow]) -> DutyRead:
    official = "unknown"
    last = certificates[-1] if certificates else None
    if last is not None:
        official = ("yes" if last.outcome == "on_duty" else "no") if last.outcome else (
            "disputed" if last.answer == "contested" else "yes" if last.on_duty else "no")  # fmt: skip
    cites = consultation_cites(inc)
    consultation = None
    if last is not None and last.answer == "contested":
        where = ("negotiation between the States without outside jurisdiction" if "PfP SOFA Art. III" in cites
                 else "negotiation between the States, failing which the North Atlantic Council")  # fmt: skip
        consultation = f"{where} ({'; '.join(cites)})"
    return DutyRead(official_duty=official, consultation=consultation,
                    citations=["NATO SOFA Art. VII(3)(a)(ii)", *cites], certificates=[
        DutyCertificateRead(number=c.number, on_duty=c.on_duty, signed_by=c.signed_by, signed_on=c.signed_on.isoformat(),
                        statement=c.statement, issued_at=_t(c.issued_at) or "", contest_until=_d(c.contest_until),
                        answer=c.answer, answer_note=c.answer_note, answered_at=_t(c.answered_at), outcome=c.outcome,
                        outcome_decided_by=c.outcome_decided_by, outcome_note=c.outcome_note,
                        outcome_at=_t(c.outcome_at)) for c in certificates])  # fmt: skip


def _primary(
    session: Session, inc: IncidentRow, requests: list[WaiverRequestRow], today: date
) -> IncidentPrimaryRightRead:
    holder = inc.primary_right_state
    ws = waiver_state(session, inc, holder)
    standing = None
    practice = practice_of(session, inc)
    if practice is not None and holder == inc.receiving_state and ws.standing is not None:
        left = (ws.recall_until - today).days if ws.recall_until and ws.standing == "open" else None
        standing = StandingWaiverRead(source=practice.source, recall_days=practice.recall_days,
                                      notified_on=_d(inc.case_notified_on), recall_until=_d(ws.recall_until),
                                      state=ws.standing, days_left=left,
                                      recall_likely=inc.offence_type in practice.recall_likely)  # fmt: skip
    return IncidentPrimaryRightRead(
        holder=holder, decision=ws.decision, decision_note=inc.primary_decision_note if ws.decision in
        ("exercised", "waived") else None, decided_at=_t(inc.primary_decided_at) if ws.decision else None,
        declines=ws.declines, trying_state=inc.trying_state, recall_statement=inc.recall_statement,
        citations=["NATO SOFA Art. VII(3)(c)"] if holder else [],
        requests=[WaiverRequestRead(number=r.number, by_state=r.by_state, to_state=r.to_state, reasons=r.reasons,
                                    requested_at=_t(r.requested_at) or "", due_on=_d(r.due_on),
                                    overdue=r.answer == "pending" and r.due_on is not None and r.due_on < today,
                                    answer=r.answer, answer_reasons=r.answer_reasons, answered_at=_t(r.answered_at))
                  for r in requests],
        standing=standing)  # fmt: skip


def _trials(
    trials: list[TrialRow], observers: dict[int, ObserverRow], names: list[str], receiving: str
) -> list[TrialRead]:
    texts = dict(FAIR_TRIAL)
    out = []
    for t in trials:
        o = observers.get(t.observer_id or 0)
        out.append(TrialRead(
            number=t.number, person=t.person_number, state=t.state_code, kind=t.kind, court=t.court,
            charges=_mask(t.charges, names), charged_on=t.charged_on.isoformat(), hearings=list(t.hearings),
            in_receiving_state_territory=t.in_receiving_state_territory,
            observer=ObserverRead(id=o.id, state=o.state_code, name=o.name, lawyer=o.lawyer, active=o.active) if o else None,
            checklist=[ChecklistItemRead(item=item, citation=f"NATO SOFA Art. VII(9)({letter})", text=texts[letter],
                                         met=(t.checklist.get(item) or {}).get("met"),
                                         note=(t.checklist.get(item) or {}).get("note"))
                       for item, letter in zip(CHECKLIST, "abcdefg", strict=True)] if t.state_code == receiving and t.kind == "criminal" else [],
            outcome=t.outcome, sentence=t.sentence, sentence_detail=t.sentence_detail, verdict_on=_d(t.verdict_on)))  # fmt: skip
    return out


def read(session: Session, user: CurrentUser, inc: IncidentRow) -> IncidentRead:
    """An incident the user's State may see (the caller loaded it), redacted for the user's role."""
    today = now().date()
    shown = sees_personal_data(user) and inc.erased_at is None
    persons = _rows(session, IncidentPersonRow, inc.id, IncidentPersonRow.number)
    names = [p.name for p in persons if p.name and len(p.name) > 1] if not shown else []
    statements = _rows(session, IncidentLawStatementRow, inc.id, IncidentLawStatementRow.state_code)
    certificates = _rows(session, DutyCertificateRow, inc.id, DutyCertificateRow.number)
    requests = _rows(session, WaiverRequestRow, inc.id, WaiverRequestRow.number)
    custody_rows = _rows(session, CustodyRow, inc.id, CustodyRow.number)
    custody_requests = _rows(session, CustodyRequestRow, inc.id, CustodyRequestRow.number)
    visits = _rows(session, VisitRow, inc.id, VisitRow.id)
    trial_rows = _rows(session, TrialRow, inc.id, TrialRow.number)
    attachments = _rows(session, AttachmentRow, inc.id, AttachmentRow.number)
    ids = {t.observer_id for t in trial_rows if t.observer_id}
    observers = (
        {o.id: o for o in session.execute(select(ObserverRow).where(ObserverRow.id.in_(ids))).scalars()}
        if ids
        else {}
    )
    finding = dict(inc.finding)
    by_suspect = [JurisdictionFindingRead.model_validate(s) for s in finding.pop("by_suspect", [])]
    duty = _duty(inc, certificates)
    primary = _primary(session, inc, requests, today)
    custody = [CustodyRead(number=c.number, person=c.person_number, held_by=c.held_by, arrest=c.arrest,
                           since=_t(c.since) or "", place=c.place if shown else (REDACTED if c.place else None),
                           notice_due_on=_d(c.notice_due_on), notified_at=_t(c.notified_at),
                           notice_overdue=c.notified_at is None and c.notice_due_on is not None and c.notice_due_on < today,
                           until=_t(c.until), end_reason=c.end_reason) for c in custody_rows]  # fmt: skip
    creqs = [CustodyRequestRead(number=r.number, person=r.person_number, by_state=r.by_state, to_state=r.to_state,
                                reasons=_mask(r.reasons, names), requested_at=_t(r.requested_at) or "", due_on=_d(r.due_on),
                                overdue=r.answer == "pending" and r.due_on is not None and r.due_on < today,
                                answer=r.answer, answer_note=r.answer_note, answered_at=_t(r.answered_at))
             for r in custody_requests]  # fmt: skip
    trials = _trials(trial_rows, observers, names, inc.receiving_state)
    until = retention_until(session, inc)
    victims = tuple(p.category for p in persons if p.role == "victim")
    from sofadesk.cases.incident.facts import CaseFacts

    against = solely_against(CaseFacts(inc.sending_state, inc.receiving_state, inc.occurred_on, "", (), victims,
                                       tuple(inc.harmed), {}))  # fmt: skip
    return IncidentRead(
        id=inc.id, reference=inc.reference, status=inc.status, version=inc.version, sending_state=inc.sending_state,
        receiving_state=inc.receiving_state, reported_by_state=inc.reported_by_state, occurred_at=_t(inc.occurred_at) or "",
        place=inc.place, summary=_mask(inc.summary, names), police_reference=inc.police_reference,
        prosecutor_reference=inc.prosecutor_reference,
        offence=OffenceRead(description=inc.offence_description, type=inc.offence_type, harmed=list(inc.harmed),
                            minor=inc.minor_offence, solely_against=against),
        persons=[PersonRead(number=p.number, role=p.role, category=p.category, name=p.name if shown else None,
                            identifier=p.identifier if shown else None,
                            date_of_birth=_d(p.date_of_birth) if shown else None, notes=p.notes if shown else None,
                            facts=p.facts) for p in persons],
        law_statements=[LawStatementRead(state=s.state_code, punishable=s.punishable, security_offence=s.security_offence,
                                         death_penalty_possible=s.death_penalty_possible, provision=s.provision,
                                         stated_at=_t(s.stated_at) or "") for s in statements],
        jurisdiction=JurisdictionFindingRead.model_validate(finding), jurisdiction_by_suspect=by_suspect,
        official_duty=duty, primary_right=primary, custody=custody, custody_requests=creqs,
        visits=[VisitRead(person=v.person_number, by_state=v.by_state, visited_on=v.visited_on.isoformat(),
                          note=_mask(v.note, names) if v.note else None) for v in visits],
        trials=trials,
        attachments=[AttachmentRead(number=a.number, filename=a.filename if shown or a.content is None else f"attachment-{a.number}",
                                    media_type=a.media_type, size=a.size, sha256=a.sha256, by_state=a.by_state,
                                    uploaded_at=_t(a.uploaded_at) or "", available=shown and a.content is not None)
                     for a in attachments],
        decisions=[slot_read(s, today) for s in slots.values_of_revision(session, KIND, inc.id, inc.revision)],
        flags=flags(inc, duty, primary, custody, trials, {}, today.isoformat()),
        actions=actions(inc, user, primary, duty, custody, creqs, trials),
        personal_data="erased" if inc.erased_at else "shown" if shown else "redacted",
        disposition=inc.disposition, created_at=_t(inc.created_at) or "", updated_at=_t(inc.updated_at) or "",
        closed_at=_t(inc.closed_at), retention_until=_t(until), erased_at=_t(inc.erased_at),
    )  # fmt: skip


def read_visible(session: Session, user: CurrentUser, incident_id: int) -> IncidentRead:
    return read(session, user, load_visible(session, user, incident_id))


# The list's order, on an index of the same keys (keyset pages, issue 18).
ORDER = (Key(IncidentRow.occurred_on, descending=True), Key(IncidentRow.id, descending=True))


def list_visible(session: Session, user: CurrentUser, status: str | None = None, state: str | None = None,
                 year: int | None = None, overdue: bool | None = None, limit: int = 50,
                 offset: int = 0, cursor: str | None = None) -> IncidentList:  # fmt: skip
    """Incidents the user's State may see, newest first; `state`: the other State concerned."""
    conditions = [parties.visible_to(KIND, user)]
    if status:
        conditions.append(IncidentRow.status == status)
    if state:
        conditions.append(or_(IncidentRow.sending_state == state, IncidentRow.receiving_state == state))
    if year:
        conditions.append(
            and_(IncidentRow.occurred_on >= date(year, 1, 1), IncidentRow.occurred_on <= date(year, 12, 31))
        )
    if overdue is not None:
        late = exists().where(CaseSlotRow.kind == KIND.name, CaseSlotRow.case_id == IncidentRow.id,
                              CaseSlotRow.revision == IncidentRow.revision, CaseSlotRow.status == slots.PENDING,
                              CaseSlotRow.due_on < now().date())  # fmt: skip
        conditions.append(late if overdue else ~late)
    window = keyset_page(session, KIND, and_(*conditions), ORDER, limit, cursor, offset)
    items = [IncidentSummary(id=i.id, reference=i.reference, status=i.status, sending_state=i.sending_state,
                             receiving_state=i.receiving_state, occurred_on=i.occurred_on.isoformat(),
                             offence_type=i.offence_type, jurisdiction=i.jurisdiction_kind,
                             primary_right_state=i.primary_right_state, trying_state=i.trying_state) for i in window.rows]  # fmt: skip
    return IncidentList(items=items, **page_fields(window, limit, offset))


def timeline(session: Session, user: CurrentUser, incident_id: int) -> list[TimelineEvent]:
    return case_timeline(session, KIND, user, incident_id)


def attachment(session: Session, user: CurrentUser, incident_id: int, number: int) -> tuple[str, str, bytes]:
    """(file name, media type, content) of an attachment, for the legal advisers of the two States."""
    inc = load_visible(session, user, incident_id)
    row = session.execute(select(AttachmentRow).where(AttachmentRow.incident_id == inc.id,
                                                      AttachmentRow.number == number)).scalar_one_or_none()  # fmt: skip
    if row is None:
        raise NotFound(f"incident {incident_id} has no attachment {number}")
    if not sees_personal_data(user):
        raise Forbidden("attachments may hold personal data: the legal advisers of the two States open them")
    if row.content is None:
        raise NotFound(f"attachment {number} was erased after the retention period")
    return row.filename, row.media_type, row.content


def pending_decisions(session: Session, user: CurrentUser, overdue_only: bool = False) -> list[PendingRead]:
    """Incident decisions and duties the user's State still has to take, the earliest due first."""
    return slots.pending_for(session, user.state, kinds=[KIND], overdue_only=overdue_only)

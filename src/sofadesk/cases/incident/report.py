"""Reporting an incident and keeping its facts: the report itself, the persons involved, each State's
statement on its own law, attachments.  Every change works the jurisdiction finding out again (common.run)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import parties
from sofadesk.cases.core.step import Done, record
from sofadesk.cases.incident.common import next_number, person_of, refresh, run
from sofadesk.cases.incident.kind import KIND
from sofadesk.cases.incident.models import (
    AttachmentRow,
    CustodyRow,
    IncidentLawStatementRow,
    IncidentPersonRow,
    IncidentRow,
    TrialRow,
)
from sofadesk.cases.incident.schemas import IncidentReport, LawStatementBody, PersonBody, ReportUpdate
from sofadesk.errors import Conflict, Forbidden, Invalid
from sofadesk.registry.inforce import InForceEngine

MAX_ATTACHMENT = 10 * 1024 * 1024  # under the API's body bound (10.25 MiB)
MAX_ATTACHMENTS = 50
# What an attachment may be, recognised by its first bytes, never by its name.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
REPORT_CITES = ("NATO SOFA Art. VII(1)", "NATO SOFA Art. VII(6)(a)")


def _known_states(session: Session, body: IncidentReport) -> None:
    from sofadesk.db.models import StateRow

    for field in ("sending_state", "receiving_state"):
        code = getattr(body, field)
        if session.get(StateRow, code) is None:
            raise Invalid(field, f"{code!r} is not an ISO 3166-1 alpha-3 code we know")


def _person_row(incident_id: int, number: int, p: PersonBody) -> IncidentPersonRow:
    return IncidentPersonRow(
        incident_id=incident_id,
        number=number,
        role=p.role,
        category=p.category if p.role != "suspect" else "unknown",
        facts=p.facts.model_dump(mode="json", exclude_none=True) if p.facts else {},
        name=p.name,
        identifier=p.identifier,
        date_of_birth=p.date_of_birth,
        notes=p.notes,
    )


def _statement(session: Session, inc: IncidentRow, user: CurrentUser, body: LawStatementBody) -> None:
    row = session.get(IncidentLawStatementRow, (inc.id, user.state)) or IncidentLawStatementRow(
        incident_id=inc.id, state_code=user.state
    )
    row.punishable, row.security_offence = body.punishable, body.security_offence
    row.death_penalty_possible, row.provision = body.death_penalty_possible, body.provision
    row.stated_by, row.stated_at = user.id, now()
    session.add(row)


def _categories(session: Session, inc: IncidentRow, finding: dict[str, Any]) -> None:
    """A suspect's category is the one Art. I gives (the finding's), never typed."""
    found = {s["suspect"]: s.get("category") for s in finding.get("by_suspect", [])}
    for p in session.execute(
        select(IncidentPersonRow).where(
            IncidentPersonRow.incident_id == inc.id, IncidentPersonRow.role == "suspect"
        )
    ).scalars():
        p.category = found.get(p.number) or "unknown"


def _persons_summary(persons: list[PersonBody]) -> list[dict[str, Any]]:
    # Persons by number, role and category only: the audit trail never holds a name (see privacy.py).
    return [
        {"person": i, "role": p.role, "category": p.category if p.role != "suspect" else None}
        for i, p in enumerate(persons, start=1)
    ]


def create(session: Session, user: CurrentUser, body: IncidentReport, engine: InForceEngine) -> IncidentRow:
    """An incident reported by the sending or the receiving State; both see it from now on."""
    user.require("legal_adviser")
    if user.state not in (body.sending_state, body.receiving_state):
        raise Forbidden("an incident is reported by its sending or its receiving State")
    _known_states(session, body)
    stamp = now()
    at = body.occurred_at.replace(tzinfo=None)
    o = body.offence
    inc = IncidentRow(
        reference="pending",
        receiving_state=body.receiving_state,
        sending_state=body.sending_state,
        reported_by_state=user.state,
        status="reported",
        revision=1,
        version=1,
        occurred_at=at,
        occurred_on=at.date(),
        place=body.place,
        summary=body.summary,
        police_reference=body.police_reference,
        prosecutor_reference=body.prosecutor_reference,
        offence_description=o.description,
        offence_type=o.type,
        harmed=list(o.harmed),
        minor_offence=o.minor,
        finding={},
        suspect_categories="",
        recalled=False,
        charges_dropped=False,
        tried=False,
        created_by=user.id,
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(inc)
    session.flush()
    inc.reference = f"INC-{inc.receiving_state}-{at.year}-{inc.id:05d}"
    parties.concern(session, KIND, inc.id, [inc.sending_state], inc.receiving_state)
    for number, p in enumerate(body.persons, start=1):
        session.add(_person_row(inc.id, number, p))
    if body.own_law is not None:
        _statement(session, inc, user, body.own_law)
    finding = refresh(session, inc, engine)
    _categories(session, inc, finding)
    details = {
        "reference": inc.reference,
        "sending_state": inc.sending_state,
        "receiving_state": inc.receiving_state,
        "occurred_on": inc.occurred_on.isoformat(),
        "offence_type": o.type,
        "persons": _persons_summary(body.persons),
        "own_law_stated": body.own_law is not None,
        "jurisdiction": (finding.get("value") or {}).get("jurisdiction"),
        "primary_right": inc.primary_right_state,
    }
    record(
        session, KIND, user, inc, "incident.reported", Done(details, [*REPORT_CITES, *finding["citations"]])
    )
    return inc


def edit_report(
    session: Session, user: CurrentUser, incident_id: int, body: ReportUpdate, engine: InForceEngine
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        changed: list[str] = []
        for field in ("place", "summary", "police_reference", "prosecutor_reference"):
            value = getattr(body, field)
            if field in body.model_fields_set and value != getattr(inc, field):
                setattr(inc, field, value)
                changed.append(field)
        if body.occurred_at is not None:
            inc.occurred_at = body.occurred_at.replace(tzinfo=None)
            inc.occurred_on = inc.occurred_at.date()
            changed.append("occurred_at")
        if body.offence is not None:
            o = body.offence
            inc.offence_description, inc.offence_type = o.description, o.type
            inc.harmed, inc.minor_offence = list(o.harmed), o.minor
            changed.append("offence")
        return Done({"changed": changed})

    return run(session, user, incident_id, "edit_report", engine, change, body.version)


def set_person(
    session: Session,
    user: CurrentUser,
    incident_id: int,
    number: int | None,
    body: PersonBody,
    engine: InForceEngine,
    version: int | None = None,
) -> IncidentRow:
    """Add a person (number None) or replace what is known of person `number`."""

    def change(inc: IncidentRow) -> Done:
        if number is None:
            count = len(
                list(
                    session.execute(
                        select(IncidentPersonRow.id).where(IncidentPersonRow.incident_id == inc.id)
                    )
                )
            )
            if count >= 50:
                raise Invalid("persons", "at most 50 persons per incident")
            new = _person_row(inc.id, next_number(session, IncidentPersonRow, inc.id), body)
            session.add(new)
            which = new.number
        else:
            old = person_of(session, inc, number)
            if old.role == "suspect" and body.role != "suspect" and _has_records(session, inc, number):
                raise Conflict(f"person {number} has custody or trial records; a suspect stays a suspect")
            fresh = _person_row(inc.id, number, body)
            for column in ("role", "category", "facts", "name", "identifier", "date_of_birth", "notes"):
                setattr(old, column, getattr(fresh, column))
            which = number
        return Done(
            {
                "person": which,
                "role": body.role,
                "category": body.category if body.role != "suspect" else None,
            }
        )

    inc = run(session, user, incident_id, "set_person", engine, change, version, ("NATO SOFA Art. I(1)",))
    _categories(session, inc, inc.finding)
    return inc


def _has_records(session: Session, inc: IncidentRow, number: int) -> bool:
    for model in (CustodyRow, TrialRow):
        if session.execute(
            select(model.id).where(model.incident_id == inc.id, model.person_number == number)
        ).first():
            return True
    return False


def remove_person(
    session: Session,
    user: CurrentUser,
    incident_id: int,
    number: int,
    engine: InForceEngine,
    version: int | None = None,
) -> IncidentRow:
    def change(inc: IncidentRow) -> Done:
        row = person_of(session, inc, number)
        if _has_records(session, inc, number):
            raise Conflict(f"person {number} has custody or trial records and cannot be removed")
        session.delete(row)
        return Done({"person": number, "removed": True})

    return run(session, user, incident_id, "remove_person", engine, change, version)


def state_law(
    session: Session, user: CurrentUser, incident_id: int, body: LawStatementBody, engine: InForceEngine
) -> IncidentRow:
    """The user's State says whether the act is punishable under its own law, whether it is a security offence
    and whether its law provides the death penalty (only each State knows its own law)."""

    def change(inc: IncidentRow) -> Done:
        _statement(session, inc, user, body)
        return Done(
            {
                "state": user.state,
                "punishable": body.punishable,
                "security_offence": body.security_offence,
                "death_penalty_possible": body.death_penalty_possible,
                "provision": body.provision,
            }
        )

    cites = ["NATO SOFA Art. VII(1)", "NATO SOFA Art. VII(2)"] + (
        ["NATO SOFA Art. VII(2)(c)"] if body.security_offence else []
    )
    return run(session, user, incident_id, "state_law", engine, change, body.version, cites)


def media_type_of(data: bytes) -> str | None:
    for magic, media in SIGNATURES:
        if data.startswith(magic):
            return media
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def clean_filename(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()[:200]
    return base or "attachment"


def attach(
    session: Session,
    user: CurrentUser,
    incident_id: int,
    filename: str,
    data: bytes,
    engine: InForceEngine,
    version: int | None = None,
) -> AttachmentRow:
    """An attachment (a police report, a photograph): PDF, PNG, JPEG or plain UTF-8 text, recognised by its
    content, at most 10 MiB."""
    if len(data) > MAX_ATTACHMENT:
        raise Invalid(
            "file", f"{len(data):,} bytes; an attachment is at most {MAX_ATTACHMENT:,} bytes (10 MiB)"
        )
    if not data:
        raise Invalid("file", "the file is empty")
    media = media_type_of(data)
    if media is None:
        raise Invalid("file", "not a PDF, PNG, JPEG or plain UTF-8 text file (recognised by its content)")
    made: list[AttachmentRow] = []

    def change(inc: IncidentRow) -> Done:
        if inc.erased_at is not None:
            raise Conflict("the incident's personal data was erased; nothing more is attached")
        number = next_number(session, AttachmentRow, inc.id)
        if number > MAX_ATTACHMENTS:
            raise Invalid("file", f"at most {MAX_ATTACHMENTS} attachments per incident")
        row = AttachmentRow(
            incident_id=inc.id,
            number=number,
            filename=clean_filename(filename),
            media_type=media,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            by_state=user.state,
            uploaded_at=now(),
        )
        session.add(row)
        made.append(row)
        return Done({"attachment": number, "media_type": media, "size": len(data), "sha256": row.sha256})

    run(session, user, incident_id, "attach", engine, change, version)
    return made[0]

"""The public claim form: a claimant (a person, a company, a town) files a claim without an account and follows it
with a secret link.

Abuse controls:
- submissions are counted per client address in the database before anything else is done (so the count holds
  across workers and nodes): past the limit in the window, 429 with Retry-After;
- a follow-link look-up with an unknown reference or a wrong key is refused exactly like a missing claim (404)
  and counted too, so keys cannot be guessed at speed;
- the follow key is 32 random bytes shown once; only its SHA-256 is stored, and it is compared in constant time;
- the request body is bounded before it is read (sofadesk.serving.limits); each upload is bounded, its type is
  taken from its content (PDF, JPEG or PNG), never from its name or declared type, and a PDF carrying script
  or launch actions is refused; uploads are stored as opaque bytes and never opened, converted or run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sofadesk.audit.chain import Actor, now
from sofadesk.audit.writer import append
from sofadesk.cases.claim import money
from sofadesk.cases.claim.kind import KIND
from sofadesk.cases.claim.models import ClaimDocumentRow, ClaimRow, ClaimSubmitThrottleRow
from sofadesk.cases.claim.reads import PublicSubmitted
from sofadesk.cases.claim.schemas import ClaimContent
from sofadesk.cases.claim.texts import status_text
from sofadesk.errors import DomainError, Invalid, NotFound

WINDOW = timedelta(hours=1)
FOLLOW_FAILURES = 30  # wrong references or keys per address per hour
MAX_FILE = 4 * 1024 * 1024
MAX_FILES = 5
MAX_TOTAL = 10 * 1024 * 1024
SIGNATURES = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
# PDF actions that make a viewer run or open something: refused outright.
ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction|AA|RichMedia|XFA)\b")
PUBLIC = Actor(None, "public", None)


def submissions_per_hour() -> int:
    """Public submissions allowed per client address per hour (SOFADESK_PUBLIC_CLAIMS_PER_HOUR, default 10)."""
    try:
        return max(1, int(os.environ.get("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "10")))
    except ValueError:
        return 10


class TooManyRequests(DomainError):
    status = 429
    title = "Too many requests"

    def __init__(self, what: str, until: datetime) -> None:
        wait = max(1, int((until - now()).total_seconds()))
        super().__init__(f"too many {what} from your address; try again in {(wait + 59) // 60} minute(s)")
        self.headers = {"Retry-After": str(wait)}


def _count(session: Session, key: str, limit: int, what: str) -> None:
    """One atomic upsert per attempt returning the new count (exact under concurrency, across workers)."""
    at = now()
    table = cast(Table, ClaimSubmitThrottleRow.__table__)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stale = table.c.window_started < at - WINDOW
    statement = (
        insert(table)
        .values(client=key[:80], window_started=at, attempts=1)
        .on_conflict_do_update(
            index_elements=[table.c.client],
            set_={
                "attempts": case((stale, 1), else_=table.c.attempts + 1),
                "window_started": case((stale, at), else_=table.c.window_started),
            },
        )
        .returning(table.c.attempts, table.c.window_started)
    )
    attempts, started = session.execute(statement).one()
    if attempts > limit:
        raise TooManyRequests(what, started + WINDOW)


def count_submission(session: Session, client: str) -> None:
    """Count one public submission from `client`, or refuse it (429).  Run in a transaction of its own,
    committed before the submission is looked at, so refused and invalid submissions count too."""
    _count(session, f"submit:{client}", submissions_per_hour(), "claims submitted")


def check_follow_allowed(session: Session, client: str) -> None:
    row = session.get(ClaimSubmitThrottleRow, f"follow:{client}"[:80])
    if row is not None and row.attempts >= FOLLOW_FAILURES and row.window_started >= now() - WINDOW:
        raise TooManyRequests("failed look-ups", row.window_started + WINDOW)


def count_follow_failure(session: Session, client: str) -> None:
    _count(session, f"follow:{client}", FOLLOW_FAILURES + 1, "failed look-ups")


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    media_type: str
    data: bytes
    sha256: str


def _safe_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip(" .")
    return (cleaned or "evidence")[:120]


def check_uploads(uploads: list[Upload]) -> list[CheckedUpload]:
    """Each upload bounded and typed by its content; refused with the field it came in."""
    if len(uploads) > MAX_FILES:
        raise Invalid("evidence", f"at most {MAX_FILES} files")
    checked, total = [], 0
    for i, u in enumerate(uploads):
        field = f"evidence.{i}"
        size = len(u.data)
        total += size
        if size == 0:
            raise Invalid(field, f"{_safe_name(u.filename)}: the file is empty")
        if size > MAX_FILE:
            raise Invalid(
                field, f"{_safe_name(u.filename)}: {size:,} bytes; a file may have at most {MAX_FILE:,}"
            )
        if total > MAX_TOTAL:
            raise Invalid(field, f"the files together exceed {MAX_TOTAL:,} bytes")
        media = next((m for m, sig in SIGNATURES.items() if u.data.startswith(sig)), None)
        if media is None:
            raise Invalid(
                field,
                f"{_safe_name(u.filename)}: not a PDF, JPEG or PNG file (its content does not "
                "start like one); send photographs or scanned documents in one of these",
            )
        if media == "application/pdf" and ACTIVE_PDF.search(u.data):
            raise Invalid(
                field,
                f"{_safe_name(u.filename)}: the PDF contains scripts, attachments or actions; "
                "send a plain scan or print it to PDF again",
            )
        checked.append(
            CheckedUpload(_safe_name(u.filename), media, u.data, hashlib.sha256(u.data).hexdigest())
        )
    return checked


def store_documents(session: Session, claim_id: int, uploads: list[CheckedUpload], source: str) -> int:
    stamp = now()
    for u in uploads:
        session.add(
            ClaimDocumentRow(
                claim_id=claim_id,
                filename=u.filename,
                media_type=u.media_type,
                size=len(u.data),
                sha256=u.sha256,
                content=u.data,
                uploaded_at=stamp,
                source=source,
            )
        )
    return len(uploads)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_claim_row(content: ClaimContent, source: str, created_by: int | None) -> ClaimRow:
    """A claim row from what the claimant says (the reference is set once it has an id)."""
    stamp = now()
    return ClaimRow(
        reference="pending",
        receiving_state=content.receiving_state,
        status="submitted",
        revision=1,
        version=1,
        source=source,
        language=content.language,
        claimant_kind=content.claimant.kind,
        claimant_state=None,
        claimant_relation=content.claimant.relation,
        claimant_name=content.claimant.name,
        claimant_contact={
            "address": content.claimant.address,
            "email": content.claimant.email,
            "phone": content.claimant.phone,
        },
        bank=content.bank.model_dump() if content.bank else None,
        occurred_on=content.occurred_on,
        knew_on=content.knew_on,
        place=content.place,
        region=content.region,
        description=content.description,
        damage_kind=content.damage_kind,
        manoeuvre=content.manoeuvre,
        unit_marks=content.unit_marks,
        vehicle_marks=content.vehicle_marks,
        claimed_minor=money.to_minor(content.amount, content.currency),
        claimed_currency=content.currency,
        facts={},
        ex_gratia={},
        created_by=created_by,
        created_at=stamp,
        updated_at=stamp,
    )


def assign_reference(session: Session, claim: ClaimRow) -> None:
    session.add(claim)
    session.flush()
    claim.reference = f"CL-{claim.receiving_state}-{claim.occurred_on.year}-{claim.id:05d}"


def known_state(session: Session, state: str) -> None:
    from sofadesk.db.models import StateRow

    if session.get(StateRow, state) is None:
        raise Invalid("receiving_state", f"{state!r} is not an ISO 3166-1 alpha-3 code we know")


def submit(session: Session, body: ClaimContent, uploads: list[Upload]) -> PublicSubmitted:
    """File a claim from the public form; returns the reference and the follow key (shown this once)."""
    known_state(session, body.receiving_state)
    checked = check_uploads(uploads)
    claim = new_claim_row(body, "public", None)
    key = secrets.token_urlsafe(32)
    claim.follow_key_hash, claim.submitted_at = key_hash(key), claim.created_at
    assign_reference(session, claim)
    stored = store_documents(session, claim.id, checked, "public")
    append(
        session,
        PUBLIC,
        "claim.submitted",
        KIND.name,
        claim.id,
        {
            "reference": claim.reference,
            "receiving_state": claim.receiving_state,
            "damage_kind": claim.damage_kind,
            "claimed": money.text(claim.claimed_minor, claim.claimed_currency),
            "currency": claim.claimed_currency,
            "documents": stored,
        },
    )
    _tell_office(session, claim)
    return PublicSubmitted(
        reference=claim.reference,
        key=key,
        follow=f"/api/v1/public/claims/{claim.reference}?key={key}",
        status=claim.status,
        status_text=status_text(claim.status, claim.language),
        documents=stored,
    )


def _tell_office(session: Session, claim: ClaimRow) -> None:
    from sofadesk.notifications.service import notify

    notify(
        session,
        state=claim.receiving_state,
        roles=("legal_adviser",),
        event="claim.submitted",
        case_kind=KIND.name,
        case_id=claim.id,
        case_reference=claim.reference,
        subject=f"Claim {claim.reference} filed on the public form",
        body=f"A claim ({claim.damage_kind.replace('_', ' ')}, {claim.occurred_on.isoformat()}) was filed on the "
        "public form and waits to be registered.",
        link=KIND.link(claim.id),
        dedupe_key=f"claim.submitted:{claim.id}",
    )


def followed(session: Session, client: str, reference: str, key: str) -> ClaimRow:
    """The claim the reference and key open, or 404 (counted against the address) for anything else."""
    check_follow_allowed(session, client)
    claim = session.execute(select(ClaimRow).where(ClaimRow.reference == reference)).scalar_one_or_none()
    stored = claim.follow_key_hash if claim is not None else None
    if claim is None or stored is None or not hmac.compare_digest(stored, key_hash(key)):
        raise NotFound(f"no claim {reference} with this key")
    return claim

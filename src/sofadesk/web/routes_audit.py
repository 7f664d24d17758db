"""The audit log's signed tree heads and each State's export with proofs (`/api/v1/audit/...`).

Heads carry no event content, so every signed-in official may read them (they are published to every State);
an export holds the events of the official's own State's cases and officials only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from sofadesk.audit.export import build_export
from sofadesk.audit.heads import as_head, heads_document, sign_head
from sofadesk.audit.signing import public_hex, signing_key
from sofadesk.serving.deps import CurrentActor, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS

router = APIRouter(prefix="/audit", tags=["audit"])


class TreeHeadOut(BaseModel):
    tree_size: int
    root_hash: str
    chain_hash: str
    signed_at: str
    public_key: str
    signature: str


class TreeHeadsOut(BaseModel):
    format: str
    public_key: str | None
    heads: list[TreeHeadOut]


class AuditKeyOut(BaseModel):
    public_key: str


class ExportedEvent(BaseModel):
    id: int
    at: str
    actor_user_id: int | None
    actor_username: str | None
    actor_state: str | None
    action: str
    target_type: str
    target_id: str
    details: str
    citations: str
    prev_hash: str
    hash: str
    inclusion: list[str]


class ConsistencyProof(BaseModel):
    from_size: int
    from_root: str
    to_size: int
    to_root: str
    proof: list[str]


class AuditExportOut(BaseModel):
    format: str
    state: str
    exported_at: str
    head: TreeHeadOut
    events: list[ExportedEvent]
    consistency: list[ConsistencyProof]


@router.get("/heads", response_model=TreeHeadsOut, responses=ERRORS)
def list_tree_heads(user: CurrentActor, request: Request) -> TreeHeadsOut:
    """Every signed tree head of the audit log, oldest first, with the key that signs them."""
    with read_only(request) as session:
        return TreeHeadsOut.model_validate(heads_document(session))


@router.post("/heads", response_model=TreeHeadOut, responses=ERRORS)
def sign_tree_head(user: CurrentActor, request: Request) -> TreeHeadOut:
    """A signed head over every event so far (the newest one when the log has not grown since); refused (409)
    when the events added since the last head do not verify."""
    key = signing_key()
    with unit_of_work(request) as session:
        return TreeHeadOut.model_validate(as_head(sign_head(session, key)).as_dict())


@router.get("/key", response_model=AuditKeyOut, responses=ERRORS)
def audit_public_key(user: CurrentActor) -> AuditKeyOut:
    """The public key that signs tree heads (hex); a State should also get it out of band and pin it."""
    return AuditKeyOut(public_key=public_hex(signing_key()))


@router.get("/export", response_model=AuditExportOut, responses=ERRORS)
def export_audit(user: CurrentActor, request: Request) -> AuditExportOut:
    """The events of the user's State's cases and officials, each with its inclusion proof against a signed
    tree head, and consistency proofs between the heads: check it offline with `sofadesk audit verify-export`."""
    key = signing_key()
    with unit_of_work(request) as session:
        return AuditExportOut.model_validate(build_export(session, user.state, key))

"""One State's export of the audit log: the events of its cases and of its own officials, each with its
inclusion proof against a signed tree head, and the consistency proofs that tie every earlier head to that one.

The bundle holds no other State's events: a proof carries only hashes of the subtrees around an event, from
which nothing of another event's content can be read.  It is checked offline by `sofadesk.audit.offline`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import ColumnElement, String, cast, or_, select
from sqlalchemy.orm import Session

from sofadesk.audit.chain import BATCH, EVENT_COLUMNS
from sofadesk.audit.heads import as_head, published, sign_head, utc_now_text
from sofadesk.audit.merkle import Tree, leaf_hash
from sofadesk.audit.models import AuditEventRow
from sofadesk.errors import Conflict

FORMAT = "sofadesk-audit-export/1"


def events_of_state(state: str) -> ColumnElement[bool]:
    """Events of the cases (of every kind) the State owns or is concerned by, and events its officials caused:
    what the State may see of the trail, and nothing more."""
    from sofadesk.cases.core.kinds import registered
    from sofadesk.cases.core.parties import visible_to_state

    of_cases = [
        (AuditEventRow.target_type == kind.name)
        & AuditEventRow.target_id.in_(select(cast(kind.row.id, String)).where(visible_to_state(kind, state)))
        for kind in registered()
    ]
    return or_(*of_cases, AuditEventRow.actor_state == state)


def _leaves(session: Session, size: int) -> Iterator[bytes]:
    query = select(AuditEventRow.hash).where(AuditEventRow.id <= size).order_by(AuditEventRow.id)
    for (digest,) in session.execute(query.execution_options(yield_per=BATCH)):
        yield leaf_hash(bytes.fromhex(digest))


def build_export(session: Session, state: str, key: Ed25519PrivateKey) -> dict[str, Any]:
    """The State's bundle against a head over the whole log (signed now when the log has grown since the last)."""
    head = as_head(sign_head(session, key))
    tree = Tree(_leaves(session, head.tree_size))
    if tree.size != head.tree_size or (tree.size and tree.root().hex() != head.root_hash):
        raise Conflict(
            "audit log: the stored events no longer match the newest signed head; run `audit verify`"
        )
    heads = [as_head(r) for r in published(session, up_to=head.tree_size)]
    for earlier in heads:
        if earlier.tree_size and tree.root(earlier.tree_size).hex() != earlier.root_hash:
            raise Conflict(
                f"audit log: the signed head of size {earlier.tree_size} is not a prefix of the log"
            )
    consistency = []
    sizes = sorted({h.tree_size for h in heads if h.tree_size > 0} | {head.tree_size} - {0})
    pairs = set(itertools.pairwise(sizes)) | {(m, head.tree_size) for m in sizes[:-1]}
    for old, new in sorted(pairs):
        consistency.append(
            {
                "from_size": old,
                "from_root": tree.root(old).hex(),
                "to_size": new,
                "to_root": tree.root(new).hex(),
                "proof": [h.hex() for h in tree.consistency(old, new)],
            }
        )
    query = (
        select(*EVENT_COLUMNS)
        .where(events_of_state(state), AuditEventRow.id <= head.tree_size)
        .order_by(AuditEventRow.id)
    )
    events = []
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        events.append(
            {
                "id": row.id,
                "at": row.at.isoformat(timespec="microseconds"),
                "actor_user_id": row.actor_user_id,
                "actor_username": row.actor_username,
                "actor_state": row.actor_state,
                "action": row.action,
                "target_type": row.target_type,
                "target_id": row.target_id,
                "details": row.details,
                "citations": row.citations,
                "prev_hash": row.prev_hash,
                "hash": row.hash,
                "inclusion": [h.hex() for h in tree.inclusion(row.id - 1)],
            }
        )
    return {
        "format": FORMAT,
        "state": state,
        "exported_at": utc_now_text(),
        "head": head.as_dict(),
        "events": events,
        "consistency": consistency,
    }


def dump(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"

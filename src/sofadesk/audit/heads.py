"""Signed tree heads over the audit chain, and verification that streams and resumes from them.

A head is signed only after the events it adds since the previous head have been verified link by link, so a
head vouches for the chain up to its size.  A verification can then resume from the newest head: it checks
every head's signature, that the event at each head's size still has the hash the head signed (a rewrite of
history before a checkpoint must recompute the chain from the edit on, and so changes that hash), and walks
only the events written since.  A change to an event's content that leaves its stored hash alone, before the
newest head, is found by the full walk (`audit verify` without --resume) and by each State's offline check of
its export, both of which recompute every hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.audit.chain import GENESIS, Verification, walk
from sofadesk.audit.merkle import Frontier, leaf_hash
from sofadesk.audit.models import AuditEventRow, AuditHeadRow, AuditTreeHeadRow
from sofadesk.audit.signing import TreeHead, public_hex, sign, signature_valid
from sofadesk.errors import Conflict


def as_head(row: AuditTreeHeadRow) -> TreeHead:
    return TreeHead(
        row.tree_size, row.root_hash, row.chain_hash, row.signed_at, row.public_key, row.signature
    )


def published(session: Session, up_to: int | None = None) -> list[AuditTreeHeadRow]:
    query = select(AuditTreeHeadRow).order_by(AuditTreeHeadRow.tree_size, AuditTreeHeadRow.id)
    if up_to is not None:
        query = query.where(AuditTreeHeadRow.tree_size <= up_to)
    return list(session.execute(query).scalars())


@dataclass(frozen=True)
class LogVerification:
    verification: Verification
    heads: int  # signed heads checked
    resumed_from: int | None  # the checkpoint's size when the walk resumed from one
    tree_size: int
    root_hash: str | None  # the Merkle root of the events walked (None when the walk could not finish)


def _broken(at: int | None, problem: str, heads: int, resumed: int | None = None) -> LogVerification:
    return LogVerification(Verification(False, 0, at, problem), heads, resumed, 0, None)


def _check_heads(
    session: Session, rows: list[AuditTreeHeadRow], trusted: str | None
) -> LogVerification | None:
    """Every head signed by the log's key, and the event at each head's size still carrying the signed hash."""
    for row in rows:
        if not signature_valid(as_head(row), trusted):
            return _broken(
                None, f"the tree head of size {row.tree_size} is not signed by the log's key", len(rows)
            )
    sizes = {r.tree_size for r in rows if r.tree_size > 0}
    stored: dict[int, str] = {}
    for chunk in _chunks(sorted(sizes), 500):
        query = select(AuditEventRow.id, AuditEventRow.hash).where(AuditEventRow.id.in_(chunk))
        stored.update((event_id, digest) for event_id, digest in session.execute(query))
    for row in rows:
        have = stored.get(row.tree_size) if row.tree_size else GENESIS
        if have != row.chain_hash:
            return _broken(
                row.tree_size,
                f"the log was rewritten before the signed head of size {row.tree_size}"
                " (its last event no longer has the signed hash)",
                len(rows),
            )
    return None


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def verify_log(session: Session, trusted: str | None, resume: bool = False) -> LogVerification:
    """Verify the chain and every signed head; with `resume`, walk only the events after the newest head."""
    head = session.get(AuditHeadRow, 1)  # first: events appended during the walk are not walked
    rows = published(session)
    if rows and trusted is None:
        return _broken(None, "signed tree heads exist but the log's signing key was not found", len(rows))
    bad = _check_heads(session, rows, trusted)
    if bad is not None:
        return bad
    start = rows[-1] if resume and rows else None
    frontier = Frontier()
    after, prev = 0, GENESIS
    if start is not None:
        frontier = Frontier.decode(start.tree_size, start.frontier)
        if frontier.root().hex() != start.root_hash:
            return _broken(
                start.tree_size, "the saved checkpoint does not fold to its signed root", len(rows)
            )
        after, prev = start.tree_size, start.chain_hash
    by_size: dict[int, list[AuditTreeHeadRow]] = {}
    for row in rows:
        if row.tree_size > after:
            by_size.setdefault(row.tree_size, []).append(row)
    mismatch: list[int] = []

    def on_event(event_id: int, digest: str) -> None:
        frontier.append(leaf_hash(bytes.fromhex(digest)))
        for head in by_size.get(event_id, ()):
            if head.root_hash != frontier.root().hex() and not mismatch:
                mismatch.append(event_id)

    done = walk(session, after, prev, up_to=head.last_id if head is not None else None, on_event=on_event)
    resumed = start.tree_size if start is not None else None
    counted = Verification(
        done.verification.intact,
        done.verification.events,
        done.verification.first_broken,
        done.verification.problem,
    )
    if not counted.intact:
        return LogVerification(counted, len(rows), resumed, done.last_id, None)
    if mismatch:
        problem = (
            f"the Merkle root of the first {mismatch[0]} events differs from the signed head of that size"
        )
        return _broken(mismatch[0], problem, len(rows), resumed)
    if head is not None and (head.last_id != done.last_id or head.last_hash != done.last_hash):
        problem = "events after the last stored one were removed"
        return LogVerification(
            Verification(False, counted.events, done.last_id + 1, problem),
            len(rows),
            resumed,
            done.last_id,
            None,
        )
    if rows and rows[-1].tree_size > done.last_id:
        return _broken(done.last_id + 1, "events covered by a signed head were removed", len(rows), resumed)
    return LogVerification(counted, len(rows), resumed, done.last_id, frontier.root().hex())


def utc_now_text() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def sign_head(session: Session, key: Ed25519PrivateKey) -> AuditTreeHeadRow:
    """A signed head over every event written so far: the newest head when the log has not grown since, else
    a new one, after verifying the events added since the newest head (never signing over a broken chain)."""
    trusted = public_hex(key)
    head = session.get(AuditHeadRow, 1)
    size = head.last_id if head is not None else 0
    rows = published(session)
    latest = rows[-1] if rows else None
    if latest is not None and latest.tree_size == size and latest.public_key == trusted:
        return latest
    bad = _check_heads(session, rows, trusted)
    if bad is not None:
        raise Conflict(f"audit log: {bad.verification.problem}; no new head was signed")
    frontier, after, prev = Frontier(), 0, GENESIS
    if latest is not None and latest.tree_size <= size:
        frontier = Frontier.decode(latest.tree_size, latest.frontier)
        if frontier.root().hex() != latest.root_hash:
            raise Conflict(
                "audit log: the newest checkpoint does not fold to its signed root; no head was signed"
            )
        after, prev = latest.tree_size, latest.chain_hash
    done = walk(
        session,
        after,
        prev,
        up_to=size,
        on_event=lambda _id, digest: frontier.append(leaf_hash(bytes.fromhex(digest))),
    )
    v = done.verification
    if not v.intact or done.last_id != size:
        where = f" at event {v.first_broken}" if v.first_broken else ""
        raise Conflict(
            f"audit log: the chain is broken{where} ({v.problem or 'events are missing'}); no head was signed"
        )
    signed = sign(key, size, frontier.root().hex(), done.last_hash, utc_now_text())
    row = AuditTreeHeadRow(
        tree_size=signed.tree_size,
        root_hash=signed.root_hash,
        chain_hash=signed.chain_hash,
        frontier=frontier.encode(),
        signed_at=signed.signed_at,
        public_key=signed.public_key,
        signature=signed.signature,
    )
    session.add(row)
    session.flush()
    return row


def heads_document(session: Session) -> dict[str, object]:
    """What is published to every State: the heads (no event content), with the key that signs them."""
    rows = published(session)
    return {
        "format": "sofadesk-tree-heads/1",
        "public_key": rows[-1].public_key if rows else None,
        "heads": [as_head(r).as_dict() for r in rows],
    }

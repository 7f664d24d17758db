"""Checking a State's export offline, with no database: from the bundle, the heads the State was given, and
the log's public key the State holds.

What it proves: every event in the bundle is, with exactly this content, the leaf at its place in the tree
whose root a head signed by the log's key states; and every head the State holds is a prefix of that tree
(the log was only ever appended to, never rewritten or forked).  What it cannot prove alone: that the bundle
holds *all* the State's events: that rests on the State's own records of its cases (an event it knows of and
does not find in the bundle is a finding in itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sofadesk.audit.chain import GENESIS, Actor, event_hash
from sofadesk.audit.merkle import leaf_hash, verify_consistency, verify_inclusion
from sofadesk.audit.signing import TreeHead, signature_valid

EXPORT_FORMAT = "sofadesk-audit-export/1"
MAX_PROBLEMS = 20


class BadBundle(ValueError):
    """A file that is not a bundle or heads document we can read; the message says what is wrong where."""


@dataclass
class Report:
    state: str = ""
    events: int = 0
    heads: int = 0
    proofs: int = 0
    tree_size: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def _hashes(value: Any, where: str) -> list[bytes]:
    if not isinstance(value, list) or not all(isinstance(h, str) and len(h) == 64 for h in value):
        raise BadBundle(f"{where}: expected a list of 64-digit hexadecimal hashes")
    try:
        return [bytes.fromhex(h) for h in value]
    except ValueError:
        raise BadBundle(f"{where}: a hash is not hexadecimal") from None


def read_heads(document: Any) -> list[TreeHead]:
    raw = document.get("heads") if isinstance(document, dict) else document
    if not isinstance(raw, list):
        raise BadBundle(
            "heads: expected a JSON object with a 'heads' list (as `sofadesk audit heads` writes)"
        )
    heads = []
    for i, item in enumerate(raw):
        try:
            heads.append(TreeHead.from_dict(item))
        except ValueError as exc:
            raise BadBundle(f"heads[{i}]: {exc}") from None
    return heads


def _event_leaf(event: Any, where: str) -> tuple[int, str, str, bytes]:
    """The event's id, stored hash and link, and the leaf its recomputed hash gives."""
    names = {
        "id": int,
        "at": str,
        "action": str,
        "target_type": str,
        "target_id": str,
        "details": str,
        "citations": str,
        "prev_hash": str,
        "hash": str,
    }
    if not isinstance(event, dict):
        raise BadBundle(f"{where}: expected an object")
    for name, kind in names.items():
        if not isinstance(event.get(name), kind) or isinstance(event.get(name), bool):
            raise BadBundle(f"{where}.{name}: missing or not a {kind.__name__}")
    for name in ("actor_user_id", "actor_username", "actor_state"):
        if event.get(name) is not None and not isinstance(event[name], int | str):
            raise BadBundle(f"{where}.{name}: not a number, a text or null")
    try:
        at = datetime.fromisoformat(event["at"])
    except ValueError:
        raise BadBundle(f"{where}.at: not an ISO 8601 date and time") from None
    actor = Actor(event.get("actor_user_id"), event.get("actor_username"), event.get("actor_state"))
    digest = event_hash(
        event["id"],
        at,
        actor,
        event["action"],
        event["target_type"],
        event["target_id"],
        event["details"],
        event["citations"],
        event["prev_hash"],
    )
    return event["id"], event["hash"], event["prev_hash"], leaf_hash(bytes.fromhex(digest))


def verify_bundle(bundle: Any, heads_document: Any, trusted_key: str | None = None) -> Report:
    """Check everything in the bundle; raises BadBundle for a file that is not a bundle at all."""
    if not isinstance(bundle, dict) or bundle.get("format") != EXPORT_FORMAT:
        raise BadBundle(f"the export is not a '{EXPORT_FORMAT}' bundle (as `sofadesk audit export` writes)")
    report = Report(state=str(bundle.get("state", "")))
    try:
        head = TreeHead.from_dict(bundle.get("head"))
    except ValueError as exc:
        raise BadBundle(f"head: {exc}") from None
    heads = read_heads(heads_document)
    key = trusted_key
    if key is None:
        named = heads_document.get("public_key") if isinstance(heads_document, dict) else None
        key = named if isinstance(named, str) else head.public_key
        report.notes.append(
            "no --key given: signatures were checked against the key the heads file names; "
            "pass the key your State received from the log's operator to pin it"
        )
    report.tree_size, report.heads = head.tree_size, len(heads)
    if not signature_valid(head, key):
        report.fail(f"the bundle's head (size {head.tree_size}) is not signed by the log's key")
    for h in heads:
        if not signature_valid(h, key):
            report.fail(f"the published head of size {h.tree_size} is not signed by the log's key")
    _check_consistency(bundle, head, heads, report)
    _check_events(bundle, head, report)
    return report


def _check_consistency(bundle: dict[str, Any], head: TreeHead, heads: list[TreeHead], report: Report) -> None:
    roots: dict[int, set[str]] = {}
    for h in [*heads, head]:
        roots.setdefault(h.tree_size, set()).add(h.root_hash)
    for size, found in sorted(roots.items()):
        if len(found) > 1:
            report.fail(f"forked log: two signed heads of size {size} state different roots")
    raw = bundle.get("consistency")
    if not isinstance(raw, list):
        raise BadBundle("consistency: expected a list of proofs")
    proven: set[tuple[int, str]] = set()
    for i, item in enumerate(raw):
        where = f"consistency[{i}]"
        if not isinstance(item, dict):
            raise BadBundle(f"{where}: expected an object")
        old, new = item.get("from_size"), item.get("to_size")
        old_root, new_root = item.get("from_root"), item.get("to_root")
        if not (
            isinstance(old, int)
            and isinstance(new, int)
            and isinstance(old_root, str)
            and isinstance(new_root, str)
        ):
            raise BadBundle(f"{where}: from_size, to_size (numbers), from_root, to_root (hashes) are needed")
        proof = _hashes(item.get("proof"), f"{where}.proof")
        known_old, known_new = old_root in roots.get(old, ()), new_root in roots.get(new, ())
        if not (known_old and known_new):
            continue  # between heads this State was not given: nothing it holds depends on it
        try:
            ok = verify_consistency(old, new, bytes.fromhex(old_root), bytes.fromhex(new_root), proof)
        except ValueError:
            raise BadBundle(f"{where}: a root is not hexadecimal") from None
        report.proofs += 1
        if not ok:
            report.fail(
                f"the head of size {old} is not a prefix of the head of size {new}: the log was rewritten"
            )
        elif new == head.tree_size:
            proven.add((old, old_root))
    for h in heads:
        if 0 < h.tree_size < head.tree_size and (h.tree_size, h.root_hash) not in proven:
            report.fail(
                f"no valid consistency proof from the published head of size {h.tree_size} "
                f"to the bundle's head (size {head.tree_size})"
            )
    newer = [h for h in heads if h.tree_size > head.tree_size]
    if newer:
        report.notes.append(
            f"{len(newer)} published head(s) are newer than this bundle; export again to check them"
        )


def _check_events(bundle: dict[str, Any], head: TreeHead, report: Report) -> None:
    raw = bundle.get("events")
    if not isinstance(raw, list):
        raise BadBundle("events: expected a list")
    root = bytes.fromhex(head.root_hash)
    seen: dict[int, tuple[str, str]] = {}
    for i, event in enumerate(raw):
        where = f"events[{i}]"
        event_id, stored, link, leaf = _event_leaf(event, where)
        path = _hashes(event.get("inclusion") if isinstance(event, dict) else None, f"{where}.inclusion")
        report.events += 1
        if not _hex64(stored) or leaf != leaf_hash(bytes.fromhex(stored)):
            report.fail(f"event {event_id}: its content does not match its hash (edited after writing)")
            continue
        if event_id in seen:
            report.fail(f"event {event_id} appears twice")
        if not verify_inclusion(event_id - 1, head.tree_size, leaf, path, root):
            report.fail(f"event {event_id} is not in the signed log at its place (changed, moved or removed)")
        seen[event_id] = (stored, link)
    for event_id, (stored, link) in seen.items():
        before = seen.get(event_id - 1)
        if (event_id == 1 and link != GENESIS) or (before is not None and before[0] != link):
            report.fail(f"event {event_id}: its link to the previous event does not match")
        if event_id == head.tree_size and stored != head.chain_hash:
            report.fail(f"event {event_id}: its hash differs from the chain hash the head signed")


def _hex64(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)

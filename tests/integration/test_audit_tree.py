"""The audit log as a signed Merkle tree, on SQLite and PostgreSQL: tree heads signed and published through
the API, a State's export holding its own events only, the offline verifier accepting an honest bundle and
refusing changed, reordered or forged ones, and verification resumed from a signed head."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sofadesk.audit.chain import Actor, row_hash
from sofadesk.audit.export import events_of_state
from sofadesk.audit.heads import sign_head, verify_log
from sofadesk.audit.models import AuditEventRow, AuditHeadRow, AuditTreeHeadRow
from sofadesk.audit.offline import BadBundle, verify_bundle
from sofadesk.audit.signing import KEY_FILE_ENV, public_hex, signing_key
from sofadesk.audit.writer import append
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[dict[str, Any]]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("tree"), pg_schema_factory)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(KEY_FILE_ENV, str(tmp_path_factory.mktemp("key") / "audit.pem"))
        tokens = demo_database(url)
        engine = make_engine(url)
        with TestClient(create_app(url)) as client:
            yield {"url": url, "tokens": tokens, "client": client, "sessions": session_factory(engine)}
        engine.dispose()


def _api(site: dict[str, Any], method: str, path: str, who: str, **kw: Any) -> Any:
    r = site["client"].request(method, f"/api/v1{path}", headers={"Authorization": f"Bearer {site['tokens'][who]}"},
                               **kw)  # fmt: skip
    assert r.status_code in (200, 201), r.text
    return r.json()


def _file_transit(site: dict[str, Any], who: str = "usa.requester") -> int:
    body = riga_termez(date.today() + timedelta(days=40))
    return int(_api(site, "POST", "/transits", who, json=body)["id"])


def _rewrite_from(session: Session, event_id: int, details: str) -> None:
    """What a forger with database access does to hide an edit: change the event, then recompute every hash
    after it and the head row, so that the chain links up again."""
    session.execute(update(AuditEventRow).where(AuditEventRow.id == event_id).values(details=details))
    prev = session.execute(select(AuditEventRow.prev_hash).where(AuditEventRow.id == event_id)).scalar_one()
    last = event_id
    for row in (
        session.execute(select(AuditEventRow).where(AuditEventRow.id >= event_id).order_by(AuditEventRow.id))
        .scalars()
        .all()
    ):
        row.prev_hash = prev
        row.hash = prev = row_hash(row)
        last = row.id
    session.execute(update(AuditHeadRow).values(last_id=last, last_hash=prev))


def test_heads_are_signed_and_published_to_every_state(site: dict[str, Any]) -> None:
    head = _api(site, "POST", "/audit/heads", "usa.requester")
    assert head["tree_size"] > 0
    again = _api(site, "POST", "/audit/heads", "deu.observer")
    assert again == head  # the log has not grown: the same head, not a new one
    published = _api(site, "GET", "/audit/heads", "deu.observer")
    assert head in published["heads"] and published["public_key"] == head["public_key"]
    assert _api(site, "GET", "/audit/key", "rus.approver")["public_key"] == head["public_key"]
    assert set(head) == {"tree_size", "root_hash", "chain_hash", "signed_at", "public_key", "signature"}


def test_an_export_holds_its_states_events_only_and_verifies_offline(site: dict[str, Any]) -> None:
    transit = _file_transit(site)  # the United States' case: Germany is not concerned
    _file_transit(site, "deu.observer")  # and a German one
    german = _api(site, "GET", "/audit/export", "deu.observer")
    american = _api(site, "GET", "/audit/export", "usa.requester")
    with site["sessions"]() as session:
        for state, bundle in (("DEU", german), ("USA", american)):
            size = bundle["head"]["tree_size"]
            allowed = set(
                session.execute(
                    select(AuditEventRow.id).where(events_of_state(state), AuditEventRow.id <= size)
                ).scalars()
            )
            assert {e["id"] for e in bundle["events"]} == allowed
        total = session.execute(select(AuditEventRow.id)).scalars().all()
    assert 0 < len(german["events"]) < len(total)
    transit_events = {
        e["id"]
        for e in american["events"]
        if e["target_type"] == "transit" and e["target_id"] == str(transit)
    }
    assert transit_events and not transit_events & {e["id"] for e in german["events"]}
    assert all(e["actor_state"] != "USA" or e["target_type"] != "transit" for e in german["events"])
    heads = _api(site, "GET", "/audit/heads", "deu.observer")
    key = _api(site, "GET", "/audit/key", "deu.observer")["public_key"]
    for bundle in (german, american):
        report = verify_bundle(bundle, heads, key)
        assert report.ok, report.problems
        assert report.events == len(bundle["events"]) and report.heads == len(heads["heads"])
        assert report.proofs >= len(heads["heads"]) - 1


def test_the_offline_verifier_refuses_changed_reordered_and_misplaced_events(site: dict[str, Any]) -> None:
    _file_transit(site), _file_transit(site)
    bundle = _api(site, "GET", "/audit/export", "usa.requester")
    heads = _api(site, "GET", "/audit/heads", "usa.requester")
    key = heads["public_key"]
    assert verify_bundle(bundle, heads, key).ok

    changed = copy.deepcopy(bundle)
    changed["events"][0]["details"] = '{"note":"forged"}'
    assert "edited after writing" in " ".join(verify_bundle(changed, heads, key).problems)

    rehashed = copy.deepcopy(bundle)  # the content changed and its hash recomputed: the proof gives it away
    event = rehashed["events"][1]
    event["details"] = '{"note":"forged"}'
    event["hash"] = row_hash(_Row(event))
    assert any("not in the signed log" in p for p in verify_bundle(rehashed, heads, key).problems)

    reordered = copy.deepcopy(bundle)
    first, second = reordered["events"][0], reordered["events"][1]
    first["inclusion"], second["inclusion"] = second["inclusion"], first["inclusion"]
    assert not verify_bundle(reordered, heads, key).ok

    stranger = public_hex(signing_key(Path(os.environ.get("TMPDIR", "/tmp")) / f"other-{os.getpid()}.pem"))
    refused = verify_bundle(bundle, heads, stranger)
    assert any("not signed by the log's key" in p for p in refused.problems)

    with pytest.raises(BadBundle, match="inclusion"):
        broken = copy.deepcopy(bundle)
        broken["events"][0]["inclusion"] = ["zz"]
        verify_bundle(broken, heads, key)
    with pytest.raises(BadBundle, match="not a 'sofadesk-audit-export/1' bundle"):
        verify_bundle({"events": []}, heads, key)


class _Row:
    def __init__(self, event: dict[str, Any]) -> None:
        from datetime import datetime

        self.__dict__.update(event)
        self.at = datetime.fromisoformat(event["at"])


def test_a_forked_log_is_found_from_the_heads_a_state_kept(site: dict[str, Any]) -> None:
    """The operator rewrites an event, removes the heads that contradict it and signs a new one with the same
    key: the State's export verifies against the new head but not against the head it had kept."""
    _api(site, "POST", "/audit/heads", "usa.requester")
    kept = _api(site, "GET", "/audit/heads", "usa.requester")
    with site["sessions"]() as session, session.begin():
        snapshot = [
            (r.id, r.details, r.prev_hash, r.hash) for r in session.execute(select(AuditEventRow)).scalars()
        ]
        head_row = session.get(AuditHeadRow, 1)
        saved_head = (head_row.last_id, head_row.last_hash)
        saved_heads = [(h.tree_size, h.root_hash, h.chain_hash, h.frontier, h.signed_at, h.public_key, h.signature)
                       for h in session.execute(select(AuditTreeHeadRow)).scalars()]  # fmt: skip
        _rewrite_from(session, 3, '{"rewritten":true}')
        session.execute(delete(AuditTreeHeadRow))
    try:
        forged = _api(site, "GET", "/audit/export", "usa.requester")
        fresh = _api(site, "GET", "/audit/heads", "usa.requester")
        assert verify_bundle(forged, fresh, kept["public_key"]).ok  # alone, the forged log looks whole
        report = verify_bundle(forged, kept, kept["public_key"])
        assert not report.ok
        assert any("consistency proof" in p or "forked" in p for p in report.problems), report.problems
    finally:
        with site["sessions"]() as session, session.begin():
            session.execute(delete(AuditTreeHeadRow))
            for event_id, details, prev_hash, digest in snapshot:
                session.execute(update(AuditEventRow).where(AuditEventRow.id == event_id)
                                .values(details=details, prev_hash=prev_hash, hash=digest))  # fmt: skip
            session.execute(update(AuditHeadRow).values(last_id=saved_head[0], last_hash=saved_head[1]))
            session.add_all(AuditTreeHeadRow(tree_size=a, root_hash=b, chain_hash=c, frontier=d, signed_at=e,
                                             public_key=f, signature=g) for a, b, c, d, e, f, g in saved_heads)  # fmt: skip
    assert (
        _api(site, "GET", "/audit/export", "usa.requester")["head"]["tree_size"]
        >= kept["heads"][-1]["tree_size"]
    )


def test_verification_resumes_from_the_newest_head_and_finds_edits_before_and_after_it(
    site: dict[str, Any],
) -> None:
    key = signing_key()
    trusted = public_hex(key)
    with site["sessions"]() as session, session.begin():
        checkpoint = sign_head(session, key).tree_size
    with site["sessions"]() as session, session.begin():
        for i in range(25):
            append(session, Actor(None, "resume-test", "USA"), "test.appended", "note", str(i), {"i": i})
    with site["sessions"]() as session, session.begin():
        resumed = verify_log(session, trusted, resume=True)
        assert resumed.verification.intact and resumed.resumed_from == checkpoint
        assert resumed.verification.events == 25  # only the events since the head were walked
        full = verify_log(session, trusted)
        assert full.verification.intact and full.verification.events == checkpoint + 25
        assert full.root_hash == resumed.root_hash
    after, before = checkpoint + 10, max(1, checkpoint - 5)
    with site["sessions"]() as session, session.begin():
        original = session.get(AuditEventRow, after).details
        session.execute(update(AuditEventRow).where(AuditEventRow.id == after).values(details='{"i":-1}'))
    with site["sessions"]() as session, session.begin():
        v = verify_log(session, trusted, resume=True).verification
        assert not v.intact and v.first_broken == after and "edited" in (v.problem or "")
        session.execute(update(AuditEventRow).where(AuditEventRow.id == after).values(details=original))
    with site["sessions"]() as session, session.begin():
        snapshot = [
            (r.id, r.details, r.prev_hash, r.hash)
            for r in session.execute(select(AuditEventRow).where(AuditEventRow.id >= before)).scalars()
        ]
        head_row = session.get(AuditHeadRow, 1)
        saved = (head_row.last_id, head_row.last_hash)
        _rewrite_from(session, before, '{"rewritten":true}')
    try:
        with site["sessions"]() as session:
            v = verify_log(session, trusted, resume=True).verification
            assert not v.intact and "rewritten before the signed head of size" in (v.problem or "")
            assert not verify_log(session, trusted).verification.intact
    finally:
        with site["sessions"]() as session, session.begin():
            for event_id, details, prev_hash, digest in snapshot:
                session.execute(update(AuditEventRow).where(AuditEventRow.id == event_id)
                                .values(details=details, prev_hash=prev_hash, hash=digest))  # fmt: skip
            session.execute(update(AuditHeadRow).values(last_id=saved[0], last_hash=saved[1]))
    with site["sessions"]() as session:
        assert verify_log(session, trusted, resume=True).verification.intact
        # An edit of content alone before the head is left to the full walk (which recomputes every hash).
        session.execute(update(AuditEventRow).where(AuditEventRow.id == before).values(details='{"x":1}'))
        v = verify_log(session, trusted).verification
        assert not v.intact and v.first_broken == before
        session.rollback()


def test_the_cli_exports_and_verifies_offline_and_says_what_is_wrong(
    site: dict[str, Any], run_cli: Any, tmp_path: Path
) -> None:
    url = site["url"]
    _file_transit(site)  # an event of USA's own, whatever else of the module ran before (or was deselected)
    assert run_cli("audit", "sign-head", database_url=url).exit_code == 0
    assert run_cli("audit", "key", "--out", str(tmp_path / "key.pub"), database_url=url).exit_code == 0
    assert run_cli("audit", "heads", "--out", str(tmp_path / "heads.json"), database_url=url).exit_code == 0
    done = run_cli("audit", "export", "--state", "usa", "--out", str(tmp_path / "usa.json"), database_url=url)
    assert done.exit_code == 0 and "events of USA exported" in done.stdout
    bundle = json.loads((tmp_path / "usa.json").read_text())
    assert bundle["state"] == "USA" and bundle["events"]
    args = ["audit", "verify-export", str(tmp_path / "usa.json"), "--heads", str(tmp_path / "heads.json"),
            "--key", str(tmp_path / "key.pub")]  # fmt: skip
    ok = run_cli(*args)  # no database given: the check is offline
    assert ok.exit_code == 0 and "Export of USA verified" in ok.stdout, ok.stdout + ok.stderr
    bundle["events"][-1]["action"] = "transit.forged"
    (tmp_path / "usa.json").write_text(json.dumps(bundle))
    bad = run_cli(*args)
    assert bad.exit_code == 1 and "does NOT verify" in bad.stdout and "edited after writing" in bad.stdout
    (tmp_path / "usa.json").write_text('{"format": ')
    corrupt = run_cli(*args)
    assert corrupt.exit_code == 2 and "is not JSON" in corrupt.stderr and "Traceback" not in corrupt.stderr
    (tmp_path / "usa.json").write_text('{"format": "sofadesk-audit-export/1", "head": {"tree_size": "x"}}')
    wrong = run_cli(*args)
    assert wrong.exit_code == 2 and "tree_size" in wrong.stderr
    verified = run_cli("audit", "verify", "--resume", database_url=url)
    assert verified.exit_code == 0 and verified.stdout.startswith("Audit chain intact"), verified.stdout

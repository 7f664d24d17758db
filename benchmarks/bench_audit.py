"""The audit log at scale (issue 18, item 3): verification of 1,000,000 events in constant memory, resumed from
a signed tree head in time proportional to the events written since, and one State's export with its proofs.

1. A fresh database (a temporary SQLite file, or a temporary schema of --pg) gets N chained events written in
   bulk (1 % of them by one State's officials, the State exported in step 4), then a full `verify_log`: the
   chain walked, every hash recomputed, the Merkle root folded.  Measured in a child process, so that its peak
   RSS is the verification's own (Python, SQLAlchemy and SOFA Desk included).
2. A tree head signed over the N events (from the leaves computed while writing them).
3. 10,000 more events, then `verify_log(resume=True)`: only the new events are walked.
4. `build_export` for the State: its events with inclusion proofs (and the head signed over N + 10,000).
The database is removed at the end.  Exits non-zero when a target is missed.

Run:  .venv/bin/python benchmarks/bench_audit.py [--events 1000000] [--pg postgresql://postgres@127.0.0.1:5432/db]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, update

from _targets import Target, finish
from sofadesk.audit.chain import GENESIS, Actor, canonical, event_hash
from sofadesk.audit.heads import utc_now_text
from sofadesk.audit.merkle import Frontier, leaf_hash
from sofadesk.audit.models import AuditEventRow, AuditHeadRow, AuditTreeHeadRow
from sofadesk.audit.signing import sign, signing_key
from sofadesk.db.bootstrap import set_up_database
from sofadesk.db.engine import make_engine

# Memory is the target.  Resuming must cost in proportion to the new events: at most three times the
# full walk's own time per event (same run, same machine) for each new event, plus half a second of start.
# The two times are sanity bounds for a loaded 2-core machine (about 600 microseconds an event).
VERIFY_MB, VERIFY_S, EXPORT_S = 100.0, 600.0, 600.0
RESUME_FACTOR, RESUME_FIXED_S = 3.0, 0.5
NEW_EVENTS = 10_000
EXPORTED = "EST"
OTHERS = ("USA", "DEU", "RUS", "POL", "LVA", "KAZ", "UZB", "FRA")
BATCH = 20_000

CHILD = """
import json, resource, sys, time
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.audit.heads import verify_log, sign_head
from sofadesk.audit.export import build_export, dump
from sofadesk.audit.signing import public_hex, signing_key
url, job = sys.argv[1], sys.argv[2]
engine = make_engine(url)
key = signing_key()
start = time.perf_counter()
with session_factory(engine)() as session, session.begin():
    if job == "verify" or job == "resume":
        result = verify_log(session, public_hex(key), resume=job == "resume")
        outcome = {"intact": result.verification.intact, "events": result.verification.events,
                   "problem": result.verification.problem}
    elif job == "sign":
        outcome = {"tree_size": sign_head(session, key).tree_size}
    else:
        bundle = build_export(session, job, key)
        outcome = {"events": len(bundle["events"]), "bytes": len(dump(bundle))}
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark into ru_maxrss across fork and exec.
with open("/proc/self/status") as status:
    hwm = [line for line in status if line.startswith("VmHWM:")]
peak_mb = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({**outcome, "seconds": seconds, "peak_mb": peak_mb}))
"""


def write_events(url: str, first: int, count: int, prev: str, frontier: Frontier) -> str:
    """Append `count` chained events after event `first - 1` (whose hash is `prev`) in multi-row inserts, and
    their leaves to `frontier`."""
    engine = make_engine(url)
    at = datetime(2026, 1, 1)
    with engine.begin() as conn:
        rows = []
        for event_id in range(first, first + count):
            state = EXPORTED if event_id % 100 == 0 else OTHERS[event_id % len(OTHERS)]
            actor = Actor(event_id % 500 + 1, f"{state.lower()}.officer", state)
            when = at + timedelta(seconds=event_id)
            details, citations = (
                canonical({"step": event_id % 7, "note": "bulk"}),
                canonical(["NATO SOFA Art. VII"]),
            )
            digest = event_hash(event_id, when, actor, "transit.decided", "transit", str(event_id // 10 + 1),
                                details, citations, prev)  # fmt: skip
            rows.append({"id": event_id, "at": when, "actor_user_id": actor.user_id, "actor_username": actor.username,
                         "actor_state": state, "action": "transit.decided", "target_type": "transit",
                         "target_id": str(event_id // 10 + 1), "details": details, "citations": citations,
                         "prev_hash": prev, "hash": digest})  # fmt: skip
            prev = digest
            frontier.append(leaf_hash(bytes.fromhex(digest)))
            if len(rows) == BATCH:
                conn.execute(insert(AuditEventRow), rows)
                rows = []
        if rows:
            conn.execute(insert(AuditEventRow), rows)
        last = first + count - 1
        if conn.execute(update(AuditHeadRow).values(last_id=last, last_hash=prev)).rowcount == 0:
            conn.execute(insert(AuditHeadRow).values(id=1, last_id=last, last_hash=prev))
    engine.dispose()
    return prev


def child(url: str, job: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, url, job], env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{job} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def pg_schema(base: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_audit_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--pg", help="a PostgreSQL URL: measure there (in a temporary schema) instead of SQLite"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        schema = None
        if args.pg:
            url, schema = pg_schema(args.pg)
        else:
            url = f"sqlite:///{Path(tmp) / 'audit.db'}"
        env = {**os.environ, "SOFADESK_AUDIT_KEY_FILE": str(Path(tmp) / "key.pem"),
               "PYTHONPATH": str(Path(__file__).parents[1] / "src")}  # fmt: skip
        try:
            return run(url, args.events, env, "PostgreSQL" if args.pg else "SQLite")
        finally:
            if schema is not None and args.pg:
                drop_schema(args.pg, schema)


def run(url: str, n: int, env: dict[str, str], backend: str) -> int:
    set_up_database(url)
    start = time.perf_counter()
    frontier = Frontier()
    last = write_events(url, 1, n, GENESIS, frontier)
    print(f"{backend}: {n:,} events written in {time.perf_counter() - start:.1f} s")
    full = child(url, "verify", env)
    assert full["intact"] and full["events"] == n, full
    print(f"verify: {full['seconds']:.1f} s, peak RSS {full['peak_mb']:.0f} MB")
    # The head over the first N events, signed here from the leaves computed while writing them (what
    # `sign_head` would compute with one more full walk, which step 1 has just timed).
    head = sign(
        signing_key(Path(env["SOFADESK_AUDIT_KEY_FILE"])), n, frontier.root().hex(), last, utc_now_text()
    )
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(AuditTreeHeadRow).values(frontier=frontier.encode(), **head.as_dict()))
    engine.dispose()
    write_events(url, n + 1, NEW_EVENTS, last, frontier)
    resumed = child(url, "resume", env)
    assert resumed["intact"] and resumed["events"] == NEW_EVENTS, resumed
    print(
        f"resume after {NEW_EVENTS:,} new events: {resumed['seconds']:.2f} s, peak RSS {resumed['peak_mb']:.0f} MB"
    )
    exported = child(url, EXPORTED, env)
    print(f"export of {EXPORTED}: {exported['events']:,.0f} events, {exported['bytes'] / 2**20:.1f} MiB, "
          f"{exported['seconds']:.1f} s, peak RSS {exported['peak_mb']:.0f} MB")  # fmt: skip
    scale = f"{n:,} events, {backend}"
    targets = [
        Target(f"verify peak RSS ({scale})", full["peak_mb"], VERIFY_MB, "MB"),
        Target(f"verify time ({scale})", full["seconds"], VERIFY_S, "s"),
        Target(
            f"resume from a signed head after {NEW_EVENTS:,} new events ({scale})",
            resumed["seconds"],
            round(full["seconds"] / n * NEW_EVENTS * RESUME_FACTOR + RESUME_FIXED_S, 2),
            "s",
        ),
        Target(
            f"export of one State ({exported['events']:,.0f} events with proofs; {scale})",
            exported["seconds"],
            EXPORT_S,
            "s",
        ),
    ]
    return finish("bench_audit", targets)


if __name__ == "__main__":
    sys.exit(main())

"""The way back from the law (issue 14): `law used` for a provision over 100,000 audit events (target < 50 ms).

A database (SQLite file, or a fresh PostgreSQL schema with --pg) holds 2,000 transits of ten sending States,
each concerning three other States, and 100,000 audit events on them, each citing a few of twenty provisions
(written with the same citation index the application writes).  Measured: the events a State may see that
relied on a provision - a paragraph cited directly, and a whole article (every paragraph within it) - the
newest 100, as `sofadesk law used` and the API ask it.  Baseline in the same run: reading one event by its id.
Exits non-zero when a median misses the target.

Run:  .venv/bin/python benchmarks/bench_law_used.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--small]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from _targets import Target, finish
from sofadesk.accounts.service import acting_as
from sofadesk.audit.chain import now
from sofadesk.audit.models import AuditCitationRow, AuditEventRow
from sofadesk.audit.writer import filed_under
from sofadesk.cases.core.audit import events_citing
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.cases.transit.demo_data import seed_demo
from sofadesk.cases.transit.models import TransitRow
from sofadesk.db.bootstrap import set_up_database
from sofadesk.db.engine import make_engine, session_factory

TARGET_MS = 50.0
SENDERS = ("USA", "DEU", "POL", "FRA", "GBR", "ITA", "NLD", "NOR", "CAN", "ESP")
CROSSED = ("LVA", "RUS", "KAZ", "UZB", "LTU", "BLR", "UKR", "GEO", "AZE", "TUR")
PROVISIONS = [f"NATO SOFA Art. {a}" for a in ("III(1)", "III(2)(b)", "III(4)", "VI", "VII(3)(a)(ii)", "VII(3)(b)",
              "VII(5)(c)", "VIII(5)(e)", "XI(2)(b)", "XI(4)", "XI(8)(a)", "I(1)(e)", "IX(2)", "X(1)", "XIII(1)",
              "VIII(2)(f)", "XII(1)", "II", "IV", "V(2)")]  # fmt: skip


def populate(url: str, transits: int, events: int) -> None:
    set_up_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_demo(session)
    rng = random.Random(14)
    stamp = now()
    with session_factory(engine)() as session, session.begin():
        user = session.execute(text("SELECT id FROM users ORDER BY id LIMIT 1")).scalar_one()
        rows, parties = [], []
        for n in range(1, transits + 1):
            sender = SENDERS[n % len(SENDERS)]
            rows.append({"id": n, "reference": f"TR-BENCH-{n:06d}", "sending_state": sender, "status": "submitted",
                         "revision": 1, "version": 1, "first_entry": date(2027, 1, 1), "last_exit": date(2027, 1, 9),
                         "created_by": user, "created_at": stamp, "updated_at": stamp})  # fmt: skip
            for state in rng.sample(CROSSED, 3):
                parties.append({"kind": "transit", "case_id": n, "state_code": state, "since": stamp})
        session.execute(insert(TransitRow), rows)
        session.execute(insert(CasePartyRow), parties)
        first = (session.execute(text("SELECT COALESCE(MAX(id), 0) FROM audit_events")).scalar_one() or 0) + 1
        batch_events: list[dict[str, Any]] = []
        batch_citations: list[dict[str, Any]] = []
        for i in range(first, first + events):
            cited = rng.sample(PROVISIONS, rng.randrange(1, 4))
            batch_events.append({"id": i, "at": stamp + timedelta(microseconds=i), "actor_user_id": user,
                                 "actor_username": "bench", "actor_state": SENDERS[i % len(SENDERS)],
                                 "action": "transit.submitted", "target_type": "transit",
                                 "target_id": str(rng.randrange(1, transits + 1)), "details": "{}",
                                 "citations": json.dumps(sorted(cited)), "prev_hash": "0" * 64, "hash": "0" * 64})  # fmt: skip
            batch_citations += [{"event_id": i, "citation": c, "direct": d} for c, d in filed_under(cited)]
            if len(batch_events) == 5000:
                session.execute(insert(AuditEventRow), batch_events)
                session.execute(insert(AuditCitationRow), batch_citations)
                batch_events, batch_citations = [], []
        if batch_events:
            session.execute(insert(AuditEventRow), batch_events)
            session.execute(insert(AuditCitationRow), batch_citations)
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def median_ms(fn: Any, runs: int) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL; a fresh schema is used and dropped")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--small", action="store_true", help="CI size: 5,000 events, 10 runs")
    args = parser.parse_args()
    if args.small:
        args.events, args.runs = min(args.events, 5_000), min(args.runs, 10)
    schema = None
    tmp = tempfile.TemporaryDirectory()
    if args.pg:
        import psycopg

        schema = f"bench_used_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tmp.name) / 'used.db'}"
    try:
        began = time.perf_counter()
        populate(url, 2000, args.events)
        print(
            f"{args.events:,} events on 2,000 transits written in {time.perf_counter() - began:.1f} s ({'PostgreSQL' if args.pg else 'SQLite'})"
        )
        engine = make_engine(url)
        with session_factory(engine)() as session:
            user = acting_as(session, "rus.approver")
            some = session.execute(
                select(AuditEventRow.id).order_by(AuditEventRow.id.desc()).limit(1)
            ).scalar_one()
            baseline = median_ms(lambda: session.get(AuditEventRow, some, populate_existing=True), args.runs)
            figures = {
                "paragraph cited directly (VII(3)(a)(ii))": median_ms(
                    lambda: events_citing(session, user, "NATO SOFA Art. VII(3)(a)(ii)", 100), args.runs),
                "whole article, every paragraph within (Art. VIII)": median_ms(
                    lambda: events_citing(session, user, "NATO SOFA Art. VIII", 100), args.runs),
            }  # fmt: skip
            found = len(events_citing(session, user, "NATO SOFA Art. VIII", 100))
        engine.dispose()
        print(f"baseline (one event by id): {baseline:.2f} ms; {found} events listed for Russia")
        where = "PostgreSQL" if args.pg else "SQLite"
        for name, ms in figures.items():
            print(f"law used, {name}: median {ms:.2f} ms = {ms / baseline:.1f}x baseline")
        return finish("bench_law_used", [
            Target(f"law used over {args.events:,} events, {name}, {where}", ms, TARGET_MS, "ms")
            for name, ms in figures.items()
        ])  # fmt: skip
    finally:
        tmp.cleanup()
        if schema:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    sys.exit(main())

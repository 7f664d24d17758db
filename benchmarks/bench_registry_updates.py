"""Registry updates (issue 12): the impact of one act over 100,000 open cases (target < 2 s), and what checking
the registry's version costs a request (target < 0.2 ms).

1. Impact: a database (SQLite file, or a fresh PostgreSQL schema with --pg) holds 100,000 open transits over
   2027, half of them crossing Russia; the act is a hypothetical denunciation of the PfP SOFA by Russia taking
   effect on 1 July 2027.  Measured: listing every open case whose coverage changes (median of 3).  Baseline in
   the same run: counting the open cases that concern Russia (one indexed query).
   Then the same act confirmed for real (once): impact, an event in each changed case's timeline and a notice to
   each of its States' officials, in one transaction - no target, recorded for scale.
2. Version check: the middleware's work on a request (a clock reading; once a second, one query).  Measured:
   the cost per request when no check is due, and the check itself, spread over the requests of a second at
   1,000 requests a second.  Baseline: one empty ASGI call.

Run:  .venv/bin/python benchmarks/bench_registry_updates.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--small]
Exits non-zero when a target is missed (benchmarks/_targets.py); temporary data is removed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text

from _targets import Target, finish
from sofadesk.accounts.service import acting_as
from sofadesk.acts import service as acts
from sofadesk.acts.impact import impact
from sofadesk.acts.reload import RegistryRefresh, refresh_registry
from sofadesk.acts.schemas import ActBody
from sofadesk.audit.chain import now
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.cases.transit.demo_data import seed_demo
from sofadesk.cases.transit.kind import KIND
from sofadesk.cases.transit.models import TransitRow
from sofadesk.db.bootstrap import set_up_database
from sofadesk.db.engine import make_engine, read_session_factory, session_factory
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.local import LocalAct, with_acts
from sofadesk.registry.model import Source
from sofadesk.registry.store import load_registry, registry_version

IMPACT_TARGET_S, CHECK_TARGET_MS = 2.0, 0.2
SENDERS = ("USA", "DEU", "POL", "FRA", "GBR", "ITA", "NLD", "NOR", "CAN", "ESP")
OTHERS = ("LVA", "KAZ", "UZB", "LTU", "UKR", "GEO", "AZE", "TUR")


def populate(url: str, cases: int) -> None:
    set_up_database(url)
    engine = make_engine(url)
    rng = random.Random(12)
    stamp = now()
    with session_factory(engine)() as session, session.begin():
        seed_demo(session)
        user = session.execute(text("SELECT id FROM users ORDER BY id LIMIT 1")).scalar_one()
        for start in range(1, cases + 1, 10_000):
            rows, parties = [], []
            for n in range(start, min(start + 10_000, cases + 1)):
                first = date(2027, 1, 1) + timedelta(days=rng.randrange(360))
                rows.append({"id": n, "reference": f"TR-BENCH-{n:06d}", "sending_state": SENDERS[n % 10],
                             "status": "submitted", "revision": 1, "version": 1, "first_entry": first,
                             "last_exit": first + timedelta(days=rng.randrange(2, 15)), "created_by": user,
                             "created_at": stamp, "updated_at": stamp})  # fmt: skip
                crossed = rng.sample(OTHERS, 2) + (["RUS"] if n % 2 else [])
                parties += [
                    {"kind": "transit", "case_id": n, "state_code": s, "since": stamp} for s in crossed
                ]
            session.execute(insert(TransitRow), rows)
            session.execute(insert(CasePartyRow), parties)
    if url.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def bench_impact(url: str) -> tuple[float, float, int]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        before = InForceEngine(load_registry(session.connection()))
        act = LocalAct(0, "pfp-sofa", "RUS", "denunciation_effective", date(2027, 7, 1), None, None, None,
                       Source("Hypothetical", "https://example.org"), None, None)  # fmt: skip
        after = InForceEngine(with_acts(before.registry, [act]))
        samples, found = [], 0
        for _ in range(3):
            began = time.perf_counter()
            found = len(impact(session, before, after, "RUS", kinds=[KIND]))
            samples.append(time.perf_counter() - began)
        concerned = select(CasePartyRow.case_id).where(
            CasePartyRow.kind == "transit", CasePartyRow.state_code == "RUS"
        )
        base = []
        for _ in range(3):
            began = time.perf_counter()
            session.execute(
                select(func.count()).select_from(TransitRow).where(TransitRow.id.in_(concerned))
            ).scalar_one()
            base.append(time.perf_counter() - began)
    engine.dispose()
    return statistics.median(samples), statistics.median(base), found


def bench_confirm(url: str) -> tuple[float, int, int]:
    """Confirming the same denunciation for real (once: it changes the database): the act, an event in each
    changed case's timeline and the notices to every State of each, in one transaction."""
    engine = make_engine(url)
    body = ActBody(agreement="pfp-sofa", state="RUS", kind="denunciation_effective", date=date(2027, 7, 1),
                   source_title="Hypothetical", source_url="https://example.org/denunciation")  # fmt: skip
    with session_factory(engine)() as session, session.begin():
        act_id = acts.propose(session, acting_as(session, "deu.registry"), body).id
    with session_factory(engine)() as session, session.begin():
        inforce = InForceEngine(load_registry(session.connection()))
        began = time.perf_counter()
        _, changed, told = acts.confirm(session, acting_as(session, "pol.registry"), act_id, inforce)
    seconds = time.perf_counter() - began
    engine.dispose()
    return seconds, len(changed), told


def bench_check(url: str) -> tuple[float, float, float]:
    engine = make_engine(url)
    app = SimpleNamespace(state=SimpleNamespace(read_sessions=read_session_factory(engine)))
    with engine.connect() as conn:
        app.state.inforce, app.state.registry_version = (
            InForceEngine(load_registry(conn)),
            registry_version(conn),
        )

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        return None

    middleware = RegistryRefresh(endpoint, every=3600)  # no check due during the loop
    middleware.checked = time.monotonic()
    scope = {"type": "http", "app": app}

    async def run(n: int, call: Any) -> float:
        began = time.perf_counter()
        for _ in range(n):
            await call(scope, None, None)
        return (time.perf_counter() - began) / n * 1000

    per_request = asyncio.run(run(100_000, middleware))
    bare = asyncio.run(run(100_000, endpoint))
    checks = []
    for _ in range(20):
        began = time.perf_counter()
        refresh_registry(app)
        checks.append((time.perf_counter() - began) * 1000)
    engine.dispose()
    return per_request, bare, statistics.median(checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL; a fresh schema is used and dropped")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help="CI size: 2,000 open cases")
    args = parser.parse_args()
    if args.small:
        args.cases = min(args.cases, 2_000)
    schema = None
    tmp = tempfile.TemporaryDirectory()
    if args.pg:
        import psycopg

        schema = f"bench_acts_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tmp.name) / 'acts.db'}"
    try:
        began = time.perf_counter()
        populate(url, args.cases)
        where = "PostgreSQL" if args.pg else "SQLite"
        print(f"{args.cases:,} open transits written in {time.perf_counter() - began:.1f} s ({where})")
        seconds, base, found = bench_impact(url)
        print(f"impact of a denunciation over {args.cases:,} open cases: median {seconds:.3f} s ({found:,} cases "
              f"changed) = {seconds / base:.1f}x counting the cases that concern the State ({base * 1000:.1f} ms)")  # fmt: skip
        confirm, changed, told = bench_confirm(url)
        print(
            f"confirming it: {confirm:.2f} s for {changed:,} cases told (an event each) and {told:,} notices "
            f"= {confirm / seconds:.1f}x the impact alone"
        )
        per_request, bare, check = bench_check(url)
        spread = per_request + check / 1000  # one check a second at 1,000 requests a second
        print(f"version check: {per_request * 1000:.2f} us per request when none is due (an empty ASGI call: "
              f"{bare * 1000:.2f} us); the check itself {check:.2f} ms once a second = {spread:.4f} ms per request "
              f"at 1,000 requests/s")  # fmt: skip
        return finish("bench_registry_updates", [
            Target(f"impact of an act over {args.cases:,} open cases, median of 3, {where}", seconds,
                   IMPACT_TARGET_S, "s"),
            Target(f"registry version check per request at 1,000 requests/s, {where}", spread, CHECK_TARGET_MS,
                   "ms"),
        ])  # fmt: skip
    finally:
        tmp.cleanup()
        if schema:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    sys.exit(main())

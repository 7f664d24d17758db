"""Transit benchmarks (issue 4).

1. In-process: checking a 5-leg request with 1,000 persons and 300 equipment lines (target < 50 ms), against
   the same request with 10 persons and 10 lines as a baseline in the same run.
2. Under load on 127.0.0.1 (needs PostgreSQL; pass --pg URL): a uvicorn server on a fresh schema, 32 concurrent
   clients taking decisions on submitted transits, then reading cases; decisions per second as a ratio to
   pgbench's default TPC-B transactions per second measured in the same run (target >= 0.15), and case-read
   p99 latency (target < 50 ms).  Bounded: a fixed number of requests, every process stopped at the end.

Run:  .venv/bin/python benchmarks/bench_transit.py [--pg postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sofadesk.cases.transit.checks import NoticeRule, check_transit
from sofadesk.cases.transit.demo_data import NOTICE_RULES, riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.shipped import load_shipped


def five_legs(persons: int, lines: int) -> TransitContent:
    data = riga_termez(date.today() + timedelta(days=40), persons=persons, equipment_lines=lines)
    extra = dict(data["legs"][-1])
    extra.update({"state": "KGZ", "entry_point": "Termez", "exit_point": "Osh"})
    last_exit = date.fromisoformat(data["legs"][-1]["planned_exit"][:10])
    extra["planned_entry"] = f"{(last_exit + timedelta(days=1)).isoformat()}T08:00:00"
    extra["planned_exit"] = f"{(last_exit + timedelta(days=2)).isoformat()}T08:00:00"
    data["legs"].append(extra)
    # A realistic manifest: most soldiers share a document profile, some differ (missing photo, no number).
    for n, p in enumerate(data["personnel"]):
        if n % 50 == 0:
            p["photo_on_identity_card"] = False
        if n % 70 == 0:
            p.pop("service_number", None)
    return TransitContent.model_validate(data)


def timed(fn: Any, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def in_process() -> list[str]:
    engine = InForceEngine(load_shipped())
    rules = {
        s: NoticeRule(s, d, False, tuple((r["code"], r["text"]) for r in rs))
        for s, (d, rs) in NOTICE_RULES.items()
    }
    big, small = five_legs(1000, 300), five_legs(10, 10)
    filed = date.today()
    check_transit(engine, "USA", big, rules, filed)  # warm caches (holiday calendars)
    t_big = timed(lambda: check_transit(engine, "USA", big, rules, filed), 15)
    t_small = timed(lambda: check_transit(engine, "USA", small, rules, filed), 15)
    return [
        f"| checks of a 5-leg request, 1,000 persons, 300 equipment lines, median of 15 | {t_big * 1000:.1f} ms "
        f"| same request with 10 persons, 10 lines: {t_small * 1000:.1f} ms | {t_big / t_small:.1f}x | < 50 ms |"
    ]


def pgbench_tps(base_url: str) -> float:
    dbname = f"sofadesk_pgbench_{uuid.uuid4().hex[:8]}"
    conninfo = base_url.replace("postgresql+psycopg://", "postgresql://")
    admin = conninfo.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    target = conninfo.rsplit("/", 1)[0] + f"/{dbname}"
    try:
        subprocess.run(["pgbench", "-i", "-q", target], check=True, capture_output=True)
        out = subprocess.run(
            ["pgbench", "-c", "32", "-j", "2", "-T", "15", target], check=True, capture_output=True, text=True
        ).stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("tps ="))
        return float(line.split("=")[1].split()[0])
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=False)


def rotating_lua(request: str) -> str:
    """A wrk script walking the ids (substituted for %s); `request` builds the request for ids[n].
    Each wrk thread has its own Lua state: threads take alternate ids, so no transit is decided twice."""
    return (
        """
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local n = nil
local ids = {%s}
request = function()
  if n == nil then n = tid + 1 else n = n + 2 end
  if n > #ids then n = tid + 1 end
  return """
        + request
        + """
end
"""
    )


DECIDE_LUA = rotating_lua(
    """wrk.format("POST", "/api/v1/transits/" .. ids[n] .. "/decisions", nil,
    '{"decision":"approved","version":1}')"""
)
READ_LUA = rotating_lua('wrk.format("GET", "/api/v1/transits/" .. ids[n])')


def wrk(script: str, ids: list[int], token: str, seconds: int) -> dict[str, float]:
    """Run wrk with 32 connections against the local server; parse requests/s, non-2xx and latency p99."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script % ",".join(map(str, ids)))
        path = fh.name
    try:
        out = subprocess.run(
            ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", path, "-H", f"Authorization: Bearer {token}",
             "-H", "Content-Type: application/json", "http://127.0.0.1:8799"],
            check=True, capture_output=True, text=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(path)
    result = {"rps": 0.0, "non2xx": 0.0, "p99_ms": 0.0, "p50_ms": 0.0, "requests": 0.0}
    for line in out.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(words[1])
        elif "Non-2xx or 3xx responses:" in line:
            result["non2xx"] = float(words[-1])
        elif words[:1] == ["99%"]:
            result["p99_ms"] = _ms(words[1])
        elif words[:1] == ["50%"]:
            result["p50_ms"] = _ms(words[1])
        elif "requests in" in line:
            result["requests"] = float(words[0])
    return result


def _ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def under_load(pg: str, transits: int, workers: int, seconds: int, repeat: int) -> list[str]:
    import psycopg

    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.demo_data import seed_demo
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.registry.store import load_registry

    schema = f"sofadesk_bench_{uuid.uuid4().hex[:8]}"
    conninfo = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{conninfo}?options=-csearch_path%3D{schema}"
    server = None
    try:
        set_up_database(url)
        engine = make_engine(url)
        with session_factory(engine)() as session, session.begin():
            tokens = seed_demo(session)
        with engine.connect() as conn:
            inforce = InForceEngine(load_registry(conn))
        content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
        ids = []
        with session_factory(engine)() as session, session.begin():
            user = acting_as(session, "usa.requester")
            for _ in range(transits * repeat):
                t = service.create(session, user, content)
                session.flush()
                service.submit(session, user, t.id, t.version, inforce)
                ids.append(t.id)
        engine.dispose()
        env = {**os.environ, "SOFADESK_DATABASE_URL": url}
        sofadesk = str(Path(sys.executable).parent / "sofadesk")
        server = subprocess.Popen(
            [sofadesk, "serve", "--port", "8799", "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import httpx

        for _ in range(100):
            try:
                if httpx.get("http://127.0.0.1:8799/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        # Each transit's Russian decision can be taken once: every round decides its own slice of transits,
        # large enough that a round of `seconds` cannot exhaust it.  pgbench runs in the same round.
        rounds = []
        share = len(ids) // repeat
        for r in range(repeat):
            decided = wrk(DECIDE_LUA, ids[r * share : (r + 1) * share], tokens["rus.approver"], seconds)
            reads = wrk(READ_LUA, ids, tokens["kaz.approver"], seconds)
            rounds.append((decided, reads, pgbench_tps(pg)))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    ratios, p99s, lines = [], [], []
    for n, (decided, reads, tps) in enumerate(rounds, start=1):
        ok_rate = decided["rps"] * (1 - decided["non2xx"] / max(decided["requests"], 1))
        ratios.append(ok_rate / tps)
        p99s.append(reads["p99_ms"])
        lines.append(
            f"| round {n}: decisions/s (wrk, 32 connections, {workers} worker(s); {decided['non2xx']:.0f} non-2xx of "
            f"{decided['requests']:.0f}) | {ok_rate:.0f}/s | pgbench TPC-B, 32 clients: {tps:.0f} tps | {ok_rate / tps:.2f} | >= 0.15 |"
        )
        lines.append(
            f"| round {n}: case reads GET /transits/id (wrk, 32 connections), p99 | {reads['p99_ms']:.1f} ms "
            f"| p50 {reads['p50_ms']:.1f} ms, {reads['rps']:.0f} reads/s | - | < 50 ms |"
        )
    lines.append(
        f"| median of {len(rounds)} rounds: decisions / pgbench TPC-B | {statistics.median(ratios):.2f} | - | - | >= 0.15 |"
    )
    lines.append(
        f"| median of {len(rounds)} rounds: case-read p99 | {statistics.median(p99s):.1f} ms | - | - | < 50 ms |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pg", help="PostgreSQL URL for the load run (e.g. postgresql://postgres@127.0.0.1:5432/test)"
    )
    parser.add_argument("--transits", type=int, default=4000, help="Transits decided per round at most.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument(
        "--repeat", type=int, default=3, help="Load rounds (medians reported: the machine is shared)."
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| measure | figure | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    for line in in_process():
        print(line)
    if args.pg:
        if shutil.which("pgbench") is None or shutil.which("wrk") is None:
            print("pgbench or wrk not found (apt-get install postgresql-client wrk): load run skipped")
            return
        for line in under_load(args.pg, args.transits, args.workers, args.seconds, args.repeat):
            print(line)


if __name__ == "__main__":
    main()

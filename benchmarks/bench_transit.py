"""Transit benchmarks (issue 4).

1. In-process: checking a 5-leg request with 1,000 persons and 300 equipment lines (target < 50 ms), against
   the same request with 10 persons and 10 lines as a baseline in the same run.
2. Under load on 127.0.0.1 (needs PostgreSQL; pass --pg URL): `sofadesk serve` on a fresh schema, 32 concurrent
   clients taking decisions on submitted transits, then reading cases; decisions per second as a ratio to
   pgbench's default TPC-B transactions per second measured in the same run just before and just after the
   decisions (their mean), with as many clients and at a scale equal to their number, in a temporary database of
   its own (target >= 0.15, issue 18), and case-read p99
   latency (target < 50 ms).  Bounded: a fixed number of requests, every process stopped, the schema and the
   pgbench database dropped at the end.
Targets through benchmarks/_targets.py (exit status non-zero on a miss).

Run:  .venv/bin/python benchmarks/bench_transit.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--small]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from tests.nodes import api_nodes

from _targets import Target, finish
from _transit_seed import seed_transits
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


def in_process(small: bool = False) -> tuple[list[str], float]:
    engine = InForceEngine(load_shipped())
    rules = {
        s: NoticeRule(s, d, False, tuple((r["code"], r["text"]) for r in rs))
        for s, (d, rs) in NOTICE_RULES.items()
    }
    big, little = five_legs(1000, 300), five_legs(10, 10)
    filed = date.today()
    check_transit(engine, "USA", big, rules, filed)  # warm caches (holiday calendars)
    runs = 5 if small else 15
    t_big = timed(lambda: check_transit(engine, "USA", big, rules, filed), runs)
    t_small = timed(lambda: check_transit(engine, "USA", little, rules, filed), runs)
    return [
        f"| checks of a 5-leg request, 1,000 persons, 300 equipment lines, median of {runs} | {t_big * 1000:.1f} ms "
        f"| same request with 10 persons, 10 lines: {t_small * 1000:.1f} ms | {t_big / t_small:.1f}x | < 50 ms |"
    ], t_big * 1000


@contextmanager
def pgbench_database(base_url: str, scale: int) -> Iterator[str]:
    """A temporary database initialised by pgbench at `scale` (100,000 accounts and one branch row per unit of
    scale), dropped at the end.  The scale must be at least the client count: at scale 1 every TPC-B
    transaction updates the one branch row and clients queue on it, which halves the baseline (issue 18)."""
    dbname = f"sofadesk_pgbench_{uuid.uuid4().hex[:8]}"
    conninfo = base_url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
    admin = conninfo.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    try:
        target = conninfo.rsplit("/", 1)[0] + f"/{dbname}"
        subprocess.run(["pgbench", "-i", "-q", "-s", str(scale), target], check=True, capture_output=True)
        yield target
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=False)


def pgbench_tps(target: str, clients: int, seconds: int) -> float:
    """TPC-B transactions per second of `clients` clients (pgbench's default script)."""
    out = subprocess.run(["pgbench", "-c", str(clients), "-j", "2", "-T", str(seconds), target], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    line = next(ln for ln in out.splitlines() if ln.startswith("tps ="))
    return float(line.split("=")[1].split()[0])


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


def wrk(
    script: str, ids: list[int], token: str, seconds: int, base: str, connections: int
) -> dict[str, float]:
    """Run wrk with `connections` connections against `base`; parse requests/s, non-2xx and latency p50/p99."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script % ",".join(map(str, ids)))
        path = fh.name
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", path,
             "-H", f"Authorization: Bearer {token}", "-H", "Content-Type: application/json", base],
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


def spread_wrk(
    script: str, ids: list[int], token: str, seconds: int, bases: list[str], connections: int
) -> dict[str, float]:
    """wrk against every node at once, the connections and ids shared out between them (a load balancer's
    round-robin, done by the client); rates and counts summed, latencies the worst node's."""
    share = len(ids) // len(bases)
    parts: list[dict[str, float]] = [{} for _ in bases]

    def run(n: int) -> None:
        parts[n] = wrk(script, ids[n * share : (n + 1) * share], token, seconds, bases[n],
                       max(2, connections // len(bases)))  # fmt: skip

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(bases))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summed = {key: sum(p[key] for p in parts) for key in ("rps", "non2xx", "requests")}
    return {**summed, "p99_ms": max(p["p99_ms"] for p in parts), "p50_ms": max(p["p50_ms"] for p in parts)}


@contextmanager
def fresh_schema(pg: str) -> Iterator[str]:
    """A new, empty PostgreSQL schema; yields the URL that makes it the search path; dropped at the end."""
    import psycopg

    schema = f"sofadesk_bench_{uuid.uuid4().hex[:8]}"
    conninfo = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{conninfo}{'&' if '?' in conninfo else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def submitted_transits(pg: str, count: int) -> Iterator[tuple[str, list[int], dict[str, str]]]:
    """A fresh schema with the demo's users and `count` submitted transits awaiting Russia's decision; yields
    its URL, the transits' ids and the users' tokens; the schema is dropped at the end."""
    with fresh_schema(pg) as url:
        ids, tokens = seed_transits(url, count)
        yield url, ids, tokens


def ok_rate(decided: dict[str, float]) -> float:
    return decided["rps"] * (1 - decided["non2xx"] / max(decided["requests"], 1))


def under_load(
    pg: str, transits: int, workers: int, seconds: int, repeat: int, clients: int
) -> tuple[list[str], float, float]:
    """The load part: the table's lines, the median ratio of decisions to pgbench, the median read p99 (ms)."""
    rounds = []
    with (
        submitted_transits(pg, transits * repeat) as (url, ids, tokens),
        pgbench_database(pg, clients) as bench_db,
        api_nodes(url, 1, workers=workers) as bases,
    ):
        # Each transit's Russian decision can be taken once: every round decides its own slice of transits,
        # large enough that a round of `seconds` cannot exhaust it.  pgbench runs in the same round.
        share = len(ids) // repeat
        spread_wrk(
            READ_LUA, ids, tokens["kaz.approver"], 2, bases, clients
        )  # warm-up: first requests' caches
        for r in range(repeat):
            # pgbench just before and just after the decisions, their mean the round's baseline: the machine's
            # speed drifts within a round (by a fifth, seen), and a baseline taken on one side only of the
            # decisions moved the ratio with it.
            before = pgbench_tps(bench_db, clients, seconds)
            decided = spread_wrk(DECIDE_LUA, ids[r * share : (r + 1) * share], tokens["rus.approver"], seconds,
                                 bases, clients)  # fmt: skip
            after = pgbench_tps(bench_db, clients, seconds)
            reads = spread_wrk(READ_LUA, ids, tokens["kaz.approver"], seconds, bases, clients)
            rounds.append((decided, reads, (before, after)))
    ratios, p99s, lines = [], [], []
    for n, (decided, reads, (before, after)) in enumerate(rounds, start=1):
        tps = (before + after) / 2
        ratios.append(ok_rate(decided) / tps)
        p99s.append(reads["p99_ms"])
        lines.append(
            f"| round {n}: decisions/s (wrk, {clients} connections, {workers} worker(s); {decided['non2xx']:.0f} non-2xx "
            f"of {decided['requests']:.0f}) | {ok_rate(decided):.0f}/s | pgbench TPC-B, {clients} clients, scale "
            f"{clients}, before and after: {before:.0f} and {after:.0f} tps (mean {tps:.0f}) "
            f"| {ok_rate(decided) / tps:.3f} | >= 0.15 |"
        )
        lines.append(
            f"| round {n}: case reads GET /transits/id (wrk, {clients} connections), p99 | {reads['p99_ms']:.1f} ms "
            f"| p50 {reads['p50_ms']:.1f} ms, {reads['rps']:.0f} reads/s | - | < 50 ms |"
        )
    return lines, statistics.median(ratios), statistics.median(p99s)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pg", help="PostgreSQL URL for the load run (e.g. postgresql://postgres@127.0.0.1:5432/test)"
    )
    parser.add_argument(
        "--transits",
        type=int,
        default=10000,
        help="Transits decided per round at most (a round that runs out answers 409s).",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument(
        "--clients", type=int, default=32, help="wrk connections and pgbench clients (= its scale)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="Load rounds (medians reported: the machine is shared)."
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="CI size: 8 clients, one 3-second round (3,000 transits: a round must not run out of undecided ones)",
    )
    args = parser.parse_args()
    if args.small:
        args.transits, args.seconds, args.repeat = min(args.transits, 3000), min(args.seconds, 3), 1
        args.clients = min(args.clients, 8)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| measure | figure | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    lines, checks = in_process(args.small)
    print("\n".join(lines))
    targets = [
        Target("checks of a 5-leg request, 1,000 persons, 300 equipment lines, median", checks, 50, "ms")
    ]
    if args.pg:
        if shutil.which("pgbench") is None or shutil.which("wrk") is None:
            print("pgbench or wrk not found (apt-get install postgresql-client wrk): load run not possible")
            return 2
        lines, ratio, p99 = under_load(
            args.pg, args.transits, args.workers, args.seconds, args.repeat, args.clients
        )
        print("\n".join(lines))
        targets += [
            Target(f"decisions/s as a share of pgbench TPC-B at scale {args.clients} ({args.clients} clients), "
                   f"median of {args.repeat}", ratio, 0.15, "ratio", "min"),
            Target(f"case read p99 under {args.clients} connections, median of {args.repeat}", p99, 50, "ms"),
        ]  # fmt: skip
    return finish("bench_transit", targets)


if __name__ == "__main__":
    sys.exit(main())

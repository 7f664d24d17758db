"""Throughput with one API node and with two (issue 18, item 4), on one PostgreSQL.

The same submitted transits and the same load (wrk, decisions by Russia's approver, then case reads) against
one `sofadesk serve` node, then against two on their own ports with the connections shared out between them (a
load balancer's round-robin, done by the client), alternately for --repeat rounds.  Each node is one worker
process, so two nodes are twice the processes.  On this 2-core machine, which also runs PostgreSQL and wrk, a
second node cannot add cores; what the target checks is that spreading requests over nodes costs nothing:
the shared state (sessions, limits, idempotency keys, registry version, the chain's head) lives in PostgreSQL,
not in a node.  Target: two nodes' decisions/s and reads/s at least 0.9 of one node's (median of the rounds'
ratios).  On hosts of their own, the second node's cores would add throughput until PostgreSQL is the limit.

Run:  .venv/bin/python benchmarks/bench_nodes.py --pg postgresql://postgres@127.0.0.1:5432/test [--small]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys

from tests.nodes import api_nodes

from _targets import Target, finish
from bench_transit import DECIDE_LUA, READ_LUA, ok_rate, spread_wrk, submitted_transits


def one_layout(url: str, nodes: int, ids: list[int], every: list[int], tokens: dict[str, str], seconds: int,
               clients: int) -> tuple[float, float, float]:  # fmt: skip
    """Decisions/s (2xx only), reads/s and read p99 (ms) with `nodes` nodes."""
    with api_nodes(url, nodes, workers=1) as bases:
        spread_wrk(READ_LUA, every, tokens["kaz.approver"], 2, bases, clients)  # warm-up
        decided = spread_wrk(DECIDE_LUA, ids, tokens["rus.approver"], seconds, bases, clients)
        reads = spread_wrk(READ_LUA, every, tokens["kaz.approver"], seconds, bases, clients)
    return ok_rate(decided), reads["rps"], reads["p99_ms"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="PostgreSQL URL (a fresh schema is made there and dropped)")
    parser.add_argument(
        "--transits", type=int, default=3000, help="transits decided per layout and round, at most"
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16, help="wrk connections in all")
    parser.add_argument("--repeat", type=int, default=2, help="rounds, each one node then two")
    parser.add_argument("--small", action="store_true", help="CI size: 8 connections, one 3-second round")
    args = parser.parse_args()
    if args.small:
        args.transits, args.seconds, args.repeat, args.clients = min(args.transits, 400), 3, 1, 8
    if not args.pg:
        print("bench_nodes needs PostgreSQL (--pg URL): two nodes share one database")
        return finish("bench_nodes", [])
    if shutil.which("wrk") is None:
        print("wrk not found (apt-get install wrk)")
        return 2
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.clients} connections")
    print("| round | layout | decisions/s | reads/s | read p99 |")
    print("|---|---|---|---|---|")
    decide_ratio, read_ratio = [], []
    with submitted_transits(args.pg, args.transits * 2 * args.repeat) as (url, ids, tokens):
        share = args.transits
        for r in range(args.repeat):
            figures = {}
            for n, nodes in enumerate((1, 2)):
                mine = ids[(2 * r + n) * share : (2 * r + n + 1) * share]
                figures[nodes] = one_layout(url, nodes, mine, ids, tokens, args.seconds, args.clients)
                d, rd, p99 = figures[nodes]
                print(f"| {r + 1} | {nodes} node(s) x 1 worker | {d:.0f} | {rd:.0f} | {p99:.1f} ms |")
            decide_ratio.append(figures[2][0] / max(figures[1][0], 1e-9))
            read_ratio.append(figures[2][1] / max(figures[1][1], 1e-9))
    return finish("bench_nodes", [
        Target(f"decisions/s, two nodes over one, median of {args.repeat}", statistics.median(decide_ratio), 0.9,
               "ratio", "min"),
        Target(f"case reads/s, two nodes over one, median of {args.repeat}", statistics.median(read_ratio), 0.9,
               "ratio", "min"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

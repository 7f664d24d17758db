"""Transit throughput, case reads and pages of this checkout against an earlier revision, paired in one run.

Issue 14 asks that moving transits onto the case engine costs no more than 10 % on the transit benchmarks
(decisions, case-read p99) and the pages.  Two separate runs of bench_transit.py on a shared machine differ by
more than that from one minute to the next, so this script measures both revisions side by side: each gets its
own schema, seeded by its own code, and its own `sofadesk serve` (2 workers); then, round after round, the two
are measured in turn (which goes first alternates), with pgbench TPC-B at a scale equal to the clients in the
same round as the baseline.  Reported: the medians per revision and their ratios, with each revision's server
CPU a decision and a case read (the server and its workers, from /proc, around each wrk run): what a change
to the code saves, whatever the machine's speed does to the rates.

  .venv/bin/python benchmarks/pair_transit.py --pg postgresql://postgres@127.0.0.1:5432/test [--base REV]

--base defaults to d020451, the last commit before the case engine (627c833).  The earlier revision runs from a
temporary `git worktree` of this repository (removed at the end) with this checkout's virtual environment.
Targets (benchmarks/_targets.py): decisions/s at least 0.9 of the base's; case-read and page p99 at most 1.1 of
the base's.  Not run by `benchmarks/run`: it needs the repository's history and takes about 15 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from tests.nodes import api_nodes

from _targets import Target, finish
from _timing import cpu_seconds, server_on
from bench_transit import DECIDE_LUA, READ_LUA, fresh_schema, ok_rate, pgbench_database, pgbench_tps, wrk

ROOT = Path(__file__).resolve().parent.parent
# Run by each revision's own code (PYTHONPATH points at its src/): see that file.
SEEDER = Path(__file__).resolve().parent / "_transit_seed.py"
PRE_ENGINE = "d020451"


@contextmanager
def worktree(rev: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="sofadesk-pair-"))
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(path), rev],
        check=True,
        capture_output=True,
    )
    try:
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
            check=False,
            capture_output=True,
        )


def seed_all(sides: dict[str, tuple[Path, str]], count: int) -> dict[str, dict[str, object]]:
    """Seed every side at once (each in its own process, with its own code)."""
    procs = {
        name: subprocess.Popen(
            [sys.executable, str(SEEDER), url, str(count)],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(src)},
            text=True,
        )
        for name, (src, url) in sides.items()
    }
    seeded = {}
    for name, proc in procs.items():
        out, _ = proc.communicate(timeout=3600)
        if proc.returncode != 0:
            raise SystemExit(f"seeding {name} failed (exit {proc.returncode})")
        seeded[name] = json.loads(out.strip().splitlines()[-1])
    return seeded


def cookie_of(base: str, username: str) -> str:
    """Sign in through the web form; the session cookie as a header value."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
        assert token, "no sign-in form"
        data = {"username": username, "password": "demo-password", "csrf_token": token.group(1)}
        r = client.post("/sign-in", data=data)
        assert r.status_code in (200, 303), r.text[:300]
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def per_request(before: float, server: int, measured: dict[str, float]) -> float:
    """Milliseconds of the server's CPU (it and its workers) a request, since `before` (its CPU seconds
    then)."""
    return (cpu_seconds(server) - before) * 1000 / max(measured["requests"], 1)


PAGE_LUA = 'request = function() return wrk.format("GET", "%s") end'


def page_p99(base: str, cookie: str, path: str, seconds: int, clients: int) -> float:
    """p99 of one page under `clients` connections (wrk with the session cookie)."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115 (removed below)
    script.write(PAGE_LUA % path)
    script.close()
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                "-H",
                f"Cookie: {cookie}",
                base,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{base}{path}: {non2xx.group(1)} responses were not 2xx")
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    assert p99, out
    return float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]


PAGES = ("/transits", "/")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pg", required=True, help="PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/test"
    )
    parser.add_argument(
        "--base", default=PRE_ENGINE, help="the revision to compare with (default: pre-engine)"
    )
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-round", type=int, default=2500, help="transits decided per round at most")
    parser.add_argument(
        "--decisions-only", action="store_true", help="measure decisions alone (no reads, no pages): quicker"
    )
    args = parser.parse_args()
    base_rev = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", args.base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"machine: {os.cpu_count()} cores; base {base_rev} against this checkout; load {os.getloadavg()}")
    results: dict[str, dict[str, list[float]]] = {}
    with ExitStack() as stack:
        old = stack.enter_context(worktree(args.base))
        sides = {
            "base": (old / "src", stack.enter_context(fresh_schema(args.pg))),
            "this": (ROOT / "src", stack.enter_context(fresh_schema(args.pg))),
        }
        seeded = seed_all(sides, args.per_round * args.rounds)
        bench_db = stack.enter_context(pgbench_database(args.pg, args.clients))
        bases = {
            name: stack.enter_context(api_nodes(url, 1, env={"PYTHONPATH": str(src)}, workers=2))[0]
            for name, (src, url) in sides.items()
        }
        cookies = {name: cookie_of(base, "usa.requester") for name, base in bases.items()}
        servers = {name: server_on(base) for name, base in bases.items()}
        measures = ("decisions", "decision_cpu", "read_p99", "reads", "read_cpu", *PAGES)
        results = {name: {m: [] for m in measures} for name in sides}
        tps: list[float] = []
        for name in sides:  # warm-up: first requests fill caches
            wrk(
                READ_LUA,
                seeded[name]["ids"],
                seeded[name]["tokens"]["kaz.approver"],
                2,
                bases[name],
                args.clients,
            )  # type: ignore[index,arg-type]
            for page in PAGES:  # and each page's template compiled in both workers before it is timed
                page_p99(bases[name], cookies[name], page, 2, 2)
        for r in range(args.rounds):
            order = list(sides) if r % 2 == 0 else list(reversed(sides))
            for name in order:
                ids: list[int] = seeded[name]["ids"]  # type: ignore[assignment]
                tokens: dict[str, str] = seeded[name]["tokens"]  # type: ignore[assignment]
                share = ids[r * args.per_round : (r + 1) * args.per_round]
                before = cpu_seconds(servers[name])
                decided = wrk(
                    DECIDE_LUA, share, tokens["rus.approver"], args.seconds, bases[name], args.clients
                )
                results[name]["decisions"].append(ok_rate(decided))
                results[name]["decision_cpu"].append(per_request(before, servers[name], decided))
                if args.decisions_only:
                    print(
                        f"round {r + 1} {name}: {ok_rate(decided):.0f} decisions/s, "
                        f"{results[name]['decision_cpu'][-1]:.2f} ms of server CPU each",
                        flush=True,
                    )
                    continue
                before = cpu_seconds(servers[name])
                reads = wrk(READ_LUA, ids, tokens["kaz.approver"], args.seconds, bases[name], args.clients)
                results[name]["read_p99"].append(reads["p99_ms"])
                results[name]["reads"].append(reads["rps"])
                results[name]["read_cpu"].append(per_request(before, servers[name], reads))
                for page in PAGES:
                    results[name][page].append(page_p99(bases[name], cookies[name], page, args.seconds, 8))
                print(
                    f"round {r + 1} {name}: {ok_rate(decided):.0f} decisions/s "
                    f"({results[name]['decision_cpu'][-1]:.2f} ms CPU each), {reads['rps']:.0f} reads/s "
                    f"({results[name]['read_cpu'][-1]:.2f} ms CPU each), read p99 {reads['p99_ms']:.1f} ms, "
                    + ", ".join(f"{p} p99 {results[name][p][-1]:.1f} ms" for p in PAGES),
                    flush=True,
                )
            tps.append(pgbench_tps(bench_db, args.clients, args.seconds))
            print(f"round {r + 1} pgbench TPC-B scale {args.clients}: {tps[-1]:.0f} tps", flush=True)
    med = {name: {k: statistics.median(v) for k, v in m.items() if v} for name, m in results.items()}
    b, t = med["base"], med["this"]
    if args.decisions_only:
        ratio = t["decisions"] / b["decisions"]
        print(
            f"\ndecisions/s, median of {args.rounds} rounds: base {base_rev} {b['decisions']:.0f}, this checkout "
            f"{t['decisions']:.0f} ({ratio:.2f}x); pgbench TPC-B at scale {args.clients}: "
            f"{statistics.median(tps):.0f} tps (this checkout "
            f"{t['decisions'] / statistics.median(tps):.3f}); server CPU a decision: "
            f"base {b['decision_cpu']:.2f} ms, this checkout {t['decision_cpu']:.2f} ms"
        )
        return finish("pair_transit", [Target(f"decisions/s against {base_rev}", ratio, 0.9, "ratio", "min")])
    print(f"\n| measure (median of {args.rounds} rounds) | base {base_rev} | this checkout | this / base |")
    print("|---|---|---|---|")
    print(
        f"| decisions/s (wrk, {args.clients} connections) | {b['decisions']:.0f} | {t['decisions']:.0f} "
        f"| {t['decisions'] / b['decisions']:.2f} |"
    )
    print(
        f"| decisions / pgbench TPC-B ({statistics.median(tps):.0f} tps) | {b['decisions'] / statistics.median(tps):.3f} "
        f"| {t['decisions'] / statistics.median(tps):.3f} | - |"
    )
    for key, what in (
        ("decision_cpu", "server CPU a decision (ms)"),
        ("reads", f"case reads/s (wrk, {args.clients} connections)"),
        ("read_cpu", "server CPU a case read (ms)"),
    ):
        print(f"| {what} | {b[key]:.2f} | {t[key]:.2f} | {t[key] / b[key]:.2f} |")
    print(
        f"| case read p99 (wrk, {args.clients} connections) | {b['read_p99']:.1f} ms | {t['read_p99']:.1f} ms "
        f"| {t['read_p99'] / b['read_p99']:.2f} |"
    )
    for page in PAGES:
        print(
            f"| page {page} p99 (8 connections, requester) | {b[page]:.1f} ms | {t[page]:.1f} ms "
            f"| {t[page] / b[page]:.2f} |"
        )
    targets = [
        Target(f"decisions/s against {base_rev}", t["decisions"] / b["decisions"], 0.9, "ratio", "min"),
        Target(f"case read p99 against {base_rev}", t["read_p99"] / b["read_p99"], 1.1, "ratio"),
    ] + [Target(f"page {p} p99 against {base_rev}", t[p] / b[p], 1.1, "ratio") for p in PAGES]
    return finish("pair_transit", targets)


if __name__ == "__main__":
    sys.exit(main())

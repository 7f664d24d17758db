"""Pages of this checkout against an earlier revision, side by side on one seeded database, paired in one run.

Two runs of bench_pages.py minutes apart on a shared machine differ by a third or more (the speed of the
machine itself moves: /health answered 1,110 and 1,808 requests a second in two runs of one session), which
hides changes of that size.  This script seeds one database (a fresh PostgreSQL schema, dropped at the end) at
each size with bench_pages' data, starts both revisions' `sofadesk serve` (2 workers each) on it, and then, page
after page, warms both up and measures them in turn with wrk (which goes first alternates by round).  Reported
per page: each revision's p95, requests a second and server CPU time a request in every round (the server
process and its workers, read from /proc: what a change to a page's code saves, whatever else the machine is
doing), and the ratio of requests a second, this checkout over the base.  Both revisions must share the
schema: the script refuses a base whose migrations differ from this checkout's.

  .venv/bin/python benchmarks/pair_pages.py --pg postgresql://postgres@127.0.0.1:5432/test --base REV
      [--sizes 1000,100000] [--seconds 5] [--rounds 2]

The base runs from a temporary `git worktree` (removed at the end) with this checkout's virtual environment.
A comparison, not a target: it states none and exits 0 (bench_pages.py holds the page targets).  Not run by
`benchmarks/run`: it needs the repository's history.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

import bench_pages
from _page_seed import seed
from _timing import cpu_seconds
from pair_transit import worktree

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path("src/sofadesk/db/migrations/versions")
PAGES = [page for page in bench_pages.PAGES if page[0] != "baseline: /health"]


def _migrations(tree: Path) -> set[str]:
    return {p.name for p in (tree / MIGRATIONS).glob("*.py")}


def _serve(src: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    server = subprocess.Popen(
        [sofadesk, "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(src), "SOFADESK_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            if server.poll() is not None:
                break
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"the server of {src} on port {port} did not answer /health")


def compare(url: str, size: int, sides: dict[str, Path], seconds: float, rounds: int) -> None:
    ports = {"base": bench_pages.PORT + 11, "this": bench_pages.PORT + 12}
    servers: dict[str, int] = {}
    with ExitStack() as stack:
        for name, src in sides.items():
            server = _serve(src, url, ports[name])
            servers[name] = server.pid
            stack.callback(lambda s=server: (s.terminate(), s.wait(timeout=30)))
        pages = list(PAGES)
        bench_pages.PORT = ports["base"]  # the cursors as the base's pages link them (the same encoding)
        hops = min(size // 50 // 2, 20)
        deep = bench_pages.deep_page("usa.requester", "/transits", hops)
        pages.append(("transit list, a deep page (cursor)", "usa.requester", [deep]))
        following = bench_pages.deep_page("rus.approver", "/decisions", 1)
        pages.append(("decisions list, next page (cursor)", "rus.approver", [following]))
        for page, user, paths in pages:
            # Per round: p95 (ms), requests a second, server CPU a request (ms).
            measured: dict[str, list[tuple[float, float, float]]] = {"base": [], "this": []}
            for name in sides:  # warm-up: both workers of each server compile their statements and templates
                bench_pages.PORT = ports[name]
                bench_pages.concurrent(user, paths, 2)
            for n in range(rounds):
                for name in ("base", "this") if n % 2 == 0 else ("this", "base"):
                    bench_pages.PORT = ports[name]
                    before = cpu_seconds(servers[name])
                    p95, count = bench_pages.concurrent(user, paths, seconds)
                    cpu_ms = (cpu_seconds(servers[name]) - before) * 1000 / max(count, 1)
                    measured[name].append((p95, count / seconds, cpu_ms))
            ratio = sum(r for _, r, _ in measured["this"]) / sum(r for _, r, _ in measured["base"])
            shown = "; ".join(
                f"{name} p95 {'/'.join(f'{p:.0f}' for p, _, _ in runs)} ms, "
                f"{'/'.join(f'{r:.0f}' for _, r, _ in runs)} requests/s, "
                f"{'/'.join(f'{c:.1f}' for _, _, c in runs)} ms CPU a request"
                for name, runs in measured.items()
            )
            print(f"{size:,} cases, {page}: {shown}; requests/s this/base {ratio:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", required=True, help="PostgreSQL URL; a fresh schema per size, dropped after")
    parser.add_argument("--base", required=True, help="the earlier revision (any git revision)")
    parser.add_argument("--sizes", default="1000,100000", help="numbers of transits, comma-separated")
    parser.add_argument("--seconds", type=float, default=5, help="how long wrk loads each page per round")
    parser.add_argument("--rounds", type=int, default=2, help="measurements of each revision per page")
    args = parser.parse_args()
    with worktree(args.base) as old:
        if _migrations(old) != _migrations(ROOT):
            raise SystemExit(
                f"{args.base} has other migrations than this checkout: its pages need their own database"
            )
        sides = {"base": old / "src", "this": ROOT / "src"}
        for size in (int(s) for s in args.sizes.split(",")):
            url = bench_pages._database(args.pg, Path("."))
            try:
                seed(url, size, max(size // 25, 1))
                compare(url, size, sides, args.seconds, args.rounds)
            finally:
                bench_pages._drop(args.pg, url)


if __name__ == "__main__":
    main()

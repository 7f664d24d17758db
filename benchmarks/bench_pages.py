"""Page benchmark (issues 6 and 18): p95 of every list and dashboard page and of the search page with 8
concurrent clients, at 1,000, 10,000 and 100,000 cases.

For each size a fresh database (an SQLite file, or with --pg a fresh PostgreSQL schema) is seeded in bulk
(benchmarks/_page_seed.py: a few cases through the services, then copied with multi-row inserts): N
Riga - Termez transits of the United States, submitted, each awaiting Latvia's, Russia's, Kazakhstan's and
Uzbekistan's decisions (Russia decided a third), and N/25 exercises hosted by Germany.  `sofadesk serve` answers
on 127.0.0.1 with one worker per core (`--workers`, as the production layout runs a node; `--workers 1` for
one process).  For each page, `wrk` (Debian's package: a C client, so that the load generator takes little
of the cores the server shares with it) keeps 8 signed-in connections busy for `--seconds`, one request
outstanding on each, and reports the p95 of the request times on loopback (an upper bound of the server time)
and any response that is not 200.  The baseline in the same run is /health (SELECT 1).  Temporary databases are
removed at the end.

Targets (benchmarks/_targets.py; exit status 1 on a miss): every page p95 under 100 ms at the largest size and
at 1,000 cases.
Run:  .venv/bin/python benchmarks/bench_pages.py [--sizes 1000,10000,100000] [--pg postgresql://...] [--small]
      [--workers N] [--seconds S]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _page_seed import seed
from _targets import Target, finish

PORT = 8798
CLIENTS = 8
TARGET_MS = 100.0


def _database(pg: str | None, folder: Path) -> str:
    if not pg:
        return f"sqlite:///{folder / f'pages-{uuid.uuid4().hex[:6]}.db'}"
    import psycopg

    schema = f"sofadesk_pages_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg.replace('postgresql+psycopg://', 'postgresql://')}?options=-csearch_path%3D{schema}"


def _drop(pg: str | None, url: str) -> None:
    if pg:
        import psycopg

        with psycopg.connect(pg.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{url.split("search_path%3D")[1]}" CASCADE')


def signed_in(username: str) -> httpx.Client:
    client = httpx.Client(base_url=f"http://127.0.0.1:{PORT}", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
    assert token
    r = client.post(
        "/sign-in", data={"username": username, "password": "demo-password", "csrf_token": token.group(1)}
    )
    assert r.status_code in (200, 303), r.text
    return client


WRK_LUA = """
local paths = {%s}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
local n = 0
other = 0  -- a global of each thread's Lua state: done() reads it with thread:get
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then other = other + 1 end
end
done = function(summary, latency, requests)
  local not200 = 0
  for _, thread in ipairs(threads) do not200 = not200 + thread:get("other") end
  io.write(string.format("p95_us %%.0f\\n", latency:percentile(95.0)))
  io.write(string.format("requests %%d\\n", summary.requests))
  io.write(string.format("bad %%d\\n", not200 + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def concurrent(username: str, paths: list[str], seconds: float) -> tuple[float, int]:
    """`CLIENTS` connections signed in as `username` request `paths` in turn for `seconds`: the p95 in ms and the
    number of requests.  Any answer other than 200 (a redirect to the sign-in page included) stops the run."""
    client = signed_in(username)
    try:
        for path in paths:  # warm-up: templates compiled, statements cached, connections open
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    finally:
        client.close()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA % ", ".join(f'"{p}"' for p in paths))
        script = fh.name
    try:
        out = subprocess.run(
            # A slow page is measured, not cut off at wrk's default 2 s (a timeout would be counted as a failure).
            ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds:g}s", "--timeout", "30s", "-s", script, "-H", f"Cookie: {cookie}",
             f"http://127.0.0.1:{PORT}"],
            check=True, capture_output=True, text=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    finally:
        os.unlink(script)
    found = dict(
        line.split() for line in out.splitlines() if line.split()[:1] in (["p95_us"], ["requests"], ["bad"])
    )
    if int(found["bad"]):
        raise SystemExit(
            f"{found['bad']} of {found['requests']} requests for {paths} did not answer 200:\n{out}"
        )
    return int(found["p95_us"]) / 1000, int(found["requests"])


def deep_page(username: str, path: str, hops: int) -> str:
    """The address of the list page `hops` Next links after the first (a cursor deep in the list)."""
    client = signed_in(username)
    try:
        for _ in range(hops):
            found = re.search(r'<a href="([^"]+)" rel="next"', client.get(path).text)
            if not found:
                break
            path = found.group(1).replace("&amp;", "&")
    finally:
        client.close()
    return path


PAGES = [  # name, user, paths
    ("baseline: /health", "usa.requester", ["/health"]),
    ("dashboard, requester", "usa.requester", ["/"]),
    ("dashboard, approver (Russia)", "rus.approver", ["/"]),
    ("dashboard, planner (Germany)", "deu.planner", ["/"]),
    ("decisions list, approver (Russia)", "rus.approver", ["/decisions"]),
    ("transit list, first page", "usa.requester", ["/transits"]),
    ("transit list, Russia's view", "rus.approver", ["/transits"]),
    ("exercise list", "deu.planner", ["/exercises"]),
    (
        "search (place, State, reference)",
        "usa.requester",
        ["/search?q=Sebezh", "/search?q=Russia", "/search?q=TR-USA"],
    ),
    # A word no case holds: without the trigram index (PostgreSQL, migration 0014) every visible case's
    # revision is read before the page can say so.
    ("search, a word in no case", "usa.requester", ["/search?q=Zephyrine"]),
]


def measure(url: str, cases: int, seconds: float, workers: int) -> dict[str, float]:
    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sofadesk, "serve", "--port", str(PORT), "--workers", str(workers)],
                              env={**os.environ, "SOFADESK_DATABASE_URL": url},
                              stdout=subprocess.DEVNULL, stderr=log)  # fmt: skip
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{PORT}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        else:
            raise SystemExit(f"the server on port {PORT} did not answer /health within 30 s")
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped (exit {server.returncode}):\n{log.read().decode()[-2000:]}")
        pages = list(PAGES)
        hops = min(cases // 50 // 2, 20)
        pages.append(("transit list, a deep page (cursor)", "usa.requester", [deep_page("usa.requester", "/transits", hops)]))  # fmt: skip
        pages.append(("decisions list, next page (cursor)", "rus.approver", [deep_page("rus.approver", "/decisions", 1)]))  # fmt: skip
        result = {}
        for name, user, paths in pages:
            result[name], count = concurrent(user, paths, seconds)
            print(f"  {cases:,} cases: {name} p95 {result[name]:.1f} ms ({count / seconds:.0f} requests/s)", flush=True)  # fmt: skip
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="PostgreSQL URL; a fresh schema per size, dropped after")
    parser.add_argument("--sizes", default="1000,10000,100000", help="numbers of transits, comma-separated")
    parser.add_argument("--seconds", type=float, default=8, help="how long wrk loads each page")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: one per core)"
    )
    parser.add_argument(
        "--small", action="store_true", help="a CI-sized run: 200 and 1,000 cases, 3 s a page"
    )
    parser.add_argument("--port", type=int, default=PORT, help="the server's port (two runs side by side)")
    args = parser.parse_args()
    PORT = args.port
    sizes = [200, 1000] if args.small else [int(s) for s in args.sizes.split(",")]
    seconds = 3 if args.small else args.seconds
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    backend = "PostgreSQL" if args.pg else "SQLite"
    folder = Path(tempfile.mkdtemp(prefix="sofadesk-pages-"))
    results: dict[int, dict[str, float]] = {}
    try:
        for size in sizes:
            url = _database(args.pg, folder)
            try:
                started = time.perf_counter()
                seed(url, size, max(size // 25, 1))
                print(f"{backend}: seeded {size:,} transits and {max(size // 25, 1):,} exercises in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
                results[size] = measure(url, size, seconds, args.workers)
                print(f"{backend}, {size:,} cases, p95 ms: " + ", ".join(f"{k} {v:.1f}" for k, v in results[size].items()), flush=True)  # fmt: skip
            finally:
                _drop(args.pg, url)
                for f in folder.glob("*.db*"):
                    f.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    names = list(results[sizes[0]])
    first = sizes[0] if 1000 not in results else 1000
    print(
        f"\n{backend}, {CLIENTS} wrk connections, {seconds:g} s per page, {args.workers} server worker(s); p95 ms (ratio to {first:,})\n"
    )
    print("| Page | " + " | ".join(f"{s:,} cases" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in names:
        cells = [f"{results[s][name]:.1f} ({results[s][name] / results[first][name]:.2f}×)" for s in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")
    checked = {sizes[-1], 1000} & set(sizes)
    targets = [Target(f"{backend}: {name} p95 at {s:,} cases ({CLIENTS} clients, {args.workers} worker(s))", results[s][name], TARGET_MS, "ms")
               for s in sorted(checked) for name in names if not name.startswith("baseline")]  # fmt: skip
    sys.exit(finish("bench_pages", targets))


if __name__ == "__main__":
    main()

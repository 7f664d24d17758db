"""Registry benchmarks (issue 2): cold `sofadesk coverage` and one million in-process questions.

Each figure is reported next to a baseline measured in the same run on the same machine:
- the cold CLI against a bare `python -c pass` start;
- the in-process questions against the same loop calling a no-op function.

Targets (issue 2): the cold CLI answer under 0.4 s (median); a million in-process answers under 5 s (smaller runs
are scaled to a million).  Exits non-zero on a miss (benchmarks/_targets.py).

Run:  .venv/bin/python benchmarks/bench_registry.py [--runs 15] [--questions 1000000] [--small]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _targets import Target, finish
from _timing import cold
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.shipped import load_shipped


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--small", action="store_true", help="CI size: 5 cold runs, 50,000 questions")
    args = parser.parse_args()
    if args.small:
        args.runs, args.questions = min(args.runs, 5), min(args.questions, 50_000)

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "SOFADESK_DATA_DIR": data_dir}
        env.pop("SOFADESK_DATABASE_URL", None)
        cli = [str(bin_dir / "sofadesk"), "coverage", "RUS", "USA", "--on", "2008-01-01", "--json"]
        subprocess.run(cli, env=env, check=True, capture_output=True)  # first run sets the database up
        bare = cold([sys.executable, "-c", "pass"], args.runs, env)
        sqla = cold([sys.executable, "-c", "import sqlalchemy"], args.runs, env)
        cold_answer = cold(cli, args.runs, env)

    registry = load_shipped()
    engine = InForceEngine(registry)
    codes = sorted(registry.states)
    rng = random.Random(2005)
    lo, hi = date(1950, 1, 1).toordinal(), date(2030, 12, 31).toordinal()
    questions = [(rng.choice(codes), rng.choice(codes), rng.randint(lo, hi)) for _ in range(args.questions)]

    def noop(s: str, r: str, d: int) -> None:
        return None

    start = time.perf_counter()
    for s, r, d in questions:
        noop(s, r, d)
    baseline = time.perf_counter() - start

    answer = engine.answer_ordinal
    start = time.perf_counter()
    for s, r, d in questions:
        answer(s, r, d)
    bulk = time.perf_counter() - start

    # The harder mix: both States drawn from those recorded under an instrument.
    parties = sorted({code for (_, code) in registry.participations})
    party_questions = [(rng.choice(parties), rng.choice(parties), d) for _, _, d in questions]
    start = time.perf_counter()
    for s, r, d in party_questions:
        answer(s, r, d)
    bulk_parties = time.perf_counter() - start

    explained = [(s, r, d) for s, r, d in questions[:20_000] if s != r][:10_000]
    start = time.perf_counter()
    for s, r, d in explained:
        explain_coverage(engine, registry.states[s], registry.states[r], date.fromordinal(d))
    explain = (time.perf_counter() - start) / len(explained)

    med_bare, med_answer = statistics.median(bare), statistics.median(cold_answer)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| measure | figure | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| `sofadesk coverage` cold, median of {args.runs} | {med_answer:.3f} s (p95 {p95(cold_answer):.3f} s) "
        f"| `python -c pass` {med_bare:.3f} s | {med_answer / med_bare:.1f}x | < 0.4 s |"
    )
    print(
        f"| for scale: `python -c 'import sqlalchemy'` | {statistics.median(sqla):.3f} s "
        f"| `python -c pass` {med_bare:.3f} s | {statistics.median(sqla) / med_bare:.1f}x | - |"
    )
    print(
        f"| {args.questions:,} full answers in-process, random pairs of all {len(codes)} ISO States | {bulk:.2f} s "
        f"| no-op loop {baseline:.2f} s | {bulk / baseline:.1f}x | < 5 s |"
    )
    print(
        f"| {args.questions:,} full answers in-process, pairs of the {len(parties)} recorded States "
        f"| {bulk_parties:.2f} s | no-op loop {baseline:.2f} s | {bulk_parties / baseline:.1f}x | < 5 s |"
    )
    print(f"| one explained answer (reasons, citations) | {explain * 1e6:.0f} us | - | - | - |")
    per_million = 1_000_000 / args.questions
    return finish("bench_registry", [
        Target(f"sofadesk coverage cold, median of {args.runs}", med_answer, 0.4, "s"),
        Target("a million in-force answers in-process, all ISO States", bulk * per_million, 5.0, "s"),
        Target("a million in-force answers in-process, recorded States", bulk_parties * per_million, 5.0, "s"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

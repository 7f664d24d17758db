"""Exercise benchmarks (issue 5): training-area deconfliction and the per-day coverage check, in-process.

- Deconfliction of 10,000 bookings across 500 areas (target < 0.5 s), and how it scales from 1,000 to 100,000
  bookings.  Baseline in the same run: sorting the same bookings by (area, first day) with Python's sorted(),
  which any approach has to do in some form.
- Coverage of an exercise with 30 participants over 60 days (target < 10 ms), one participant (Russia, autumn
  2007) not covered for part of it so that the explanation path runs too.  Baseline in the same run: 1,800
  bare in-force answers (30 x 60), the questions the check has to ask.

Exits non-zero when a target is missed (benchmarks/_targets.py).

Run:  .venv/bin/python benchmarks/bench_exercise.py [--runs 15] [--small]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from _targets import Target, finish
from sofadesk.cases.exercise.coverage import exercise_coverage
from sofadesk.cases.exercise.deconfliction import Booking, find_clashes
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.shipped import load_shipped

YEAR = date(2027, 1, 1)


def bookings(n: int, areas: int, seed: int = 5) -> list[Booking]:
    """n bookings spread over one year, 3 to 21 days each, on `areas` areas, by n / 2 exercises."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        first = YEAR + timedelta(days=rng.randrange(365))
        out.append(Booking(i, rng.randrange(max(1, n // 2)), rng.randrange(areas), first,
                           first + timedelta(days=rng.randrange(3, 22) - 1)))  # fmt: skip
    return out


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--small", action="store_true", help="CI size: 3 runs, no 100,000 or density rows")
    args = parser.parse_args()
    if args.small:
        args.runs = min(args.runs, 3)
    at_10k = 0.0

    print("Deconfliction (median of runs; ratio = time / sorted() of the same bookings)")
    print(
        f"{'bookings':>9} {'areas':>6} {'clashes':>8} {'time ms':>9} {'sort ms':>8} {'ratio':>6} {'us/booking':>11}"
    )
    sizes = ((1_000, 50), (10_000, 500)) if args.small else ((1_000, 50), (10_000, 500), (100_000, 5_000))
    for n, areas in sizes:
        data = bookings(n, areas)
        base, _ = timed(lambda d=data: sorted(d, key=lambda b: (b.area_id, b.first_day)), args.runs)  # type: ignore[misc]
        took, clashes = timed(lambda d=data: find_clashes(d), args.runs)  # type: ignore[misc]
        print(f"{n:>9,} {areas:>6,} {len(clashes):>8,} {took * 1e3:>9.1f} {base * 1e3:>8.1f} {took / base:>6.1f} "
              f"{took / n * 1e6:>11.2f}")  # fmt: skip
        if n == 10_000:
            at_10k = took
    # Density: the same 10,000 bookings squeezed onto fewer areas, so more run at once on each.
    for areas in () if args.small else (100, 20):
        data = bookings(10_000, areas)
        took, clashes = timed(lambda d=data: find_clashes(d), max(3, args.runs // 3))  # type: ignore[misc]
        print(f"{10_000:>9,} {areas:>6,} {len(clashes):>8,} {took * 1e3:>9.1f}   (denser areas)")

    engine = InForceEngine(load_shipped())
    parties = sorted(s for (a, s) in engine.registry.participations if a == "pfp-sofa")
    participants = [*[s for s in parties if s not in ("DEU", "RUS")][:29], "RUS"]
    first, last = date(2007, 9, 1), date(2007, 10, 30)
    assert len(participants) == 30 and (last - first).days + 1 == 60
    exercise_coverage(engine, "DEU", participants, first, last)  # warm the engine's per-pair standings

    def bare() -> None:
        for p in participants:
            for n in range(60):
                engine.answer_ordinal(p, "DEU", first.toordinal() + n)

    base, _ = timed(bare, args.runs * 5)
    took, result = timed(lambda: exercise_coverage(engine, "DEU", participants, first, last), args.runs * 5)
    flagged = [c.state for c in result if c.status != "ok"]
    print("\nCoverage check, 30 participants x 60 days, host DEU, autumn 2007 (median)")
    print(
        f"  check {took * 1e3:.2f} ms; 1,800 bare answers {base * 1e3:.2f} ms; ratio {took / base:.1f}; "
        f"flagged: {', '.join(flagged) or 'none'}"
    )
    return finish("bench_exercise", [
        Target("deconfliction, 10,000 bookings across 500 areas, median", at_10k * 1e3, 500, "ms"),
        Target("coverage check, 30 participants x 60 days, median", took * 1e3, 10, "ms"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

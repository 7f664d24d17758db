"""Targets a benchmark can miss: every script states what it must reach, prints measured against target, and
exits non-zero when any target is missed (issue 18, item 5).

A script builds its `Target`s and ends with `sys.exit(finish("bench_name", targets))`.  When the environment
variable SOFADESK_BENCH_OUT names a file, the results are appended to it as JSON lines, one per target, which
`benchmarks/run` gathers into the table BENCHMARKS.md shows.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Target:
    name: str  # what was measured, e.g. "approver dashboard p95 at 100,000 cases (8 clients)"
    measured: float
    limit: float
    unit: str  # "ms", "s", "ratio", "MB", ...
    # "max": the measurement must stay at or under the limit (a time); "min": at or over it (a throughput ratio)
    kind: str = "max"

    @property
    def met(self) -> bool:
        return self.measured <= self.limit if self.kind == "max" else self.measured >= self.limit

    def line(self) -> str:
        sign = "≤" if self.kind == "max" else "≥"
        verdict = "met" if self.met else "MISSED"
        return f"{self.name}: {self.measured:.4g} {self.unit} (target {sign} {self.limit:g} {self.unit}) {verdict}"


def finish(bench: str, targets: list[Target]) -> int:
    """Print every target with its verdict, record them for `benchmarks/run`, and give the exit status."""
    print(f"\n{bench}: targets")
    for target in targets:
        print("  " + target.line())
    out = os.environ.get("SOFADESK_BENCH_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as sink:
            for target in targets:
                sink.write(json.dumps({"bench": bench, **asdict(target), "met": target.met}) + "\n")
    missed = [t for t in targets if not t.met]
    if missed:
        print(f"{bench}: {len(missed)} of {len(targets)} targets missed")
        return 1
    return 0

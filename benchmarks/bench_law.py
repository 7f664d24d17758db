"""Law benchmarks (issue 3): one jurisdiction or claim-share decision in-process, and `sofadesk law decide` cold.

Baselines measured in the same run: a no-op Python function call (in-process) and `python -c pass` (cold).
Facts are validated once beforehand: the figure is the rule itself, as case workflows call it.

Targets (issue 3): a decision in-process under 20 us; the cold CLI under 0.4 s.  Exits non-zero on a miss.

Run:  .venv/bin/python benchmarks/bench_law.py [--runs 15] [--small]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from _targets import Target, finish
from _timing import cold
from sofadesk.law.rules.art_07_criminal_jurisdiction import JurisdictionFacts, decide_jurisdiction
from sofadesk.law.rules.art_08_cost_sharing import ClaimShareFacts, decide_claim_share

JURISDICTION: dict[str, Any] = {
    "sending_state": "USA",
    "receiving_state": "RUS",
    "regime": {"instrument": "pfp-sofa", "additional_protocol": False, "non_nato_sofa_party_involved": True},
    "accused": {
        "category": "member_of_force",
        "subject_to_sending_state_military_law": True,
        "in_hands_of": "sending_state",
    },
    "offence": {
        "description": "Fatal collision during a convoy",
        "date": "2009-06-15",
        "punishable_by_sending_state": True,
        "punishable_by_receiving_state": True,
        "solely_against": "other",
        "official_duty": "no",
    },
}
SHARE: dict[str, Any] = {
    "receiving_state": "DEU",
    "amount": "100000.00",
    "currency": "EUR",
    "basis": "attributable",
    "responsible_states": ["USA", "GBR", "FRA"],
}


def per_call(fn: Callable[[], object], calls: int = 2000, repeats: int = 15) -> float:
    """The least disturbed of `repeats` batches: time per call, in seconds.  The minimum, as timeit advises: on a
    shared 2-core machine the same batch measured 23-48 us a call from one second to the next (other processes
    taking the core), and the slower batches measure them, not the rule."""
    repeats = min(repeats, REPEATS)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls)
    return min(samples)


REPEATS = 15


def main() -> int:
    global REPEATS
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--small", action="store_true", help="CI size: 5 batches, 3 cold runs")
    args = parser.parse_args()
    if args.small:
        REPEATS, args.runs = 5, min(args.runs, 3)

    jf = JurisdictionFacts.model_validate(JURISDICTION)
    sf = ClaimShareFacts.model_validate(SHARE)

    def noop() -> None:
        return None

    base = per_call(noop)
    juris = per_call(lambda: decide_jurisdiction(jf))
    share = per_call(lambda: decide_claim_share(sf))
    validate = per_call(lambda: JurisdictionFacts.model_validate(JURISDICTION), calls=500)

    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SOFADESK_DATA_DIR": tmp}
        env.pop("SOFADESK_DATABASE_URL", None)
        explicit = Path(tmp) / "explicit.yaml"
        explicit.write_text(yaml.safe_dump(JURISDICTION))
        from_registry = Path(tmp) / "registry.yaml"
        from_registry.write_text(yaml.safe_dump({k: v for k, v in JURISDICTION.items() if k != "regime"}))
        subprocess.run(
            [sofadesk, "coverage", "RUS", "USA"], env=env, check=True, capture_output=True
        )  # set-up
        bare = cold([sys.executable, "-c", "pass"], args.runs, env)
        c_explicit = cold(
            [sofadesk, "law", "decide", "jurisdiction", "--facts", str(explicit), "--json"], args.runs, env
        )
        c_registry = cold(
            [sofadesk, "law", "decide", "jurisdiction", "--facts", str(from_registry), "--json"],
            args.runs,
            env,
        )

    mb = statistics.median(bare)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| measure | figure | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| one jurisdiction decision in-process, least disturbed batch | {juris * 1e6:.1f} us | no-op call {base * 1e6:.3f} us | {juris / base:.0f}x | < 20 us |"
    )
    print(
        f"| one claim-share decision in-process, least disturbed batch | {share * 1e6:.1f} us | no-op call {base * 1e6:.3f} us | {share / base:.0f}x | < 20 us |"
    )
    print(
        f"| for scale: validating the jurisdiction facts (pydantic) | {validate * 1e6:.1f} us | - | - | - |"
    )
    print(
        f"| `sofadesk law decide jurisdiction` cold, regime given, median of {args.runs} | {statistics.median(c_explicit):.3f} s | `python -c pass` {mb:.3f} s | {statistics.median(c_explicit) / mb:.1f}x | < 0.4 s |"
    )
    print(
        f"| the same, regime worked out from the registry | {statistics.median(c_registry):.3f} s | `python -c pass` {mb:.3f} s | {statistics.median(c_registry) / mb:.1f}x | < 0.4 s |"
    )
    return finish("bench_law", [
        Target("one jurisdiction decision in-process, least disturbed batch", juris * 1e6, 20, "us"),
        Target("one claim-share decision in-process, least disturbed batch", share * 1e6, 20, "us"),
        Target("sofadesk law decide jurisdiction cold, regime given", statistics.median(c_explicit), 0.4, "s"),
        Target("the same, regime from the registry", statistics.median(c_registry), 0.4, "s"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

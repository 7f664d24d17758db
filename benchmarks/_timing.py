"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import subprocess
import time


def cold(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall times of `runs` fresh processes running `cmd`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times

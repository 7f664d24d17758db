"""benchmarks/run gathers what every script states about its targets into benchmarks/RESULTS.md's table and
fails when a target is missed; a real script's --small mode runs through it, so neither can rot unnoticed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "benchmarks" / "run"

FAKE = """
import sys
sys.path.insert(0, {benchmarks!r})
from _targets import Target, finish
sys.exit(finish("bench_fake", [
    Target("fast enough", 3.0, 5.0, "ms"),
    Target("throughput share", {share}, 0.15, "ratio", "min"),
]))
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)  # fmt: skip


def test_a_missed_target_fails_the_run_and_is_marked_in_the_table(tmp_path: Path) -> None:
    script = tmp_path / "bench_fake.py"
    out = tmp_path / "RESULTS.md"
    script.write_text(FAKE.format(benchmarks=str(ROOT / "benchmarks"), share=0.10))
    missed = _run("--dir", str(tmp_path), "--out", str(out))
    assert missed.returncode == 1, missed.stdout + missed.stderr
    table = out.read_text()
    assert "| bench_fake | fast enough | 3 ms | ≤ 5 ms | yes |" in table
    assert "| bench_fake | throughput share | 0.1 ratio | ≥ 0.15 ratio | **no** |" in table
    script.write_text(FAKE.format(benchmarks=str(ROOT / "benchmarks"), share=0.20))
    met = _run("--dir", str(tmp_path), "--out", str(out))
    assert met.returncode == 0, met.stdout + met.stderr
    assert "**no**" not in out.read_text() and "| 0.2 ratio | ≥ 0.15 ratio | yes |" in out.read_text()


def test_a_real_benchmark_runs_small_through_the_runner(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    done = _run("--small", "--only", "bench_exercise", "--out", str(out))
    table = out.read_text()
    rows = [line for line in table.splitlines() if line.startswith("| bench_exercise |")]
    assert [row.split(" | ")[1] for row in rows] == [
        "deconfliction, 10,000 bookings across 500 areas, median",
        "coverage check, 30 participants x 60 days, median",
    ], done.stdout + done.stderr
    # The verdict follows the figures (a busy machine may miss a target; the runner must then say so).
    assert done.returncode == (1 if "**no**" in table else 0), done.stdout + done.stderr
    assert "--small (CI size)" in table and "stated no target" not in table

"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def cold(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall times of `runs` fresh processes running `cmd`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def cpu_seconds(pid: int) -> float:
    """User and system CPU time used so far by the process `pid` and its children (a server and its workers),
    from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # a process that ended meanwhile
            continue
        # The command name (field 2) may hold spaces: the fields are counted after its closing parenthesis.
        fields = text[text.rindex(")") + 2 :].split()
        own, parent = int(stat.parent.name), int(fields[1])
        if pid in (own, parent):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def server_on(base: str) -> int:
    """The process id of the `sofadesk serve` listening at `base` (http://host:port), from its command
    line."""
    port = base.rsplit(":", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            b"serve" in args
            and b"--port" in args
            and args[args.index(b"--port") + 1 : args.index(b"--port") + 2] == [port.encode()]
        ):
            return int(cmdline.parent.name)
    raise SystemExit(f"no sofadesk serve process listens at {base}")

"""Several API nodes for tests: `sofadesk serve` processes on their own 127.0.0.1 ports, as separate hosts would
run it, against one database.  Always stopped at the end, killed if they do not stop in time."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import httpx

from tests.servers import free_port

START_SECONDS = 180  # a bound, not the usual: a loaded 2-core machine has taken over 90 s to import the app


@contextmanager
def api_nodes(
    database_url: str, count: int = 2, env: dict[str, str] | None = None, workers: int = 1
) -> Iterator[list[str]]:
    """`count` API nodes (each `workers` processes) serving `database_url`; yields their base URLs once each
    answers /health."""
    environment = {**os.environ, "SOFADESK_DATABASE_URL": database_url, **(env or {})}
    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    ports = [free_port() for _ in range(count)]
    processes: list[subprocess.Popen[bytes]] = []
    # A file, not a pipe, for each node's log: a pipe nobody reads would block a chatty server.
    files = ExitStack()
    logs = [files.enter_context(tempfile.TemporaryFile()) for _ in ports]  # noqa: SIM115 (closed by files)
    try:
        for port, log in zip(ports, logs, strict=True):
            processes.append(subprocess.Popen([sofadesk, "serve", "--port", str(port), "--workers", str(workers)], env=environment,
                                              stdout=subprocess.DEVNULL, stderr=log))  # fmt: skip
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + START_SECONDS
        for process, base, log in zip(processes, bases, logs, strict=True):
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    err = log.read().decode(errors="replace")
                    raise AssertionError(f"node {base} exited with {process.returncode}: {err[-2000:]}")
                with suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/health", timeout=10).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise AssertionError(f"node {base} did not answer within {START_SECONDS} s: {tail}")
                time.sleep(0.1)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        files.close()

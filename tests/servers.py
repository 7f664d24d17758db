"""A real HTTP server for tests that need one (browser, concurrency, limits): uvicorn with the app, in a thread,
on a free port of 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from sofadesk.web.app import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(database_url: str) -> Iterator[str]:
    """The application on `database_url`, served until the block ends; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(database_url), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")  # fmt: skip
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start within 20 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)

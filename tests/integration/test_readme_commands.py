"""The README's commands, run as a user runs them: separate processes of the installed `sofadesk`, from the
repository's root, on a fresh data directory, on SQLite and on PostgreSQL given by URL.

Every `sofadesk ...` line of the README's `sh` blocks is taken in order (so the README cannot drift from what
works): `sofadesk serve` is started, asked for its health and stopped; `sofadesk demo` runs without serving.
The set-up script `./scripts/demo` is run twice on the same data directory while a server answers pages from
the same virtual environment, and the test script's install step after it: neither may break the other.  The
PostgreSQL run is in test_readme_commands_pg.py, so that the two long runs go to different test workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.readme_user import BIN, ROOT, User, free_port, http_get, wait_until_up

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A server started from the same virtual environment, answering pages."""
    port = free_port()
    env = {**os.environ, "SOFADESK_DATA_DIR": str(tmp_path / "served")}
    env.pop("SOFADESK_DATABASE_URL", None)
    with subprocess.Popen([str(BIN / "sofadesk"), "serve", "--port", str(port)], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:  # fmt: skip
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", proc)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_it_runs_every_readme_command_on_the_embedded_database(tmp_path: Path) -> None:
    # Once: running `sofadesk demo` again on the same data is the PostgreSQL run's last step, and the demo script
    # below runs twice on one SQLite data directory.
    User(tmp_path / "data", None).readme()


def test_the_demo_script_runs_twice_and_leaves_a_running_server_whole(tmp_path: Path, served: str) -> None:
    if (
        not (ROOT / ".venv" / "bin" / "sofadesk").exists()
        or Path(sys.executable).parent != ROOT / ".venv" / "bin"
    ):
        pytest.skip("runs where the scripts' own .venv runs the tests (./scripts/test)")
    env = {**os.environ, "SOFADESK_DATA_DIR": str(tmp_path / "demo")}
    env.pop("SOFADESK_DATABASE_URL", None)
    for _ in range(2):
        result = subprocess.run(["./scripts/demo", "--no-serve"], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=600)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Try it yourself" in result.stdout
        assert http_get(f"{served}/sign-in")[0] == 200
    # What ./scripts/test does before it runs the checks: it must not undo the demo's install under a server.
    install = subprocess.run(["bash", "-c", "source scripts/_venv.sh && install_sofadesk test"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert install.returncode == 0, install.stderr
    assert http_get(f"{served}/sign-in")[0] == 200

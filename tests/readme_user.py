"""Running the README's commands as a user runs them (tests/integration/test_readme_commands*.py): each
`sofadesk ...` line of the README's `sh` blocks, in order, as a separate process of the installed command."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


def readme_commands() -> list[list[str]]:
    """Each `sofadesk` command line of the README's sh blocks, as argv, with `export VAR=value` lines kept as
    ["export", "VAR=value"] so that the sequence can apply them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("sofadesk", "export"):
                commands.append(words)
    return commands


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server stopped"
        try:
            if http_get(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 30 s")


class User:
    """Runs commands as a user at a shell, with the venv's commands on PATH."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        # A working directory of its own that has the repository's examples/ (the README's paths are relative
        # to the root): what a command writes (an .ics file) lands there, not in the working copy.
        self.cwd = data_dir.parent / f"{data_dir.name}-cwd"
        self.cwd.mkdir(parents=True, exist_ok=True)
        (self.cwd / "examples").symlink_to(ROOT / "examples")
        self.env = {**os.environ, "SOFADESK_DATA_DIR": str(data_dir), "PATH": f"{BIN}:{os.environ['PATH']}",
                    "COLUMNS": "100"}  # fmt: skip
        self.env.pop("SOFADESK_DATABASE_URL", None)
        self.database_url = database_url
        if database_url:
            self.env["SOFADESK_DATABASE_URL"] = database_url

    def run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(argv, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=300)
        shown = " ".join(argv)
        assert result.returncode == 0, (
            f"`{shown}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
        assert "Traceback" not in result.stderr and "Internal error" not in result.stderr, result.stderr
        return result

    def serve(self, argv: list[str]) -> None:
        port = free_port()
        args = [a for a in argv if a not in ("--port",) and not a.isdigit()] + ["--port", str(port)]
        with subprocess.Popen(args, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) as proc:  # fmt: skip
            try:
                wait_until_up(f"http://127.0.0.1:{port}/health", proc)
                status, body = http_get(f"http://127.0.0.1:{port}/sign-in")
                assert status == 200 and "password" in body
            finally:
                proc.terminate()
                proc.wait(timeout=20)

    def readme(self) -> None:
        for words in readme_commands():
            if words[0] == "export":
                name, _, value = words[1].partition("=")
                if name == "SOFADESK_DATABASE_URL" and self.database_url is None:
                    continue  # the embedded run stays embedded; the PostgreSQL run has its own URL already
                self.env[name] = self.database_url or value
            elif words[1:2] == ["serve"]:
                self.serve(words)
            elif words[1:2] == ["demo"]:
                self.run([*words, "--no-serve"])
            else:
                self.run(words)

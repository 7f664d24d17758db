"""Shared CLI plumbing: user errors (exit 2, no traceback), date parsing, consoles, JSON."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

out = Console(highlight=False, soft_wrap=False)
# An error is one line whatever the terminal's width: wrapped by rich, a script matching the message (or a test)
# would find it split by a newline; a terminal wraps a long line on screen by itself.
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_USAGE = 2

# Options every case command shares.
AsOpt = Annotated[
    str, typer.Option("--as", help="Act as this user of the local database (e.g. usa.requester).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def command(line: str) -> None:
    """A command for the user to copy: printed on one line whatever the terminal's width (a token wrapped in
    the middle cannot be pasted)."""
    out.print(Text(line), soft_wrap=True)


class UserError(Exception):
    """Bad input or an unusable environment: shown as one clear message, exit code 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def parse_day(value: str | None, option: str = "--on") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(
            f"{option}: {value!r} is not a valid date", "write it as YYYY-MM-DD, for example 2008-01-01"
        ) from None


def print_json(data: Any) -> None:
    """Plain data, a read model or a list of read models (pydantic), as indented JSON."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if hasattr(d, "model_dump") else d for d in data]
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def tri_word(value: bool | None) -> str:
    return "UNKNOWN" if value is None else ("YES" if value else "NO")


def tri_style(value: bool | None) -> str:
    return "yellow" if value is None else ("green" if value else "red")

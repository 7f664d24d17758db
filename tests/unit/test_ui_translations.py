"""Every text the interface's templates and pages show has a French and a Russian translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

UI = Path(__file__).parents[2] / "src" / "sofadesk" / "ui"
PATTERN = re.compile(r"""_\(\s*(["'])(.+?)\1""")
STATUSES = ("draft", "submitted", "more_information", "denied", "permitted", "in_movement", "completed", "withdrawn",
            "cancelled", "pending", "approved", "approved_with_conditions", "proposed", "in_execution",
            "after_action", "closed", "ok", "flag", "unknown", "info", "yes", "no")  # fmt: skip


def _used() -> set[str]:
    texts = set(STATUSES)
    for path in [*UI.glob("templates/*.html"), UI / "routes.py"]:
        texts.update(m.group(2) for m in PATTERN.finditer(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_every_text_is_translated(language: str) -> None:
    with (UI / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = sorted(t for t in _used() if not (catalog.get(t) and catalog.get(t).string))
    assert missing == []
    assert len(_used()) > 60

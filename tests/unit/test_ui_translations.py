"""Every text the interface's templates and pages show has a French and a Russian translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

UI = Path(__file__).parents[2] / "src" / "sofadesk" / "ui"
# `_("...")` in templates and `t(request, "...")` in the page modules.
PATTERN = re.compile(r"""(?:\b_\(|\bt\(request,)\s*(["'])(.+?)\1""")
STATUSES = ("draft", "submitted", "more_information", "denied", "permitted", "in_movement", "completed", "withdrawn",
            "cancelled", "pending", "approved", "approved_with_conditions", "proposed", "in_execution",
            "after_action", "closed", "ok", "flag", "unknown", "info", "yes", "no")  # fmt: skip
# Values the templates pass through _(value): purposes, orders, modes, crossings, registry bases, participants,
# certificates and categories.
VALUES = ("transit_to_operation", "exercise", "training", "other", "search_and_rescue", "disaster_relief",
          "collective", "individual", "sending_state_agency", "nato_agency", "rail", "road", "air", "sea", "entered",
          "left", "party", "unconfirmed", "signatory", "not_party", "signatory_only", "recorded", "derived",
          "inferred", "invited", "accepted", "declined", "registered", "reported", "withdrawn", "lapsed", "valid",
          "superseded", "member_of_force", "civilian_component", "dependent")  # fmt: skip


def _used() -> set[str]:
    texts = set(STATUSES) | set(VALUES)
    for path in [*UI.glob("templates/**/*.html"), *UI.glob("*.py")]:
        texts.update(m.group(2) for m in PATTERN.finditer(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_every_text_is_translated(language: str) -> None:
    with (UI / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = sorted(t for t in _used() if not (catalog.get(t) and catalog.get(t).string))
    assert missing == []
    assert len(_used()) > 300


def test_values_with_underscores_read_as_english_words() -> None:
    """A status or category such as `approved_with_conditions` is shown in English as words, not as a code."""
    with (UI / "locales" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="en")
    coded = sorted(v for v in {*STATUSES, *VALUES} if "_" in v)
    unlabelled = [
        v
        for v in coded
        if not (catalog.get(v) and catalog.get(v).string and "_" not in catalog.get(v).string)
    ]
    assert unlabelled == []
    assert len(coded) >= 10

"""Every text the interface shows has a French and a Russian translation: the templates' and page modules'
texts, and what the rules say (issue 15): every legal case's reasons, notes, values and errors and every
State's registry timeline, rendered in French and Russian, leave no English sentence; the law pages' readings
and the legal cases' names are translated too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from sofadesk.accounts.models import ROLES
from sofadesk.cases.kinds import SHIPPED
from sofadesk.law.legal_cases import all_cases, cases_by_id
from sofadesk.law.messages import Msg, Term
from sofadesk.law.reading import sections
from sofadesk.ui import i18n
from tests.ui.english import english_run
from tests.ui.rule_output import legal_case_output, registry_output

UI = Path(__file__).parents[2] / "src" / "sofadesk" / "ui"
# `_("...")` in templates, `t(request, "...")` in the page modules, `say(...)`/`columns(...)` in the documents.
PATTERN = re.compile(r"""(?:\b_\(|\bt\(request,|\bsay\(|\bcolumns\()\s*(["'])(.+?)\1""")
STATUSES = ("draft", "submitted", "more_information", "denied", "permitted", "in_movement", "completed", "withdrawn",
            "cancelled", "pending", "approved", "approved_with_conditions", "proposed", "in_execution",
            "after_action", "closed", "ok", "flag", "unknown", "info", "yes", "no")  # fmt: skip
# Values the templates pass through word(value): purposes, orders, modes, crossings, registry bases, participants,
# certificates and categories.
VALUES = ("transit_to_operation", "exercise", "training", "other", "search_and_rescue", "disaster_relief",
          "collective", "individual", "sending_state_agency", "nato_agency", "rail", "road", "air", "sea", "entered",
          "left", "party", "unconfirmed", "signatory", "not_party", "signatory_only", "recorded", "derived",
          "inferred", "invited", "accepted", "declined", "registered", "reported", "withdrawn", "lapsed", "valid",
          "superseded", "member_of_force", "civilian_component", "dependent", "leg_decision", "invitation",
          "nato-sofa", "pfp-sofa", "pfp-sofa-ap", "pfp-sofa-fap",
          # every role shown in the header, every kind named in search
          *(f"role:{role}" for role in ROLES), *(f"kind-of-case:{kind.name}" for kind in SHIPPED))  # fmt: skip


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
    coded = sorted(v for v in {*STATUSES, *VALUES} if "_" in v or ":" in v)
    unlabelled = [
        v
        for v in coded
        if not (catalog.get(v) and catalog.get(v).string and "_" not in catalog.get(v).string)
    ]
    assert unlabelled == []
    assert len(coded) >= 10


def _literals(text: Any, out: list[str]) -> None:
    """The words a sentence carries as they were typed (references, descriptions): not to be translated."""
    if isinstance(text, Term):
        if text.kind == "literal":
            out.append(str(text))
        elif text.kind == "list":
            for item in text.value[1]:
                _literals(item, out)
    elif isinstance(text, Msg):
        for value in text.params.values():
            _literals(value, out)


def _typed(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _typed(v, out)
    elif isinstance(value, list):
        for v in value:
            _typed(v, out)


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_what_the_rules_say_is_translated(language: str) -> None:
    """Every legal case run, every State's timeline: each reason, note, value and facts problem rendered in the
    language, with no English sentence left (citations, codes and the case's own facts excepted) and nothing
    looked up in vain."""
    cases = cases_by_id()
    i18n.MISSING.clear()
    left: dict[str, str] = {}
    typed: set[str] = set()
    seen = 0
    for where, text in [*legal_case_output(), *registry_output()]:
        own: list[str] = []
        _literals(text, own)
        case = cases.get(where.split(" ")[0])
        if case is not None:
            _typed(case.facts, own)
        typed.update(own)
        rendered = (
            i18n.value_word(text, language) if where.endswith("(value)") else i18n.render(text, language)
        )
        seen += 1
        if english_run(rendered, own):
            left[str(getattr(text, "key", text))[:120]] = f"{where}: {rendered[:160]}"
    assert left == {}
    assert sorted(k for k in i18n.MISSING if k not in typed) == []
    assert seen > 2000  # every legal case's answer and every State's timeline


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_law_pages_readings_and_case_names_are_translated(language: str) -> None:
    catalogue = i18n.law_catalogue(language)
    texts = {c.name for c in all_cases()}
    for s in sections():
        texts.update(t for t in (s.node.heading, s.node.summary, s.note, s.treatment) if t)
    missing = sorted(t for t in texts if t not in catalogue)
    assert missing == []
    assert len(texts) > 500


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_translations_keep_every_placeholder_they_use(language: str) -> None:
    """A translation may leave a parameter out, never invent one the sentence does not give."""
    bad = []
    for key, text in i18n.law_catalogue(language).items():
        if not set(re.findall(r"\{(\w+)\}", text)) <= set(re.findall(r"\{(\w+)\}", key)):
            bad.append(key)
    assert bad == []


def test_a_sentence_is_a_string_that_carries_its_key() -> None:
    """Rule output stays usable as plain English text (the API, the CLI, other case kinds), and a page renders
    it in the reader's language, its parameters too."""
    from datetime import date

    from sofadesk.law.messages import day, msg, state

    m = msg("On {day} the NATO SOFA applies directly between {sending} (sending State) and {receiving} "
            "(receiving State): it is in force for both.", day=day(date(2010, 1, 1), "1 January 2010"),
            sending=state("USA", "United States"), receiving=state("RUS", "Russian Federation"))  # fmt: skip
    assert isinstance(m, str) and m.startswith(
        "On 1 January 2010 the NATO SOFA applies directly between United States"
    )
    assert i18n.render(m, "en") == str(m)
    ru = i18n.render(m, "ru")
    assert "Россия" in ru and "Соединенные Штаты" in ru and "1 января 2010" in ru
    fr = i18n.render(m, "fr")
    assert "Russie" in fr and "1 janvier 2010" in fr

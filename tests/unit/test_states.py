"""Finding the State a user meant."""

from __future__ import annotations

import pytest

from sofadesk.registry.model import Registry
from sofadesk.registry.states import UnknownStateError, resolve_state


@pytest.mark.parametrize(
    "text", ["RUS", "rus", "RU", "ru", "Russia", "russian federation", "  Russian Federation  "]
)
def test_it_resolves_russia_however_it_is_written(shipped: Registry, text: str) -> None:
    assert resolve_state(shipped, text).code == "RUS"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("United States", "USA"),
        ("USA", "USA"),
        ("US", "USA"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("UK", "GBR"),
        ("GB", "GBR"),
        ("North Macedonia", "MKD"),
        ("Moldova", "MDA"),
        ("Kazakhstan", "KAZ"),
    ],
)
def test_it_resolves_common_names_and_codes(shipped: Registry, text: str, code: str) -> None:
    assert resolve_state(shipped, text).code == code


def test_it_suggests_close_matches_for_a_misspelling(shipped: Registry) -> None:
    with pytest.raises(UnknownStateError) as info:
        resolve_state(shipped, "Uzbekistn")
    assert info.value.suggestions[0].code == "UZB"
    assert "'Uzbekistn'" in str(info.value) and "UZB (Uzbekistan)" in str(info.value)


def test_it_refuses_an_empty_or_unknown_state(shipped: Registry) -> None:
    for text in ("", "XXX", "Atlantis"):
        with pytest.raises(UnknownStateError):
            resolve_state(shipped, text)

"""Languages of the interface: English, French (the Agreement's authentic languages) and Russian.

Message catalogues are plain .po files under locales/, compiled in memory on first use (no build step).
Dates and numbers are formatted for the page's language with Babel.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "fr", "ru")
NAMES = {"en": "English", "fr": "Français", "ru": "Русский"}
LOCALES = Path(__file__).parent / "locales"


@cache
def translations(language: str) -> NullTranslations:
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def choose(cookie: str | None, accept_language: str | None) -> str:
    """The language a request asked for: the cookie set by the switcher, else the browser's preference."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def long_date(value: date | str | None, language: str) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(day, format="long", locale=Locale.parse(language))


def date_time(value: datetime | str | None, language: str) -> str:
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value.rstrip("Z")) if isinstance(value, str) else value
    return format_datetime(moment, format="medium", locale=Locale.parse(language)) + " UTC"


def number(value: float | int, language: str) -> str:
    return format_decimal(value, locale=Locale.parse(language))

"""Languages of the interface: English, French (the Agreement's authentic languages) and Russian.

Message catalogues are plain .po files under locales/, compiled in memory on first use (no build step).
Dates and numbers are formatted for the page's language with Babel.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

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
    return _long_day(day.date() if isinstance(day, datetime) else day, language)


@lru_cache(maxsize=4096)
def _long_day(day: date, language: str) -> str:
    # A list page shows the same few days over and over; Babel's formatting was a tenth of its time.
    return format_date(day, format="long", locale=_locale(language))


def date_time(value: datetime | str | None, language: str) -> str:
    if value is None or value == "":
        return ""
    return _date_time(value.rstrip("Z") if isinstance(value, str) else value, language)


@lru_cache(maxsize=4096)
def _date_time(value: datetime | str, language: str) -> str:
    # The activity feed shows the same fifteen moments on every dashboard until something happens; Babel's
    # formatting of them was a fifth of the page's drawing (py-spy, issue 18).
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(moment, format="medium", locale=_locale(language)) + " UTC"


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def number(value: float | int | Decimal | str, language: str) -> str:
    """A number in the reader's language; an exact decimal keeps its digits (400.00 stays 400.00, "400,00")."""
    if isinstance(value, str):
        value = Decimal(value)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_decimal(value, format="#,##0" + ("." + "0" * places if places else ""), locale=language)
    return format_decimal(value, locale=_locale(language))


# --- States by name -----------------------------------------------------------------------------------------


@cache
def _alpha2(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return found.alpha_2 if found is not None else None


@cache
def _english_name(code: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return (getattr(found, "common_name", None) or found.name) if found is not None else None


@cache
def state_name(code: str, language: str, english: str | None = None) -> str:
    """A State's name in the reader's language, from Babel's locale data (CLDR); in English the registry's own
    name (ISO 3166's, as pycountry gives it).  A code neither knows is shown as it is."""
    if language == "en":
        return english or _english_name(code) or code
    alpha2 = _alpha2(code)
    name = Locale.parse(language).territories.get(alpha2) if alpha2 else None
    return name or english or code


_STATE_LISTS: dict[tuple[int, str], list[dict[str, str]]] = {}


def states_by_name(registry: Any, language: str) -> list[dict[str, str]]:
    """Every State of the registry as {code, name}, by name in the reader's language (for choosing one); built
    once per registry (it lives as long as the process) and language."""
    key = (id(registry), language)
    if key not in _STATE_LISTS:
        rows = [
            {"code": c, "name": state_name(c, language, s.display_name)} for c, s in registry.states.items()
        ]
        _STATE_LISTS[key] = sorted(rows, key=lambda r: r["name"].casefold())
    return _STATE_LISTS[key]


# --- Sentences of the rules, the registry and the checks (sofadesk.law.messages) ----------------------------


@cache
def law_catalogue(language: str) -> dict[str, str]:
    """The translations of the law's sentences (msgid: the English template) for a language; empty for English."""
    po = LOCALES / language / "LC_MESSAGES" / "law.po"
    if language == "en" or not po.is_file():
        return {}
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


MISSING: set[str] = set()  # keys looked up and not found (the translation tests read it)


def vocabulary(word: str, language: str) -> str:
    """A word of the Agreement's vocabulary or a status (`member_of_force`, `approved_with_conditions`) in
    the reader's language; English words come from the English catalogue."""
    found = translations(language).gettext(word)
    return found.replace("_", " ") if found == word else found


def render(text: object, language: str) -> str:
    """A sentence (a Msg, a Term or a plain string) in the reader's language: looked up in the law's catalogue,
    its parameters rendered in that language too.  Where the catalogue lacks it, the English stays (and is
    noted in MISSING, which the tests fail on)."""
    from sofadesk.law.messages import Msg, Term

    if text is None or text == "":
        return ""
    if language == "en":
        return str(text)
    if isinstance(text, Term):
        return _term(text, language)
    if not isinstance(text, str):
        return str(text)
    catalogue = law_catalogue(language)
    key = text.key if isinstance(text, Msg) else str(text)
    template = catalogue.get(key) or translations(language).gettext(key)
    if template == key and key not in catalogue:
        if not isinstance(text, Msg):
            recovered = _recover(key, language)
            if recovered is not None:
                return recovered
        if _wordy(key):
            MISSING.add(key)
        template = key
    if not isinstance(text, Msg) or not text.params:
        return template
    params = {k: render(v, language) for k, v in text.params.items()}
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError):
        MISSING.add(key)
        return str(text)


_FIELD_HEAD = re.compile(r"^([a-z][a-z_0-9]*(?:\.[a-z_0-9]+)*): (.+)$", re.S)


@cache
def _patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    """The catalogue's templates as patterns, to recognise a sentence that reached the page as a plain string
    (its Msg lost on the way, e.g. through a validator's message)."""
    out = []
    for key, translated in law_catalogue(language).items():
        if "{" in key and any(c.isalpha() for c in re.sub(r"\{\w+\}", "", key)):
            pattern = re.escape(key)
            for name in dict.fromkeys(re.findall(r"\{(\w+)\}", key)):
                escaped = re.escape("{" + name + "}")
                pattern = pattern.replace(escaped, f"(?P<{name}>.+?)", 1).replace(escaped, f"(?P={name})")
            out.append((re.compile(f"^{pattern}$", re.S), translated))
    return out


def _recover(text: str, language: str) -> str | None:
    """A plain English sentence the catalogue knows under another shape: a facts problem headed by its field
    ("offence.date: ..."), or a template whose parameters were filled in before it lost its identifier."""
    head = _FIELD_HEAD.match(text)
    if head and " " not in head.group(1):
        return f"{field_label(head.group(1), language)}: {render(head.group(2), language)}"
    for pattern, translated in _patterns(language):
        found = pattern.match(text)
        if found:
            try:
                return translated.format_map({k: _param(v, language) for k, v in found.groupdict().items()})
            except (KeyError, IndexError, ValueError):
                return None
    return None


def _param(text: str, language: str) -> str:
    """A parameter of a recognised sentence in the reader's language: data as it is; sentences joined by "; "
    (what a finding turns on) each in turn, where the catalogue knows every one of them."""
    if _data(text):
        return text
    catalogue = law_catalogue(language)
    if "; " in text and text not in catalogue:
        parts = _known_parts(text.split("; "), language)
        if parts is not None and len(parts) > 1:
            return "; ".join(render(p, language) for p in parts)
    return render(text, language)


def _known_parts(pieces: list[str], language: str) -> list[str] | None:
    """`pieces` (a text split at "; ") joined back into sentences the catalogue knows (a sentence may hold a
    "; " of its own), the longest first; None where some cannot be."""
    if not pieces:
        return []
    for end in range(len(pieces), 0, -1):
        head = "; ".join(pieces[:end])
        if head in law_catalogue(language) or _recover(head, language) is not None:
            rest = _known_parts(pieces[end:], language)
            if rest is not None:
                return [head, *rest]
    return None


def _data(text: str) -> bool:
    """A parameter written as JSON (a regime: {"instrument": ...}) is data, shown as it is, never a sentence."""
    import json

    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _wordy(text: str) -> bool:
    return sum(c.isalpha() for c in text) > 3 and " " in text.strip()


def _term(term: object, language: str) -> str:
    from sofadesk.law.messages import Term

    assert isinstance(term, Term)
    if term.kind == "state":
        return state_name(term.value, language, str(term))
    if term.kind == "date":
        return long_date(term.value, language)
    if term.kind == "range":
        from babel.dates import format_interval

        first, last = term.value
        return (
            format_interval(first, last, "yMMMMd", locale=language)
            if first != last
            else long_date(first, language)
        )
    if term.kind == "language":
        return str(Locale.parse(language).languages.get(term.value, term.value))
    if term.kind == "number":
        return number(term.value, language)
    if term.kind == "code":
        return vocabulary(term.value, language)
    if term.kind == "list":
        from babel.lists import format_list

        word, items = term.value
        items_shown = [render(i, language) for i in items]
        if word not in ("and", "or"):
            return str(word).join(items_shown)
        if word == "or":
            return format_list(items_shown, style="or", locale=language)
        return format_list(items_shown, style="standard", locale=language)
    return str(term)


_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def value_word(value: object, language: str) -> str:
    """A value of a decision's answer as a reader sees it: a code of the Agreement's vocabulary as its word, a
    date and a number by locale, a sentence translated, anything else (a reference, a State code) as it is."""
    if not isinstance(value, str):
        return number(value, language) if isinstance(value, int | float | Decimal) else str(value)
    if _CODE.fullmatch(value):
        return vocabulary(value, language)
    if _DAY.fullmatch(value):
        return long_date(value, language)
    if _NUMBER.fullmatch(value):
        return number(Decimal(value), language)
    return render(value, language)


def field_label(name: str, language: str) -> str:
    """The label of a facts field (its last path part), from the vocabulary catalogue ("field:<name>")."""
    key = "field:" + name.rsplit(".", 1)[-1]
    found = translations(language).gettext(key)
    return found if found != key else name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def word_term(value: str) -> str:
    """A vocabulary word as a message parameter: English from the English catalogue, other languages when the
    message is rendered."""
    from sofadesk.law.messages import code

    english = field_label(value[6:], "en") if value.startswith("field:") else vocabulary(value, "en")
    return code(value, english)

"""Sentences the rules, the registry's explanations and the case checks give people, in any language.

A rule writes `msg("The {inst} entered into force for {state} on {day}.", inst=..., state=state(code, name),
day=day(d))`: the result is a `Msg`, an ordinary `str` holding the English sentence (so every caller, JSON
answer and test that reads reasons as English text works unchanged), which also carries its message
identifier (`key`: the English template, as gettext's msgid) and its parameters (`params`).  The law stays
pure: it renders English only.  A caller that speaks another language (the web pages, the documents) looks the
key up in its own catalogue (`sofadesk/ui/locales/<lang>/LC_MESSAGES/law.po`) and renders the parameters in
that language too: a nested `Msg` is translated in turn, and a `Term` - a State, a date, a number, a word of
the Agreement's vocabulary (`sending_state`), a list - is rendered from the reader's locale data rather than
shown in English.

A constant sentence needs no `msg()`: a plain string is its own identifier.  Build sentences with `msg()`
rather than by concatenation, which would leave an English string no catalogue can match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import WrapValidator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

TermKind = Literal["state", "date", "range", "number", "code", "list", "literal", "language"]


class Msg(str):
    """An English sentence that also carries its message identifier and parameters."""

    key: str
    params: Mapping[str, Any]

    def __new__(cls, key: str, params: Mapping[str, Any]) -> Msg:
        text = key.format_map({k: str(v) for k, v in params.items()}) if params else key
        made = super().__new__(cls, text)
        made.key = key
        made.params = dict(params)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.key, self.params))


class Term(str):
    """A word inside a sentence that each language renders its own way: `value` is what it stands for (a State's
    code, a date, a number, a vocabulary code, the items of a list); the string itself is its English form."""

    kind: TermKind
    value: Any

    def __new__(cls, english: str, kind: TermKind, value: Any) -> Term:
        made = super().__new__(cls, english)
        made.kind = kind
        made.value = value
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Term, (str(self), self.kind, self.value))


def msg(key: str, /, **params: Any) -> Msg:
    """The sentence `key` (an English template with `{name}` fields) with its parameters filled in."""
    return Msg(key, params)


def state(code: str, english: str | None = None) -> Term:
    """A State, by its ISO 3166-1 alpha-3 code; in English as `english` (its name as the sentence gives it)."""
    return Term(english if english is not None else code, "state", code)


def day(value: date, english: str | None = None) -> Term:
    """A date; in English as `english` (ISO 8601 unless the sentence writes it otherwise)."""
    return Term(english if english is not None else value.isoformat(), "date", value)


def days(first: date, last: date, english: str) -> Term:
    """A span of days, first and last included; in English as `english`."""
    return Term(english, "range", (first, last))


def number(value: int | Decimal | float, english: str | None = None) -> Term:
    return Term(english if english is not None else str(value), "number", value)


def code(value: str, english: str | None = None) -> Term:
    """A word of the Agreement's vocabulary (`sending_state`, `member_of_force`), in English as `english`."""
    return Term(english if english is not None else value.replace("_", " "), "code", value)


def literal(text: str) -> Term:
    """Text that is the same in every language: a reference, an amount with its currency, a name typed by a
    person.  Marked so that nobody mistakes it for an English sentence left untranslated."""
    return Term(text, "literal", text)


def listing(items: Iterable[str], word: str = "and", separator: str | None = None) -> Term:
    """Items joined as a list ("A, B and C"), or by `separator` alone ("a; b"); each item may itself be a Msg or
    a Term."""
    values = tuple(items)
    if separator is not None:
        return Term(separator.join(values), "list", (separator, values))
    english = "".join(values) if len(values) <= 1 else ", ".join(values[:-1]) + f" {word} " + values[-1]
    return Term(english, "list", (word, values))


def _keep_message(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    return value if isinstance(value, Msg | Term) else handler(value)


# A read model's text field that keeps a Msg as it is (pydantic would otherwise copy it into a plain str and
# lose its identifier); in the API's schema it is an ordinary string.
MessageText = Annotated[str, WrapValidator(_keep_message)]


def walk(value: Any, visit: Callable[[str], None]) -> None:
    """Calls `visit` on every string in a nested value (a decision's answer), Msgs included."""
    if isinstance(value, str):
        visit(value)
    elif isinstance(value, Mapping):
        for item in value.values():
            walk(item, visit)
    elif isinstance(value, list | tuple):
        for item in value:
            walk(item, visit)

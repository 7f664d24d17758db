"""What a form says about a value it refuses, in words a person reads rather than a validator's: each pydantic
error becomes a sentence (a `Msg`, so the page renders it in the reader's language), and a model's own message
("planned_exit: earlier than planned_entry") loses the field names only a program knows."""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import ErrorDetails

from sofadesk.law.messages import Msg, literal, msg

# Field names as they appear inside the models' own messages, and the words a reader knows them by.
FIELD_WORDS = {
    "planned_entry": "the planned entry",
    "planned_exit": "the planned exit",
    "first_day": "the first day",
    "last_day": "the last day",
    "starts_on": "the first day",
    "ends_on": "the last day",
    "net_explosive_quantity_kg": "the net explosive quantity (kg)",
}


def plain(message: str) -> str:
    """A model's English message with the field names it quotes replaced by their words."""
    return re.sub(r"\b[a-z]+(?:_[a-z]+)+\b", lambda m: FIELD_WORDS.get(m.group(0), m.group(0)), message)


def message(err: ErrorDetails | dict[str, Any]) -> str:
    """One validation error as a sentence; the model's own messages (value errors) kept, in plain words."""
    kind, ctx = str(err["type"]), err.get("ctx") or {}
    if kind == "missing":
        return msg("This is required.")
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return msg("This is required.")
    if kind == "string_too_short":
        return msg("Give at least {n} characters.", n=ctx.get("min_length"))
    if kind == "string_too_long":
        return msg("Give at most {n} characters.", n=ctx.get("max_length"))
    if kind == "too_long":
        return msg("Give at most {n} entries.", n=ctx.get("max_length"))
    if kind == "too_short":
        return msg("Give at least {n} entries.", n=ctx.get("min_length"))
    if kind.startswith(("datetime", "date")):
        return (
            msg("Give a date and time, e.g. 2009-06-01 08:00.")
            if "datetime" in kind
            else msg("Give a date, e.g. 2009-06-01.")
        )
    if kind in (
        "int_parsing",
        "int_type",
        "int_from_float",
        "decimal_parsing",
        "decimal_type",
        "float_parsing",
    ):
        return msg("Give a number.")
    if kind in ("greater_than_equal", "greater_than"):
        return msg("Give a number of at least {n}.", n=literal(str(ctx.get("ge", ctx.get("gt")))))
    if kind in ("less_than_equal", "less_than"):
        return msg("Give a number of at most {n}.", n=literal(str(ctx.get("le", ctx.get("lt")))))
    if kind == "string_pattern_mismatch":
        return msg("This is not in the expected form.")
    if kind in ("literal_error", "enum"):
        return msg("Choose one of the options.")
    if kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        return text if isinstance(text, Msg) else plain(text)
    return plain(str(err["msg"]))


def message_loc(message: str) -> tuple[tuple[Any, ...], str]:
    """Our model validators name the field at the head of the message ("legs.1.planned_entry: ...")."""
    head, sep, rest = message.partition(": ")
    if sep and re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)*", head):
        return tuple(int(p) if p.isdigit() else p for p in head.split(".")), rest
    return (), message


def located(err: ErrorDetails | dict[str, Any], prefix: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str]:
    """Where a validation error belongs (`prefix` + its path, and the field a model's own message names at its
    head) and what it says, in words."""
    loc: tuple[Any, ...] = (*prefix, *err["loc"])
    if err["type"] == "value_error":
        named, rest = message_loc(str(err["msg"]).removeprefix("Value error, "))
        if named:
            return (*loc, *named), plain(rest)
    return loc, message(err)

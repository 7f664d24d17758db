"""The claim pages' forms as flat HTML fields, turned into the claims API's bodies (so a page refuses exactly
what the API refuses), and the bodies' errors turned back into messages by field id.  A field's id is its path
in the body with `_` for the dots (`claimant_name`, `bank_iban`); a step's fields are prefixed with the step
(`pay-amount`), as the case page holds a form per step."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from sofadesk.cases.claim.schemas import RouteFacts
from sofadesk.ui import form_errors

PUBLIC_TEXT = (
    "receiving_state",
    "language",
    "occurred_on",
    "knew_on",
    "place",
    "region",
    "description",
    "damage_kind",
    "unit_marks",
    "vehicle_marks",
    "amount",
    "currency",
)
CLAIMANT = ("kind", "name", "relation", "address", "email", "phone")
BANK = ("holder", "iban", "bic", "bank_name")
OPTIONAL = ("knew_on", "region", "unit_marks", "vehicle_marks")
FACT_FIELDS = tuple(RouteFacts.model_fields)


def text_of(form: FormData) -> dict[str, str]:
    return {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}


def public_claim(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The public form's fields as a PublicClaim body, and the values to show again if it is refused."""
    text = text_of(form)
    data: dict[str, Any] = {k: text.get(k, "") for k in PUBLIC_TEXT}
    for k in OPTIONAL:
        data[k] = data[k] or None
    data["currency"] = data["currency"].upper()
    data["manoeuvre"] = "manoeuvre" in text
    data["claimant"] = {k: text.get(f"claimant_{k}", "") for k in CLAIMANT}
    data["claimant"]["relation"] = data["claimant"]["relation"] or "none"
    bank = {k: text.get(f"bank_{k}", "") for k in BANK}
    # An IBAN is written in groups of four; the body takes it without spaces, in capitals.
    bank["iban"] = re.sub(r"\s+", "", bank["iban"]).upper()
    bank["bic"] = bank["bic"].replace(" ", "").upper()
    data["bank"] = bank if any(bank.values()) else None
    values = {**text, "manoeuvre": data["manoeuvre"]}
    return data, values


def uploads(form: FormData, name: str, limit: int) -> list[tuple[str, bytes]]:
    """The files chosen (a file input left empty posts a nameless, empty part: not a file)."""
    found = []
    for item in form.getlist(name):
        if isinstance(item, UploadFile) and (item.filename or item.size):
            found.append((item.filename or "evidence", item.file.read(limit + 1)))
    return found


def field_id(loc: tuple[Any, ...] | list[Any], prefix: str = "") -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)] or ["form"]
    return prefix + "_".join(parts)


def errors_of(exc: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    """Each problem of a refused body under the id of its field; a model's own message names its field first
    ("knew_on: earlier than occurred_on") and is filed under that field."""
    errors: dict[str, list[str]] = {}
    for err in exc.errors():
        loc = [p for p in err["loc"]]
        message = form_errors.message(err)
        if err["type"] == "value_error":
            named, rest = form_errors.message_loc(str(err["msg"]).removeprefix("Value error, "))
            if named:
                loc, message = loc + list(named), form_errors.plain(rest)
        errors.setdefault(field_id(loc, prefix), []).append(message)
    return errors


def codes(text: str) -> list[str]:
    return [c.upper() for c in re.split(r"[\s,;]+", text) if c]


def step_body(model: type[BaseModel], step: str, form: FormData) -> BaseModel:
    """A step's body from its form: fields `{step}-{name}`, facts as `{step}-facts_{name}`; an empty field is
    left out (so the body's default applies), a checkbox is there or not."""
    text = text_of(form)
    prefix = f"{step}-"
    data: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    for key, value in text.items():
        if not key.startswith(prefix) or value == "":
            continue
        name = key[len(prefix) :]
        if name.startswith("facts_") and name[6:] in FACT_FIELDS:
            facts[name[6:]] = _fact(value)
        elif name == "sending_states":
            data[name] = codes(value)
        elif name in model.model_fields:
            data[name] = _boolean(value) if _is_bool(model, name) else value
    if facts:
        data["facts"] = facts
    if "version" in text and "version" in model.model_fields:
        data.setdefault("version", text["version"])
    return model.model_validate(data)


def _is_bool(model: type[BaseModel], name: str) -> bool:
    return model.model_fields[name].annotation is bool


def _boolean(value: str) -> bool:
    return value in ("on", "true", "yes")


def _fact(value: str) -> Any:
    """A fact as the select gives it: yes/no for a fact the model holds as a boolean, "" for unknown."""
    return {"true": True, "false": False, "none": None}.get(value, value)

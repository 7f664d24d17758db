"""The route planner's form (issue 19): the posted fields read into a PlanRequest and, for a draft, the force's
manifest, every error keyed to the form field it concerns (as transit_form does for the request form).

The force is given by fields (arms carried, dangerous goods classes, vehicles, persons) and/or by the manifests a
transit request takes (personnel and equipment, CSV or XLSX).  A manifest once uploaded travels with the page in a
hidden field, so that "draft a case from this route" does not ask for the files again; the draft service
validates it as it validates the API's body.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.cases.transit.from_route import VEHICLES
from sofadesk.planner import ForceProfile, PlanRequest
from sofadesk.ui import form_errors
from sofadesk.ui.form_errors import message_loc
from sofadesk.ui.transit_form import MANIFESTS, Parsed, codes, force_part, official_languages

__all__ = ["MANIFESTS", "PlanForm", "add_validation", "defaults", "field_of", "parse"]
MODES = ("road", "rail", "air", "sea")
PURPOSES = ("transit_to_operation", "exercise", "training", "other")
# The PlanRequest's and ForceProfile's fields, by the form field that gives them.
FIELDS = {
    "origin": "origin",
    "destination": "destination",
    "depart": "depart",
    "submitted": "submitted",
    "modes": "modes",
    "avoid": "avoid",
    "via": "via",
    "max_states": "max_states",
    "profile": "arms",
    "arms": "arms",
    "dangerous_goods_classes": "dangerous_goods_classes",
    "vehicles": "vehicles",
    "personnel": "persons",
    "sending_state": "origin",
    "routes": "origin",
    "leg_days": "origin",
    "unit": "unit_name",
    "purpose": "purpose",
}


@dataclass
class PlanForm:
    request: PlanRequest | None
    values: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)  # the force, for a draft

    def add(self, name: str, message: str) -> None:
        # One message per field (the first found: "required" before the validator's "not in the expected form"),
        # except the manifests, whose rows each have their own.
        if name in self.errors and not name.endswith("_file"):
            return
        if message not in self.errors.get(name, []):
            self.errors.setdefault(name, []).append(message)


def defaults(state: str) -> dict[str, Any]:
    today = date.today().isoformat()
    own = official_languages(state)
    return {
        "origin": "",
        "destination": "",
        "depart": today,
        "submitted": today,
        "modes": ["road", "rail"],
        "avoid": "",
        "via": "",
        "max_states": "6",
        "arms": False,
        "dangerous_goods_classes": "",
        "vehicles": "0",
        "persons": "0",
        "unit_name": "",
        "unit_regular": True,
        "purpose": "transit_to_operation",
        "sending_state_languages": ", ".join(own),
        "mo_languages": ", ".join(dict.fromkeys([*own, "en", "fr"])),
        "mo_kind": "collective",
        "mo_issued_by": "sending_state_agency",
        "mo_countersigned_by": "",
        "certificate_deposited": False,
        "counts": {},
        "stored": "",
    }


def field_of(loc: tuple[Any, ...]) -> str:
    """The form field an error at `loc` (a path in the PlanRequest or the draft body) belongs to."""
    parts = [str(p) for p in loc if not isinstance(p, int) and not str(p).isdigit()]
    if parts[:1] == ["plan"]:
        parts = parts[1:]
    if parts[:1] == ["manifest"]:
        parts = parts[1:]
        if parts[:1] in (["personnel"], ["equipment"]):
            return f"{parts[0]}_file"
        if parts[:1] == ["movement_order"]:
            return "mo_languages"
    for part in reversed(parts):
        if part in FIELDS:
            return FIELDS[part]
    return FIELDS.get(parts[0], "form") if parts else "form"


def add_validation(form: PlanForm, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> None:
    for err in exc.errors():
        loc: tuple[Any, ...] = (*prefix, *err["loc"])
        text: str = form_errors.message(err)
        if err["type"] == "value_error":
            named, rest = message_loc(str(err["msg"]).removeprefix("Value error, "))
            if named:
                loc, text = (*loc, *named), form_errors.plain(rest)
        form.add(field_of(loc), text)


def _stored(text: str) -> dict[str, Any]:
    """The manifests carried from the page before (personnel and equipment lists), if readable."""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if k in ("personnel", "equipment") and isinstance(v, list)}


def _count(text: str, name: str, form: PlanForm) -> int:
    if not text:
        return 0
    if not text.isdigit() or len(text) > 9:
        form.add(name, form_errors.message({"type": "int_parsing", "msg": "", "ctx": {}, "loc": ()}))
        return 0
    return int(text)


def parse(data: FormData, state: str) -> PlanForm:
    """The posted planner form as a PlanRequest for the user's State's force, and its manifest."""
    text = {k: str(v).strip() for k, v in data.multi_items() if isinstance(v, str)}
    stored = _stored(text.get("stored", ""))
    values = defaults(state) | {
        k: text[k]
        for k in (
            "origin",
            "destination",
            "depart",
            "submitted",
            "avoid",
            "via",
            "max_states",
            "dangerous_goods_classes",
            "vehicles",
            "persons",
            "purpose",
        )
        if k in text
    }
    values["origin"], values["destination"] = values["origin"].upper(), values["destination"].upper()
    values["modes"] = [m for m in data.getlist("modes") if m in MODES]
    values["arms"] = bool(text.get("arms"))
    form = PlanForm(None, values)
    parsed = Parsed(None, values)
    manifest = force_part(data, stored, parsed)
    for name, messages in parsed.errors.items():
        for m in messages:
            form.add(name, m)
    values["stored"] = json.dumps({k: manifest[k] for k in ("personnel", "equipment")}, separators=(",", ":"))
    form.manifest = manifest | {"purpose": values["purpose"]}
    personnel = Counter(str(p.get("category", "member_of_force")) for p in manifest["personnel"])
    persons = _count(values["persons"], "persons", form)
    if persons and not manifest["personnel"]:
        personnel["member_of_force"] = persons
    vehicles = _count(values["vehicles"], "vehicles", form)
    vehicles = max(
        vehicles, sum(int(e.get("quantity", 1)) for e in manifest["equipment"] if e.get("kind") in VEHICLES)
    )
    classes = [c.upper() for c in codes(values["dangerous_goods_classes"])]
    try:
        profile = ForceProfile.model_validate(
            {
                "personnel": dict(personnel),
                "arms": values["arms"],
                "dangerous_goods_classes": classes,
                "vehicles": vehicles,
            }
        )
    except ValidationError as exc:
        add_validation(form, exc)
        profile = ForceProfile()
    body: dict[str, Any] = {
        "origin": values["origin"],
        "destination": values["destination"],
        "depart": values["depart"],
        "submitted": values["submitted"],
        "sending_state": state,
        "modes": values["modes"],
        "avoid": [c.upper() for c in codes(values["avoid"])],
        "via": [c.upper() for c in codes(values["via"])],
        "max_states": values["max_states"] or 6,
        "profile": profile.model_dump(mode="json"),
    }
    for name in ("origin", "destination", "depart", "submitted"):
        if not values[name]:
            form.add(name, form_errors.message({"type": "missing", "msg": "", "ctx": {}, "loc": ()}))
    if not values["modes"]:
        form.add(
            "modes",
            form_errors.message({"type": "too_short", "msg": "", "ctx": {"min_length": 1}, "loc": ()}),
        )
    try:
        request = PlanRequest.model_validate(body)
    except ValidationError as exc:
        add_validation(form, exc)
    else:
        if not form.errors:
            form.request = request
    return form

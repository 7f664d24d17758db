"""The transit request as an HTML form: flattening a request into form fields, and reading the posted form
(with uploaded personnel and equipment manifests) back into a request, every error keyed to the field it
concerns so the page can show it next to that field.

Dangerous goods are typed one line per consignment, `UN number | proper shipping name | class | packing group
| net explosive quantity (kg)`, the order of a dangerous goods declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from sofadesk.cases.manifests import MAX_BYTES, ManifestError, parse_manifest
from sofadesk.cases.transit.schemas import Leg, TransitContent
from sofadesk.law.messages import literal, msg, number
from sofadesk.ui import form_errors, i18n

MAX_LEGS = 20
EMPTY_LEGS = 2  # blank leg rows offered below the filled ones
LEG_FIELDS = ("state", "entry_point", "exit_point", "planned_entry", "planned_exit", "mode")
MANIFESTS = ("personnel", "equipment")
GOODS_PARTS = {
    "un_number": "un_number",
    "proper_shipping_name": "proper_shipping_name",
    "hazard_class": "hazard_class",
    "packing_group": "packing_group",
    "net_explosive_quantity_kg": "net_explosive_quantity_kg",
}
_FIELD_NAMES = {
    ("unit", "name"): "unit_name",
    ("unit", "regularly_constituted"): "unit_regular",
    ("movement_order", "kind"): "mo_kind",
    ("movement_order", "languages"): "mo_languages",
    ("movement_order", "issued_by"): "mo_issued_by",
    ("movement_order", "countersigned_by"): "mo_countersigned_by",
}


@dataclass
class Parsed:
    content: TransitContent | None
    values: dict[str, Any]  # what the form showed, to show it again
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip()) if c]


def _dangerous_lines(goods: list[dict[str, Any]]) -> str:
    lines = []
    for g in goods:
        parts = [
            g.get("un_number"),
            g.get("proper_shipping_name"),
            g.get("hazard_class"),
            g.get("packing_group"),
            g.get("net_explosive_quantity_kg"),
        ]
        lines.append(" | ".join("" if p is None else str(p) for p in parts).rstrip(" |"))
    return "\n".join(lines)


def official_languages(state: str | None) -> list[str]:
    """A State's official languages (ISO 639-1) from Babel's locale data: the default for the request."""
    from babel.languages import get_official_languages

    from sofadesk.ui.i18n import _alpha2

    alpha2 = _alpha2(state) if state else None
    found = [code for code in get_official_languages(alpha2) if len(code) == 2] if alpha2 else []
    return found[:2] or ["en"]


def values_of(content: dict[str, Any] | None, state: str | None = None) -> dict[str, Any]:
    """Form values for a stored request, or the defaults of a new one: the sending State's own languages, and
    the movement order in those and in English and French (NATO SOFA Art. III(2)(b))."""
    if content is None:
        own = official_languages(state)
        order = list(dict.fromkeys([*own, "en", "fr"]))
        return {
            "unit_name": "",
            "unit_regular": True,
            "purpose": "transit_to_operation",
            "sending_state_languages": ", ".join(own),
            "mo_kind": "collective",
            "mo_languages": ", ".join(order),
            "mo_issued_by": "sending_state_agency",
            "mo_countersigned_by": "",
            "certificate_deposited": False,
            "legs": [],
            "counts": {},
        }
    mo = content["movement_order"]
    legs = [
        {
            **{k: str(leg[k])[:16] if k.startswith("planned") else leg[k] for k in LEG_FIELDS},
            "customs": leg.get("customs_notified_in_advance", False),
            "dangerous_goods": _dangerous_lines(leg.get("dangerous_goods", [])),
        }
        for leg in content["legs"]
    ]
    return {
        "unit_name": content["unit"]["name"],
        "unit_regular": content["unit"].get("regularly_constituted", True),
        "purpose": content["purpose"],
        "sending_state_languages": ", ".join(content["sending_state_languages"]),
        "mo_kind": mo.get("kind", "collective"),
        "mo_languages": ", ".join(mo["languages"]),
        "mo_issued_by": mo.get("issued_by", "sending_state_agency"),
        "mo_countersigned_by": ", ".join(mo.get("countersigned_by", [])),
        "certificate_deposited": content.get("certificate_deposited", False),
        "legs": legs,
        "counts": {k: len(content.get(k, [])) for k in (*MANIFESTS, "arms")},
    }


def leg_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The filled legs and a few blank rows, up to the limit."""
    legs = list(values.get("legs", []))
    blank = {k: "" for k in (*LEG_FIELDS, "dangerous_goods")} | {"customs": False, "mode": "rail"}
    return legs + [dict(blank) for _ in range(min(EMPTY_LEGS, MAX_LEGS - len(legs)))]


def _dangerous_goods(text: str, name: str, parsed: Parsed) -> list[dict[str, Any]]:
    goods = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3 or len(parts) > 5:
            parsed.add(
                name,
                msg(
                    "line {n}: write UN number | name | class, then packing group and net explosive quantity (kg) where they apply",
                    n=line_number,
                ),
            )
            continue
        parts += [""] * (5 - len(parts))
        goods.append(
            {
                "un_number": parts[0].upper(),
                "proper_shipping_name": parts[1],
                "hazard_class": parts[2],
                "packing_group": parts[3] or None,
                "net_explosive_quantity_kg": parts[4] or None,
            }
        )
    return goods


def _field_name(loc: tuple[Any, ...]) -> str:
    """The form field a validation error belongs to."""
    if not loc:
        return "form"
    if loc[0] == "legs":
        if len(loc) >= 3:
            leaf = "dangerous_goods" if loc[2] == "dangerous_goods" else str(loc[2])
            leaf = "customs" if leaf == "customs_notified_in_advance" else leaf
            return f"leg-{loc[1]}-{leaf}"
        return "leg-0-state"
    if loc[0] in ("personnel", "equipment", "arms"):
        return f"{loc[0]}_file"
    key = (str(loc[0]), str(loc[1]) if len(loc) > 1 else "")
    return _FIELD_NAMES.get(key, str(loc[0]))


def manifest_upload(form: FormData, kind: str, parsed: Parsed) -> list[dict[str, Any]] | None:
    upload = form.get(f"{kind}_file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = upload.file.read(MAX_BYTES + 1)
    try:
        return [item.model_dump(mode="json") for item in parse_manifest(kind, upload.filename, data)]  # type: ignore[arg-type]
    except ManifestError as exc:
        shown = exc.errors[:20]
        for e in shown:
            parsed.add(
                f"{kind}_file",
                msg(
                    "row {row}, {column}: {problem}",
                    row=e["row"],
                    column=literal(str(e["column"])),
                    problem=form_errors.plain(str(e["message"])),
                ),
            )
        if exc.total > len(shown):
            parsed.add(
                f"{kind}_file",
                msg("and {n} more problems", n=number(exc.total - len(shown), f"{exc.total - len(shown):,}")),
            )
        return None


def force_part(form: FormData, stored: dict[str, Any] | None, parsed: Parsed) -> dict[str, Any]:
    """What a transit request and an exercise contingent share (the force manifest): unit, languages,
    movement order, certificate and the manifests, uploaded again or kept from `stored`.  The values shown
    again go into `parsed.values`; upload errors into `parsed.errors`; the data is returned."""
    text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    values = parsed.values
    values |= {
        "unit_name": text.get("unit_name", ""),
        "unit_regular": "unit_regular" in text,
        "sending_state_languages": text.get("sending_state_languages", ""),
        # The order's kind and issuer default as in the model (the contingent form does not ask for them).
        "mo_kind": text.get("mo_kind", "collective"),
        "mo_languages": text.get("mo_languages", ""),
        "mo_issued_by": text.get("mo_issued_by", "sending_state_agency"),
        "mo_countersigned_by": text.get("mo_countersigned_by", ""),
        "certificate_deposited": "certificate_deposited" in text,
    }
    manifests = {kind: manifest_upload(form, kind, parsed) for kind in MANIFESTS}
    base = stored or {}
    chosen = {
        kind: manifests[kind] if manifests[kind] is not None else base.get(kind, []) for kind in MANIFESTS
    }
    values["counts"] = {kind: len(chosen[kind] or []) for kind in MANIFESTS} | {
        "arms": len(base.get("arms", []))
    }
    return {
        "unit": {"name": values["unit_name"], "regularly_constituted": values["unit_regular"]},
        "sending_state_languages": codes(values["sending_state_languages"]),
        "movement_order": {
            "kind": values["mo_kind"],
            "languages": codes(values["mo_languages"]),
            "issued_by": values["mo_issued_by"],
            "countersigned_by": [c.upper() for c in codes(values["mo_countersigned_by"])],
        },
        "certificate_deposited": values["certificate_deposited"],
        "personnel": chosen["personnel"],
        "equipment": chosen["equipment"],
        "arms": base.get("arms", []),
    }


def add_errors(parsed: Parsed, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> None:
    """A request's or contingent's validation errors, each keyed to the form field it concerns and said in
    words (form_errors), never as a validator's path."""
    for err in exc.errors():
        loc, text = form_errors.located(err, prefix)
        if len(loc) >= 4 and loc[0] == "legs" and loc[2] == "dangerous_goods":
            # Several consignments share one box: say which line, and which part of it.
            part = GOODS_PARTS.get(str(loc[4]), str(loc[4])) if len(loc) > 4 else None
            text = (
                msg("line {n}, {part}: {problem}", n=int(loc[3]) + 1, part=i18n.word_term(part), problem=text)
                if part
                else msg("line {n}: {problem}", n=int(loc[3]) + 1, problem=text)
            )
        if text not in parsed.errors.get(_field_name(loc), []):
            parsed.add(_field_name(loc), text)


def _leg_errors(legs: list[dict[str, Any]], sending_state: str | None, parsed: Parsed) -> None:
    """Every leg checked on its own, so that one save reports the errors of all of them (the request's model
    stops at the first leg it cannot read): the leg's fields and times, the sending State crossed, the order."""
    times: list[tuple[Any, Any] | None] = []
    for i, leg in enumerate(legs):
        try:
            checked = Leg.model_validate(leg)
            times.append((checked.planned_entry, checked.planned_exit))
        except ValidationError as exc:
            add_errors(parsed, exc, ("legs", i))
            times.append(None)
        if sending_state and leg["state"] == sending_state:
            parsed.add(f"leg-{i}-state", msg("This is your own State: list only the States crossed."))
    for i in range(1, len(times)):
        before, this = times[i - 1], times[i]
        if before is not None and this is not None and this[0] < before[1]:
            parsed.add(f"leg-{i}-planned_entry", msg("earlier than the previous leg's planned exit"))


def parse(form: FormData, stored: dict[str, Any] | None, sending_state: str | None = None) -> Parsed:
    """The posted form as a request, with every error found at once.  Manifests not uploaded again keep the
    stored ones."""
    text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    parsed = Parsed(None, {"purpose": text.get("purpose", ""), "legs": []})
    values = parsed.values
    legs: list[dict[str, Any]] = []
    for i in range(MAX_LEGS):
        row: dict[str, Any] = {k: text.get(f"leg-{i}-{k}", "") for k in (*LEG_FIELDS, "dangerous_goods")}
        row["customs"] = f"leg-{i}-customs" in text
        if not any(row[k] for k in ("state", "entry_point", "exit_point", "planned_entry", "planned_exit")):
            continue
        values["legs"].append(row)
        n = len(values["legs"]) - 1
        legs.append(
            {
                "state": row["state"].upper(),
                "entry_point": row["entry_point"],
                "exit_point": row["exit_point"],
                "planned_entry": row["planned_entry"],
                "planned_exit": row["planned_exit"],
                "mode": row["mode"],
                "customs_notified_in_advance": row["customs"],
                "dangerous_goods": _dangerous_goods(
                    row["dangerous_goods"], f"leg-{n}-dangerous_goods", parsed
                ),
            }
        )
    data = force_part(form, stored, parsed) | {
        "purpose": values["purpose"],
        "modes": sorted({leg["mode"] for leg in legs}) or ["rail"],
        "legs": legs,
    }
    if not legs:
        parsed.add("leg-0-state", msg("Give at least one leg: a State crossed, with its entry and exit."))
    _leg_errors(legs, sending_state, parsed)
    try:
        content = TransitContent.model_validate(data)
    except ValidationError as exc:
        add_errors(parsed, exc)
    else:
        if not parsed.errors:
            parsed.content = content
    return parsed

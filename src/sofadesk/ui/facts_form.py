"""A decision's facts as an HTML form, generated from the facts model's JSON schema (the same schema `sofadesk
law schema` prints), and the posted form read back into facts.

Mapping: text, dates and numbers are inputs; a closed list is a select; a yes/no is a select with yes and no
(and "not known" where the model accepts no answer, so an unknown never turns into a no); a nested object is a
fieldset; a list of codes is typed one per line; a list of objects gets a few repeated fieldsets (blank ones
ignored).  Field names are dotted paths (`offence.date`, `items.0.kind`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

LIST_ROWS = 3


@dataclass
class Field:
    name: str  # dotted path
    label: str
    kind: str  # text, date, number, select, bool, lines, group, rows
    required: bool = False
    options: tuple[str, ...] = ()
    default: Any = None
    description: str = ""
    nullable: bool = False
    children: list[Field] = field(default_factory=list)
    rows: list[list[Field]] = field(default_factory=list)  # kind "rows": one list of fields per row


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema itself (following $ref) and whether null is also accepted."""
    nullable = False
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = len(options) < len(schema["anyOf"])
        # A number that may also be given as a string (exact decimals) is still a number to the form.
        schema = {**schema, **options[0]} if options else schema
        schema.pop("anyOf", None)
    if "$ref" in schema:
        schema = {**defs[schema["$ref"].split("/")[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, nullable


def _field(name: str, schema: dict[str, Any], defs: dict[str, Any], required: bool) -> Field:
    label = schema.get("title") or name.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    s, nullable = _resolve(schema, defs)
    common: dict[str, Any] = {
        "label": str(label),
        "required": required,
        "default": s.get("default"),
        "nullable": nullable,
        "description": str(s.get("description") or schema.get("description") or ""),
    }
    if s.get("type") == "object" or "properties" in s:
        return Field(name, kind="group", children=_fields(s, defs, name), **common)
    if s.get("type") == "array":
        items, _ = _resolve(s.get("items", {}), defs)
        if items.get("type") == "object" or "properties" in items:
            rows = [_fields(items, defs, f"{name}.{i}") for i in range(LIST_ROWS)]
            return Field(name, kind="rows", rows=rows, **common)
        return Field(name, kind="lines", options=tuple(items.get("enum", ())), **common)
    if "enum" in s:
        return Field(name, kind="select", options=tuple(str(o) for o in s["enum"]), **common)
    if s.get("type") == "boolean":
        return Field(name, kind="bool", **common)
    if s.get("type") in ("number", "integer"):
        return Field(name, kind="number", **common)
    if s.get("format") == "date":
        return Field(name, kind="date", **common)
    return Field(name, kind="text", **common)


def _fields(schema: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> list[Field]:
    required = set(schema.get("required", ()))
    return [
        _field(f"{prefix}.{key}" if prefix else key, sub, defs, key in required)
        for key, sub in schema.get("properties", {}).items()
    ]


def form_fields(model_schema: dict[str, Any]) -> list[Field]:
    return _fields(model_schema, model_schema.get("$defs", {}))


def _value(f: Field, form: FormData) -> Any:
    raw = str(form.get(f.name) or "").strip()
    if f.kind == "bool":
        return {"yes": True, "no": False}.get(raw)
    if f.kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()] or None
    return raw or None


def _collect(fields: list[Field], form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        key = f.name.rsplit(".", 1)[-1]
        if f.kind == "group":
            sub = _collect(f.children, form)
            if sub:
                out[key] = sub
        elif f.kind == "rows":
            rows = [r for r in (_collect(row, form) for row in f.rows) if r]
            if rows:
                out[key] = rows
        else:
            value = _value(f, form)
            # A value left at the model's default is left out, so that a group nobody filled in (the regime,
            # say) stays out of the facts rather than arriving half-given.
            if value is not None and not (f.kind == "bool" and value == f.default):
                out[key] = value
    return out


def facts_from(fields: list[Field], form: FormData) -> dict[str, Any]:
    """The facts the form gives; what is left blank is left out (the model's default, or its error)."""
    return _collect(fields, form)


def problems_by_field(problems: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Facts problems ("offence.date: ...") keyed by the field named at their head; the rest stay general."""
    keyed: dict[str, list[str]] = {}
    general = []
    for problem in problems:
        head, sep, rest = problem.partition(": ")
        if sep and " " not in head:
            keyed.setdefault(head, []).append(rest)
        else:
            general.append(problem)
    return keyed, general

"""The incident report as an HTML form: the report's fields, the persons involved as rows (a suspect with the
facts Art. I needs, victims and witnesses by category) and the reporting State's statement on its own law;
reading the posted form back into an IncidentReport with every error keyed to the field it concerns, as the
transit request form does (transit_form)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from sofadesk.cases.incident.schemas import OFFENCE_TYPES, IncidentReport
from sofadesk.ui import form_errors

PERSON_ROWS = 3  # blank rows offered below the filled ones
MAX_PERSONS = 50
ROLES = ("suspect", "victim", "witness")
CATEGORIES = ("member_of_force", "civilian_component", "dependent", "third_party", "unknown")
SERVICES = ("armed_services", "civilian_employee", "spouse", "child", "local_hire", "other")
THIRD_STATES = ("north_atlantic_treaty_party", "partnership_for_peace_state", "other_state")
HARMS = (
    "sending_state_property",
    "sending_state_security",
    "receiving_state_property",
    "third_party_property",
    "public_order",
)
OFFENCES = OFFENCE_TYPES
# A suspect's facts (SuspectFacts): yes / no / not known, as a select (a fact not given is unknown).
TRI_FACTS = (
    "in_receiving_state_on_official_duty",
    "accompanying_the_force",
    "employed_by_sending_state_armed_service",
    "child_depends_on_member_for_support",
    "subject_to_sending_state_military_law",
)
TEXTS = ("name", "identifier", "date_of_birth", "notes")
TOP = (
    "sending_state",
    "receiving_state",
    "occurred_at",
    "place",
    "summary",
    "police_reference",
    "prosecutor_reference",
)


@dataclass
class Parsed:
    report: IncidentReport | None
    values: dict[str, Any]  # what the form showed, to show it again
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        if message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)


def blank_person(role: str = "") -> dict[str, Any]:
    return {
        "role": role,
        "category": "unknown",
        "service": "",
        "spouse_or_parent_status": "",
        "nationality": "",
        "third_state_nationality": "",
        "stateless": False,
        "ordinarily_resident_in_receiving_state": False,
        **{k: "" for k in (*TEXTS, *TRI_FACTS)},
    }


def person_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The persons given and a few blank rows, up to the limit."""
    persons = list(values.get("persons", []))
    return persons + [blank_person() for _ in range(min(PERSON_ROWS, MAX_PERSONS - len(persons)))]


def values_of(state: str) -> dict[str, Any]:
    """A new report's defaults: reported by the user's State, as its receiving State (where most reports come
    from: its police); the first row for the suspect."""
    return {
        "sending_state": "",
        "receiving_state": state,
        "occurred_at": "",
        "place": "",
        "summary": "",
        "police_reference": "",
        "prosecutor_reference": "",
        "offence_description": "",
        "offence_type": "",
        "harmed": [],
        "minor": False,
        "law_punishable": "",
        "law_security_offence": False,
        "law_death_penalty_possible": False,
        "law_provision": "",
        "persons": [blank_person("suspect")],
    }


def _tri(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)


def person_row(text: dict[str, str], i: int) -> dict[str, Any] | None:
    """Row `i` as shown (values) - None when it is blank."""
    row: dict[str, Any] = {
        k: text.get(f"p-{i}-{k}", "")
        for k in (
            "role",
            "category",
            "service",
            "nationality",
            "spouse_or_parent_status",
            "third_state_nationality",
            *TEXTS,
            *TRI_FACTS,
        )
    }
    row["stateless"] = f"p-{i}-stateless" in text
    row["ordinarily_resident_in_receiving_state"] = f"p-{i}-ordinarily_resident_in_receiving_state" in text
    if not any(
        row[k] for k in ("role", "name", "identifier", "date_of_birth", "notes", "service", "nationality")
    ):
        return None
    row["category"] = row["category"] or "unknown"
    return row


def person_data(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": row["role"],
        "category": row["category"] if row["role"] != "suspect" else "unknown",
    }
    data |= {k: row[k] for k in TEXTS if row[k]}
    if row["role"] == "suspect":
        facts: dict[str, Any] = {k: _tri(row[k]) for k in TRI_FACTS if _tri(row[k]) is not None}
        facts |= {
            k: row[k] for k in ("service", "spouse_or_parent_status", "third_state_nationality") if row[k]
        }
        if row["nationality"]:
            facts["nationality"] = row["nationality"].upper()
        facts |= {
            "stateless": row["stateless"],
            "ordinarily_resident_in_receiving_state": row["ordinarily_resident_in_receiving_state"],
        }
        data["facts"] = facts if row["service"] else None
    return data


def field_name(loc: tuple[Any, ...]) -> str:
    """The form field a validation error (or a service's Invalid field) belongs to."""
    if not loc:
        return "form"
    head = str(loc[0])
    if head == "offence":
        return f"offence_{loc[1]}" if len(loc) > 1 else "offence_description"
    if head == "own_law":
        return f"law_{loc[1]}" if len(loc) > 1 else "law_punishable"
    if head == "persons":
        if len(loc) < 3:
            return "p-0-role" if len(loc) < 2 else f"p-{loc[1]}-role"
        leaf = (
            str(loc[3])
            if loc[2] == "facts" and len(loc) > 3
            else "service"
            if loc[2] == "facts"
            else str(loc[2])
        )
        return f"p-{loc[1]}-{leaf}"
    return head


def add_errors(parsed: Parsed, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> None:
    """Every validation error, keyed to its field and said in words (form_errors); `prefix` places the errors
    of one person's body (the case page's "add a person") as the report's first person."""
    for err in exc.errors():
        loc, text = form_errors.located(err, prefix)
        parsed.add(field_name(loc), text)


def parse(form: FormData) -> Parsed:
    """The posted form as a report, with every error found at once."""
    text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    values: dict[str, Any] = {k: text.get(k, "") for k in TOP}
    values |= {
        "offence_description": text.get("offence_description", ""),
        "offence_type": text.get("offence_type", ""),
        "harmed": [str(h) for h in form.getlist("harmed") if isinstance(h, str)],
        "minor": "minor" in text,
        "law_punishable": text.get("law_punishable", ""),
        "law_security_offence": "law_security_offence" in text,
        "law_death_penalty_possible": "law_death_penalty_possible" in text,
        "law_provision": text.get("law_provision", ""),
        "persons": [],
    }
    parsed = Parsed(None, values)
    persons = []
    for i in range(MAX_PERSONS):
        row = person_row(text, i)
        if row is None:
            continue
        values["persons"].append(row)
        persons.append(person_data(row))
    # A field left empty is missing ("This is required."), not a value in the wrong form.
    data: dict[str, Any] = {k: values[k] for k in TOP if values[k]}
    data["offence"] = {"harmed": values["harmed"], "minor": values["minor"]} | {
        k: values[f"offence_{k}"] for k in ("description", "type") if values[f"offence_{k}"]
    }
    data["persons"] = persons
    if values["law_punishable"]:
        data["own_law"] = {
            "punishable": values["law_punishable"] == "yes",
            "security_offence": values["law_security_offence"],
            "death_penalty_possible": values["law_death_penalty_possible"],
            **({"provision": values["law_provision"]} if values["law_provision"] else {}),
        }
    try:
        report = IncidentReport.model_validate(data)
    except ValidationError as exc:
        add_errors(parsed, exc)
    else:
        if not parsed.errors:
            parsed.report = report
    return parsed

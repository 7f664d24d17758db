"""The decision kinds callable from outside (CLI, API, case workflows): facts in, Finding out.

Modules are imported only when their kind is used, so that one decision from the command line stays fast.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from sofadesk.law.finding import Finding


class FactsError(ValueError):
    """Facts that are missing, malformed or contradictory; each problem names the field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class DecisionKind:
    name: str
    summary: str
    module: str
    facts: str
    decide: str
    # Where the date of the events is, for working out the regime: a dotted path in the facts.
    date_path: str | None = "event_date"

    def load(self) -> tuple[type[BaseModel], Any]:
        mod = importlib.import_module(f"sofadesk.law.rules.{self.module}")
        return getattr(mod, self.facts), getattr(mod, self.decide)

    @property
    def needs_regime(self) -> bool:
        return self.date_path is not None


KINDS: dict[str, DecisionKind] = {
    k.name: k
    for k in (
        DecisionKind(
            "jurisdiction",
            "Criminal jurisdiction: exclusive or concurrent, primary right, duties (Art. VII).",
            "art_07_criminal_jurisdiction",
            "JurisdictionFacts",
            "decide_jurisdiction",
            "offence.date",
        ),
        DecisionKind(
            "claim-route",
            "Which claims procedure applies: waiver, arbitrator, receiving State, ex gratia (Art. VIII).",
            "art_08_claims",
            "ClaimRouteFacts",
            "decide_claim_route",
        ),
        DecisionKind(
            "claim-share",
            "Cost shares of a paid claim or award, exact to the minor unit (Art. VIII(5)(e), (2)(d)-(e)).",
            "art_08_cost_sharing",
            "ClaimShareFacts",
            "decide_claim_share",
            None,
        ),
        DecisionKind(
            "claim-statement",
            "Deemed acceptance and the half-yearly reimbursement statement (Art. VIII(5)(d), (e)(iv)).",
            "art_08_claim_statement",
            "ClaimStatementFacts",
            "decide_claim_statement",
            None,
        ),
        DecisionKind(
            "entry-documents",
            "Documents required to enter or leave, and what is missing (Art. III(1)-(3)).",
            "art_03_entry_exit",
            "EntryFacts",
            "decide_entry_documents",
        ),
        DecisionKind(
            "absentee-report",
            "When an absentee or a member leaving service must be reported (Art. III(4)).",
            "art_03_entry_exit",
            "AbsenteeFacts",
            "decide_absentee_report",
            None,
        ),
        DecisionKind(
            "removal",
            "Whether the sending State must take back a person the receiving State removes (Art. III(5)).",
            "art_03_entry_exit",
            "RemovalFacts",
            "decide_removal",
            None,
        ),
        DecisionKind(
            "customs",
            "Duty-free import, documents (Form 302), re-export, unit crossings, transit (Art. XI).",
            "art_11_customs",
            "CustomsFacts",
            "decide_customs",
        ),
        DecisionKind(
            "status",
            "Member of the force, civilian component, dependent, or none (Art. I).",
            "art_01_definitions",
            "StatusFacts",
            "decide_status",
        ),
        DecisionKind(
            "driving-permit",
            "Recognition of the sending State's driving permit (Art. IV).",
            "art_04_driving_permits",
            "DrivingPermitFacts",
            "decide_driving_permit",
            None,
        ),
        DecisionKind(
            "uniform",
            "Uniform at frontiers and off duty; vehicle nationality marks (Art. V).",
            "art_05_uniform_marks",
            "UniformFacts",
            "decide_uniform",
            None,
        ),
        DecisionKind(
            "arms",
            "Possession and carrying of arms (Art. VI).",
            "art_06_arms",
            "ArmsFacts",
            "decide_arms",
            None,
        ),
        DecisionKind(
            "tax",
            "Tax residence and exemptions of members (Art. X, IX(8)).",
            "art_10_taxation",
            "TaxFacts",
            "decide_tax",
            None,
        ),
    )
}


DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}


def date_problem(where: str, value: Any) -> str | None:
    """A sentence naming the field where `value` is not a calendar date, or None where it is one."""
    if isinstance(value, date):
        return None
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return f"{where}: {str(value)!r} is not a date; write it as YYYY-MM-DD (e.g. 2009-06-15)"
    return None


def likely_kinds(kind: DecisionKind, data: Any) -> list[str]:
    """Other decision kinds whose facts these look like: those that know every top-level field that `kind` does
    not, most shared fields first.  Empty where `kind` knows them all or no kind fits."""
    if not isinstance(data, dict):
        return []
    model, _ = kind.load()
    keys = set(map(str, data))
    if keys <= set(model.model_fields):
        return []
    fits = []
    for other in KINDS.values():
        if other.name != kind.name:
            fields = set(other.load()[0].model_fields)
            if keys <= fields:
                fits.append((len(keys & fields) - len(fields) / 1000, other.name))
    return [name for _, name in sorted(fits, reverse=True)]


def parse_facts(kind: DecisionKind, data: Any) -> BaseModel:
    model, _ = kind.load()
    if not isinstance(data, dict):
        raise FactsError(["facts: expected a mapping of field names to values"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "facts"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] in DATE_ERRORS:
                problems.append(date_problem(loc, err["input"]) or f"{loc}: {msg}")
                continue
            # Our validators name the field themselves ("field: message"); keep that, do not repeat it.
            problems.append(
                msg if (err["type"] == "value_error" and ":" in msg.split(" ")[0]) else f"{loc}: {msg}"
            )
        raise FactsError(problems) from None


def decide(kind: DecisionKind, facts: BaseModel) -> Finding[Any]:
    _, function = kind.load()
    try:
        result: Finding[Any] = function(facts)
    except ValueError as exc:  # facts the rule needs on this branch are missing or contradictory
        raise FactsError([str(exc)]) from None
    return result


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def finding_json(kind: str, finding: Finding[Any]) -> dict[str, Any]:
    return {
        "kind": kind,
        "value": _plain(finding.value),
        "reasons": list(finding.reasons),
        "citations": finding.cite_strings(),
        "not_modelled": list(finding.left_to_humans),
    }


TURNS_ON_REGIME = (
    "The answer turns on what the registry does not establish about the regime; it is given below under each "
    "possible regime."
)


def decide_under(
    kind: DecisionKind, data: dict[str, Any], regimes: list[dict[str, object]]
) -> dict[str, Any]:
    """The decision's JSON answer where the facts' regime is one of several the registry leaves possible: the
    one answer, if every possible regime gives it (with a reason saying so); otherwise no value, and each
    regime's answer under `alternatives`, so that what the answer turns on is plain."""
    results = []
    for regime in regimes:
        facts = parse_facts(kind, {**data, "regime": regime})
        results.append((regime, finding_json(kind.name, decide(kind, facts))))
    first = results[0][1]
    if all(r["value"] == first["value"] for _, r in results[1:]):
        first["reasons"].append(
            "The same answer follows under every regime the registry leaves possible, so what it does not "
            "establish does not change it."
        )
        return first
    citations = list(dict.fromkeys(c for _, r in results for c in r["citations"]))
    return {
        "kind": kind.name,
        "value": None,
        "reasons": [TURNS_ON_REGIME],
        "citations": citations,
        "not_modelled": list(dict.fromkeys(n for _, r in results for n in r["not_modelled"])),
        "alternatives": [{"regime": regime, **result} for regime, result in results],
    }

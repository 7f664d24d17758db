"""Checks shared by every case that brings a force into another State: the check record itself, the regime on
a day, and the entry documents of every person (NATO SOFA Art. III), grouped by document profile so that a
thousand soldiers with the same papers are decided once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sofadesk.cases.force import ForceManifest, Person
from sofadesk.law.common import Regime
from sofadesk.law.rules.art_03_entry_exit import EntryFacts, decide_entry_documents
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import regime_fields

Status = Literal["ok", "flag", "unknown", "info"]


@dataclass(frozen=True)
class Check:
    leg: int | None  # 0-based leg index
    state: str
    kind: str
    status: Status
    message: str
    citations: tuple[str, ...] = ()
    basis: Literal["law", "configuration"] = "law"

    def as_json(self) -> dict[str, Any]:
        return {"leg": self.leg, "state": self.state, "kind": self.kind, "status": self.status,
                "message": self.message, "citations": list(self.citations), "basis": self.basis}  # fmt: skip


@dataclass
class CheckReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def flags(self) -> int:
        return sum(1 for c in self.checks if c.status == "flag")

    def as_json(self) -> dict[str, Any]:
        return {
            "flags": self.flags,
            "unknown": sum(1 for c in self.checks if c.status == "unknown"),
            "checks": [c.as_json() for c in self.checks],
        }


def regime_on(engine: InForceEngine, sending: str, state: str, day: date) -> Regime | None:
    fields = regime_fields(engine.answer(sending, state, day))
    return Regime.model_validate(fields) if fields is not None else None


def _profile(p: Person) -> tuple[object, ...]:
    return (p.category, bool(p.full_name), p.date_of_birth is not None, bool(p.rank), bool(p.service),
            bool(p.service_number), bool(p.identity_card_number), p.photo_on_identity_card,
            bool(p.passport_number), p.passport_describes_status)  # fmt: skip


def check_documents(report: CheckReport, i: int | None, state: str, name: str, sending: str, regime: Regime,
               content: ForceManifest, requires_countersignature: bool, transit: bool) -> None:  # fmt: skip
    groups: dict[tuple[object, ...], list[int]] = {}
    for n, p in enumerate(content.personnel):
        groups.setdefault(_profile(p), []).append(n)
    problems: list[str] = []
    cites: set[str] = set()
    order = content.movement_order
    for indexes in groups.values():
        p = content.personnel[indexes[0]]
        finding = decide_entry_documents(EntryFacts.model_validate(dict(
            sending_state=sending, receiving_state=state, regime=regime, category=p.category,
            receiving_state_is_transit_state=transit, sending_state_languages=content.sending_state_languages,
            receiving_state_requires_countersignature=requires_countersignature,
            complies_with_entry_formalities=True,
            identity_card={"shows_names": bool(p.full_name), "shows_date_of_birth": p.date_of_birth is not None,
                           "shows_rank": bool(p.rank), "shows_service": bool(p.service),
                           "has_photograph": p.photo_on_identity_card, "has_service_number": bool(p.service_number),
                           "shows_service_number": bool(p.service_number)} if p.identity_card_number else None,
            movement_order={"kind": order.kind, "languages": order.languages, "issued_by": order.issued_by,
                            "certifies_status_and_movement": True,
                            "countersigned_by_receiving_state": state in order.countersigned_by},
            passport={"held": bool(p.passport_number), "describes_holder_as_civilian_component_or_dependent": p.passport_describes_status},
        )))  # fmt: skip
        cites.update(finding.cite_strings())
        if finding.value.missing:
            who = ", ".join(content.personnel[k].full_name for k in indexes[:3]) + (
                f" and {len(indexes) - 3} more" if len(indexes) > 3 else ""
            )
            problems.append(f"{who}: missing {'; '.join(finding.value.missing)}")
    if problems:
        report.checks.append(Check(i, state, "entry_documents", "flag",
            f"Entry documents for {name}: " + " | ".join(problems[:20]), tuple(sorted(cites))))  # fmt: skip
    elif content.personnel:
        report.checks.append(Check(i, state, "entry_documents", "ok",
            f"All {len(content.personnel)} persons hold the documents {name} may require.", tuple(sorted(cites))))  # fmt: skip

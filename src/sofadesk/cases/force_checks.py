"""Checks shared by every case that brings a force into another State: the check record itself, the regime on
a day, and the entry documents of every person (NATO SOFA Art. III), grouped by document profile so that a
thousand soldiers with the same papers are decided once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from sofadesk.cases.force import ForceManifest, Person
from sofadesk.law.common import Regime
from sofadesk.law.messages import MessageText, listing, literal, msg
from sofadesk.law.rules.art_03_entry_exit import EntryFacts, decide_entry_documents
from sofadesk.law.rules.art_11_customs import CustomsFacts, decide_customs
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import possible_regimes, regime_fields

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
        return {
            "leg": self.leg,
            "state": self.state,
            "kind": self.kind,
            "status": self.status,
            "message": self.message,
            "citations": list(self.citations),
            "basis": self.basis,
        }


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


class CheckRead(BaseModel):
    leg: int | None
    state: str
    kind: str
    status: str
    message: MessageText
    citations: list[str]
    basis: str


class CheckReportRead(BaseModel):
    """Checks with reasons and citations; `basis` says whether a check is law or a State's configuration."""

    flags: int
    unknown: int
    checks: list[CheckRead]


def regime_on(engine: InForceEngine, sending: str, state: str, day: date) -> Regime | None:
    fields = regime_fields(engine.answer(sending, state, day))
    return Regime.model_validate(fields) if fields is not None else None


def regimes_on(engine: InForceEngine, sending: str, state: str, day: date) -> list[Regime]:
    """Every regime the registry leaves possible between two States on a day (none where the Agreement is not
    established as applying)."""
    return [Regime.model_validate(r) for r in possible_regimes(engine.answer(sending, state, day))]


def under_each_regime(
    regimes: list[Regime], run: Callable[[Regime], list[Check]], open_point: str
) -> list[Check]:
    """Checks made under every possible regime: where they agree, they are the answer; where they differ, each
    differing check is reported unknown with what it would be under each regime, and what it turns on."""
    results = [run(r) for r in regimes]
    if all(r == results[0] for r in results[1:]):
        return results[0]
    merged: list[Check] = []
    for position, check in enumerate(results[0]):
        variants = [r[position] if position < len(r) else None for r in results]
        if all(v == check for v in variants):
            merged.append(check)
            continue
        told = listing(
            (
                msg(
                    "under {regime}: {finding}",
                    regime=_regime_words(regime),
                    finding=v.message if v is not None else msg("no finding"),
                )
                for regime, v in zip(regimes, variants, strict=True)
            ),
            separator="; ",
        )
        cites = tuple(dict.fromkeys(c for v in variants if v is not None for c in v.citations))
        merged.append(
            replace(
                check,
                status="unknown",
                message=msg("Turns on {point} - {told}", point=open_point, told=told),
                citations=cites,
            )
        )
    return merged


def _regime_words(r: Regime) -> str:
    if r.instrument == "nato-sofa":
        return msg(
            "the NATO SOFA directly with the Additional Protocol"
            if r.additional_protocol
            else "the NATO SOFA directly"
        )
    return msg("the PfP SOFA with the Additional Protocol" if r.additional_protocol else "the PfP SOFA")


def _profile(p: Person) -> tuple[object, ...]:
    return (
        p.category,
        bool(p.full_name),
        p.date_of_birth is not None,
        bool(p.rank),
        bool(p.service),
        bool(p.service_number),
        bool(p.identity_card_number),
        p.photo_on_identity_card,
        bool(p.passport_number),
        p.passport_describes_status,
    )


def check_documents(
    report: CheckReport,
    i: int | None,
    state: str,
    name: str,
    sending: str,
    regime: Regime,
    content: ForceManifest,
    requires_countersignature: bool,
    transit: bool,
) -> None:
    groups: dict[tuple[object, ...], list[int]] = {}
    for n, p in enumerate(content.personnel):
        groups.setdefault(_profile(p), []).append(n)
    problems: list[str] = []
    cites: set[str] = set()
    order = content.movement_order
    for indexes in groups.values():
        p = content.personnel[indexes[0]]
        finding = decide_entry_documents(
            EntryFacts.model_validate(
                dict(
                    sending_state=sending,
                    receiving_state=state,
                    regime=regime,
                    category=p.category,
                    receiving_state_is_transit_state=transit,
                    sending_state_languages=content.sending_state_languages,
                    receiving_state_requires_countersignature=requires_countersignature,
                    complies_with_entry_formalities=True,
                    identity_card={
                        "shows_names": bool(p.full_name),
                        "shows_date_of_birth": p.date_of_birth is not None,
                        "shows_rank": bool(p.rank),
                        "shows_service": bool(p.service),
                        "has_photograph": p.photo_on_identity_card,
                        "has_service_number": bool(p.service_number),
                        "shows_service_number": bool(p.service_number),
                    }
                    if p.identity_card_number
                    else None,
                    movement_order={
                        "kind": order.kind,
                        "languages": order.languages,
                        "issued_by": order.issued_by,
                        "certifies_status_and_movement": True,
                        "countersigned_by_receiving_state": state in order.countersigned_by,
                    },
                    passport={
                        "held": bool(p.passport_number),
                        "describes_holder_as_civilian_component_or_dependent": p.passport_describes_status,
                    },
                )
            )
        )
        cites.update(finding.cite_strings())
        if finding.value.missing:
            names = literal(", ".join(content.personnel[k].full_name for k in indexes[:3]))
            who = msg("{names} and {n} more", names=names, n=len(indexes) - 3) if len(indexes) > 3 else names
            problems.append(
                msg("{who}: missing {items}", who=who, items=listing(finding.value.missing, separator="; "))
            )
    if problems:
        report.checks.append(
            Check(
                i,
                state,
                "entry_documents",
                "flag",
                msg(
                    "Entry documents for {state}: {problems}",
                    state=name,
                    problems=listing(problems[:20], separator=" | "),
                ),
                tuple(sorted(cites)),
            )
        )
    elif content.personnel:
        report.checks.append(
            Check(
                i,
                state,
                "entry_documents",
                "ok",
                msg(
                    "All {n} persons hold the documents {state} may require.",
                    n=len(content.personnel),
                    state=name,
                ),
                tuple(sorted(cites)),
            )
        )


def check_customs(
    report: CheckReport,
    i: int | None,
    state: str,
    sending: str,
    regime: Regime,
    content: ForceManifest,
    notified: bool | None,
    transit: bool,
) -> None:
    """Duty-free entry of the equipment on the certificate (Art. XI(4)); where `notified` is given, the unit's
    advance notice of its frontier crossing (XI(10)), which only a movement (a transit leg) has."""
    items = [
        {
            "description": e.description,
            "kind": e.kind,
            "for_exclusive_use_of_force": e.for_exclusive_use_of_force,
            "certificate_deposited": content.certificate_deposited,
            "triptyque_presented": content.certificate_deposited
            if e.kind == "service_vehicle_own_power"
            else None,
        }
        for e in content.equipment
    ]
    if not items and not content.unit.regularly_constituted:
        return
    if not items:
        items = [{"description": "unit crossing", "kind": "other"}]
    finding = decide_customs(
        CustomsFacts.model_validate(
            dict(
                sending_state=sending,
                receiving_state=state,
                regime=regime,
                receiving_state_is_transit_state=transit,
                signatories_and_specimens_sent_to_customs=content.certificate_deposited,
                crossing=None
                if notified is None
                else {
                    "regularly_constituted_unit": content.unit.regularly_constituted,
                    "customs_notified_in_advance": notified,
                },
                items=items,
            )
        )
    )
    cites = tuple(finding.cite_strings())
    if content.unit.regularly_constituted and notified is False:
        report.checks.append(
            Check(
                i,
                state,
                "customs_notice",
                "flag",
                "Customs of this State have not been notified in advance of the unit's frontier crossing; the special frontier arrangements cannot be claimed.",
                ("NATO SOFA Art. XI(10)",),
            )
        )
    refused = [d.description for d in finding.value.items if d.duty_free is False and content.equipment]
    if refused:
        report.checks.append(
            Check(
                i,
                state,
                "customs",
                "flag",
                msg(
                    "{n} equipment line(s) would not enter duty-free: {lines}",
                    n=len(refused),
                    lines=literal(", ".join(refused[:10])),
                ),
                cites,
            )
        )
    elif content.equipment:
        report.checks.append(
            Check(
                i,
                state,
                "customs",
                "ok",
                msg(
                    "{n} equipment line(s) enter duty-free on the agreed certificate (Form 302).",
                    n=len(content.equipment),
                ),
                cites,
            )
        )


def check_arms(report: CheckReport, sending: str, content: ForceManifest) -> None:
    """Members may possess and carry arms only when their orders authorise it (Art. VI)."""
    for j, arms in enumerate(content.arms):
        if not arms.authorised_by_orders:
            report.checks.append(
                Check(
                    None,
                    sending,
                    "arms",
                    "flag",
                    msg(
                        "Arms line {n} ({arms}) is not authorised by orders; members may carry arms only when their orders authorise it.",
                        n=j + 1,
                        arms=literal(arms.description),
                    ),
                    ("NATO SOFA Art. VI",),
                )
            )

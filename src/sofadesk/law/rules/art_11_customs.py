"""NATO SOFA Art. XI: customs - what a force and its members may bring in duty-free, on which document, and
how it leaves again; unit frontier crossings; transit.

The certificate of XI(4) is "in a form agreed between the receiving State and the sending State"; in NATO and
EU practice that agreed form is NATO Form 302 (or the EU Form 302).  The Agreement itself does not name the
form, so the answer names XI(4) as the basis and Form 302 as the usual agreed form.

NOT MODELLED
- What quantity of provisions and supplies is "reasonable" (XI(4)): needs a decision by the receiving State's
  customs authorities.
- Authorisation to sell or give away duty-free goods locally (XI(8)(b)): needs a decision by the receiving
  State's authorities, on their conditions.  The condition itself is stated for every item imported duty-free
  under XI(2)(b), (4), (5) or (6): force imports, personal effects and private vehicles alike.
- The special arrangements for fuel (XI(11)) and for unit crossings (XI(10)): made by the receiving State.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from sofadesk.law.cite import Cite, article_cites, cite
from sofadesk.law.common import Facts, StatesConcerned
from sofadesk.law.finding import Finding
from sofadesk.law.messages import literal, msg
from sofadesk.law.tri import Tri

ItemKind = Literal[
    "service_vehicle_own_power",
    "service_vehicle_not_own_power",
    "force_equipment",
    "provisions_and_supplies",
    "personal_effects_and_furniture",
    "private_motor_vehicle",
    "official_documents_under_seal",
    "fuel_oil_lubricants",
    "locally_purchased_goods",
    "other",
]


class CustomsItem(Facts):
    description: str = Field(min_length=1)
    kind: ItemKind
    for_exclusive_use_of_force: bool | None = None
    certificate_deposited: bool | None = Field(
        None, description="XI(4) certificate (e.g. NATO Form 302) at the customs office of entry."
    )
    triptyque_presented: bool | None = Field(
        None, description="For service vehicles under their own power (XI(2)(a))."
    )
    first_arrival_of_member_or_dependent: bool | None = None
    courier_holds_individual_movement_order: bool | None = None
    intended_disposal_in_receiving_state: bool = False


class CrossingFacts(Facts):
    regularly_constituted_unit: bool
    customs_notified_in_advance: bool


class CustomsFacts(StatesConcerned):
    receiving_state_is_transit_state: bool = False
    signatories_and_specimens_sent_to_customs: bool | None = Field(
        None, description="Names and specimen signatures and stamps of the certificate's signatories (XI(4))."
    )
    crossing: CrossingFacts | None = None
    items: list[CustomsItem] = Field(min_length=1)


@dataclass(frozen=True)
class ItemDecision:
    description: str
    duty_free: Tri
    documents: tuple[str, ...]
    conditions: tuple[str, ...]
    re_export: str


@dataclass(frozen=True)
class CustomsDecision:
    items: tuple[ItemDecision, ...]
    frontier_arrangements: Tri
    subject_to_search: bool = True


_c = article_cites("nato-sofa", "XI")


FREE_RE_EXPORT = "may be re-exported freely; customs may check it is what was imported (XI(8)(a))"
ROAD_TAX = "exempt from road-use tax (XI(2)(c))"
NO_SALE = (
    "not to be sold or given away locally unless the receiving State authorises it, on its conditions (for "
    "instance payment of duty and tax) (XI(8)(b))"
)


def _no_local_disposal(it: CustomsItem, conditions: list[str], cites: list[Cite], humans: list[str]) -> None:
    """XI(8)(b), for every item imported duty-free under XI(2)(b), (4), (5) or (6)."""
    cites.append(_c(8, "b"))
    conditions.append(NO_SALE)
    if it.intended_disposal_in_receiving_state:
        humans.append(
            msg(
                "{item}: a sale or gift in the receiving State needs its authorisation, on the conditions it sets "
                "(XI(8)(b)) - not modelled, needs a decision by its customs authorities.",
                item=literal(it.description),
            )
        )


def _service_vehicle_own_power(it: CustomsItem, cites: list[Cite]) -> ItemDecision:
    cites.extend([_c(2, "a"), _c(2, "c")])
    return ItemDecision(
        it.description,
        it.triptyque_presented,
        ("triptyque in the form of the Appendix",),
        (ROAD_TAX,),
        "re-exported free of duty on the triptyque (XI(2)(a))",
    )


def _force_import(f: CustomsFacts, it: CustomsItem, cites: list[Cite], humans: list[str]) -> ItemDecision:
    """XI(4): equipment, provisions and supplies, and service vehicles not under their own power (XI(2)(b))."""
    cites.extend([_c(4), _c(8, "a")])
    conditions = [
        "for the exclusive use of the force (or its civilian component and dependents where the receiving State permits)"
    ]
    if it.kind == "service_vehicle_not_own_power":
        # XI(2)(c) exempts every service vehicle from road-use tax, however it crossed the border.
        cites.extend([_c(2, "b"), _c(2, "c")])
        conditions.append(ROAD_TAX)
    if it.kind == "provisions_and_supplies":
        conditions.append("in reasonable quantities")
        humans.append(
            msg(
                "{item}: whether the quantity is reasonable is not modelled - needs a decision by the receiving State's customs.",
                item=literal(it.description),
            )
        )
    _no_local_disposal(it, conditions, cites, humans)
    duty_free: Tri = None
    if (
        it.for_exclusive_use_of_force is False
        or it.certificate_deposited is False
        or f.signatories_and_specimens_sent_to_customs is False
    ):
        duty_free = False
    elif (
        it.for_exclusive_use_of_force
        and it.certificate_deposited
        and f.signatories_and_specimens_sent_to_customs
    ):
        duty_free = True
    return ItemDecision(
        it.description,
        duty_free,
        (
            "certificate in the form agreed between the two States (usually NATO Form 302), signed by an authorised person, deposited at the customs office of entry with the agreed customs documents",
        ),
        tuple(conditions),
        "re-exported freely on presenting the certificate (XI(8)(a))",
    )


def _personal_effects(it: CustomsItem, cites: list[Cite], humans: list[str]) -> ItemDecision:
    cites.extend([_c(5), _c(8, "a")])
    conditions = [
        "on the first arrival of the member, or of the dependent joining him, for the term of service"
    ]
    _no_local_disposal(it, conditions, cites, humans)
    return ItemDecision(
        it.description, it.first_arrival_of_member_or_dependent, (), tuple(conditions), FREE_RE_EXPORT
    )


def _private_vehicle(it: CustomsItem, cites: list[Cite], humans: list[str]) -> ItemDecision:
    cites.extend([_c(6), _c(8, "a")])
    conditions = [
        "temporary import for personal use of the member and dependents",
        "no exemption from road-use taxes is owed",
    ]
    _no_local_disposal(it, conditions, cites, humans)
    return ItemDecision(it.description, True, (), tuple(conditions), FREE_RE_EXPORT)


def _item(f: CustomsFacts, it: CustomsItem, cites: list[Cite], humans: list[str]) -> ItemDecision:
    if it.kind == "service_vehicle_own_power":
        return _service_vehicle_own_power(it, cites)
    if it.kind in ("service_vehicle_not_own_power", "force_equipment", "provisions_and_supplies"):
        return _force_import(f, it, cites, humans)
    if it.kind == "personal_effects_and_furniture":
        return _personal_effects(it, cites, humans)
    if it.kind == "private_motor_vehicle":
        return _private_vehicle(it, cites, humans)
    if it.kind == "official_documents_under_seal":
        cites.extend([_c(3), cite("nato-sofa", "III", 2, "b")])
        return ItemDecision(
            it.description,
            it.courier_holds_individual_movement_order,
            (
                "individual movement order for the courier, stating the number of despatches and that they contain only official documents",
            ),
            ("not subject to customs inspection",),
            "not applicable",
        )
    if it.kind == "fuel_oil_lubricants":
        cites.append(_c(11))
        humans.append(
            msg(
                "{item}: the arrangements for duty-free delivery are made by the receiving State - not modelled.",
                item=literal(it.description),
            )
        )
        return ItemDecision(
            it.description,
            True,
            (),
            (
                "delivered free of all duties and taxes for service vehicles, aircraft and vessels, under the receiving State's special arrangements",
            ),
            "not applicable",
        )
    if it.kind == "locally_purchased_goods":
        cites.append(_c(9))
        return ItemDecision(
            it.description, False, (), (), "exported only under the receiving State's regulations (XI(9))"
        )
    cites.append(_c(7))
    return ItemDecision(
        it.description,
        False,
        (),
        ("no exemption under Art. XI",),
        "under the receiving State's general rules",
    )


def decide_customs(f: CustomsFacts) -> Finding[CustomsDecision]:
    cites: list[Cite] = [_c(1), _c(12)]
    reasons: list[str] = [
        "Members, civilian component and dependents remain subject to the receiving State's customs law, including search and seizure, save where the Agreement provides otherwise.",
    ]
    humans: list[str] = []
    if f.receiving_state_is_transit_state:
        cites.extend([_c(13), cite("nato-sofa", "I", 1, "e")])
        reasons.append("The Article applies in transit too: the State crossed counts as the receiving State.")
    items = tuple(_item(f, it, cites, humans) for it in f.items)
    frontier: Tri = None
    if f.crossing is not None:
        if f.crossing.regularly_constituted_unit:
            cites.extend([_c(10), cite("nato-sofa", "V", 1)])
            frontier = f.crossing.customs_notified_in_advance
            reasons.append(
                "A regularly constituted unit gets special frontier arrangements from customs if they were notified in advance"
                + ("; they were." if frontier else "; they were not, so the arrangements cannot be claimed.")
            )
            reasons.append("The unit must be in uniform when crossing the frontier (Art. V(1)).")
        else:
            frontier = False
            reasons.append(
                "Special frontier arrangements are for regularly constituted units or formations only."
            )
    if any(i.duty_free is None for i in items):
        reasons.append(
            "For some items a condition of duty-free entry is not stated, so the answer for them is unknown."
        )
    return Finding(CustomsDecision(items, frontier), tuple(cites), tuple(reasons), tuple(humans))


ENCODED: dict[str, str] = {
    "NATO SOFA Art. XI(1)": "customs",
    "NATO SOFA Art. XI(2)": "customs",
    "NATO SOFA Art. XI(3)": "customs",
    "NATO SOFA Art. XI(4)": "customs",
    "NATO SOFA Art. XI(5)": "customs",
    "NATO SOFA Art. XI(6)": "customs",
    "NATO SOFA Art. XI(7)": "customs",
    "NATO SOFA Art. XI(8)": "customs",
    "NATO SOFA Art. XI(9)": "customs",
    "NATO SOFA Art. XI(10)": "customs",
    "NATO SOFA Art. XI(11)": "customs",
    "NATO SOFA Art. XI(12)": "customs",
    "NATO SOFA Art. XI(13)": "customs",
}
NOT_MODELLED: dict[str, str] = {}

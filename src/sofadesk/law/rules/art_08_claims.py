"""NATO SOFA Art. VIII (routes): which procedure a claim follows - waived, arbitrator, receiving-State
adjudication with cost sharing, ex gratia by the sending State - or none under the Agreement.

Order of the rules: claims between parties first (1 waiver of claims for service property, 3 what a party's
vessel is, 4 waiver for injury or death of service members on duty, 2 other State property and its
threshold waiver), then third-party claims (5 official duty or legal responsibility, 6 acts off duty, 7
unauthorised use of vehicles, 8 disputes on official duty), with the exclusions of 5 (contract claims,
navigation and cargo in 5(h)) and of Art. XV(1) (war damage).  Property of a political sub-division is not a
party's property (Art. I(2)): a town's claim is a third-party claim.

NOT MODELLED
- Whether an act was in the performance of official duty when unknown: needs a decision; when disputed, the
  arbitrator of 8 decides (negotiation under PfP SOFA Art. III where a non-NATO-SOFA party is involved).
- Conversion of the 2(f) threshold amounts into another currency, and the exchange-rate adjustments the parties
  may agree: needs a decision by the parties concerned.
- The adjudication itself (5(a)-(c)): made under the receiving State's law by its authorities.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Certainty, StateCode, StatesConcerned, referral
from sofadesk.law.finding import Finding

Route = Literal[
    "waived",
    "arbitrator",
    "negotiation",
    "receiving_state_adjudicates",
    "ex_gratia_by_sending_state",
    "official_duty_to_be_decided",
    "outside_the_agreement",
]

# Art. VIII(2)(f) as printed in the authentic English text: party, currency (ISO 4217, historic where
# replaced by the euro), amount below which the party waives its claim.
THRESHOLDS: dict[str, tuple[str, Decimal]] = {
    "BEL": ("BEF", Decimal(70000)),
    "CAN": ("CAD", Decimal(1460)),
    "DNK": ("DKK", Decimal(9670)),
    "FRA": ("FRF", Decimal(490000)),
    "ISL": ("ISK", Decimal(22800)),
    "ITA": ("ITL", Decimal(850000)),
    "LUX": ("LUF", Decimal(70000)),
    "NLD": ("NLG", Decimal(5320)),
    "NOR": ("NOK", Decimal(10000)),
    "PRT": ("PTE", Decimal(40250)),
    "GBR": ("GBP", Decimal(500)),
    "USA": ("USD", Decimal(1400)),
}
REPLACED_BY_EURO = {"BEF", "FRF", "ITL", "LUF", "NLG", "PTE"}


class ClaimRouteFacts(StatesConcerned):
    claimant: Literal["contracting_party", "third_party"]
    claimant_state: StateCode | None = Field(
        None, description="For a contracting party's claim: which State claims."
    )
    harm: Literal["property", "injury_or_death", "salvage"]
    # A contracting party's claim
    property_used_by_claimant_armed_services: bool | None = None
    property_owned_by_political_subdivision: bool = False
    property_in_claimant_territory: bool | None = None
    caused_by: (
        Literal["member_or_employee_on_treaty_duties", "service_vehicle_vessel_or_aircraft", "other"] | None
    ) = None
    used_in_connection_with_treaty: bool | None = Field(
        None,
        description="Vehicle, vessel or aircraft causing the damage, or the damaged property, so used (VIII(1)(ii)).",
    )
    member_on_official_duty: bool | None = Field(
        None, description="For injury or death of a service member (VIII(4))."
    )
    amount: Decimal | None = Field(None, gt=0)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    # A third party's claim
    contractual: bool = False
    damage_in_receiving_state: bool = True
    official_duty: Certainty | None = None
    force_legally_responsible: bool | None = None
    unauthorised_vehicle_use: bool = False
    navigation_or_cargo: bool = False
    war_damage: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> ClaimRouteFacts:
        if self.claimant == "contracting_party":
            if self.claimant_state not in (self.sending_state, self.receiving_state):
                raise ValueError(
                    "claimant_state: a contracting party's claim needs claimant_state, the sending or receiving State"
                )
            if (self.amount is None) != (self.currency is None):
                raise ValueError("amount: give amount and currency together")
        if (
            self.claimant == "third_party"
            and self.official_duty is None
            and not self.contractual
            and not self.war_damage
        ):
            raise ValueError("official_duty: needed for a third-party claim (yes, no, unknown or disputed)")
        return self


@dataclass(frozen=True)
class ClaimRoute:
    route: Route
    handled_by: str
    steps: tuple[str, ...] = ()


def _c(paragraph: int | None = None, *sub: str) -> Cite:
    return cite("nato-sofa", "VIII", paragraph, *sub)


def decide_claim_route(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    if f.war_damage:
        return Finding(
            ClaimRoute("outside_the_agreement", "not the Agreement's claims procedures"),
            (cite("nato-sofa", "XV", 1),),
            (
                "War damage in hostilities to which the North Atlantic Treaty applies is excluded from the claims rules of Art. VIII(2) and (5).",
            ),
        )
    if f.claimant == "contracting_party" and not f.property_owned_by_political_subdivision:
        return _between_parties(f)
    reasons: list[str] = []
    cites: list[Cite] = []
    if f.property_owned_by_political_subdivision:
        reasons.append(
            "Property of a political sub-division is not a party's property for Art. VIII: the claim is treated as a third party's."
        )
        cites.append(cite("nato-sofa", "I", 2))
    return _third_party(f, reasons, cites)


def _between_parties(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    reasons: list[str] = []
    cites: list[Cite] = []
    humans: list[str] = []
    if f.harm == "injury_or_death":
        if f.member_on_official_duty is None:
            raise ValueError(
                "member_on_official_duty: needed for a party's claim for injury or death of its service member"
            )
        if f.member_on_official_duty:
            return Finding(
                ClaimRoute("waived", "no one: the claim is waived"),
                (_c(4),),
                (
                    "Each party waives its claims for injury or death of its own service members suffered on official duty.",
                ),
            )
        return Finding(
            ClaimRoute("outside_the_agreement", "the States concerned, under general international law"),
            (_c(4),),
            (
                "The waiver of Art. VIII(4) covers only members engaged in official duty; this claim is not governed by Art. VIII.",
            ),
        )
    if f.harm == "salvage":
        if f.used_in_connection_with_treaty is None:
            raise ValueError(
                "used_in_connection_with_treaty: needed for a salvage claim (was the salved vessel or cargo so used?)"
            )
        if f.used_in_connection_with_treaty:
            return Finding(
                ClaimRoute("waived", "no one: the claim is waived"),
                (_c(1),),
                (
                    "Maritime salvage claims between parties are waived where the salved vessel or cargo was a party's and used by its armed services for the Treaty.",
                ),
            )
        return Finding(
            ClaimRoute("outside_the_agreement", "the States concerned"),
            (_c(1),),
            ("The salvage waiver does not reach a vessel or cargo not used for the Treaty.",),
        )
    if f.caused_by is None or f.property_used_by_claimant_armed_services is None:
        raise ValueError(
            "caused_by: a party's property claim needs caused_by and property_used_by_claimant_armed_services"
        )
    connected = f.caused_by == "member_or_employee_on_treaty_duties" or (
        f.caused_by == "service_vehicle_vessel_or_aircraft" and bool(f.used_in_connection_with_treaty)
    )
    if f.caused_by == "service_vehicle_vessel_or_aircraft" and f.used_in_connection_with_treaty is None:
        raise ValueError(
            "used_in_connection_with_treaty: needed when a service vehicle, vessel or aircraft caused the damage"
        )
    if not connected:
        return Finding(
            ClaimRoute("outside_the_agreement", "the States concerned"),
            (_c(1), _c(2, "a")),
            (
                "The damage was not caused in Treaty duties or by a service vehicle, vessel or aircraft used for the Treaty, so neither the waiver of Art. VIII(1) nor the arbitration of Art. VIII(2) applies.",
            ),
        )
    if f.property_used_by_claimant_armed_services:
        reasons.append(
            "The damaged property belongs to the claimant party and is used by its armed services: the claim is waived."
        )
        cites.append(_c(1, "i" if f.caused_by == "member_or_employee_on_treaty_duties" else "ii"))
        return Finding(ClaimRoute("waived", "no one: the claim is waived"), tuple(cites), tuple(reasons))
    if f.property_in_claimant_territory is False:
        return Finding(
            ClaimRoute("outside_the_agreement", "the States concerned"),
            (_c(2, "a"),),
            (
                "Art. VIII(2) covers a party's other property located in its own territory; this property was elsewhere.",
            ),
        )
    if f.property_in_claimant_territory is None:
        raise ValueError(
            "property_in_claimant_territory: needed for a party's property not used by its armed services"
        )
    cites.append(_c(2, "a"))
    waived = _threshold(f, reasons, cites, humans)
    if waived:
        return Finding(
            ClaimRoute("waived", "no one: below the Art. VIII(2)(f) amount"),
            tuple(cites),
            tuple(reasons),
            tuple(humans),
        )
    route_text, route_cites = referral(
        f.regime,
        "a sole arbitrator chosen by agreement among the receiving State's nationals who hold or have held high "
        "judicial office; failing agreement within two months, chosen at either party's request by the NATO "
        "Secretary-General (who took over the Council Deputies' Chairman's functions in 1952)",
        _c(2, "b"),
    )
    cites.extend(route_cites)
    reasons.append(f"Liability and amount are decided by {route_text}.")
    steps = [
        "The award is shared as in Art. VIII(5)(e)(i)-(iii) (sofadesk law decide claim-share).",
        "The arbitrator's decision is binding; the arbitrator's fee and expenses are borne equally.",
    ]
    cites.extend([_c(2, "c"), _c(2, "d"), _c(2, "e")])
    route: Route = "negotiation" if f.regime.negotiation_instead_of_council else "arbitrator"
    return Finding(ClaimRoute(route, route_text, tuple(steps)), tuple(cites), tuple(reasons), tuple(humans))


def _threshold(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]) -> bool:
    cites.append(_c(2, "f"))
    if f.amount is None or f.currency is None:
        humans.append("Threshold waiver: not checked, as no amount was given (Art. VIII(2)(f)).")
        return False
    assert f.claimant_state is not None
    listed = THRESHOLDS.get(f.claimant_state)
    if listed is None:
        humans.append(
            f"Threshold waiver: Art. VIII(2)(f) lists no amount for {f.claimant_state} - needs a decision by the parties "
            "concerned, which may agree one."
        )
        return False
    currency, limit = listed
    if f.currency != currency:
        why = " (a currency since replaced by the euro)" if currency in REPLACED_BY_EURO else ""
        humans.append(
            f"Threshold waiver: the amount for {f.claimant_state} is {limit:,} {currency}{why}; comparing a claim in "
            f"{f.currency} needs a conversion the parties agree (Art. VIII(2)(f)) - needs a decision by the parties concerned."
        )
        return False
    if f.amount < limit:
        reasons.append(
            f"The damage, {f.amount:,} {f.currency}, is below {limit:,} {currency}, the amount Art. VIII(2)(f) sets for {f.claimant_state}: the claim is waived."
        )
        return True
    reasons.append(
        f"The damage, {f.amount:,} {f.currency}, is not below the {limit:,} {currency} threshold of Art. VIII(2)(f)."
    )
    return False


def _third_party(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute]:
    humans: list[str] = []
    if f.contractual:
        cites.append(_c(5))
        reasons.append(
            "Contractual claims are excluded from Art. VIII(5): they follow the contract and the law governing it."
        )
        return Finding(
            ClaimRoute("outside_the_agreement", "the parties to the contract"), tuple(cites), tuple(reasons)
        )
    if not f.damage_in_receiving_state:
        cites.append(_c(5))
        reasons.append("Art. VIII(5) covers damage caused in the receiving State's territory only.")
        return Finding(
            ClaimRoute("outside_the_agreement", "not the Agreement's claims procedures"),
            tuple(cites),
            tuple(reasons),
        )
    if f.unauthorised_vehicle_use:
        cites.append(_c(7))
        if f.force_legally_responsible:
            reasons.append(
                "The vehicle was used without authority, but the force is legally responsible: the claim follows Art. VIII(5)."
            )
            return _paragraph_5(f, reasons, cites, humans)
        if f.force_legally_responsible is None:
            raise ValueError(
                "force_legally_responsible: needed for unauthorised use of a service vehicle (Art. VIII(7))"
            )
        reasons.append(
            "Claims from unauthorised use of a service vehicle follow Art. VIII(6), the force not being legally responsible."
        )
        return _paragraph_6(reasons, cites)
    if f.official_duty == "yes" or f.force_legally_responsible:
        return _paragraph_5(f, reasons, cites, humans)
    if f.official_duty == "no":
        return _paragraph_6(reasons, cites)
    route_text, route_cites = referral(
        f.regime, "an arbitrator appointed under Art. VIII(2)(b), whose decision is final", _c(8)
    )
    cites.extend(route_cites)
    if f.official_duty == "disputed":
        reasons.append(
            f"The States dispute whether the act was done in the performance of official duty: that question goes to {route_text}."
        )
    else:
        reasons.append(
            "Whether the act was done in the performance of official duty is not yet established: Art. VIII(5) applies if it was, Art. VIII(6) if it was not."
        )
        humans.append(
            "Official duty: not modelled - needs a decision (the sending State usually certifies it); a dispute goes to "
            + route_text
            + "."
        )
    cites.extend([_c(5), _c(6)])
    return Finding(
        ClaimRoute("official_duty_to_be_decided", route_text), tuple(cites), tuple(reasons), tuple(humans)
    )


def _paragraph_5(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    if f.navigation_or_cargo and f.harm != "injury_or_death":
        cites.append(_c(5, "h"))
        reasons.append(
            "Claims arising from navigation or operation of a ship or from cargo are excluded from Art. VIII(5), except for death or personal injury."
        )
        return Finding(
            ClaimRoute("outside_the_agreement", "maritime law and the States concerned"),
            tuple(cites),
            tuple(reasons),
        )
    reasons.append(
        "The claim arises from an act in the performance of official duty, or one for which the force is legally responsible, causing damage in the receiving State to a third party: the receiving State deals with it."
    )
    cites.extend(
        [
            _c(5),
            _c(5, "a"),
            _c(5, "b"),
            _c(5, "c"),
            _c(5, "d"),
            _c(5, "e"),
            _c(5, "g"),
            cite("nato-sofa", "VIII", 9),
        ]
    )
    hardship, hardship_cites = referral(f.regime, "the North Atlantic Council", _c(5, "f"))
    cites.extend(hardship_cites)
    steps = (
        "The receiving State files, considers and settles or adjudicates the claim under its rules for claims against its own forces, and pays in its own currency.",
        "Its payment, or a final judgment refusing payment, binds the States.",
        "It sends each sending State concerned the particulars and a proposed distribution; no reply within two months counts as acceptance (sofadesk law decide claim-statement).",
        "The cost is shared under Art. VIII(5)(e)(i)-(iii) (sofadesk law decide claim-share) and reimbursed on the half-yearly statement.",
        "No judgment on this official-duty matter may be enforced against the member personally; no immunity from civil courts is otherwise claimed.",
        f"A State facing serious hardship may seek a different settlement through {hardship}.",
    )
    return Finding(
        ClaimRoute("receiving_state_adjudicates", "the receiving State's claims authorities", steps),
        tuple(cites),
        tuple(reasons),
        tuple(humans),
    )


def _paragraph_6(reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute]:
    reasons.append(
        "The act was not done in the performance of official duty: the receiving State assesses the claim and reports, and the sending State decides whether to offer an ex gratia payment."
    )
    cites.extend([_c(6, "a"), _c(6, "b"), _c(6, "c"), _c(6, "d")])
    steps = (
        "The receiving State assesses fair compensation, taking into account the injured person's conduct, and sends its report to the sending State.",
        "The sending State decides without delay whether to offer an ex gratia payment, and how much.",
        "If the claimant accepts in full satisfaction, the sending State pays and informs the receiving State.",
        "Until then the receiving State's courts keep jurisdiction over an action against the member.",
    )
    return Finding(
        ClaimRoute(
            "ex_gratia_by_sending_state",
            "the receiving State (assessment) and the sending State (offer)",
            steps,
        ),
        tuple(cites),
        tuple(reasons),
    )


ENCODED: dict[str, str] = {
    "NATO SOFA Art. I(2)": "claim-route",
    "NATO SOFA Art. VIII(1)": "claim-route",
    "NATO SOFA Art. VIII(2)(a)": "claim-route",
    "NATO SOFA Art. VIII(2)(b)": "claim-route",
    "NATO SOFA Art. VIII(2)(c)": "claim-route",
    "NATO SOFA Art. VIII(2)(f)": "claim-route",
    "NATO SOFA Art. VIII(4)": "claim-route",
    "NATO SOFA Art. VIII(5)(a)": "claim-route",
    "NATO SOFA Art. VIII(5)(b)": "claim-route",
    "NATO SOFA Art. VIII(5)(c)": "claim-route",
    "NATO SOFA Art. VIII(5)(f)": "claim-route",
    "NATO SOFA Art. VIII(5)(g)": "claim-route",
    "NATO SOFA Art. VIII(5)(h)": "claim-route",
    "NATO SOFA Art. VIII(6)": "claim-route",
    "NATO SOFA Art. VIII(7)": "claim-route",
    "NATO SOFA Art. VIII(8)": "claim-route",
    "NATO SOFA Art. VIII(9)": "claim-route",
    "NATO SOFA Art. XV(1)": "claim-route",
    "PfP SOFA Art. III": "claim-route, jurisdiction",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VIII(3)": "A definition of a party's vessel (bare-boat charter, requisition, prize) applied "
    "by the user in saying whose vessel it is - needs a decision by the claimant State.",
    "NATO SOFA Art. VIII(10)": "Cooperation in procuring evidence is a standing duty of the authorities, not a decision.",
}

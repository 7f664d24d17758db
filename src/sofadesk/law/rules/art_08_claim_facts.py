"""NATO SOFA Art. VIII: the facts of a claim and the shape of the answer on its route, shared by the rules on
claims between parties (art_08_party_claims) and on third-party claims (art_08_third_party_claims).

NOT MODELLED
- Nothing is decided here; see the two rule modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Certainty, StateCode, StatesConcerned

Route = Literal[
    "waived",
    "arbitrator",
    "negotiation",
    "receiving_state_adjudicates",
    "ex_gratia_by_sending_state",
    "official_duty_to_be_decided",
    "outside_the_agreement",
]


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


def viii(paragraph: int | None = None, *sub: str) -> Cite:
    return cite("nato-sofa", "VIII", paragraph, *sub)

"""NATO SOFA Art. VIII: the facts of a claim and the shape of the answer on its route, shared by the rules on
claims between parties (art_08_party_claims) and on third-party claims (art_08_third_party_claims).

NOT MODELLED
- Nothing is decided here; see the two rule modules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Certainty, StateCode, StatesConcerned
from sofadesk.law.finding import Finding

Route = Literal[
    "waived",
    "arbitrator",
    "negotiation",
    "receiving_state_adjudicates",
    "ex_gratia_by_sending_state",
    "official_duty_to_be_decided",
    "vehicle_use_to_be_decided",
    "who_caused_it_to_be_decided",
    "outside_the_agreement",
]
# Whose act or omission caused the damage (VIII(5)-(7)).
Actor = Literal["member_of_force", "civilian_component", "dependent", "unknown"]


class ClaimRouteFacts(StatesConcerned):
    claimant: Literal["contracting_party", "third_party", "dependent"] = Field(
        description="contracting_party: a State's claim (VIII(1)-(4)); third_party: anyone else (VIII(5)-(7)); "
        "dependent: a dependent of a member of a force or civilian component, who is a third party too."
    )
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
    same_incident_party: StateCode | None = Field(
        None,
        description="Another party, listed in Art. VIII(2)(f), whose property was damaged in the same incident: "
        "the claimant also waives its claim up to that party's amount (VIII(2)(f), second sentence).",
    )
    # A third party's claim
    contractual: bool = False
    damage_in_receiving_state: bool = True
    act_of: Actor = Field(
        "unknown",
        description="Whose act or omission caused the damage, for a third party's claim: a member of the force, "
        "of the civilian component, a dependent, or not known (VIII(5)-(6)).",
    )
    official_duty: Certainty | None = Field(
        None,
        description="Whether the act was done in the performance of official duty (not asked of a dependent).",
    )
    force_legally_responsible: bool | None = Field(
        None, description="Whether the force or civilian component is legally responsible for the occurrence."
    )
    unauthorised_vehicle_use: Certainty = Field(
        "no",
        description="Whether the damage arose from unauthorised use of a vehicle of the sending State's armed "
        "services (VIII(7)); disputed between the States: the question goes to the arbitrator of VIII(8).",
    )
    navigation_or_cargo: bool = False
    war_damage: bool = False

    @field_validator("unauthorised_vehicle_use", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        # A plain true/false (the field was a yes-or-no before disputes were modelled) reads as "yes"/"no".
        return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value

    @model_validator(mode="after")
    def _coherent(self) -> ClaimRouteFacts:
        if self.claimant == "contracting_party":
            if self.claimant_state not in (self.sending_state, self.receiving_state):
                raise ValueError(
                    "claimant_state: a contracting party's claim needs claimant_state, the sending or receiving State"
                )
            if (self.amount is None) != (self.currency is None):
                raise ValueError("amount: give amount and currency together")
            if self.same_incident_party is not None and self.same_incident_party == self.claimant_state:
                raise ValueError("same_incident_party: another party than the claimant")
        if self.act_of == "dependent" and self.official_duty == "yes":
            raise ValueError(
                "official_duty: a dependent performs no official duty; Art. VIII(5) speaks of acts of members of a "
                "force or civilian component"
            )
        if (
            self.claimant != "contracting_party"
            and self.official_duty is None
            and self.act_of != "dependent"
            and not self.contractual
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


def prepend(finding: Finding[ClaimRoute], reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute]:
    """`finding` with reasons and citations of an earlier step put first."""
    return replace(finding, citations=(*cites, *finding.citations), reasons=(*reasons, *finding.reasons))

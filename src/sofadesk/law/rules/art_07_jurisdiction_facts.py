"""NATO SOFA Art. VII: the facts of a criminal case and the shape of the answer, shared by the rules on who may
try it (art_07_criminal_jurisdiction) and on what follows (art_07_consequences).

NOT MODELLED
- Nothing is decided here; see the two rule modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.common import Certainty, Facts, StatesConcerned

Side = Literal["sending_state", "receiving_state"]
JurisdictionKind = Literal[
    "exclusive_sending", "exclusive_receiving", "concurrent", "sending_only", "receiving_only", "none"
]
Primary = Side | Literal["undetermined"] | None


class Accused(Facts):
    category: Literal["member_of_force", "civilian_component", "dependent"]
    subject_to_sending_state_military_law: bool = Field(
        description="Whether the sending State's military law covers this person (Art. VII(1)(a))."
    )
    national_of_receiving_state: bool = False
    ordinarily_resident_in_receiving_state: bool = False
    in_hands_of: Literal["sending_state", "receiving_state", "neither"] = "neither"
    arrested_by_receiving_state: bool = False


class Offence(Facts):
    description: str = Field(min_length=1)
    date: date
    committed_in_receiving_state: bool = True
    punishable_by_sending_state: bool
    punishable_by_receiving_state: bool
    solely_against: Literal["sending_state_property_or_security", "sending_state_force_people", "other"] = (
        Field(
            description="Whom the offence was solely against (Art. VII(3)(a)(i)): the sending State's property or "
            "security; the person or property of another member of its force or civilian component or a dependent; "
            "or anything else."
        )
    )
    official_duty: Certainty = Field(
        description="Whether it arose out of an act or omission in the performance of official duty."
    )
    receiving_state_law_provides_death_penalty_for_similar_case: bool | None = None
    sending_state_law_provides_death_penalty: bool = False


class PreviousTrial(Facts):
    by: Literal["sending_state", "receiving_state"]
    outcome: Literal["acquitted", "convicted_serving", "convicted_served", "pardoned", "pending"]
    same_territory: bool = True


class JurisdictionFacts(StatesConcerned):
    accused: Accused
    offence: Offence
    primary_state_declines: bool = Field(
        False, description="The State with the primary right will not exercise it."
    )
    waiver_requested: bool = False
    previous_trial: PreviousTrial | None = None

    @model_validator(mode="after")
    def _coherent(self) -> JurisdictionFacts:
        a = self.accused
        if a.category == "civilian_component" and (
            a.national_of_receiving_state or a.ordinarily_resident_in_receiving_state
        ):
            raise ValueError(
                "accused.category: a receiving-State national or ordinary resident cannot be a member of the "
                "civilian component (NATO SOFA Art. I(1)(b)); describe the person's actual status"
            )
        if self.waiver_requested and self.primary_state_declines:
            raise ValueError("waiver_requested: no waiver is needed where the primary State already declines")
        return self


@dataclass(frozen=True)
class JurisdictionDecision:
    jurisdiction: JurisdictionKind
    primary_right: Side | Literal["undetermined"] | None
    may_try: tuple[Side, ...]
    barred_from_trying: tuple[Side, ...] = ()
    duties: tuple[str, ...] = ()
    death_sentence: tuple[str, ...] = ()
    fair_trial_rights: tuple[str, ...] = ()
    # Pending a decision on official duty: who holds the primary right in each outcome.
    if_official_duty: Side | None = None
    if_not_official_duty: Side | None = None
    # Whether the receiving State is to try the accused (VII(5)(c), VII(9)): None while the primary right is open.
    receiving_state_to_try: bool | None = None

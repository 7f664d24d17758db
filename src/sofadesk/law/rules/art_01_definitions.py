"""NATO SOFA Art. I: is a person a member of the force, of the civilian component, a dependent - or none?

The civilian-component exclusion of nationals "of any State which is not a Party to the North Atlantic Treaty"
depends on the regime.  Under the NATO SOFA alone it means exactly that: a national of a State participating in
the Partnership for Peace but not party to the Treaty is excluded.  Under the PfP SOFA, references to the North
Atlantic Treaty include the Partnership for Peace (PfP SOFA Art. II(2)), so only nationals of a State in neither
are excluded.  The facts therefore say which kind of State a third-State national belongs to
(third_state_nationality), and the rule reads it under the regime that applies.  Local
civilian workers hired under Art. IX(4) are never members of the force or civilian component.

NOT MODELLED
- An agreement between the two States excluding particular persons or units (I(1)(a) proviso): an input.
- Whether presence is "in connection with official duties": an input, decided by the sending State.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, article_cites, cite
from sofadesk.law.common import Facts, StatesConcerned
from sofadesk.law.finding import Finding
from sofadesk.law.messages import listing, msg

Status = Literal["member_of_force", "civilian_component", "dependent", "none"]


class PersonFacts(Facts):
    role: Literal["armed_services_personnel", "civilian_employee", "spouse", "child", "local_hire", "other"]
    in_receiving_state_on_official_duty: bool | None = Field(
        None, description="For armed-services personnel."
    )
    excluded_by_agreement_between_the_states: bool = False
    accompanying_the_force: bool | None = None
    employed_by_sending_state_armed_service: bool | None = None
    stateless: bool = False
    national_of_receiving_state: bool = False
    third_state_nationality: Literal[
        "none", "north_atlantic_treaty_party", "partnership_for_peace_state", "other_state"
    ] = Field(
        "none",
        description="For a national of a State other than the sending and receiving States: whether that State is "
        "a party to the North Atlantic Treaty, a State participating in the Partnership for Peace without being "
        "party to the Treaty, or neither (Art. I(1)(b); PfP SOFA Art. II(2)). none: no other nationality.",
    )
    ordinarily_resident_in_receiving_state: bool = False
    spouse_or_parent_status: Literal["member_of_force", "civilian_component", "none"] | None = None
    child_depends_on_member_for_support: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: object) -> object:
        if isinstance(data, dict) and "national_of_state_outside_the_regime" in data:
            raise ValueError(
                "person.national_of_state_outside_the_regime: replaced by third_state_nationality "
                "(north_atlantic_treaty_party, partnership_for_peace_state or other_state), because which nationals "
                "Art. I(1)(b) excludes depends on the regime"
            )
        return data


class StatusFacts(StatesConcerned):
    person: PersonFacts


@dataclass(frozen=True)
class PersonStatus:
    status: Status


_c = article_cites("nato-sofa", "I")


def decide_status(f: StatusFacts) -> Finding[PersonStatus]:
    p = f.person
    if p.role == "local_hire":
        return Finding(
            PersonStatus("none"),
            (cite("nato-sofa", "IX", 4),),
            (
                "A civilian worker hired locally by the force is not, for any purpose, a member of the force or civilian component.",
            ),
        )
    if p.role == "armed_services_personnel":
        if p.in_receiving_state_on_official_duty is None:
            raise ValueError(
                "person.in_receiving_state_on_official_duty: needed for armed-services personnel (Art. I(1)(a))"
            )
        if p.excluded_by_agreement_between_the_states:
            return Finding(
                PersonStatus("none"),
                (_c(1, "a"),),
                ("The two States agreed that this person or unit is not part of a force.",),
            )
        if not p.in_receiving_state_on_official_duty:
            return Finding(
                PersonStatus("none"),
                (_c(1, "a"),),
                (
                    'Service personnel are a "force" only while in the other State\'s territory in connection with their official duties; this person is there privately.',
                ),
            )
        return Finding(
            PersonStatus("member_of_force"),
            (_c(1, "a"),),
            (
                "Armed-services personnel of the sending State in the receiving State in connection with official duties are members of a force.",
            ),
        )
    if p.role == "civilian_employee":
        if p.accompanying_the_force is None or p.employed_by_sending_state_armed_service is None:
            raise ValueError(
                "person.accompanying_the_force: give accompanying_the_force and employed_by_sending_state_armed_service for a civilian"
            )
        cites: list[Cite] = [_c(1, "b")]
        if not (p.accompanying_the_force and p.employed_by_sending_state_armed_service):
            return Finding(
                PersonStatus("none"),
                tuple(cites),
                (
                    "The civilian component is civilian staff who both accompany the force and are employed by its armed service.",
                ),
            )
        pfp = f.regime.instrument == "pfp-sofa"
        third = p.third_state_nationality
        excluded = [
            why
            for flag, why in (
                (p.stateless, "a stateless person"),
                (
                    third == "other_state",
                    "a national of a State party neither to the North Atlantic Treaty"
                    + (" nor participating in the Partnership for Peace" if pfp else ""),
                ),
                (
                    third == "partnership_for_peace_state" and not pfp,
                    "a national of a State not party to the North Atlantic Treaty (under the NATO SOFA alone, "
                    "participation in the Partnership for Peace does not count)",
                ),
                (p.national_of_receiving_state, "a national of the receiving State"),
                (p.ordinarily_resident_in_receiving_state, "ordinarily resident in the receiving State"),
            )
            if flag
        ]
        if pfp:
            cites.append(cite("pfp-sofa", "II", 2))
        if excluded:
            return Finding(
                PersonStatus("none"),
                tuple(cites),
                (msg("Excluded from the civilian component as {reasons}.", reasons=listing(excluded)),),
            )
        reasons = [
            "A civilian accompanying the force and employed by its armed service, and not excluded, is a member of the civilian component."
        ]
        if f.regime.instrument == "pfp-sofa":
            reasons.append(
                "Under the PfP SOFA, nationals of PfP States count as nationals of States party to the North Atlantic Treaty for this test."
            )
        return Finding(PersonStatus("civilian_component"), tuple(cites), tuple(reasons))
    if p.role in ("spouse", "child"):
        if p.spouse_or_parent_status in (None, "none"):
            return Finding(
                PersonStatus("none"),
                (_c(1, "c"),),
                (
                    "A dependent is the spouse or child of a member of the force or civilian component; the related person is neither.",
                ),
            )
        if p.role == "child":
            if p.child_depends_on_member_for_support is None:
                raise ValueError(
                    "person.child_depends_on_member_for_support: needed for a child (Art. I(1)(c))"
                )
            if not p.child_depends_on_member_for_support:
                return Finding(
                    PersonStatus("none"),
                    (_c(1, "c"),),
                    ("A child is a dependent only if depending on the member for support.",),
                )
        return Finding(
            PersonStatus("dependent"),
            (_c(1, "c"),),
            (
                f"The {p.role} of a member of the {'force' if p.spouse_or_parent_status == 'member_of_force' else 'civilian component'} is a dependent.",
            ),
        )
    return Finding(
        PersonStatus("none"), (_c(1),), ("The person is none of the categories the Agreement defines.",)
    )


ENCODED: dict[str, str] = {
    "NATO SOFA Art. I(1)(a)": "status",
    "NATO SOFA Art. I(1)(b)": "status",
    "NATO SOFA Art. I(1)(c)": "status",
    "NATO SOFA Art. I(1)(d)": "coverage (sending State), every decision",
    "NATO SOFA Art. I(1)(e)": "coverage, entry-documents, customs (a transit State is a receiving State)",
    "NATO SOFA Art. IX(4)": "status",
    "PfP SOFA Art. II(2)": "status",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. I(1)(f)": "Which authorities are the sending State's military authorities is a matter of its own law.",
    "NATO SOFA Art. I(1)(g)": "A definition of the Council; PfP SOFA Art. III replaces Council referrals where it applies.",
}

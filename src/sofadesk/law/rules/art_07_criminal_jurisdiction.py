"""NATO SOFA Art. VII: who may try an offence, who has the primary right, and the duties that follow.

General rule and exceptions, in the order the Article gives them:
1. each State's own jurisdiction: the sending State over persons subject to its military law (1(a)), never over
   receiving-State nationals or ordinary residents who are not members of its force (4); the receiving State
   over offences in its territory punishable by its law (1(b));
2. exclusive jurisdiction where only one State's law punishes the act (2(a), 2(b));
3. otherwise concurrent jurisdiction, with the sending State's primary right for offences solely against its
   property, security or own people (3(a)(i)) or arising from official duty (3(a)(ii)), and the receiving
   State's for all others (3(b)).
The duties (notification and waiver, arrest and custody, disposition, death sentences, double jeopardy,
fair-trial rights) are then listed for the case.

NOT MODELLED
- Whether an act was done "in the performance of official duty" when that is unknown or disputed: needs a
  decision by the States concerned (negotiation under Art. XVI; PfP SOFA Art. III where a non-NATO-SOFA party is
  involved); the same question in a claim goes to the Art. VIII(8) arbitrator.
- Whether a waiver request is granted (3(c)): needs a decision by the State holding the primary right.
- Whether the offence is punishable under each State's law: an input, decided by each State's authorities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Certainty, Facts, StatesConcerned
from sofadesk.law.finding import Finding

Side = Literal["sending_state", "receiving_state"]
JurisdictionKind = Literal[
    "exclusive_sending", "exclusive_receiving", "concurrent", "sending_only", "receiving_only", "none"
]


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


VII = "VII"
FAIR_TRIAL = (
    ("a", "a prompt and speedy trial"),
    ("b", "to be told the specific charges in advance of trial"),
    ("c", "to be confronted with the witnesses against him"),
    ("d", "compulsory process for witnesses in his favour within the receiving State's jurisdiction"),
    ("e", "legal representation of his choice, or free or assisted representation on local conditions"),
    ("f", "a competent interpreter if he considers it necessary"),
    (
        "g",
        "to communicate with a sending-State representative, present at trial where the court's rules allow",
    ),
)


def _c(paragraph: int, *sub: str) -> Cite:
    return cite("nato-sofa", VII, paragraph, *sub)


def decide_jurisdiction(f: JurisdictionFacts) -> Finding[JurisdictionDecision]:
    a, o = f.accused, f.offence
    reasons: list[str] = []
    cites: list[Cite] = []
    humans: list[str] = []

    sending_has = a.subject_to_sending_state_military_law
    if sending_has:
        cites.append(_c(1, "a"))
    else:
        reasons.append(
            "The accused is not subject to the sending State's military law, so the sending State has no jurisdiction under Art. VII(1)(a)."
        )
        cites.append(_c(1, "a"))
    if (
        sending_has
        and (a.national_of_receiving_state or a.ordinarily_resident_in_receiving_state)
        and a.category != "member_of_force"
    ):
        sending_has = False
        reasons.append(
            "As a national or ordinary resident of the receiving State who is not a member of the force, the accused is outside the sending State's jurisdiction (Art. VII(4))."
        )
        cites.append(_c(4))
    receiving_has = o.committed_in_receiving_state and o.punishable_by_receiving_state
    if not o.committed_in_receiving_state:
        reasons.append(
            "The offence was not committed in the receiving State's territory, so Art. VII(1)(b) gives that State no jurisdiction."
        )
        cites.append(_c(1, "b"))

    ss_law, rs_law = o.punishable_by_sending_state, o.punishable_by_receiving_state
    primary: Side | Literal["undetermined"] | None = None
    if_duty = if_not_duty = None
    if ss_law and not rs_law and sending_has:
        kind: JurisdictionKind = "exclusive_sending"
        reasons.append(
            "The act is punishable under the sending State's law but not the receiving State's: the sending State has exclusive jurisdiction."
        )
        cites.append(_c(2, "a"))
    elif rs_law and not ss_law and receiving_has:
        kind = "exclusive_receiving"
        reasons.append(
            "The act is punishable under the receiving State's law but not the sending State's: the receiving State has exclusive jurisdiction."
        )
        cites.append(_c(2, "b"))
    elif ss_law and rs_law and sending_has and receiving_has:
        kind = "concurrent"
        cites.append(_c(3))
        reasons.append(
            "The act is punishable under the law of both States: jurisdiction is concurrent and the primary right decides who tries it first."
        )
        primary, if_duty, if_not_duty = _primary_right(f, reasons, cites, humans)
    elif sending_has and ss_law:
        kind = "sending_only"
        reasons.append(
            "Only the sending State has jurisdiction over this person for this act (Art. VII(1)(a))."
        )
    elif receiving_has:
        kind = "receiving_only"
        cites.append(_c(1, "b"))
        reasons.append(
            "Only the receiving State has jurisdiction over this person for this act (Art. VII(1)(b))."
        )
    else:
        kind = "none"
        reasons.append("Neither State has jurisdiction under Art. VII for this act on these facts.")

    may_try: list[Side] = []
    if kind in ("exclusive_sending", "sending_only", "concurrent"):
        may_try.append("sending_state")
    if kind in ("exclusive_receiving", "receiving_only", "concurrent"):
        may_try.append("receiving_state")

    duties = _duties(f, kind, primary, cites)
    barred = _double_jeopardy(f, may_try, reasons, cites)
    death = _death_sentence(f, kind, primary, cites)
    rights: tuple[str, ...] = ()
    if "receiving_state" in may_try and "receiving_state" not in barred:
        rights = tuple(f"{text} (NATO SOFA Art. VII(9)({k}))" for k, text in FAIR_TRIAL)
        cites.extend(_c(9, k) for k, _ in FAIR_TRIAL)

    decision = JurisdictionDecision(
        jurisdiction=kind,
        primary_right=primary,
        may_try=tuple(s for s in may_try if s not in barred),
        barred_from_trying=barred,
        duties=duties,
        death_sentence=death,
        fair_trial_rights=rights,
        if_official_duty=if_duty,
        if_not_official_duty=if_not_duty,
    )
    return Finding(decision, tuple(cites), tuple(reasons), tuple(humans))


def _primary_right(
    f: JurisdictionFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> tuple[Side | Literal["undetermined"], Side | None, Side | None]:
    a, o = f.accused, f.offence
    if a.category == "dependent":
        reasons.append(
            "The sending State's primary right covers only members of the force or civilian component; for a dependent the receiving State has the primary right."
        )
        cites.append(_c(3, "b"))
        return "receiving_state", None, None
    if o.solely_against != "other":
        whom = (
            "its property or security"
            if o.solely_against == "sending_state_property_or_security"
            else "the person or property of its own force's people"
        )
        reasons.append(f"The offence was solely against {whom}: the sending State has the primary right.")
        cites.append(_c(3, "a", "i"))
        return "sending_state", None, None
    if o.official_duty == "yes":
        reasons.append(
            "The offence arose out of an act or omission in the performance of official duty: the sending State has the primary right."
        )
        cites.append(_c(3, "a", "ii"))
        return "sending_state", None, None
    if o.official_duty == "no":
        reasons.append(
            "The offence was not solely against the sending State or its people and did not arise from official duty: the receiving State has the primary right."
        )
        cites.append(_c(3, "b"))
        return "receiving_state", None, None
    state = "disputed" if o.official_duty == "disputed" else "not yet established"
    reasons.append(
        f"Whether the act was done in the performance of official duty is {state}: the sending State has the primary right if it was, the receiving State if it was not."
    )
    cites.extend([_c(3, "a", "ii"), _c(3, "b"), cite("nato-sofa", "XVI")])
    route = (
        "by negotiation between them without outside jurisdiction (NATO SOFA Art. XVI; PfP SOFA Art. III, as a "
        "non-NATO-SOFA party is involved)"
        if f.regime.negotiation_instead_of_council
        else "by negotiation between them, failing which the North Atlantic Council (NATO SOFA Art. XVI)"
    )
    if f.regime.negotiation_instead_of_council:
        cites.append(cite("pfp-sofa", "III"))
    humans.append(
        "Official duty: not modelled - needs a decision by the States concerned, settled " + route + ". "
        "In practice the sending State certifies official duty. For a civil claim on the same act the question "
        "goes to the arbitrator of NATO SOFA Art. VIII(8)"
        + (" (negotiation under PfP SOFA Art. III)." if f.regime.negotiation_instead_of_council else ".")
    )
    return "undetermined", "sending_state", "receiving_state"


def _duties(
    f: JurisdictionFacts, kind: JurisdictionKind, primary: str | None, cites: list[Cite]
) -> tuple[str, ...]:
    a = f.accused
    duties: list[str] = []
    if kind == "concurrent" and primary in ("sending_state", "receiving_state"):
        holder, other = ("sending", "receiving") if primary == "sending_state" else ("receiving", "sending")
        if f.primary_state_declines:
            duties.append(
                f"The {holder} State, declining to exercise its primary right, must notify the {other} State as soon as practicable (Art. VII(3)(c))."
            )
        if f.waiver_requested:
            duties.append(
                f"The {holder} State must give sympathetic consideration to the {other} State's request for a waiver (Art. VII(3)(c))."
            )
        if not (f.primary_state_declines or f.waiver_requested):
            duties.append(
                f"Should the {holder} State decide not to exercise its primary right, it must notify the {other} State as "
                f"soon as practicable; it must consider sympathetically any {other}-State request for a waiver (Art. VII(3)(c))."
            )
        cites.append(_c(3, "c"))
    if kind == "concurrent":
        duties.append("Both States must notify each other of how the case is disposed of (Art. VII(6)(b)).")
        cites.append(_c(6, "b"))
    if a.arrested_by_receiving_state:
        duties.append(
            "The receiving State must promptly notify the sending State's military authorities of the arrest (Art. VII(5)(b))."
        )
        cites.append(_c(5, "b"))
    receiving_to_try = kind in ("exclusive_receiving", "receiving_only") or primary == "receiving_state"
    if receiving_to_try and a.category != "dependent" and a.in_hands_of == "sending_state":
        duties.append(
            "The accused stays in the sending State's custody until the receiving State charges him (Art. VII(5)(c))."
        )
        cites.append(_c(5, "c"))
    if kind != "none":
        duties.append(
            "The States assist each other in arresting the accused and handing him to the State that is to exercise jurisdiction, and with investigation and evidence (Art. VII(5)(a), (6)(a))."
        )
        cites.extend([_c(5, "a"), _c(6, "a")])
    return tuple(duties)


def _double_jeopardy(
    f: JurisdictionFacts, may_try: list[Side], reasons: list[str], cites: list[Cite]
) -> tuple[Side, ...]:
    t = f.previous_trial
    if t is None:
        return ()
    cites.append(_c(8))
    if t.outcome == "pending":
        reasons.append(
            "A trial by one State is still pending; Art. VII(8) bars a second trial only after acquittal, conviction or pardon."
        )
        return ()
    if not t.same_territory:
        reasons.append(
            "The earlier trial was held in another territory; Art. VII(8) bars a second trial only within the same territory."
        )
        return ()
    other: Side = "receiving_state" if t.by == "sending_state" else "sending_state"
    reasons.append(
        f"The accused was already tried by the {t.by.replace('_', ' ')} ({t.outcome.replace('_', ' ')}): the {other.replace('_', ' ')} may not try him again for the same offence in the same territory (Art. VII(8))."
    )
    if other == "sending_state":
        reasons.append(
            "The sending State may still try a member of its force for a breach of discipline arising from the same act (Art. VII(8))."
        )
    return (other,) if other in may_try else ()


def _death_sentence(
    f: JurisdictionFacts, kind: JurisdictionKind, primary: str | None, cites: list[Cite]
) -> tuple[str, ...]:
    o = f.offence
    rules: list[str] = []
    sending_may = kind in ("exclusive_sending", "sending_only", "concurrent")
    if sending_may and o.sending_state_law_provides_death_penalty:
        cites.append(_c(7, "a"))
        if o.receiving_state_law_provides_death_penalty_for_similar_case is False:
            rules.append(
                "The sending State may not carry out a death sentence in the receiving State, whose law has no death penalty for a similar case (Art. VII(7)(a))."
            )
        elif o.receiving_state_law_provides_death_penalty_for_similar_case is None:
            rules.append(
                "Whether the sending State may carry out a death sentence in the receiving State depends on whether the receiving State's law provides it for a similar case, which is not stated (Art. VII(7)(a))."
            )
    if f.regime.additional_protocol and kind != "none":
        cites.append(cite("pfp-sofa-ap", "I"))
        rules.append(
            "Under the PfP SOFA Additional Protocol, which applies between these States, neither will carry out a death sentence on the accused where it has jurisdiction under the Agreement."
        )
    return tuple(rules)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VII(1)": "jurisdiction",
    "NATO SOFA Art. VII(2)(a)": "jurisdiction",
    "NATO SOFA Art. VII(2)(b)": "jurisdiction",
    "NATO SOFA Art. VII(3)": "jurisdiction",
    "NATO SOFA Art. VII(4)": "jurisdiction",
    "NATO SOFA Art. VII(5)": "jurisdiction",
    "NATO SOFA Art. VII(6)": "jurisdiction",
    "NATO SOFA Art. VII(7)(a)": "jurisdiction",
    "NATO SOFA Art. VII(8)": "jurisdiction",
    "NATO SOFA Art. VII(9)": "jurisdiction",
    "PfP SOFA AP Art. I": "jurisdiction",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VII(2)(c)": "What counts as a security offence is a matter of each State's law; it is an "
    "input to whether the act is punishable - needs a decision by each State's authorities.",
    "NATO SOFA Art. VII(7)(b)": "Help with carrying out a sending-State prison sentence is a request - needs a "
    "decision by the receiving State's authorities.",
    "NATO SOFA Art. VII(10)": "Military police arrangements are made between the authorities on the ground - "
    "needs a decision by the receiving State's authorities.",
    "NATO SOFA Art. VII(11)": "An undertaking to legislate, not a rule applied to a case.",
}

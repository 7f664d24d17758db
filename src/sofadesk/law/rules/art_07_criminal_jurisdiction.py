"""NATO SOFA Art. VII: who may try an offence, who has the primary right, and the duties that follow.

General rule and exceptions, in the order the Article gives them:
1. each State's own jurisdiction: the sending State over persons subject to its military law (1(a)), never over
   receiving-State nationals or ordinary residents who are not members of its force (4); the receiving State
   over offences in its territory punishable by its law (1(b));
2. exclusive jurisdiction where only one State's law punishes the act (2(a), 2(b));
3. otherwise concurrent jurisdiction, with the sending State's primary right for offences solely against its
   property, security or own people (3(a)(i)) or arising from official duty (3(a)(ii)), and the receiving
   State's for all others (3(b)).
What follows for the case (double jeopardy, whether the receiving State is to try the accused, notification and
waiver, arrest and custody, disposition, death sentences, fair-trial rights) is in art_07_consequences.

NOT MODELLED
- Whether an act was done "in the performance of official duty" when that is unknown or disputed: needs a
  decision by the States concerned (negotiation under Art. XVI; PfP SOFA Art. III where a non-NATO-SOFA party is
  involved); the same question in a claim goes to the Art. VIII(8) arbitrator.
- Whether the offence is punishable under each State's law: an input, decided by each State's authorities.
- What counts as a security offence (2(c)): a matter of each State's law, an input to whether the act is
  punishable.
"""

from __future__ import annotations

from typing import Literal

from sofadesk.law.cite import Cite, article_cites, cite
from sofadesk.law.finding import Finding
from sofadesk.law.rules.art_07_consequences import (
    death_sentence,
    double_jeopardy,
    duties,
    receiving_state_to_try,
    trial_rights,
)
from sofadesk.law.rules.art_07_jurisdiction_facts import (
    Accused,
    JurisdictionDecision,
    JurisdictionFacts,
    JurisdictionKind,
    Offence,
    PreviousTrial,
    Primary,
    Side,
)

__all__ = [
    "Accused",
    "JurisdictionDecision",
    "JurisdictionFacts",
    "Offence",
    "PreviousTrial",
    "decide_jurisdiction",
]


_c = article_cites("nato-sofa", "VII")


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
    primary: Primary = None
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

    barred = double_jeopardy(f, may_try, reasons, cites)
    to_try = receiving_state_to_try(f, kind, primary, barred)
    duty_list = duties(f, kind, primary, to_try, cites)
    death = death_sentence(f, kind, cites)
    rights = trial_rights(to_try, cites)

    decision = JurisdictionDecision(
        jurisdiction=kind,
        primary_right=primary,
        may_try=tuple(s for s in may_try if s not in barred),
        barred_from_trying=barred,
        duties=duty_list,
        death_sentence=death,
        fair_trial_rights=rights,
        if_official_duty=if_duty,
        if_not_official_duty=if_not_duty,
        receiving_state_to_try=to_try,
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


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VII(1)": "jurisdiction",
    "NATO SOFA Art. VII(2)(a)": "jurisdiction",
    "NATO SOFA Art. VII(2)(b)": "jurisdiction",
    "NATO SOFA Art. VII(3)(a)": "jurisdiction",
    "NATO SOFA Art. VII(3)(b)": "jurisdiction",
    "NATO SOFA Art. VII(4)": "jurisdiction",
    "NATO SOFA Art. XVI": "jurisdiction (a dispute on official duty is negotiated)",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VII(2)(c)": "What counts as a security offence is a matter of each State's law; it is an "
    "input to whether the act is punishable - needs a decision by each State's authorities.",
}

"""NATO SOFA Art. VIII(5)-(9): third-party claims - adjudicated and paid by the receiving State with the cost
shared (5), assessed for an ex gratia offer by the sending State (6, and 7 for unauthorised use of a service
vehicle), and the arbitrator of 8 for disputes on official duty or on whether vehicle use was unauthorised.

Who caused the damage decides which paragraph can apply: 5 covers acts of members of a force or civilian
component in the performance of official duty and any occurrence the force or civilian component is legally
responsible for; 6 covers claims against members of a force or civilian component for acts off duty; 7 covers
unauthorised use of a service vehicle, whoever used it.  A dependent's own act is under none of them: the claim
follows the receiving State's ordinary law.  A third party is anyone but a Contracting Party, a dependent
included.  War damage (Art. XV(1)) sets aside the procedure of 5, not that of 6.

Named steps, in order: `_excluded` (contract claims, damage outside the receiving State), `_vehicle` (7, 8),
`_paragraph_5`, `_dependent`, `_paragraph_6`, and the open questions `_who_caused_it` and `_official_duty_open`.

NOT MODELLED
- Whether an act was in the performance of official duty, whether vehicle use was unauthorised, and who caused
  the damage, when unknown: needs a decision (the answer says what turns on it); a dispute between the States on
  the first two goes to the arbitrator of 8 (negotiation under PfP SOFA Art. III where a non-NATO-SOFA party is
  involved).
- The adjudication itself (5(a)-(c)): made under the receiving State's law by its authorities.
- Cooperation in procuring evidence (10): a standing duty of the authorities.
"""

from __future__ import annotations

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import referral
from sofadesk.law.finding import Finding
from sofadesk.law.rules.art_08_claim_facts import ClaimRoute, ClaimRouteFacts
from sofadesk.law.rules.art_08_claim_facts import viii as _c

WAR = cite("nato-sofa", "XV", 1)
ARBITRATOR = "an arbitrator appointed under Art. VIII(2)(b), whose decision is final"


def third_party(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute]:
    humans: list[str] = []
    excluded = _excluded(f, reasons, cites)
    if excluded is not None:
        return excluded
    if f.war_damage:
        reasons.append(
            "The damage is war damage: in hostilities Art. XV(1) sets aside the procedure of Art. VIII(5), but not the ex gratia procedure of Art. VIII(6)."
        )
        cites.append(WAR)
    if f.unauthorised_vehicle_use != "no":
        return _vehicle(f, reasons, cites, humans)
    if f.official_duty == "yes" or f.force_legally_responsible:
        return _paragraph_5(f, reasons, cites, humans)
    if f.act_of == "dependent":
        return _dependent(f, reasons, cites, humans)
    if f.official_duty == "no":
        if f.act_of == "unknown":
            return _who_caused_it(f, reasons, cites, humans)
        return _paragraph_6(reasons, cites)
    return _official_duty_open(f, reasons, cites, humans)


def _excluded(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute] | None:
    if f.claimant == "dependent":
        reasons.append(
            "A dependent is not a Contracting Party: the dependent's claim is a third party's claim like anyone else's (Art. VIII(5))."
        )
        cites.append(_c(5))
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
    return None


def _vehicle(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    cites.append(_c(7))
    if f.unauthorised_vehicle_use in ("disputed", "unknown"):
        route_text, route_cites = referral(f.regime, ARBITRATOR, _c(8))
        cites.extend(route_cites)
        if f.unauthorised_vehicle_use == "disputed":
            reasons.append(
                f"The States dispute whether the use of the service vehicle was unauthorised: that question goes to {route_text}."
            )
        else:
            reasons.append(
                "Whether the service vehicle was used without authority is not yet established: if it was, the claim follows Art. VIII(6) unless the force is legally responsible (Art. VIII(7)); if it was not, it follows Art. VIII(5) or (6) like any other act."
            )
            humans.append(
                "Whether the use of the vehicle was unauthorised: not modelled - needs a decision on the facts; a "
                f"dispute between the States goes to {route_text}."
            )
        return Finding(
            ClaimRoute("vehicle_use_to_be_decided", route_text), tuple(cites), tuple(reasons), tuple(humans)
        )
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
        "Claims from unauthorised use of a service vehicle follow Art. VIII(6), whoever used it, the force not being legally responsible."
    )
    return _paragraph_6(reasons, cites, off_duty=False)


def _dependent(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    reasons.append(
        "A dependent's own act is not an act of a member of a force or civilian component: neither Art. VIII(5) (official duty) nor Art. VIII(6) (claims against members off duty) covers it, so the claim follows the receiving State's ordinary civil law."
    )
    cites.extend([_c(5), _c(6)])
    if f.force_legally_responsible is None:
        humans.append(
            "Legal responsibility of the force: if the force or civilian component is legally responsible for the "
            "occurrence, Art. VIII(5) applies instead - needs a decision by the receiving State's claims authorities."
        )
    return Finding(
        ClaimRoute(
            "outside_the_agreement",
            "the receiving State's courts under its ordinary law (a claim against the dependent personally)",
        ),
        tuple(cites),
        tuple(reasons),
        tuple(humans),
    )


def _who_caused_it(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    reasons.append(
        "The act was not done on official duty, and who did it is not stated: if a member of the force or civilian component, the receiving State assesses the claim and the sending State decides on an ex gratia payment (Art. VIII(6)); if a dependent, the claim follows the receiving State's ordinary civil law; if the force is legally responsible for the occurrence, Art. VIII(5) applies."
    )
    cites.extend([_c(6), _c(5)])
    humans.append(
        "Who caused the damage (a member of the force or civilian component, or a dependent): not modelled - needs "
        "a decision by the receiving State's claims authorities on the facts."
    )
    return Finding(
        ClaimRoute(
            "who_caused_it_to_be_decided", "the receiving State's claims authorities, once it is known"
        ),
        tuple(cites),
        tuple(reasons),
        tuple(humans),
    )


def _official_duty_open(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    route_text, route_cites = referral(f.regime, ARBITRATOR, _c(8))
    cites.extend(route_cites)
    war = " (as war damage, an act on duty is outside Art. VIII(5) under Art. XV(1))" if f.war_damage else ""
    if f.official_duty == "disputed":
        reasons.append(
            f"The States dispute whether the act was done in the performance of official duty: that question goes to {route_text}{war}."
        )
    else:
        reasons.append(
            f"Whether the act was done in the performance of official duty is not yet established: Art. VIII(5) applies if it was{war}, Art. VIII(6) if it was not."
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
    if f.war_damage:
        reasons.append(
            "Art. VIII(5) would apply, but not to war damage (Art. XV(1)): the claim is left to the receiving State's own law and the States concerned."
        )
        return Finding(
            ClaimRoute("outside_the_agreement", "not the Agreement's claims procedures"),
            tuple(cites),
            tuple(reasons),
        )
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


def _paragraph_6(reasons: list[str], cites: list[Cite], off_duty: bool = True) -> Finding[ClaimRoute]:
    reasons.append(
        ("The act was not done in the performance of official duty: the" if off_duty else "The")
        + " receiving State assesses the claim and reports, and the sending State decides whether to offer an ex gratia payment."
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
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VIII(10)": "Cooperation in procuring evidence is a standing duty of the authorities, not a decision.",
}

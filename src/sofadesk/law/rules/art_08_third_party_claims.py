"""NATO SOFA Art. VIII(5)-(9): third-party claims - adjudicated and paid by the receiving State with the cost
shared (5), assessed for an ex gratia offer by the sending State (6, and 7 for unauthorised use of a service
vehicle), and the arbitrator of 8 for disputes on official duty.

NOT MODELLED
- Whether an act was in the performance of official duty when unknown: needs a decision; when disputed, the
  arbitrator of 8 decides (negotiation under PfP SOFA Art. III where a non-NATO-SOFA party is involved).
- The adjudication itself (5(a)-(c)): made under the receiving State's law by its authorities.
- Cooperation in procuring evidence (10): a standing duty of the authorities.
"""

from __future__ import annotations

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import referral
from sofadesk.law.finding import Finding
from sofadesk.law.rules.art_08_claim_facts import ClaimRoute, ClaimRouteFacts
from sofadesk.law.rules.art_08_claim_facts import viii as _c


def third_party(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite]) -> Finding[ClaimRoute]:
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

"""NATO SOFA Art. VIII (routes): which procedure a claim follows - waived, arbitrator, receiving-State
adjudication with cost sharing, ex gratia by the sending State - or none under the Agreement.

Order of the rules: claims between parties (art_08_party_claims:
1 waiver of claims for service property, 3 what a party's vessel is, 4 waiver for injury or death of service
members on duty, 2 other State property and its threshold waiver); then third-party claims
(art_08_third_party_claims: 5 official duty or legal responsibility, 6 acts off duty, 7 unauthorised use of
vehicles, 8 disputes on official duty), with the exclusions of 5 (contract claims, navigation and cargo in
5(h)).  War damage in hostilities (Art. XV(1)) sets aside only the procedures of paragraphs 2 and 5: each of
the two modules applies that where it would use them, and the waivers of 1 and 4 and the procedure of 6 stay.
Property of a political sub-division is not a party's property (Art. I(2)): a town's claim is a
third-party claim.

NOT MODELLED
- See the two rule modules; the cost shares and statements are in art_08_cost_sharing.
"""

from __future__ import annotations

from sofadesk.law.cite import Cite, cite
from sofadesk.law.finding import Finding
from sofadesk.law.rules.art_08_claim_facts import ClaimRoute, ClaimRouteFacts
from sofadesk.law.rules.art_08_party_claims import between_parties
from sofadesk.law.rules.art_08_third_party_claims import third_party

__all__ = ["ClaimRoute", "ClaimRouteFacts", "decide_claim_route"]


def decide_claim_route(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    if f.claimant == "contracting_party" and not f.property_owned_by_political_subdivision:
        return between_parties(f)
    reasons: list[str] = []
    cites: list[Cite] = []
    if f.property_owned_by_political_subdivision:
        reasons.append(
            "Property of a political sub-division is not a party's property for Art. VIII: the claim is treated as a third party's."
        )
        cites.append(cite("nato-sofa", "I", 2))
    return third_party(f, reasons, cites)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. I(2)": "claim-route",
    "NATO SOFA Art. XV(1)": "claim-route (war damage: only the procedures of Art. VIII(2) and (5) are set aside)",
    "PfP SOFA Art. III": "claim-route, jurisdiction",
}
NOT_MODELLED: dict[str, str] = {}

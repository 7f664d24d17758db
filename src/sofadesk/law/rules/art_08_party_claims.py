"""NATO SOFA Art. VIII(1)-(4): claims between the parties - waived (service property, salvage, service members
injured or killed on duty), or decided by a sole arbitrator (other State property in the owner's territory), with
the threshold waiver of 2(f).

Named steps: `_service_member` (4), `_salvage` (1, second sentence), `_property` (1(i)-(ii), then 2), and
`_threshold` (2(f): a party's own amount, and - second sentence - the amount of another listed party whose
property was damaged in the same incident).  War damage (Art. XV(1)) sets aside paragraph 2 only: the waivers of
paragraphs 1 and 4 still apply in hostilities.

NOT MODELLED
- Conversion of the 2(f) threshold amounts into another currency, and the exchange-rate adjustments the parties
  may agree: needs a decision by the parties concerned.
- What counts as a party's vessel (3: bare-boat charter, requisition, prize): applied by the user in saying whose
  vessel it is - needs a decision by the claimant State.
"""

from __future__ import annotations

from decimal import Decimal

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import referral
from sofadesk.law.finding import Finding
from sofadesk.law.messages import Term, literal, msg, state
from sofadesk.law.rules.art_08_claim_facts import ClaimRoute, ClaimRouteFacts, Route, prepend
from sofadesk.law.rules.art_08_claim_facts import viii as _c

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


WAIVED = "no one: the claim is waived"


def between_parties(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    if f.harm == "injury_or_death":
        finding = _service_member(f)
    elif f.harm == "salvage":
        finding = _salvage(f)
    else:
        finding = _property(f)
    if f.war_damage and finding.value.route == "waived":
        return prepend(
            finding,
            [
                "The damage is war damage, but Art. XV(1) sets aside only the claims procedures of Art. VIII(2) and "
                "(5); it does not reach the waivers of paragraphs 1 and 4."
            ],
            [cite("nato-sofa", "XV", 1)],
        )
    return finding


def _service_member(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    if f.member_on_official_duty is None:
        raise ValueError(
            "member_on_official_duty: needed for a party's claim for injury or death of its service member"
        )
    if f.member_on_official_duty:
        return Finding(
            ClaimRoute("waived", WAIVED),
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


def _salvage(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    if f.used_in_connection_with_treaty is None:
        raise ValueError(
            "used_in_connection_with_treaty: needed for a salvage claim (was the salved vessel or cargo so used?)"
        )
    if f.used_in_connection_with_treaty:
        return Finding(
            ClaimRoute("waived", WAIVED),
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


def _property(f: ClaimRouteFacts) -> Finding[ClaimRoute]:
    reasons: list[str] = []
    cites: list[Cite] = []
    humans: list[str] = []
    if f.caused_by is None or f.property_used_by_claimant_armed_services is None:
        raise ValueError(
            "caused_by: a party's property claim needs caused_by and property_used_by_claimant_armed_services"
        )
    if f.caused_by == "service_vehicle_vessel_or_aircraft" and f.used_in_connection_with_treaty is None:
        raise ValueError(
            "used_in_connection_with_treaty: needed when a service vehicle, vessel or aircraft caused the damage"
        )
    connected = f.caused_by == "member_or_employee_on_treaty_duties" or (
        f.caused_by == "service_vehicle_vessel_or_aircraft" and bool(f.used_in_connection_with_treaty)
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
        return Finding(ClaimRoute("waived", WAIVED), tuple(cites), tuple(reasons))
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
    if f.war_damage:
        return Finding(
            ClaimRoute("outside_the_agreement", "the States concerned: not the Agreement's arbitration"),
            (cite("nato-sofa", "XV", 1), _c(2, "a")),
            (
                "The damage is war damage: in hostilities Art. XV(1) sets aside the claims procedure of Art. VIII(2) (arbitration and the threshold waiver); the claim is left to the States concerned.",
            ),
        )
    cites.append(_c(2, "a"))
    if _threshold(f, reasons, cites, humans):
        return Finding(
            ClaimRoute("waived", "no one: below the Art. VIII(2)(f) amount"),
            tuple(cites),
            tuple(reasons),
            tuple(humans),
        )
    return _arbitration(f, reasons, cites, humans)


def _arbitration(
    f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]
) -> Finding[ClaimRoute]:
    route_text, route_cites = referral(
        f.regime,
        "a sole arbitrator chosen by agreement among the receiving State's nationals who hold or have held high "
        "judicial office; failing agreement within two months, chosen at either party's request by the NATO "
        "Secretary-General (who took over the Council Deputies' Chairman's functions in 1952)",
        _c(2, "b"),
    )
    cites.extend(route_cites)
    reasons.append(f"Liability and amount are decided by {route_text}.")
    steps = (
        "The award is shared as in Art. VIII(5)(e)(i)-(iii) (sofadesk law decide claim-share).",
        "The arbitrator's decision is binding; the arbitrator's fee and expenses are borne equally.",
    )
    cites.extend([_c(2, "c"), _c(2, "d"), _c(2, "e")])
    route: Route = "negotiation" if f.regime.negotiation_instead_of_council else "arbitrator"
    return Finding(ClaimRoute(route, route_text, steps), tuple(cites), tuple(reasons), tuple(humans))


def _threshold(f: ClaimRouteFacts, reasons: list[str], cites: list[Cite], humans: list[str]) -> bool:
    """Art. VIII(2)(f): the claimant's own amount (first sentence) or, for a party with none, the amount of a
    listed party whose property was damaged in the same incident (second sentence).  True where waived."""
    cites.append(_c(2, "f"))
    assert f.claimant_state is not None
    claimant, other = f.claimant_state, f.same_incident_party
    if other is not None and other not in THRESHOLDS:
        raise ValueError(
            f"same_incident_party: Art. VIII(2)(f) lists no amount for {other}; name a party listed there "
            f"({', '.join(THRESHOLDS)}) or leave it out"
        )
    own = THRESHOLDS.get(claimant)
    if own is not None and other is not None:
        humans.append(
            msg(
                "Threshold waiver: {claimant} has its own amount ({own}), which is applied; whether the second "
                "sentence of Art. VIII(2)(f) also makes it waive up to {other}'s amount ({other_amount}) is not "
                "settled by the text - needs a decision by the parties concerned.",
                claimant=state(claimant),
                own=_money(own[1], own[0]),
                other=state(other),
                other_amount=_money(THRESHOLDS[other][1], THRESHOLDS[other][0]),
            )
        )
    if own is not None:
        limit, whose, second = (
            own,
            msg("the amount Art. VIII(2)(f) sets for {state}", state=state(claimant)),
            False,
        )
    elif other is not None:
        limit, second = THRESHOLDS[other], True
        whose = msg(
            "the amount Art. VIII(2)(f) sets for {state}, whose property was damaged in the same incident",
            state=state(other),
        )
    else:
        if f.amount is not None:
            humans.append(
                msg(
                    "Threshold waiver: Art. VIII(2)(f) lists no amount for {claimant} - needs a decision by the "
                    "parties concerned, which may agree one (or name in same_incident_party a listed party whose "
                    "property was damaged in the same incident).",
                    claimant=state(claimant),
                )
            )
        else:
            humans.append("Threshold waiver: not checked, as no amount was given (Art. VIII(2)(f)).")
        return False
    if f.amount is None or f.currency is None:
        humans.append("Threshold waiver: not checked, as no amount was given (Art. VIII(2)(f)).")
        return False
    currency, amount = limit
    if f.currency != currency:
        why = " (a currency since replaced by the euro)" if currency in REPLACED_BY_EURO else ""
        humans.append(
            msg(
                "Threshold waiver: the amount that applies to {claimant} is {amount}{why}; comparing a claim in "
                "{currency} needs a conversion the parties agree (Art. VIII(2)(f)) - needs a decision by the "
                "parties concerned.",
                claimant=state(claimant),
                amount=_money(amount, currency),
                why=why,
                currency=literal(f.currency),
            )
        )
        return False
    if f.amount < amount:
        reasons.append(
            msg(
                "The damage, {damage}, is below {amount}, {whose}: the claim is waived (Art. VIII(2)(f), second sentence)."
                if second
                else "The damage, {damage}, is below {amount}, {whose}: the claim is waived.",
                damage=_money(f.amount, f.currency),
                amount=_money(amount, currency),
                whose=whose,
            )
        )
        return True
    reasons.append(
        msg(
            "The damage, {damage}, is not below the {amount} threshold of Art. VIII(2)(f) ({whose}, second sentence)."
            if second
            else "The damage, {damage}, is not below the {amount} threshold of Art. VIII(2)(f).",
            damage=_money(f.amount, f.currency),
            amount=_money(amount, currency),
            whose=whose,
        )
    )
    if second:
        humans.append(
            msg(
                "Threshold waiver: {claimant} waives its claim 'up to the above amount' (Art. VIII(2)(f), second "
                "sentence); whether that also takes {amount} off a larger claim, rather than only waiving smaller "
                "ones, is not settled by the text - needs a decision by the parties concerned.",
                claimant=state(claimant),
                amount=_money(amount, currency),
            )
        )
    return False


def _money(amount: object, currency: str) -> Term:
    """An amount with its currency, as the rule writes it in English (thousands with commas)."""
    return literal(f"{amount:,} {currency}")


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VIII(1)": "claim-route",
    "NATO SOFA Art. VIII(2)(a)": "claim-route",
    "NATO SOFA Art. VIII(2)(b)": "claim-route",
    "NATO SOFA Art. VIII(2)(c)": "claim-route",
    "NATO SOFA Art. VIII(2)(f)": "claim-route",
    "NATO SOFA Art. VIII(4)": "claim-route",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VIII(3)": "A definition of a party's vessel (bare-boat charter, requisition, prize) applied "
    "by the user in saying whose vessel it is - needs a decision by the claimant State.",
}

"""Which procedure of NATO SOFA Art. VIII a claim follows, from the claim-route rule, for each sending State named,
under the regime the registry gives between the two States on the day of the damage.

What the claimant said about themself (a member of a force, its civilian component or a dependent, harmed
privately) is only a fact: the rule decides what follows (a third party's claim).  A claim by a Contracting Party
(VIII(1)-(4)) gives the rule its amount in the currency of the Art. VIII(2)(f) threshold where a conversion is
known: a rate the parties agreed (configuration with its source), or the euro's fixed rate for a currency the euro
replaced; otherwise the rule says the comparison is left to the parties.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.claim import money
from sofadesk.cases.claim.config import decimal_rate, rate_for
from sofadesk.cases.claim.kind import KIND
from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.claim.reads import RouteAlternative, RouteRead
from sofadesk.cases.claim.schemas import RouteBody, RouteFacts
from sofadesk.cases.core.step import Done, step
from sofadesk.errors import Invalid
from sofadesk.registry.inforce import InForceEngine

INJURY = ("personal_injury", "death")
RELATION = {
    "member_of_force": "a member of a force",
    "civilian_component": "a member of a civilian component",
    "dependent": "a dependent",
}


def _third_party(session: Session, claim: ClaimRow, facts: RouteFacts, reasons: list[str]) -> dict[str, Any]:
    if claim.claimant_relation in ("member_of_force", "civilian_component"):
        reasons.append(
            f"The claimant says they are {RELATION[claim.claimant_relation]}, claiming for harm suffered privately: "
            "not a Contracting Party, so the rules read the claim as a third party's."
        )
    return {
        "claimant": "dependent" if claim.claimant_relation == "dependent" else "third_party",
        "harm": "injury_or_death" if claim.damage_kind in INJURY else "property",
        "contractual": facts.contractual,
        "damage_in_receiving_state": facts.damage_in_receiving_state,
        "act_of": facts.act_of,
        "official_duty": None
        if facts.act_of == "dependent" and facts.official_duty == "unknown"
        else facts.official_duty,
        "force_legally_responsible": facts.force_legally_responsible,
        "unauthorised_vehicle_use": facts.unauthorised_vehicle_use,
        "navigation_or_cargo": facts.navigation_or_cargo,
        "war_damage": facts.war_damage,
    }


def _party_amount(
    session: Session, claim: ClaimRow, facts: RouteFacts, reasons: list[str]
) -> tuple[str, str]:
    """The claimed amount in the currency of the threshold that applies, where a conversion is known."""
    from sofadesk.law.rules.art_08_party_claims import THRESHOLDS

    currency = claim.claimed_currency
    amount = money.from_minor(claim.claimed_minor, currency)
    party = claim.claimant_state if claim.claimant_state in THRESHOLDS else facts.same_incident_party
    if party is None or party not in THRESHOLDS or THRESHOLDS[party][0] == currency:
        return f"{amount:f}", currency
    target = THRESHOLDS[party][0]
    day = claim.occurred_on
    agreed = rate_for(session, party, currency, target, day)
    if agreed is not None:
        rate, title, basis = decimal_rate(agreed), agreed.source_title, f"agreed by {agreed.agreed_by}"
    else:
        fixed = money.euro_conversion(currency, target, day)
        if fixed is None:
            reasons.append(
                f"No conversion of {currency} into {target} for {party}'s Art. VIII(2)(f) amount is recorded (no rate "
                "the parties agreed, with a source): the claim is given to the rules in its own currency."
            )
            return f"{amount:f}", currency
        rate, title, basis = (
            fixed.rate,
            fixed.source_title,
            "the euro's fixed conversion rate, not a rate agreed under Art. VIII(2)(f)",
        )
    converted = money.from_minor(money.convert(claim.claimed_minor, currency, target, rate), target)
    reasons.append(
        f"The claim, {amount:f} {currency}, is {converted:f} {target} at {rate:f} ({basis}; {title})."
    )
    return f"{converted:f}", target


def _party(session: Session, claim: ClaimRow, facts: RouteFacts, reasons: list[str]) -> dict[str, Any]:
    amount, currency = _party_amount(session, claim, facts, reasons)
    return {
        "claimant": "contracting_party",
        "claimant_state": claim.claimant_state,
        "harm": facts.harm or ("injury_or_death" if claim.damage_kind in INJURY else "property"),
        "property_used_by_claimant_armed_services": facts.property_used_by_claimant_armed_services,
        "property_owned_by_political_subdivision": facts.property_owned_by_political_subdivision,
        "property_in_claimant_territory": facts.property_in_claimant_territory,
        "caused_by": facts.caused_by,
        "used_in_connection_with_treaty": facts.used_in_connection_with_treaty,
        "member_on_official_duty": facts.member_on_official_duty,
        "amount": amount,
        "currency": currency,
        "same_incident_party": facts.same_incident_party,
        "war_damage": facts.war_damage,
    }


def _not_applying(state: str, claim: ClaimRow, applies: bool | None) -> RouteAlternative:
    day = claim.occurred_on.isoformat()
    if applies is False:
        return RouteAlternative(
            state=state,
            route="outside_the_agreement",
            handled_by="not the Agreement's claims procedures",
            citations=["PfP SOFA Art. I"],
            reasons=[
                f"The NATO SOFA regime did not apply between {state} and {claim.receiving_state} "
                f"on {day} (sofadesk coverage {state} {claim.receiving_state} --on {day})."
            ],
            not_modelled=[],
        )
    return RouteAlternative(
        state=state,
        route=None,
        handled_by=None,
        citations=[],
        reasons=[
            f"Whether the NATO SOFA regime applied between {state} and {claim.receiving_state} "
            f"on {day} is not established by the registry."
        ],
        not_modelled=["Whether the Agreement applied that day - needs the missing dates in the registry."],
    )


def _decide_for(
    session: Session, engine: InForceEngine, claim: ClaimRow, state: str, facts: RouteFacts
) -> tuple[RouteAlternative, list[str]]:
    from sofadesk.law.decisions import KINDS, FactsError, decide, decide_under, finding_json, parse_facts
    from sofadesk.registry.regime import possible_regimes

    answer = engine.answer(state, claim.receiving_state, claim.occurred_on)
    regimes = possible_regimes(answer)
    if not regimes:
        return _not_applying(state, claim, answer.applies), []
    reasons: list[str] = []
    builder = _party if claim.claimant_kind == "state" else _third_party
    data = {
        "sending_state": state,
        "receiving_state": claim.receiving_state,
        "event_date": claim.occurred_on.isoformat(),
        **builder(session, claim, facts, reasons),
    }
    kind = KINDS["claim-route"]
    try:
        if len(regimes) == 1:
            result = finding_json(kind.name, decide(kind, parse_facts(kind, {**data, "regime": regimes[0]})))
        else:
            result = decide_under(kind, data, regimes)
    except FactsError as exc:
        raise Invalid("facts", "; ".join(exc.problems)) from None
    value = result["value"]
    return RouteAlternative(
        state=state,
        route=value["route"] if value else None,
        handled_by=value["handled_by"] if value else None,
        citations=result["citations"],
        reasons=[*reasons, *result["reasons"]],
        not_modelled=result["not_modelled"],
    ), (list(value["steps"]) if value else [])


def decide_route(
    session: Session, engine: InForceEngine, claim: ClaimRow, sending_states: list[str], facts: RouteFacts
) -> RouteRead:
    """The route for each sending State and, where they agree, for the claim."""
    if claim.claimant_kind == "state" and claim.claimant_state not in (
        claim.receiving_state,
        *sending_states,
    ):
        raise Invalid(
            "claimant_state", "a Contracting Party's claim is the receiving State's or a sending State's"
        )
    alternatives: list[RouteAlternative] = []
    steps: list[str] = []
    for state in sending_states:
        alternative, its_steps = _decide_for(session, engine, claim, state, facts)
        alternatives.append(alternative)
        steps = steps or its_steps
    routes = {a.route for a in alternatives}
    route = routes.pop() if len(routes) == 1 else None
    handled = {a.handled_by for a in alternatives}
    several = len(alternatives) > 1
    return RouteRead(
        route=route,
        handled_by=handled.pop() if len(handled) == 1 else None,
        steps=steps if route is not None else [],
        citations=list(dict.fromkeys(c for a in alternatives for c in a.citations)),
        reasons=[f"{a.state}: {r}" if several else r for a in alternatives for r in a.reasons]
        + (
            []
            if route is not None or not several
            else ["The route differs between the sending States named."]
        ),
        not_modelled=list(dict.fromkeys(n for a in alternatives for n in a.not_modelled)),
        by_state=alternatives,
        decided_at=now().isoformat(timespec="seconds") + "Z",
    )


def regime_negotiates(engine: InForceEngine, sending: str, receiving: str, day: date) -> bool:
    """PfP SOFA Art. III: where a party outside the NATO SOFA is involved, the arbitrator (VIII(2)(b), (8)) is
    replaced by negotiation.  True only where every regime the registry leaves possible says so."""
    from sofadesk.registry.regime import possible_regimes

    regimes = possible_regimes(engine.answer(sending, receiving, day))
    return bool(regimes) and all(bool(r["non_nato_sofa_party_involved"]) for r in regimes)


def apply_route(
    session: Session, engine: InForceEngine, claim: ClaimRow, sending_states: list[str]
) -> list[str]:
    """Work the route out from the claim's facts and store it; returns the citations it rests on."""
    from sofadesk.cases.claim.records import facts_of

    found = decide_route(session, engine, claim, sending_states, facts_of(claim))
    claim.route, claim.route_name = found.model_dump(mode="json"), found.route
    return found.citations


def route_claim(
    session: Session, user: CurrentUser, claim_id: int, body: RouteBody, engine: InForceEngine
) -> ClaimRow:
    """The office names the sending State(s) involved and states the facts it established; the route follows
    from the Art. VIII rules with their citations (again whenever the facts change)."""
    from sofadesk.cases.claim.records import set_sending_states

    def change(claim: ClaimRow) -> Done:
        claim.facts = body.facts.model_dump(mode="json")
        states = set_sending_states(session, claim, body.sending_states)
        citations = apply_route(session, engine, claim, states)
        assert claim.route is not None
        return Done(
            {
                "sending_states": states,
                "facts": claim.facts,
                "route": claim.route_name,
                "handled_by": claim.route["handled_by"],
            },
            citations,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "route", change, version=body.version)
    return result

"""Properties of the cost shares (Art. VIII(5)(e)): exact sums, no negative share, within a minor unit."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sofadesk.law.rules.art_08_cost_sharing import (
    MINOR_UNIT_EXPONENT,
    ClaimShareFacts,
    allocate,
    decide_claim_share,
    fractions_for,
)

SENDERS = ["USA", "GBR", "FRA", "CAN", "NLD", "BEL", "POL", "DNK"]
CURRENCIES = ["EUR", "USD", "RUB", "JPY", "KWD", "GBP"]


@st.composite
def share_facts(draw: st.DrawFn) -> ClaimShareFacts:
    currency = draw(st.sampled_from(CURRENCIES))
    exponent = MINOR_UNIT_EXPONENT.get(currency, 2)
    minor = draw(st.integers(min_value=1, max_value=10**12))
    senders = draw(st.lists(st.sampled_from(SENDERS), min_size=1, max_size=6, unique=True))
    basis = draw(st.sampled_from(["attributable", "not_attributable", "arbitrator_fee"]))
    with_receiving = draw(st.booleans())
    responsible = [*senders, "DEU"] if with_receiving or basis == "arbitrator_fee" else senders
    if basis == "not_attributable" and len(responsible) < 2:
        responsible = [*responsible, "DEU"]
    return ClaimShareFacts(
        receiving_state="DEU",
        amount=Decimal(minor).scaleb(-exponent),
        currency=currency,
        basis=basis,
        responsible_states=responsible,
    )


@settings(max_examples=500, deadline=None)
@given(share_facts())
def test_shares_add_up_exactly_to_the_amount_paid(f: ClaimShareFacts) -> None:
    shares = decide_claim_share(f).value.shares
    assert sum(s.amount for s in shares) == f.amount


@settings(max_examples=500, deadline=None)
@given(share_facts())
def test_no_share_is_negative_or_more_than_a_minor_unit_from_exact(f: ClaimShareFacts) -> None:
    unit = Decimal(1).scaleb(-MINOR_UNIT_EXPONENT.get(f.currency, 2))
    parts, _, _ = fractions_for(f)
    for share, (_, _, fraction) in zip(decide_claim_share(f).value.shares, parts, strict=True):
        assert share.amount >= 0
        exact = Fraction(f.amount) * fraction
        assert abs(Fraction(share.amount) - exact) < Fraction(unit)


@settings(max_examples=300, deadline=None)
@given(share_facts())
def test_the_fractions_are_those_of_the_article(f: ClaimShareFacts) -> None:
    parts, _, _ = fractions_for(f)
    assert sum(p for _, _, p in parts) == 1
    fractions = {state: p for state, _, p in parts}
    senders = [s for s in f.responsible_states if s != "DEU"]
    if f.basis == "attributable" and len(senders) == 1 and "DEU" not in f.responsible_states:
        assert fractions == {"DEU": Fraction(1, 4), senders[0]: Fraction(3, 4)}
    elif f.basis != "arbitrator_fee" and "DEU" not in f.responsible_states:
        # The receiving State pays half of each sending State's share.
        assert all(fractions["DEU"] * 2 == fractions[s] for s in senders)
    else:
        assert len(set(fractions.values())) == 1


def test_allocation_breaks_ties_in_favour_of_the_first_listed() -> None:
    third = Fraction(1, 3)
    assert allocate(Decimal("1.00"), 2, [third, third, third]) == [
        Decimal("0.34"),
        Decimal("0.33"),
        Decimal("0.33"),
    ]

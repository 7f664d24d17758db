"""Money in claims: minor units and each State's currency by date from CLDR (via Babel), the euro's fixed rates,
and the cost shares: exact to the minor unit whatever the amount, currency and States (a property test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofadesk.cases.claim import money
from sofadesk.cases.claim.shares import split
from sofadesk.errors import Invalid


def test_minor_units_come_from_cldr() -> None:
    assert (money.exponent("EUR"), money.exponent("ITL"), money.exponent("JPY"), money.exponent("BHD")) == (
        2,
        0,
        0,
        3,
    )
    assert money.to_minor("1000001", "ITL") == 1000001 and money.to_minor("12.5", "EUR") == 1250
    assert money.text(1250, "EUR") == "12.50" and money.text(750001, "ITL") == "750001"
    with pytest.raises(Invalid, match="ITL has no minor unit"):
        money.to_minor("1000.5", "ITL")
    with pytest.raises(Invalid, match="EUR has 2 decimal place"):
        money.to_minor("1.001", "EUR")
    with pytest.raises(Invalid, match="not an ISO 4217 currency"):
        money.exponent("XYZ")


@pytest.mark.parametrize(
    ("state", "day", "currencies"),
    [
        ("ITA", date(1998, 12, 31), ["ITL"]),
        ("ITA", date(2000, 6, 1), ["ITL", "EUR"]),  # the lira a denomination of the euro
        ("ITA", date(2002, 3, 1), ["EUR"]),
        ("DEU", date(1998, 6, 15), ["DEM"]),
        ("DEU", date(2016, 3, 10), ["EUR"]),
        ("LVA", date(2013, 12, 31), ["LVL"]),
        ("LVA", date(2014, 1, 1), ["EUR"]),
        ("GBR", date(2020, 1, 1), ["GBP"]),
    ],
)
def test_the_receiving_states_currency_is_taken_by_date(state: str, day: date, currencies: list[str]) -> None:
    assert money.currencies_of(state, day) == currencies
    for c in currencies:
        money.check_own_currency(state, c, day)


def test_another_currency_is_refused_with_what_would_be_accepted() -> None:
    with pytest.raises(Invalid) as refused:
        money.check_own_currency("DEU", "DEM", date(2016, 3, 10))
    assert "which that day was EUR" in refused.value.detail and "Art. VIII(5)(b)" in refused.value.detail


def test_the_euros_fixed_rates_convert_both_ways_from_the_changeover() -> None:
    fixed = money.euro_conversion("EUR", "FRF", date(2002, 1, 1))
    assert fixed is not None and fixed.rate == Decimal("6.55957") and "2866/98" in fixed.source_title
    back = money.euro_conversion("ITL", "EUR", date(2001, 1, 1))
    assert (
        back is not None and money.convert(193627, "ITL", "EUR", back.rate) == 10000
    )  # 193,627 lire = 100 euros
    assert (
        money.euro_conversion("EUR", "FRF", date(1998, 12, 31)) is None
    )  # not yet a denomination of the euro
    assert money.euro_conversion("EUR", "USD", date(2020, 1, 1)) is None  # no published rate: unknown


def test_shares_follow_the_rule_and_add_up() -> None:
    shares, cites = split(1000001, "ITL", "ITA", ["USA"], "attributable", False)
    assert [(s.state, s.fraction, s.minor) for s in shares] == [
        ("ITA", Fraction(1, 4), 250000),
        ("USA", Fraction(3, 4), 750001),
    ]
    assert "NATO SOFA Art. VIII(5)(e)(i)" in cites
    with pytest.raises(Invalid, match="responsible_states"):
        split(1000, "EUR", "DEU", [], "attributable", True)


@settings(max_examples=300, deadline=None)
@given(
    total=st.integers(min_value=1, max_value=10**13),
    currency=st.sampled_from(["EUR", "ITL", "BHD", "JPY"]),
    senders=st.lists(
        st.sampled_from(["USA", "GBR", "FRA", "CAN", "NLD"]), min_size=1, max_size=5, unique=True
    ),
    basis=st.sampled_from(["attributable", "not_attributable"]),
    receiving_responsible=st.booleans(),
)
def test_shares_add_up_to_the_minor_unit_and_none_is_a_unit_off(
    total: int, currency: str, senders: list[str], basis: str, receiving_responsible: bool
) -> None:
    if basis == "not_attributable" and len(senders) + receiving_responsible < 2:
        return  # the rule refuses it: damage that cannot be attributed involves at least two parties' services
    shares, _ = split(total, currency, "DEU", senders, basis, receiving_responsible)
    assert sum(s.minor for s in shares) == total
    assert sum(s.fraction for s in shares) == 1
    for s in shares:
        assert abs(s.minor - s.fraction * total) < 1

"""Money in claims: exact amounts in a currency's minor unit, the receiving State's currency on a date, and
the euro's fixed conversion rates.

Sources:
- Minor units and each territory's currencies by date: the Unicode CLDR supplemental data as shipped by Babel
  (`babel.numbers.get_currency_precision`, `get_territory_currencies`), a maintained source.  The Italian lira
  has no minor unit there (an amount in lire is whole lire); a euro-area State has its old currency and the
  euro side by side from the day the euro became its currency until the old notes ceased to be legal tender
  (CLDR's dates, e.g. ITL and EUR in Italy from 1 January 1999 to 28 February 2002), one of them only before
  and after.
- The euro's irrevocably fixed conversion rates: Council Regulation (EC) No 2866/98 of 31 December 1998 (OJ L
  359, 31.12.1998, p. 1), as amended for each later member of the euro area.  They convert a national currency
  unit into euro by law; they are not exchange rates agreed by the parties under NATO SOFA Art. VIII(2)(f).

Amounts are stored as integers of minor units (cents, whole lire), never floats, so sums are exact on SQLite and
PostgreSQL alike; they are shown as decimal strings ("1234.50").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from sofadesk.errors import Invalid

CLDR_SOURCE = "Unicode CLDR supplemental currency data, through Babel (babel.numbers)"
EURO_REGULATION = (
    "Council Regulation (EC) No 2866/98 of 31 December 1998 on the conversion rates between the euro and the "
    "currencies of the Member States adopting the euro (OJ L 359, 31.12.1998, p. 1), as amended"
)
EURO_REGULATION_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:01998R2866-20220712"

# National currency units per euro, irrevocably fixed (Regulation 2866/98 Art. 1), and the day each became a
# denomination of the euro.
EURO_FIXED_RATES: dict[str, tuple[Decimal, date]] = {
    "ATS": (Decimal("13.7603"), date(1999, 1, 1)),
    "BEF": (Decimal("40.3399"), date(1999, 1, 1)),
    "DEM": (Decimal("1.95583"), date(1999, 1, 1)),
    "ESP": (Decimal("166.386"), date(1999, 1, 1)),
    "FIM": (Decimal("5.94573"), date(1999, 1, 1)),
    "FRF": (Decimal("6.55957"), date(1999, 1, 1)),
    "IEP": (Decimal("0.787564"), date(1999, 1, 1)),
    "ITL": (Decimal("1936.27"), date(1999, 1, 1)),
    "LUF": (Decimal("40.3399"), date(1999, 1, 1)),
    "NLG": (Decimal("2.20371"), date(1999, 1, 1)),
    "PTE": (Decimal("200.482"), date(1999, 1, 1)),
    "GRD": (Decimal("340.750"), date(2001, 1, 1)),
    "SIT": (Decimal("239.640"), date(2007, 1, 1)),
    "CYP": (Decimal("0.585274"), date(2008, 1, 1)),
    "MTL": (Decimal("0.429300"), date(2008, 1, 1)),
    "SKK": (Decimal("30.1260"), date(2009, 1, 1)),
    "EEK": (Decimal("15.6466"), date(2011, 1, 1)),
    "LVL": (Decimal("0.702804"), date(2014, 1, 1)),
    "LTL": (Decimal("3.45280"), date(2015, 1, 1)),
    "HRK": (Decimal("7.53450"), date(2023, 1, 1)),
}


@cache
def is_currency(code: str) -> bool:
    from babel.numbers import is_currency as known

    return bool(known(code))


@cache
def exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit (EUR 2, ITL 0, JPY 0, BHD 3), from CLDR via Babel."""
    from babel.numbers import get_currency_precision

    if not is_currency(currency):
        raise Invalid("currency", f"{currency!r} is not an ISO 4217 currency code (e.g. EUR, USD, ITL)")
    return int(get_currency_precision(currency))


def to_minor(amount: Decimal | str | int, currency: str, field: str = "amount") -> int:
    """The amount as an integer of minor units; refused where it has more decimals than the currency has."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise Invalid(field, f"{amount!r} is not an amount (write e.g. 1234.50)") from None
    if not value.is_finite():
        raise Invalid(field, "not a finite amount")
    places = exponent(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        unit = "no minor unit (whole units only)" if places == 0 else f"{places} decimal place(s)"
        raise Invalid(field, f"{value} {currency}: {currency} has {unit} (ISO 4217, via CLDR)")
    if abs(scaled) >= 10**17:
        raise Invalid(field, "too large an amount")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def text(minor: int | None, currency: str | None) -> str | None:
    """ "1234.50" (never in exponent notation), or None."""
    if minor is None or currency is None:
        return None
    return f"{from_minor(minor, currency):f}"


@cache
def _alpha2(state: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=state)
    return found.alpha_2 if found is not None else None


def currencies_of(state: str, day: date) -> list[str]:
    """The receiving State's legal tender on `day` (CLDR's territory currencies), oldest first."""
    from babel.numbers import get_territory_currencies

    alpha2 = _alpha2(state)
    if alpha2 is None:
        return []
    return list(get_territory_currencies(alpha2, day, tender=True))


def check_own_currency(state: str, currency: str, day: date, field: str = "currency") -> None:
    """Art. VIII(5)(b): the receiving State pays in its own currency, which is the currency shares are stated
    in (VIII(5)(e)(iv)).  An amount in any other currency is refused."""
    exponent(currency)
    own = currencies_of(state, day)
    if currency not in own:
        accepted = " or ".join(own) if own else "unknown (CLDR lists none)"
        raise Invalid(
            field,
            f"{currency} is not {state}'s currency on {day.isoformat()}: the receiving State pays in its own "
            f"currency (NATO SOFA Art. VIII(5)(b)), which that day was {accepted} ({CLDR_SOURCE})",
        )


@dataclass(frozen=True)
class Conversion:
    rate: Decimal  # units of `to` per one unit of `source`
    source_title: str
    source_url: str | None
    basis: str  # "agreed" (configured, Art. VIII(2)(f)) or "euro_fixed_rate" (Regulation 2866/98)


def euro_conversion(source: str, to: str, day: date) -> Conversion | None:
    """The legal conversion between the euro and a currency it replaced (either way), from the day the national
    currency became a denomination of the euro; None otherwise."""
    for national, other, inverse in ((to, source, False), (source, to, True)):
        fixed = EURO_FIXED_RATES.get(national)
        if other == "EUR" and fixed is not None and day >= fixed[1]:
            rate = Decimal(1) / fixed[0] if inverse else fixed[0]
            return Conversion(rate, EURO_REGULATION, EURO_REGULATION_URL, "euro_fixed_rate")
    return None


def convert(minor: int, source: str, to: str, rate: Decimal) -> int:
    """`minor` units of `source` in `to` at `rate`, rounded half-even to `to`'s minor unit."""
    value = from_minor(minor, source) * rate
    return int(value.scaleb(exponent(to)).to_integral_value())

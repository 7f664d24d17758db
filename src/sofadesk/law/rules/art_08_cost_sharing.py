"""NATO SOFA Art. VIII(5)(e)(i)-(iii) and (2)(d)-(e): sharing what was paid (deemed acceptance of the proposed
distribution and the half-yearly statements are in art_08_claim_statement).

Shares (5(e)):
- (i) one sending State alone responsible: 75 % sending State, 25 % receiving State;
- (ii) several States responsible: equal shares; a receiving State that is not responsible pays half the share
  of each sending State - with n sending States, 2/(2n+1) each and 1/(2n+1) for the receiving State;
- (iii) damage by several parties' services not attributable to any: equal shares among the parties concerned,
  the same half share for a receiving State whose services were not involved.
Arbitrators' awards under 2(a) are shared the same way (2(d)); the arbitrator's fee equally (2(e)).

Rounding (our rule, stated with every answer): shares are computed as exact fractions, then expressed in the
currency's minor unit by the largest-remainder method - every share is first rounded down, and the minor units
left over go one each to the shares with the largest remainders (ties: the receiving State first, then the
sending States in the order given).  The shares therefore always add up exactly to the amount paid, none is
negative, and none is more than one minor unit from its exact value.

NOT MODELLED
- Which States are "responsible" and whether the damage can be attributed: needs a decision by the receiving
  State's claims authorities (proposed in the distribution, accepted or disputed by the sending States).
- A different settlement for serious hardship (5(f)): needs a decision by the North Atlantic Council, or
  negotiation under PfP SOFA Art. III.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, article_cites
from sofadesk.law.common import Facts, StateCode
from sofadesk.law.finding import Finding
from sofadesk.law.messages import msg

ROUNDING_RULE = (
    "Exact fractions, expressed in the currency's minor unit by the largest-remainder method: each share rounded "
    "down, leftover minor units to the largest remainders (ties: receiving State first, then sending States in "
    "the order given), so the shares add up exactly to the amount."
)
# ISO 4217 currencies whose minor unit is not the cent (exponent other than 2); all others use 2.
MINOR_UNIT_EXPONENT: dict[str, int] = {
    "BHD": 3,
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "RWF": 0,
    "TND": 3,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
}


_c = article_cites("nato-sofa", "VIII")


class ClaimShareFacts(Facts):
    receiving_state: StateCode
    amount: Decimal = Field(
        gt=0, description="The amount paid, in the receiving State's currency (Art. VIII(5)(b))."
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    basis: Literal["attributable", "not_attributable", "arbitrator_fee"] = Field(
        description="attributable: 5(e)(i)-(ii); not_attributable: 5(e)(iii); arbitrator_fee: 2(e)."
    )
    responsible_states: list[StateCode] = Field(
        description="States responsible (attributable), or parties whose services caused the damage "
        "(not_attributable), or parties to the arbitration (arbitrator_fee); may include the receiving State."
    )

    @model_validator(mode="after")
    def _coherent(self) -> ClaimShareFacts:
        if len(set(self.responsible_states)) != len(self.responsible_states):
            raise ValueError("responsible_states: a State is listed twice")
        if (
            not [s for s in self.responsible_states if s != self.receiving_state]
            and self.basis != "arbitrator_fee"
        ):
            raise ValueError(
                "responsible_states: name at least one sending State; damage caused by the receiving State alone "
                "is not shared under Art. VIII(5)(e)"
            )
        if self.basis == "not_attributable" and len(self.responsible_states) < 2:
            raise ValueError(
                "responsible_states: damage that cannot be attributed involves the services of at least two parties "
                "(Art. VIII(5)(e)(iii)); with one, it is attributable"
            )
        if self.basis == "arbitrator_fee" and len(self.responsible_states) < 2:
            raise ValueError("responsible_states: an arbitration has at least two parties")
        exponent = MINOR_UNIT_EXPONENT.get(self.currency, 2)
        if self.amount != self.amount.quantize(Decimal(1).scaleb(-exponent)):
            raise ValueError(
                f"amount: {self.amount} has more decimals than {self.currency} allows ({exponent})"
            )
        return self


Role = Literal["sending_state", "receiving_state", "party"]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building the shares a
# quarter of a decision's time; nothing changes a share after the rule has made it.
@dataclass(slots=True)
class Share:
    state: str
    role: Role
    fraction: str  # exact, e.g. "2/5"
    amount: Decimal


@dataclass(frozen=True)
class CostShares:
    currency: str
    total: Decimal
    shares: tuple[Share, ...]
    rounding_rule: str = ROUNDING_RULE


def fractions_for(f: ClaimShareFacts) -> tuple[list[tuple[str, str, Fraction]], list[str], list[Cite]]:
    """Each State's exact share, with the reasons and citations."""
    parts, denominator, reasons, cites = _split(f)
    return [(state, role, Fraction(k, denominator)) for state, role, k in parts], reasons, cites


def _split(f: ClaimShareFacts) -> tuple[list[tuple[str, Role, int]], int, list[str], list[Cite]]:
    """The shares as numerators over one denominator - every paragraph gives its shares one: 4 (5(e)(i)), the
    number of parties (2(e), equal shares) or twice the sending States plus one (the receiving State's half
    share) - so that the allocation needs no fraction arithmetic."""
    rs = f.receiving_state
    senders = [s for s in f.responsible_states if s != rs]
    rs_in = rs in f.responsible_states
    if f.basis == "arbitrator_fee":
        return (
            [(s, "party", 1) for s in f.responsible_states],
            len(f.responsible_states),
            ["The arbitrator's fee and expenses are borne in equal proportions by the parties concerned."],
            [_c(2, "e")],
        )
    if f.basis == "attributable" and len(senders) == 1 and not rs_in:
        return (
            [(rs, "receiving_state", 1), (senders[0], "sending_state", 3)],
            4,
            [
                "One sending State alone is responsible: it bears 75 per cent and the receiving State 25 per cent."
            ],
            [_c(5, "e", "i")],
        )
    n = len(senders)
    para = "ii" if f.basis == "attributable" else "iii"
    if rs_in:
        why = (
            msg("{n} States are responsible, the receiving State among them: equal shares of 1/{n}.", n=n + 1)
            if f.basis == "attributable"
            else msg(
                "The damage cannot be attributed to one service; {n} parties' services, the receiving State's among them, were involved: equal shares of 1/{n}.",
                n=n + 1,
            )
        )
        equal: list[tuple[str, Role, int]] = [(rs, "receiving_state", 1)]
        return (
            equal + [(s, "sending_state", 1) for s in senders],
            n + 1,
            [why],
            [_c(5, "e", para)],
        )
    why = (
        msg(
            "{n} sending States are responsible and the receiving State is not: each sending State bears 2/{d} and the receiving State half of that, 1/{d}.",
            n=n,
            d=2 * n + 1,
        )
        if f.basis == "attributable"
        else msg(
            "The damage cannot be attributed among the services of {n} sending States, the receiving State's services not being involved: each sending State bears 2/{d} and the receiving State 1/{d}.",
            n=n,
            d=2 * n + 1,
        )
    )
    half: list[tuple[str, Role, int]] = [(rs, "receiving_state", 1)]
    return (
        half + [(s, "sending_state", 2) for s in senders],
        2 * n + 1,
        [why],
        [_c(5, "e", para)],
    )


def allocate(total: Decimal, exponent: int, parts: list[Fraction]) -> list[Decimal]:
    """Largest-remainder allocation of `total` (in minor units of 10**-exponent) by exact fractions summing to 1."""
    common = math.lcm(*{p.denominator for p in parts})
    minors = _largest_remainder(
        _minor_units(total, exponent), [p.numerator * (common // p.denominator) for p in parts], common
    )
    unit = _unit(exponent)
    return [Decimal(m) * unit for m in minors]


def _largest_remainder(minor_total: int, numerators: list[int], denominator: int) -> list[int]:
    """Integer arithmetic throughout: every share is rounded down, and the minor units left over go one each to
    the largest remainders; remainders over one denominator compare as integers."""
    floors, remainders = [], []
    for k in numerators:
        q, r = divmod(minor_total * k, denominator)
        floors.append(q)
        remainders.append(r)
    left = minor_total - sum(floors)
    if left:
        # A stable sort keeps the given order among equal remainders, reversed or not: the receiving State first.
        for i in sorted(range(len(floors)), key=remainders.__getitem__, reverse=True)[:left]:
            floors[i] += 1
    return floors


def _minor_units(total: Decimal, exponent: int) -> int:
    return int(total.scaleb(exponent).to_integral_value(rounding=ROUND_FLOOR))


# The minor units of the exponents in use: multiplying by one is cheaper than scaling every share.
_UNITS = {e: Decimal(1).scaleb(-e) for e in (0, 2, 3)}


def _unit(exponent: int) -> Decimal:
    return _UNITS.get(exponent) or Decimal(1).scaleb(-exponent)


def decide_claim_share(f: ClaimShareFacts) -> Finding[CostShares]:
    parts, denominator, reasons, cites = _split(f)
    exponent = MINOR_UNIT_EXPONENT.get(f.currency, 2)
    minors = _largest_remainder(_minor_units(f.amount, exponent), [k for _, _, k in parts], denominator)
    unit = _unit(exponent)
    shares = tuple(
        Share(state, role, _fraction_text(k, denominator), Decimal(m) * unit)
        for (state, role, k), m in zip(parts, minors, strict=True)
    )
    if f.basis != "arbitrator_fee":
        cites.append(_c(5, "e"))
        reasons.append("An arbitrator's award under Art. VIII(2) is shared the same way (Art. VIII(2)(d)).")
        cites.append(_c(2, "d"))
    reasons.append(ROUNDING_RULE)
    return Finding(CostShares(f.currency, f.amount, shares), tuple(cites), tuple(reasons), _LEFT_TO_HUMANS)


def _fraction_text(numerator: int, denominator: int) -> str:
    g = math.gcd(numerator, denominator)
    return f"{numerator // g}/{denominator // g}"


_LEFT_TO_HUMANS = (
    "Which States are responsible, and whether the damage can be attributed: not modelled - needs a decision by the receiving State's claims authorities, proposed to the sending States (Art. VIII(5)(d)).",
)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VIII(2)(d)": "claim-share",
    "NATO SOFA Art. VIII(2)(e)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(i)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(ii)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(iii)": "claim-share",
}
NOT_MODELLED: dict[str, str] = {}

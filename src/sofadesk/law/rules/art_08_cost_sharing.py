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

from sofadesk.law.cite import Cite, cite
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


def _c(paragraph: int, *sub: str) -> Cite:
    return cite("nato-sofa", "VIII", paragraph, *sub)


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


@dataclass(frozen=True)
class Share:
    state: str
    role: Literal["sending_state", "receiving_state", "party"]
    fraction: str  # exact, e.g. "2/5"
    amount: Decimal


@dataclass(frozen=True)
class CostShares:
    currency: str
    total: Decimal
    shares: tuple[Share, ...]
    rounding_rule: str = ROUNDING_RULE


def fractions_for(f: ClaimShareFacts) -> tuple[list[tuple[str, str, Fraction]], list[str], list[Cite]]:
    rs = f.receiving_state
    senders = [s for s in f.responsible_states if s != rs]
    rs_in = rs in f.responsible_states
    if f.basis == "arbitrator_fee":
        n = len(f.responsible_states)
        return (
            [(s, "party", Fraction(1, n)) for s in f.responsible_states],
            ["The arbitrator's fee and expenses are borne in equal proportions by the parties concerned."],
            [_c(2, "e")],
        )
    if f.basis == "attributable" and len(senders) == 1 and not rs_in:
        return (
            [(rs, "receiving_state", Fraction(1, 4)), (senders[0], "sending_state", Fraction(3, 4))],
            [
                "One sending State alone is responsible: it bears 75 per cent and the receiving State 25 per cent."
            ],
            [_c(5, "e", "i")],
        )
    n = len(senders)
    para = "ii" if f.basis == "attributable" else "iii"
    if rs_in:
        share = Fraction(1, n + 1)
        why = (
            msg("{n} States are responsible, the receiving State among them: equal shares of 1/{n}.", n=n + 1)
            if f.basis == "attributable"
            else msg(
                "The damage cannot be attributed to one service; {n} parties' services, the receiving State's among them, were involved: equal shares of 1/{n}.",
                n=n + 1,
            )
        )
        return (
            [(rs, "receiving_state", share)] + [(s, "sending_state", share) for s in senders],
            [why],
            [_c(5, "e", para)],
        )
    each, rs_share = Fraction(2, 2 * n + 1), Fraction(1, 2 * n + 1)
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
    return (
        [(rs, "receiving_state", rs_share)] + [(s, "sending_state", each) for s in senders],
        [why],
        [_c(5, "e", para)],
    )


def allocate(total: Decimal, exponent: int, parts: list[Fraction]) -> list[Decimal]:
    """Largest-remainder allocation of `total` (in minor units of 10**-exponent) by exact fractions summing to 1.
    Integer arithmetic throughout: remainders are compared over a common denominator."""
    unit = Decimal(1).scaleb(-exponent)
    minor_total = int((total / unit).to_integral_value(rounding=ROUND_FLOOR))
    common = math.lcm(*(p.denominator for p in parts))
    floors, remainders = [], []
    for p in parts:
        q, r = divmod(minor_total * p.numerator, p.denominator)
        floors.append(q)
        remainders.append(r * (common // p.denominator))
    left = minor_total - sum(floors)
    for i in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[:left]:
        floors[i] += 1
    return [Decimal(m).scaleb(-exponent) for m in floors]


def decide_claim_share(f: ClaimShareFacts) -> Finding[CostShares]:
    parts, reasons, cites = fractions_for(f)
    amounts = allocate(f.amount, MINOR_UNIT_EXPONENT.get(f.currency, 2), [p for _, _, p in parts])
    shares = tuple(
        Share(state, role, f"{frac.numerator}/{frac.denominator}", amt)  # type: ignore[arg-type]
        for (state, role, frac), amt in zip(parts, amounts, strict=True)
    )
    if f.basis != "arbitrator_fee":
        cites.append(_c(5, "e"))
        reasons.append("An arbitrator's award under Art. VIII(2) is shared the same way (Art. VIII(2)(d)).")
        cites.append(_c(2, "d"))
    reasons.append(ROUNDING_RULE)
    humans = (
        "Which States are responsible, and whether the damage can be attributed: not modelled - needs a decision by the receiving State's claims authorities, proposed to the sending States (Art. VIII(5)(d)).",
    )
    return Finding(CostShares(f.currency, f.amount, shares), tuple(cites), tuple(reasons), humans)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VIII(2)(d)": "claim-share",
    "NATO SOFA Art. VIII(2)(e)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(i)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(ii)": "claim-share",
    "NATO SOFA Art. VIII(5)(e)(iii)": "claim-share",
}
NOT_MODELLED: dict[str, str] = {}

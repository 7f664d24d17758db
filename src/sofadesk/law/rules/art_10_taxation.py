"""NATO SOFA Art. X (with Art. IX(8)): taxation of members of a force or civilian component.

Art. X(1) says only that a member's time in the receiving State solely as a member is not residence or domicile
for tax.  It says nothing about dependents, nor about members present for other reasons too, nor (X(4)) about
receiving-State nationals: for them the answer does not say the stay "counts" - it says the receiving State's
law decides (residence_period_counts is then unknown).

NOT MODELLED
- The receiving State's tax law itself (what is taxable once the Agreement's exemptions are applied), and whether
  a stay the Agreement does not cover is residence there: needs a decision under that law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from sofadesk.law.cite import Cite, cite
from sofadesk.law.common import Facts
from sofadesk.law.finding import Finding

IncomeKind = Literal[
    "sending_state_pay", "local_profitable_enterprise", "local_purchase", "movable_property", "other"
]


class TaxFacts(Facts):
    person: Literal["member_of_force", "civilian_component", "dependent"]
    national_of_receiving_state: bool = False
    present_solely_as_member: bool = True
    items: list[IncomeKind] = Field(min_length=1, description="What the tax question is about.")


@dataclass(frozen=True)
class TaxItem:
    item: IncomeKind
    exempt: bool


@dataclass(frozen=True)
class TaxDecision:
    # False: Art. X(1) - the stay is not residence or domicile for tax.  None: Art. X does not decide it.
    residence_period_counts: bool | None
    items: tuple[TaxItem, ...]


LOCAL_LAW = (
    "Whether the stay counts as residence or domicile for tax: not governed by Art. X for this person - needs a "
    "decision under the receiving State's tax law."
)


def _c(paragraph: int) -> Cite:
    return cite("nato-sofa", "X", paragraph)


def decide_tax(f: TaxFacts) -> Finding[TaxDecision]:
    if f.person == "dependent" or (f.person == "member_of_force" and f.national_of_receiving_state):
        why = (
            "Art. X protects members of a force or civilian component, not dependents: it gives a dependent no exemption and says nothing about a dependent's residence, which the receiving State's law decides."
            if f.person == "dependent"
            else "A national of the receiving State is not a member of a force for Art. X: the Article gives no exemption, and whether the stay is residence is for the receiving State's law."
        )
        cites = (_c(4),) if f.person != "dependent" else (_c(1),)
        return Finding(
            TaxDecision(None, tuple(TaxItem(i, False) for i in f.items)), cites, (why,), (LOCAL_LAW,)
        )
    reasons: list[str] = []
    humans: list[str] = []
    cites_list: list[Cite] = [_c(1)]
    counts: bool | None = False
    if f.present_solely_as_member:
        reasons.append(
            "Time spent in the receiving State solely as a member does not count as residence or domicile for taxation."
        )
    else:
        counts = None
        reasons.append(
            "The person is not present solely as a member, so the residence rule of Art. X(1) does not cover the stay; whether it is residence is for the receiving State's law."
        )
        humans.append(LOCAL_LAW)
    items = []
    for item in f.items:
        if item == "sending_state_pay":
            items.append(TaxItem(item, True))
            reasons.append("Pay and emoluments from the sending State as a member are exempt.")
        elif item == "movable_property":
            items.append(TaxItem(item, f.present_solely_as_member))
            reasons.append("Tangible movable property present only because of the temporary stay is exempt.")
        elif item == "local_profitable_enterprise":
            items.append(TaxItem(item, False))
            cites_list.append(_c(2))
            reasons.append(
                "Any profitable enterprise in the receiving State other than the service may be taxed."
            )
        elif item == "local_purchase":
            items.append(TaxItem(item, False))
            cites_list.append(cite("nato-sofa", "IX", 8))
            reasons.append(
                "Purchases and services bought locally carry the receiving State's taxes and duties."
            )
        else:
            items.append(TaxItem(item, False))
            cites_list.append(_c(2))
            reasons.append("Other liabilities the member would have as a non-resident remain.")
    cites_list.append(_c(3))
    reasons.append("Customs duty is a matter for Art. XI, not Art. X.")
    return Finding(TaxDecision(counts, tuple(items)), tuple(cites_list), tuple(reasons), tuple(humans))


ENCODED: dict[str, str] = {
    "NATO SOFA Art. X(1)": "tax",
    "NATO SOFA Art. X(2)": "tax",
    "NATO SOFA Art. X(3)": "tax",
    "NATO SOFA Art. X(4)": "tax",
    "NATO SOFA Art. IX(8)": "tax",
}
NOT_MODELLED: dict[str, str] = {}

"""NATO SOFA Art. VI: possession and carrying of arms.

NOT MODELLED
- The outcome of the receiving State's requests: the sending State considers them sympathetically - needs a
  decision by the sending State's authorities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sofadesk.law.cite import cite
from sofadesk.law.common import Facts
from sofadesk.law.finding import Finding
from sofadesk.law.messages import literal, msg


class ArmsFacts(Facts):
    holder: Literal["member_of_force", "civilian_component", "dependent"]
    authorised_by_orders: bool
    receiving_state_request: str | None = None


@dataclass(frozen=True)
class ArmsDecision:
    may_possess_and_carry: bool


def decide_arms(f: ArmsFacts) -> Finding[ArmsDecision]:
    c = (cite("nato-sofa", "VI"),)
    humans: tuple[str, ...] = ()
    if f.receiving_state_request:
        humans = (
            msg(
                "The receiving State's request ({request}): not modelled - needs a decision by the sending State, which must consider it sympathetically.",
                request=literal(f.receiving_state_request),
            ),
        )
    if f.holder != "member_of_force":
        return Finding(
            ArmsDecision(False),
            c,
            (
                "Art. VI allows members of a force to carry arms; civilians and dependents are under the receiving State's arms law.",
            ),
            humans,
        )
    if not f.authorised_by_orders:
        return Finding(
            ArmsDecision(False),
            c,
            ("A member of a force may possess and carry arms only if authorised by his orders.",),
            humans,
        )
    return Finding(
        ArmsDecision(True),
        c,
        ("A member of a force authorised by his orders may possess and carry arms.",),
        humans,
    )


ENCODED: dict[str, str] = {"NATO SOFA Art. VI": "arms"}
NOT_MODELLED: dict[str, str] = {}

"""NATO SOFA Art. IV: driving permits of members of a force or civilian component.

NOT MODELLED
- Which of the two options a receiving State has chosen: configuration of that State (an input here).
- Dependents' permits: not covered by Art. IV - the receiving State's law applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sofadesk.law.cite import cite
from sofadesk.law.common import Facts
from sofadesk.law.finding import Finding


class DrivingPermitFacts(Facts):
    holder: Literal["member_of_force", "civilian_component", "dependent"]
    holds_sending_state_permit: bool
    receiving_state_option: Literal["accept_sending_state_permit", "issue_own_permit"]


@dataclass(frozen=True)
class DrivingPermitDecision:
    may_drive_on_own_permit: bool
    receiving_state_permit_without_test: bool
    fee_or_test_allowed: bool


def decide_driving_permit(f: DrivingPermitFacts) -> Finding[DrivingPermitDecision]:
    if f.holder == "dependent":
        return Finding(
            DrivingPermitDecision(False, False, True),
            (cite("nato-sofa", "IV"),),
            (
                "Art. IV covers members of a force or civilian component only; a dependent's permit is a matter for the receiving State's law.",
            ),
            (
                "Dependents' driving permits: not modelled - needs a decision under the receiving State's law.",
            ),
        )
    if not f.holds_sending_state_permit:
        return Finding(
            DrivingPermitDecision(False, False, True),
            (cite("nato-sofa", "IV"),),
            (
                "Art. IV benefits only holders of a civil or military driving permit of the sending State (or one of its sub-divisions).",
            ),
        )
    if f.receiving_state_option == "accept_sending_state_permit":
        return Finding(
            DrivingPermitDecision(True, False, False),
            (cite("nato-sofa", "IV", "a"),),
            (
                "The receiving State accepts the sending State's permit as valid, without a driving test or fee.",
            ),
        )
    return Finding(
        DrivingPermitDecision(False, True, True),
        (cite("nato-sofa", "IV", "b"),),
        (
            "The receiving State issues its own permit to the holder of the sending State's permit, without a driving test (Art. IV(b) does not exclude a fee).",
        ),
    )


ENCODED: dict[str, str] = {"NATO SOFA Art. IV": "driving-permit"}
NOT_MODELLED: dict[str, str] = {}

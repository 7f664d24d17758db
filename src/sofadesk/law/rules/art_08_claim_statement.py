"""NATO SOFA Art. VIII(5)(d) and (e)(iv): when the proposed distribution of a paid claim is accepted, and on which
half-yearly statement the claim goes.

Deemed acceptance (5(d)): without a reply within two months, the proposed distribution "shall be regarded as
accepted".  Our reading of the period, stated with every answer:
- it runs from the day the proposal was communicated (not counted) to the same calendar day two months later;
  where that month has no such day, to its last day (31 December 2023 -> 29 February 2024, 30 December 2023 ->
  29 February 2024, 31 December 2022 -> 28 February 2023, 31 August -> 31 October);
- a reply on that last day is in time;
- without a reply in time the distribution is accepted on that last day, when the period runs out.  A later reply,
  acceptance or objection alike, comes too late to change anything: it neither moves the acceptance date nor the
  claim into a later statement.
An express acceptance in time is accepted on the day of the reply; an objection in time stops deemed acceptance.

Statements (5(e)(iv)): every half-year the receiving State sends a statement of the sums paid in that half-year on
cases whose distribution has been accepted.  A claim goes on the statement of the half-year in which it is both
paid and accepted (the later of the two dates); half-years are January-June and July-December.

NOT MODELLED
- When a half-year starts: the Agreement does not fix it; calendar half-years are our default - needs a decision
  by the receiving State's claims office if its practice differs.
- Whether "communicated" means sent or received: the date given is taken as the day of communication - needs a
  decision by the States concerned if they count from receipt.
- What happens after an objection (renegotiation of the distribution): needs a decision by the States concerned.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import article_cites
from sofadesk.law.common import Facts
from sofadesk.law.finding import Finding
from sofadesk.law.messages import code, day, literal, msg

Distribution = Literal["accepted", "deemed_accepted", "objected", "awaiting_reply"]


_c = article_cites("nato-sofa", "VIII")


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day where it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_period_end(communicated_on: date) -> date:
    """The last day of the two months of Art. VIII(5)(d): a reply that day is in time; without one, the proposed
    distribution is accepted that day."""
    return add_months(communicated_on, 2)


def half_year_end(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


class PaidClaim(Facts):
    reference: str = Field(min_length=1)
    paid_on: date
    proposal_communicated_on: date = Field(
        description="The day the particulars and proposed distribution were communicated to the sending State; "
        "the two months of Art. VIII(5)(d) run from it."
    )
    reply: Literal["accepted", "objected"] | None = None
    reply_on: date | None = None

    @model_validator(mode="after")
    def _coherent(self) -> PaidClaim:
        if (self.reply is None) != (self.reply_on is None):
            raise ValueError("reply_on: give reply and reply_on together")
        if self.proposal_communicated_on < self.paid_on:
            raise ValueError(
                "proposal_communicated_on: the proposal follows payment (Art. VIII(5)(d)); it is earlier than paid_on"
            )
        if self.reply_on is not None and self.reply_on < self.proposal_communicated_on:
            raise ValueError("reply_on: earlier than proposal_communicated_on")
        return self


class ClaimStatementFacts(Facts):
    as_of: date
    claims: list[PaidClaim] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> ClaimStatementFacts:
        refs = [c.reference for c in self.claims]
        if len(set(refs)) != len(refs):
            raise ValueError("claims: a reference is listed twice")
        return self


@dataclass(frozen=True)
class ClaimStanding:
    reference: str
    distribution: Distribution
    accepted_on: date | None
    reply_period_ends: date
    statement_for_half_year_ending: date | None
    # Whether the reply known on the as-of date came within the two months; None where there is none yet.
    reply_in_time: bool | None = None


@dataclass(frozen=True)
class StatementPlan:
    claims: tuple[ClaimStanding, ...]


def standing(c: PaidClaim, as_of: date, reasons: list[str]) -> ClaimStanding:
    """One paid claim on the as-of date; a reply dated after it is not yet known."""
    ends = reply_period_end(c.proposal_communicated_on)
    known = c.reply if c.reply_on is not None and c.reply_on <= as_of else None
    in_time = None if known is None else bool(c.reply_on is not None and c.reply_on <= ends)
    status: Distribution
    accepted_on: date | None = None
    if known is not None and in_time:
        status = "accepted" if known == "accepted" else "objected"
        accepted_on = c.reply_on if known == "accepted" else None
    elif as_of > ends:
        status, accepted_on = "deemed_accepted", ends
        if known is not None:
            reasons.append(
                msg(
                    "{reference}: the reply ({reply}) of {reply_on} came after the two months ended on {ends}; "
                    "the distribution had been accepted on {ends} and the late reply changes nothing.",
                    reference=literal(c.reference),
                    reply=code(known),
                    reply_on=day(c.reply_on) if c.reply_on else literal("None"),
                    ends=day(ends),
                )
            )
    else:
        status = "awaiting_reply"
    statement = half_year_end(max(c.paid_on, accepted_on)) if accepted_on else None
    return ClaimStanding(c.reference, status, accepted_on, ends, statement, in_time)


def decide_claim_statement(f: ClaimStatementFacts) -> Finding[StatementPlan]:
    reasons = [
        "A proposed distribution not answered within two months of being communicated is regarded as accepted "
        "when the two months run out (Art. VIII(5)(d)). We count them from the day of communication to the same "
        "calendar day two months later, or the month's last day where it has no such day (31 December 2023 to "
        "29 February 2024); a reply on that day is in time, and without one the distribution is accepted on that "
        "day.",
        "A reply after the two months, acceptance or objection alike, comes too late: the distribution was "
        "already accepted, on the last day of the period.",
    ]
    rows = tuple(standing(c, f.as_of, reasons) for c in f.claims)
    reasons.append(
        "Each accepted case goes on the statement for the half-year in which it was both paid and accepted; "
        "half-years are counted as January-June and July-December (Art. VIII(5)(e)(iv))."
    )
    humans = (
        "Half-year periods: the Agreement says 'every half-year' without fixing when a half-year starts; calendar half-years are our default - needs a decision by the receiving State's claims office if its practice differs.",
        "The day of communication: the date given is taken as the day the proposal was communicated; whether the States count from its dispatch or its receipt - needs a decision by the States concerned.",
    )
    return Finding(StatementPlan(rows), (_c(5, "d"), _c(5, "e", "iv")), tuple(reasons), humans)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VIII(5)(d)": "claim-statement",
    "NATO SOFA Art. VIII(5)(e)(iv)": "claim-statement",
}
NOT_MODELLED: dict[str, str] = {}

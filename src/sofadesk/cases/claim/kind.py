"""A claim for damage done by a visiting force, as a case kind: its statuses and who moves it from which to which.

The owner is the receiving State, whose claims office registers the claim (filed by the claimant on the public
form, or on paper and entered by the office), routes it under NATO SOFA Art. VIII, sends the sending State(s)
notice, adjudicates and pays under its own law (VIII(5)(a)-(c)), proposes the distribution (VIII(5)(d)) and
states the accepted shares every half-year (VIII(5)(e)(iv)).  A sending State sees the claim once it is sent
notice (or a share, or an ex gratia assessment): it answers with its evidence and official duty certificate,
accepts or contests its share (a decision due within two months: the "cost_share" slot), and in an ex gratia
case (VIII(6), (7)) makes or declines an offer and pays.  Between the States (VIII(1)-(4)), a claim is waived or
goes to the arbitrator (negotiation where PfP SOFA Art. III applies), whose award is recorded.

Roles: a State's claims office is its `legal_adviser` users; a share may also be answered by an `approver`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy.orm import Session

from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.core.kinds import CaseKind, register
from sofadesk.cases.core.workflow import Transition, Workflow

Status = Literal[
    "submitted",
    "registered",
    "notified",
    "adjudicated",
    "rejected",
    "paid",
    "contested",
    "accepted",
    "assessed",
    "offered",
    "not_offered",
    "offer_accepted",
    "offer_refused",
    "refused",
    "waived",
    "closed",
    "withdrawn",
]
STATUSES: tuple[str, ...] = get_args(Status)
# Still being worked: shown with their clocks, counted as open.
OPEN = (
    "submitted",
    "registered",
    "notified",
    "adjudicated",
    "paid",
    "contested",
    "assessed",
    "offered",
    "offer_accepted",
    "offer_refused",
)
FINAL = ("rejected", "accepted", "not_offered", "refused", "waived", "closed", "withdrawn")

OFFICE = ("legal_adviser",)
DECIDERS = ("legal_adviser", "approver")

# Slot subjects: what a sending State must decide.
NOTICE_ANSWER = "notice_answer"  # its answer to the notice, with its evidence (configured period)
COST_SHARE = "cost_share"  # accept or contest its share (two months, VIII(5)(d))
EX_GRATIA_OFFER = "ex_gratia_offer"  # whether to offer an ex gratia payment (VIII(6)(b))

_WORKED = ("registered", "notified")
_ANY_OPEN = OPEN

WORKFLOW = Workflow(
    kind="claim",
    noun="claim",
    statuses=STATUSES,
    owner_name="the receiving State's",
    transitions=(
        Transition(
            "register", ("submitted",), "registered", "owner", OFFICE, "registered", "claim.registered"
        ),
        Transition("refuse", ("submitted", *_WORKED), "refused", "owner", OFFICE, "refused", "claim.refused"),
        Transition("route", ("submitted", *_WORKED), None, "owner", OFFICE, "routed", "claim.routed"),
        Transition("assign", _ANY_OPEN, None, "owner", OFFICE, "assigned to an office", "claim.assigned"),
        Transition(
            "attach", (*OPEN, *FINAL), None, "any", OFFICE, "given documents", "claim.documents_added"
        ),
        Transition(
            "link_incident",
            _ANY_OPEN,
            None,
            "owner",
            OFFICE,
            "linked to an incident",
            "claim.incident_linked",
        ),
        Transition(
            "notify",
            _WORKED,
            "notified",
            "owner",
            OFFICE,
            "notified to the sending State(s)",
            "claim.notified",
        ),
        Transition(
            "answer_notice",
            ("notified", "adjudicated", "paid", "contested", "assessed"),
            None,
            "party",
            OFFICE,
            "answered (notice must have been sent)",
            "claim.notice_answered",
        ),
        Transition(
            "keep_record", (*OPEN, *FINAL), None, "party", OFFICE, "annotated", "claim.sending_record"
        ),
        Transition(
            "refer",
            (*_WORKED, "adjudicated", "contested", "assessed"),
            None,
            "any",
            OFFICE,
            "referred",
            "claim.referred",
        ),
        Transition(
            "award",
            (*_WORKED, "adjudicated", "contested", "assessed"),
            None,
            "any",
            OFFICE,
            "given an award",
            "claim.award_recorded",
        ),
        Transition("adjudicate", _WORKED, None, "owner", OFFICE, "adjudicated", "claim.adjudicated"),
        Transition(
            "advance",
            (*_WORKED, "adjudicated"),
            None,
            "owner",
            OFFICE,
            "given an advance payment",
            "claim.advance_paid",
        ),
        Transition(
            "judgment",
            (*_WORKED, "adjudicated", "rejected"),
            None,
            "owner",
            OFFICE,
            "given a court judgment",
            "claim.judgment_recorded",
        ),
        Transition(
            "pay",
            (*_WORKED, "adjudicated"),
            "paid",
            "owner",
            OFFICE,
            "paid (it must be registered, notified or adjudicated)",
            "claim.paid",
        ),
        Transition(
            "answer_share",
            ("paid", "contested"),
            None,
            "party",
            DECIDERS,
            "answered (its shares must have been proposed)",
        ),
        Transition(
            "repropose",
            ("contested",),
            "paid",
            "owner",
            OFFICE,
            "given a new distribution",
            "claim.distribution_reproposed",
        ),
        Transition(
            "assess",
            _WORKED,
            "assessed",
            "owner",
            OFFICE,
            "assessed for an ex gratia payment",
            "claim.assessed",
        ),
        Transition("offer", ("assessed", "offer_refused"), None, "party", OFFICE, "given an offer"),
        Transition("claimant_answer", ("offered",), None, "owner", OFFICE, "answered by the claimant"),
        Transition(
            "ex_gratia_paid",
            ("offer_accepted",),
            "closed",
            "party",
            OFFICE,
            "paid ex gratia (the claimant must have accepted)",
            "claim.ex_gratia_paid",
        ),
        Transition("waive", _WORKED, "waived", "owner", OFFICE, "closed as waived", "claim.waived"),
        Transition(
            "close",
            ("accepted", "rejected", "not_offered"),
            "closed",
            "owner",
            OFFICE,
            "closed",
            "claim.closed",
        ),
        Transition(
            "withdraw",
            ("submitted", *_WORKED, "adjudicated", "assessed", "offered", "offer_refused"),
            "withdrawn",
            "owner",
            OFFICE,
            "withdrawn",
            "claim.withdrawn",
        ),
    ),
)


def _deem_late_shares_accepted(session: Session, moment: datetime) -> object:
    """Scheduled: a share not answered within two months is recorded as accepted (Art. VIII(5)(d))."""
    from sofadesk.cases.claim.shares import scan_deemed  # imported here: shares needs this module's KIND

    return scan_deemed(session, moment)


KIND = register(
    CaseKind(
        name="claim",
        noun="claim",
        row=ClaimRow,
        owner="receiving_state",
        workflow=WORKFLOW,
        path="/claims/{id}",
        first_day="occurred_on",
        last_day="occurred_on",
        deciders=((NOTICE_ANSWER, OFFICE), (COST_SHARE, DECIDERS), (EX_GRATIA_OFFER, OFFICE)),
        housekeeping=_deem_late_shares_accepted,
    )
)

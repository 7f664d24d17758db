"""Every step the claims service offers, as a form on the claim's page: its body (the API's own), the service
call, and the fields the form shows, each with its label (an English msgid of the interface's catalogue) and its
control.  The page shows a step's form only when the workflow offers that step to the signed-in user
(`ClaimRead.actions`), so the office sees its steps and a sending State its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.claim import service
from sofadesk.cases.claim.schemas import (
    AdjudicateBody,
    AssessBody,
    AssignBody,
    AwardBody,
    ClaimantAnswerBody,
    ClaimCloseBody,
    DatedStep,
    IncidentBody,
    JudgmentBody,
    NoticeAnswerBody,
    OfferBody,
    PayBody,
    PaymentBody,
    ReasonedBody,
    RecordBody,
    ReferBody,
    RegisterBody,
    ReproposeBody,
    RouteBody,
    ShareAnswerBody,
)
from sofadesk.registry.inforce import InForceEngine


@dataclass(frozen=True)
class Field:
    name: str  # the body's field (facts_<name> for a fact of the route)
    label: str  # msgid
    control: str  # text, textarea, date, amount, currency, states, select, checkbox, number
    options: tuple[str, ...] = ()  # vocabulary words of a select ("" first where it may be left unknown)
    required: bool = False
    default: str = ""  # a key of the defaults the page computes (today, currency, awarded, ...)


Call = Callable[[Session, CurrentUser, int, Any, InForceEngine], object]


@dataclass(frozen=True)
class Step:
    title: str  # msgid
    model: type[BaseModel]
    call: Call
    fields: tuple[Field, ...]
    version: str = "claim"  # whose version the form carries: the claim's, or the State's slot (decision)
    danger: bool = False


ON = Field("on", "Date", "date", default="today")
REASON = Field("reason", "Reason", "textarea", required=True)
AMOUNT = Field("amount", "Amount", "amount", required=True, default="awarded")
CURRENCY = Field("currency", "Currency", "currency", required=True, default="currency")
NOTE = Field("note", "Note", "textarea")
UNKNOWN_YES_NO = ("", "yes", "no")
FACTS = (
    Field(
        "facts_act_of",
        "Whose act",
        "select",
        ("unknown", "member_of_force", "civilian_component", "dependent"),
    ),
    Field("facts_official_duty", "On official duty", "select", ("unknown", "yes", "no", "disputed")),
    Field(
        "facts_unauthorised_vehicle_use",
        "Unauthorised use of a vehicle",
        "select",
        ("no", "yes", "unknown", "disputed"),
    ),
    Field(
        "facts_responsibility",
        "Damage attributable to the States named",
        "select",
        ("attributable", "not_attributable"),
    ),
    Field("facts_receiving_state_responsible", "The receiving State is responsible too", "checkbox"),
    Field("facts_contractual", "A claim arising out of a contract", "checkbox"),
    Field("facts_war_damage", "War damage", "checkbox"),
)

STEPS: dict[str, Step] = {
    "register": Step(
        "Register the claim and confirm its receipt",
        RegisterBody,
        lambda s, u, i, b, e: service.register(s, u, i, b),
        (
            Field("received_on", "Date received", "date", required=True, default="today"),
            Field("office", "Claims office (code)", "office"),
        ),
    ),
    "route": Step(
        "Name the sending States and the facts: the route under Art. VIII",
        RouteBody,
        lambda s, u, i, b, e: service.route(s, u, i, b, e),
        (Field("sending_states", "Sending States", "states", required=True), *FACTS),
    ),
    "assign": Step(
        "Route to the competent claims office",
        AssignBody,
        lambda s, u, i, b, e: service.assign(s, u, i, b.office, b.version),
        (Field("office", "Claims office (code)", "office", required=True),),
    ),
    "link_incident": Step(
        "Link the incident",
        IncidentBody,
        lambda s, u, i, b, e: service.link_incident(s, u, i, b.incident_id, b.version),
        (Field("incident_id", "Incident number", "number", required=True),),
    ),
    "notify": Step(
        "Send notice of the claim to the sending States",
        DatedStep,
        lambda s, u, i, b, e: service.notify(s, u, i, b.on, b.version),
        (ON,),
    ),
    "answer_notice": Step(
        "Answer the notice with the evidence",
        NoticeAnswerBody,
        lambda s, u, i, b, e: service.answer_notice(s, u, i, b, e),
        (
            Field("evidence", "Evidence", "textarea", required=True),
            Field(
                "duty_certificate",
                "Official duty certificate",
                "select",
                ("not_certified", "on_duty", "off_duty"),
            ),
            Field("certificate_on", "Date of the certificate", "date"),
            Field("certificate_by", "Certified by", "text"),
            ON,
        ),
        version="notice_answer",
    ),
    "keep_record": Step(
        "Our own record of the claim",
        RecordBody,
        lambda s, u, i, b, e: service.keep_record(s, u, i, b),
        (Field("own_reference", "Our reference", "text"), NOTE),
        version="none",
    ),
    "refer": Step(
        "Refer a dispute to the arbitrator or to negotiation",
        ReferBody,
        lambda s, u, i, b, e: service.refer(s, u, i, b, e),
        (
            Field(
                "question",
                "Question",
                "select",
                ("official_duty", "vehicle_use", "liability", "distribution"),
                required=True,
            ),
            NOTE,
            ON,
        ),
    ),
    "award": Step(
        "Record the award",
        AwardBody,
        lambda s, u, i, b, e: service.award(s, u, i, b, e),
        (
            Field("dispute", "Referral", "dispute", required=True),
            Field("outcome", "Outcome", "select", ("yes", "no", "amount", "agreed"), required=True),
            Field("award_text", "Award", "textarea", required=True),
            Field("amount", "Amount", "amount"),
            Field("currency", "Currency", "currency"),
            ON,
        ),
    ),
    "adjudicate": Step(
        "Adjudicate: the amount awarded (0 rejects the claim)",
        AdjudicateBody,
        lambda s, u, i, b, e: service.adjudicate(s, u, i, b),
        (
            Field("amount", "Amount awarded", "amount", required=True, default="claimed"),
            CURRENCY,
            Field("legal_basis", "Legal basis", "textarea", required=True),
            Field("on", "Date of the decision", "date", required=True, default="today"),
        ),
    ),
    "advance": Step(
        "Record an advance payment",
        PaymentBody,
        lambda s, u, i, b, e: service.advance(s, u, i, b),
        (
            Field("amount", "Amount", "amount", required=True),
            CURRENCY,
            Field("on", "Date paid", "date", required=True, default="today"),
            NOTE,
        ),
    ),
    "judgment": Step(
        "Record a court's judgment",
        JudgmentBody,
        lambda s, u, i, b, e: service.judgment(s, u, i, b),
        (
            Field("court", "Court", "text", required=True),
            AMOUNT,
            CURRENCY,
            Field("on", "Date of the judgment", "date", required=True, default="today"),
            Field("final", "Final judgment", "checkbox", default="checked"),
        ),
    ),
    "pay": Step(
        "Record the payment: shares are proposed to the sending States",
        PayBody,
        lambda s, u, i, b, e: service.pay(s, u, i, b),
        (
            AMOUNT,
            CURRENCY,
            Field("on", "Date paid", "date", required=True, default="today"),
            Field("proposal_on", "Date the distribution is proposed", "date"),
            NOTE,
        ),
    ),
    "answer_share": Step(
        "Accept or contest our share",
        ShareAnswerBody,
        lambda s, u, i, b, e: service.answer_share(s, u, i, b),
        (
            Field("decision", "Answer", "select", ("accepted", "contested"), required=True),
            Field("note", "Reason (required to contest)", "textarea"),
            ON,
        ),
        version="share",
    ),
    "repropose": Step(
        "Propose a new distribution",
        ReproposeBody,
        lambda s, u, i, b, e: service.repropose(s, u, i, b),
        (
            Field("sending_states", "Sending States", "states"),
            Field(
                "responsibility",
                "Damage attributable to the States named",
                "select",
                ("attributable", "not_attributable"),
            ),
            Field("receiving_state_responsible", "The receiving State is responsible too", "checkbox"),
            Field("proposal_on", "Date the distribution is proposed", "date"),
        ),
    ),
    "assess": Step(
        "Ex gratia: assess the claim and report to the sending State",
        AssessBody,
        lambda s, u, i, b, e: service.assess(s, u, i, b),
        (
            Field("amount", "Amount assessed", "amount", required=True, default="claimed"),
            CURRENCY,
            Field("report", "Report", "textarea", required=True),
            ON,
        ),
    ),
    "offer": Step(
        "Ex gratia: our offer (0: none)",
        OfferBody,
        lambda s, u, i, b, e: service.offer(s, u, i, b),
        (Field("amount", "Amount offered", "amount", required=True, default="assessed"), CURRENCY, NOTE, ON),
        version="ex_gratia_offer",
    ),
    "claimant_answer": Step(
        "Ex gratia: the claimant's answer to the offer",
        ClaimantAnswerBody,
        lambda s, u, i, b, e: service.claimant_answer(s, u, i, b),
        (Field("answer", "Answer", "select", ("accepted", "refused"), required=True), ON),
    ),
    "ex_gratia_paid": Step(
        "Ex gratia: the accepted offer is paid",
        DatedStep,
        lambda s, u, i, b, e: service.ex_gratia_paid(s, u, i, b),
        (ON,),
    ),
    "close": Step(
        "Close the claim",
        ClaimCloseBody,
        lambda s, u, i, b, e: service.close(s, u, i, b.reason, b.version),
        (Field("reason", "Reason", "textarea"),),
    ),
    "waive": Step(
        "Close as waived",
        ReasonedBody,
        lambda s, u, i, b, e: service.waive(s, u, i, b.reason, b.version),
        (REASON,),
        danger=True,
    ),
    "refuse": Step(
        "Refuse the claim",
        ReasonedBody,
        lambda s, u, i, b, e: service.refuse(s, u, i, b.reason, b.version),
        (REASON,),
        danger=True,
    ),
    "withdraw": Step(
        "Record the claimant's withdrawal",
        ReasonedBody,
        lambda s, u, i, b, e: service.withdraw(s, u, i, b.reason, b.version),
        (REASON,),
        danger=True,
    ),
}

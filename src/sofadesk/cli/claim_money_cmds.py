"""`sofadesk claim adjudicate|advance|judgment|pay|assess|offer|answer|repropose|claimant-answer|ex-gratia-paid`:
the receiving State's decision and payments, the sending States' answers on their shares, and the ex gratia steps.
Registered on `sofadesk claim` by claim_cmds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from sofadesk.cli.claim_common import AmountOpt, CurrencyOpt, OnOpt, _body, _claim_step, _day, _slot_version
from sofadesk.cli.output import AsOpt, JsonOpt, parse_day

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.cases.claim.reads import ClaimRead


def _money_step(action: str, model: str) -> Any:
    def step_command(
        claim_id: int,
        as_user: AsOpt,
        amount: AmountOpt,
        currency: CurrencyOpt,
        on: OnOpt = None,
        basis: Annotated[str | None, typer.Option("--basis", help="Legal basis (adjudicate).")] = None,
        court: Annotated[str | None, typer.Option("--court", help="The court (judgment).")] = None,
        report: Annotated[
            str | None, typer.Option("--report", help="The assessment report (assess).")
        ] = None,
        note: Annotated[str | None, typer.Option("--note")] = None,
        proposal_on: Annotated[
            str | None, typer.Option("--proposal-on", help="Day the distribution is proposed (pay).")
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        from sofadesk.cases.claim import service

        def act(s: Session, u: Any, c: ClaimRead, _: Any) -> None:
            from sofadesk.cases.claim import schemas

            data = {
                "amount": amount,
                "currency": currency.upper(),
                "on": _day(on) or parse_day(None).isoformat(),
                "legal_basis": basis,
                "court": court,
                "report": report,
                "note": note,
                "proposal_on": _day(proposal_on, "--proposal-on"),
                "version": c.version,
            }
            if action == "offer":  # the offer answers the sending State's own decision, at its version
                from sofadesk.cases.claim.kind import EX_GRATIA_OFFER
                from sofadesk.cases.claim.records import slot_of

                slot = slot_of(s, service.load_visible(s, u, claim_id), EX_GRATIA_OFFER, u.state)
                data["version"] = slot.version if slot else 0
            fields = getattr(schemas, model).model_fields
            getattr(service, action)(
                s, u, claim_id, _body(model, {k: v for k, v in data.items() if k in fields}, action)
            )

        _claim_step(as_user, claim_id, act, as_json)

    return step_command


def answer(
    claim_id: int,
    as_user: AsOpt,
    decision: Annotated[str, typer.Option("--decision", help="accepted or contested")],
    note: Annotated[str | None, typer.Option("--note", help="Why (required to contest).")] = None,
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The sending State accepts or contests its share (a reply after the two months changes nothing)."""
    from sofadesk.cases.claim import service

    def act(s: Session, u: Any, c: ClaimRead, _: Any) -> None:
        body = _body(
            "ShareAnswerBody",
            {
                "decision": decision,
                "note": note,
                "on": _day(on),
                "version": _slot_version(c, u.state, "cost_share"),
            },
            "the answer",
        )
        service.answer_share(s, u, claim_id, body)

    _claim_step(as_user, claim_id, act, as_json)


def repropose(
    claim_id: int,
    as_user: AsOpt,
    sending: Annotated[list[str] | None, typer.Option("--sending")] = None,
    responsibility: Annotated[
        str, typer.Option("--responsibility", help="attributable or not_attributable")
    ] = "attributable",
    receiving_responsible: Annotated[bool, typer.Option("--receiving-responsible")] = False,
    proposal_on: Annotated[str | None, typer.Option("--proposal-on")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Propose a new distribution after a share was contested."""
    from sofadesk.cases.claim import service

    def act(s: Session, u: Any, c: ClaimRead, _: Any) -> None:
        body = _body(
            "ReproposeBody",
            {
                "sending_states": [x.upper() for x in sending] if sending else None,
                "responsibility": responsibility,
                "receiving_state_responsible": receiving_responsible,
                "proposal_on": _day(proposal_on, "--proposal-on"),
                "version": c.version,
            },
            "the proposal",
        )
        service.repropose(s, u, claim_id, body)

    _claim_step(as_user, claim_id, act, as_json)


def claimant_answer(
    claim_id: int,
    as_user: AsOpt,
    answer: Annotated[str, typer.Option("--answer", help="accepted or refused")],
    on: OnOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ex gratia: record the claimant's answer to the offer (accepted in full satisfaction, or refused)."""
    from sofadesk.cases.claim import service

    _claim_step(
        as_user,
        claim_id,
        lambda s, u, c, e: service.claimant_answer(
            s,
            u,
            claim_id,
            _body(
                "ClaimantAnswerBody", {"answer": answer, "on": _day(on), "version": c.version}, "the answer"
            ),
        ),
        as_json,
    )


def ex_gratia_paid(claim_id: int, as_user: AsOpt, on: OnOpt = None, as_json: JsonOpt = False) -> None:
    """Ex gratia: the sending State paid the accepted offer (the case closes)."""
    from sofadesk.cases.claim import service

    _claim_step(
        as_user,
        claim_id,
        lambda s, u, c, e: service.ex_gratia_paid(
            s, u, claim_id, _body("DatedStep", {"on": _day(on), "version": c.version}, "the payment")
        ),
        as_json,
    )


MONEY_STEPS: tuple[tuple[str, str, str], ...] = (
    (
        "adjudicate",
        "AdjudicateBody",
        "Record the receiving State's decision: amount awarded (0 rejects), --basis, --on.",
    ),
    ("advance", "PaymentBody", "Record an advance payment to the claimant."),
    ("judgment", "JudgmentBody", "Record a court's judgment where the claimant sued (--court)."),
    ("pay", "PayBody", "Record the payment (in the receiving State's currency): the shares are proposed."),
    (
        "assess",
        "AssessBody",
        "Ex gratia: the receiving State's assessment (--report) sent to the sending State.",
    ),
    ("offer", "OfferBody", "Ex gratia: the sending State's offer (0: none)."),
)

COMMANDS: dict[str, tuple[Any, str | None]] = {
    **{name: (_money_step(name, model), text) for name, model, text in MONEY_STEPS},
    "answer": (answer, None),
    "repropose": (repropose, None),
    "claimant-answer": (claimant_answer, None),
    "ex-gratia-paid": (ex_gratia_paid, None),
}

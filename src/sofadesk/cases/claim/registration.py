"""The receiving State's claims office takes a claim in: registers a claim filed on the public form (confirming
receipt in writing, with the date received), or enters one received on paper (or a State's own claim); assigns the
competent office (configuration by region and kind of damage), links an incident, refuses, waives, closes or
records the claimant's withdrawal.  Each is a step of the claim (core/step.py) and never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.claim import money
from sofadesk.cases.claim.config import competent_office, office_named
from sofadesk.cases.claim.kind import KIND
from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.claim.public import (
    Upload,
    assign_reference,
    check_uploads,
    known_state,
    new_claim_row,
    store_documents,
)
from sofadesk.cases.claim.records import day_of, set_sending_states
from sofadesk.cases.claim.schemas import ClaimCreate, RegisterBody
from sofadesk.cases.claim.texts import receipt
from sofadesk.cases.core import revisions
from sofadesk.cases.core.kinds import kind_named
from sofadesk.cases.core.parties import load_visible
from sofadesk.cases.core.step import Done, record, step
from sofadesk.errors import Forbidden, Invalid, NotFound
from sofadesk.registry.inforce import InForceEngine

RECEIPT_CITES = ("NATO SOFA Art. VIII(5)(a)",)


def particulars(claim: ClaimRow) -> dict[str, Any]:
    """The claim as filed (what a revision keeps; bank details stay on the claim, for the office alone)."""
    return {
        "claimant": {
            "kind": claim.claimant_kind,
            "name": claim.claimant_name,
            "relation": claim.claimant_relation,
            "state": claim.claimant_state,
        },
        "occurred_on": claim.occurred_on.isoformat(),
        "knew_on": claim.knew_on.isoformat() if claim.knew_on else None,
        "place": claim.place,
        "region": claim.region,
        "description": claim.description,
        "damage_kind": claim.damage_kind,
        "manoeuvre": claim.manoeuvre,
        "unit_marks": claim.unit_marks,
        "vehicle_marks": claim.vehicle_marks,
        "claimed": money.text(claim.claimed_minor, claim.claimed_currency),
        "currency": claim.claimed_currency,
    }


def _office(session: Session, claim: ClaimRow, code: str | None) -> str | None:
    if code is not None:
        return office_named(session, claim.receiving_state, code).code
    found = competent_office(session, claim.receiving_state, claim.region, claim.damage_kind, claim.manoeuvre)
    return found.code if found is not None else None


def _check_received(claim: ClaimRow, received_on: Any) -> None:
    day_of(received_on, "received_on", claim.occurred_on, "the day the damage was done")
    if claim.submitted_at is not None and received_on < claim.submitted_at.date():
        raise Invalid("received_on", "before the claim was filed on the public form")


def create(
    session: Session,
    user: CurrentUser,
    body: ClaimCreate,
    engine: InForceEngine,
    uploads: list[Upload] | None = None,
) -> ClaimRow:
    """The receiving State's claims office enters a claim it received (on paper, or a State's own claim under
    Art. VIII(1)-(4)); it is registered at once, and routed where the sending States are named."""
    user.require(*KIND.workflow.transition("register").roles)
    if body.receiving_state != user.state:
        raise Forbidden("a claims office enters the claims of its own State (as receiving State)")
    known_state(session, body.receiving_state)
    checked = check_uploads(uploads or [])
    claim = new_claim_row(body, "office", user.id)
    if body.claimant_state is not None:
        known_state(session, body.claimant_state)
        claim.claimant_kind, claim.claimant_state = "state", body.claimant_state
    claim.received_on = body.received_on or now().date()
    _check_received(claim, claim.received_on)
    claim.status, claim.registered_at = "registered", now()
    claim.incident_id = _incident(session, user, claim, body.incident_id)
    claim.office_code = _office(session, claim, body.office)
    if body.facts is not None:
        claim.facts = body.facts.model_dump(mode="json")
    assign_reference(session, claim)
    store_documents(session, claim.id, checked, "office")
    revisions.store(session, KIND, claim.id, 1, particulars(claim), user)
    citations: list[str] = list(RECEIPT_CITES)
    if body.sending_states:
        from sofadesk.cases.claim.route import apply_route

        set_sending_states(session, claim, body.sending_states)
        citations += apply_route(session, engine, claim, body.sending_states)
    record(
        session,
        KIND,
        user,
        claim,
        "claim.registered",
        Done(
            {
                "reference": claim.reference,
                "received_on": claim.received_on.isoformat(),
                "office": claim.office_code,
                "source": "office",
                "sending_states": body.sending_states,
                "route": claim.route_name,
                "incident_id": claim.incident_id,
            },
            citations,
        ),
    )
    return claim


def register(session: Session, user: CurrentUser, claim_id: int, body: RegisterBody) -> ClaimRow:
    """Register a claim filed on the public form: receipt is confirmed in writing with the date received."""

    def change(claim: ClaimRow) -> Done:
        received = body.received_on or now().date()
        _check_received(claim, received)
        claim.received_on, claim.registered_at = received, now()
        claim.office_code = _office(session, claim, body.office or claim.office_code)
        revisions.store(session, KIND, claim.id, 1, particulars(claim), user)
        letter = receipt(claim.language, claim.receiving_state, claim.reference, received)
        return Done(
            {"received_on": received.isoformat(), "office": claim.office_code, "receipt": letter},
            RECEIPT_CITES,
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "register", change, version=body.version)
    return result


def assign(session: Session, user: CurrentUser, claim_id: int, office: str, version: int) -> ClaimRow:
    def change(claim: ClaimRow) -> Done:
        was, claim.office_code = claim.office_code, office_named(session, claim.receiving_state, office).code
        return Done({"office": claim.office_code, "was": was})

    result: ClaimRow = step(session, KIND, user, claim_id, "assign", change, version=version)
    return result


def attach(session: Session, user: CurrentUser, claim_id: int, uploads: list[Upload]) -> ClaimRow:
    """Add evidence to a claim: the receiving State's office, or a sending State told of it (checked as on the
    public form; stored, never opened)."""

    def change(claim: ClaimRow) -> Done:
        checked = check_uploads(uploads)
        if not checked:
            raise Invalid("evidence", "send at least one file")
        source = "office" if user.state == claim.receiving_state else "sending"
        store_documents(session, claim.id, checked, source)
        return Done(
            {"documents": [{"filename": u.filename, "sha256": u.sha256} for u in checked], "by": user.state}
        )

    result: ClaimRow = step(session, KIND, user, claim_id, "attach", change)
    return result


def link_incident(
    session: Session, user: CurrentUser, claim_id: int, incident_id: int, version: int
) -> ClaimRow:
    """Link the incident case the claim arises from (its number; the incident kind connects them)."""

    def change(claim: ClaimRow) -> Done:
        was, claim.incident_id = claim.incident_id, _incident(session, user, claim, incident_id)
        return Done({"incident_id": incident_id, "was": was})

    result: ClaimRow = step(session, KIND, user, claim_id, "link_incident", change, version=version)
    return result


def _incident(session: Session, user: CurrentUser, claim: ClaimRow, incident_id: int | None) -> int | None:
    """The incident the claim arises from: one the office's State may see, in the same receiving State."""
    if incident_id is None:
        return None
    try:
        incident = load_visible(session, kind_named("incident"), user, incident_id)
    except NotFound:
        raise Invalid("incident_id", f"no incident {incident_id} that your State may see") from None
    if incident.receiving_state != claim.receiving_state:
        raise Invalid(
            "incident_id",
            f"incident {incident.reference} happened in {incident.receiving_state}, "
            f"not in {claim.receiving_state} where the claim is made",
        )
    return incident_id


def _closing(action: str) -> Any:
    def command(
        session: Session, user: CurrentUser, claim_id: int, reason: str | None, version: int
    ) -> ClaimRow:
        def change(claim: ClaimRow) -> Done:
            if action in ("refuse", "withdraw", "waive") and not (reason and reason.strip()):
                raise Invalid("reason", "say why")
            claim.close_reason = reason
            cites = list(claim.route["citations"]) if action in ("refuse", "waive") and claim.route else []
            if action == "waive" and claim.route_name != "waived":
                raise Invalid(
                    "route",
                    "only a claim the rules route as waived (Art. VIII(1), (2)(f), (4)) is closed as waived",
                )
            return Done({"reason": reason, "route": claim.route_name}, cites)

        result: ClaimRow = step(session, KIND, user, claim_id, action, change, version=version)
        return result

    command.__name__ = action
    return command


refuse = _closing("refuse")
withdraw = _closing("withdraw")
waive = _closing("waive")
close = _closing("close")

"""The demo's claims, in Germany (receiving State) in 2024, with the configuration they use:

1. crop damage on a farm by the Grafenwoehr training area during a US exercise, filed on the public form: sent to
   the United States, certified on duty, adjudicated, paid, shared 75/25, accepted, stated for 2024-H1 and
   reimbursed;
2. a traffic claim by a town for street lights and a bridge railing damaged by a US and British convoy, entered by
   the office: the damage cannot be attributed to one force, so 2/5, 2/5 and 1/5; the US accepts, the UK does not
   answer and is deemed to accept when the two months run out (recorded by the scan);
3. a car damaged by a US soldier off duty: assessed by Germany, an ex gratia offer by the United States, accepted
   by the claimant, paid: closed.

Configuration (each with its source, shown as configuration, never as the Agreement): two of the federal claims
office's regional offices in Bavaria (the Bavarian State portal), Germany's national clocks (the NATO SOFA
implementing act, NTS-AG, as the sources cited describe it; the five-month rule as the tracker issue describes it,
not found in a source we could check), and demo notice and answer periods with the United States (four and six
weeks: the issue's example of one bilateral agreement, which it does not name).  Names of people are invented.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import acting_as, create_user, ensure_authority
from sofadesk.cases.claim import service
from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.claim.schemas import (
    AdjudicateBody,
    AssessBody,
    ClaimantAnswerBody,
    ClaimCreate,
    ClockBody,
    DatedStep,
    NoticeAnswerBody,
    OfferBody,
    OfficeBody,
    PayBody,
    PeriodBody,
    PublicClaim,
    RegisterBody,
    ReimbursementBody,
    RouteBody,
    ShareAnswerBody,
    StatementIssue,
)
from sofadesk.registry.inforce import InForceEngine

T = TypeVar("T", bound=BaseModel)
PASSWORD = "demo-password"
USERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "deu.claims",
        "DEU",
        "German claims office (federal claims office, Bavaria)",
        ("legal_adviser", "observer"),
    ),
    ("deu.admin", "DEU", "German administrator", ("administrator",)),
    ("usa.claims", "USA", "US Army claims service, Europe", ("legal_adviser", "approver")),
    ("gbr.claims", "GBR", "British forces claims office", ("legal_adviser", "approver")),
)
BAYERNPORTAL = "https://www.bayernportal.de/dokumente/leistung/10553265494"
NTS_AG = "Gesetz zum NATO-Truppenstatut und zu den Zusatzvereinbarungen (NTS-AG), 18 August 1961, BGBl. 1961 II S. 1183"
OFFICES = {
    "SRS-SUED": (
        "Bundesanstalt für Immobilienaufgaben, Schadensregulierungsstelle des Bundes, Regionalbüro Süd "
        "(Nürnberg)",
        ["BY"],
    ),
    "SRS-OST": (
        "Bundesanstalt für Immobilienaufgaben, Schadensregulierungsstelle des Bundes, Regionalbüro Ost "
        "(for Unterfranken)",
        ["BY-UFR"],
    ),
}
CLOCKS: dict[str, dict[str, Any]] = {
    "filing": {
        "label": "File the claim within three months",
        "runs_from": "knowledge",
        "months": 3,
        "effect": "The claim is filed in writing with the claims office within three months of the day the "
        "claimant knew of the damage and that a foreign force was involved.",
        "source_title": f"{NTS_AG}, Art. 6(1); Bavarian State portal, 'Manöverschäden; Beantragung einer "
        "Entschädigung'",
        "source_url": BAYERNPORTAL,
    },
    "court": {
        "label": "Go to court within two months of the decision",
        "runs_from": "decision",
        "months": 2,
        "effect": "The claimant may sue in the civil courts within two months of the service of the claims "
        "office's decision.",
        "source_title": f"{NTS_AG}, Art. 12(3), first sentence (as described in Haufe, Deutsches Anwalt "
        "Office Premium, 'Stationierungsschäden (NATO-Truppenstatut, NTS)', Rz. 161)",
    },
    "court-without-decision": {
        "label": "May go to court five months after filing without a decision",
        "runs_from": "receipt",
        "months": 5,
        "kind": "opens",
        "effect": "Without a decision five months after filing, the claimant may sue.",
        "source_title": "German practice as the tracker issue (17) describes it",
        "note": "Not found in a source we could check: confirm against the NTS-AG before relying on it.",
    },
}
PERIOD = {
    "notice_days": 28,
    "answer_days": 42,
    "source_title": "Demo configuration: four and six weeks, the periods of one bilateral agreement as the "
    "tracker issue (17) describes it; the agreement is not named there",
    "note": "Not a published figure for Germany and the United States.",
}

CROPS: dict[str, Any] = {
    "receiving_state": "DEU",
    "language": "en",
    "claimant": {
        "kind": "person",
        "name": "Johann Bauer (Hof Kaltenbrunn)",
        "address": "Kaltenbrunn 4, 92655 Grafenwöhr",
        "email": "j.bauer@example.org",
    },
    "occurred_on": "2024-03-12",
    "knew_on": "2024-03-12",
    "place": "Fields north of Kaltenbrunn, by the Grafenwoehr Training Area",
    "region": "BY",
    "manoeuvre": True,
    "damage_kind": "crops_and_land",
    "description": "Tracked vehicles crossed two fields of winter wheat during an exercise and cut the field drains.",
    "unit_marks": "US Army, Stryker vehicles with 2CR markings",
    "amount": "12480.00",
    "currency": "EUR",
    "bank": {"holder": "Johann Bauer", "iban": "DE02120300000000202051", "bic": "BYLADEM1001"},
}
TOWN: dict[str, Any] = {
    "receiving_state": "DEU",
    "language": "en",
    "claimant": {"kind": "municipality", "name": "Stadt Vilseck", "address": "Marktplatz 13, 92249 Vilseck"},
    "occurred_on": "2024-09-03",
    "place": "Vilseck, Bahnhofstrasse bridge",
    "region": "BY",
    "damage_kind": "buildings_and_property",
    "description": "A mixed US and British convoy damaged four street lights and the bridge railing; which vehicle "
    "did what cannot be established.",
    "unit_marks": "US Army and British Army vehicles",
    "amount": "48300.00",
    "currency": "EUR",
    "received_on": "2024-09-10",
    "sending_states": ["USA", "GBR"],
    "facts": {"act_of": "member_of_force", "official_duty": "yes", "responsibility": "not_attributable"},
}
OFF_DUTY: dict[str, Any] = {
    "receiving_state": "DEU",
    "language": "fr",
    "claimant": {"kind": "person", "name": "Claire Martin", "address": "Weiden in der Oberpfalz"},
    "occurred_on": "2024-06-08",
    "place": "Weiden in der Oberpfalz, car park by the station",
    "region": "BY",
    "damage_kind": "vehicle",
    "description": "A US soldier, off duty, reversed his private car into the parked car.",
    "unit_marks": "private car, US forces plates",
    "amount": "3240.00",
    "currency": "EUR",
    "received_on": "2024-06-14",
    "sending_states": ["USA"],
    "facts": {"act_of": "member_of_force", "official_duty": "no"},
}


def _m(model: type[T], **fields: Any) -> T:
    return model.model_validate(fields)


def seed_users(session: Session) -> None:
    for username, state, name, roles in USERS:
        if session.execute(select(UserRow.id).where(UserRow.username == username)).first() is None:
            ensure_authority(session, state)
            create_user(session, None, state, username, name, list(roles), PASSWORD)
    session.flush()


def seed_config(session: Session) -> None:
    admin = acting_as(session, "deu.admin")
    for code, (name, regions) in OFFICES.items():
        service.set_office(
            session,
            admin,
            code,
            _m(
                OfficeBody,
                name=name,
                regions=regions,
                note=(
                    "Regions as the Bavarian State portal gives them for damage by visiting forces. Not configured: filing "
                    "manoeuvre damage at the municipality, which that portal describes for damage by the Bundeswehr alone."
                ),
            ),
        )
    for code, clock in CLOCKS.items():
        service.set_clock(session, admin, code, ClockBody.model_validate(clock))
    service.set_period(session, admin, "USA", PeriodBody.model_validate(PERIOD))


def _v(session: Session, claim_id: int) -> int:
    return session.get(ClaimRow, claim_id).version  # type: ignore[union-attr]


def _crops(session: Session, engine: InForceEngine) -> int:
    office, us = acting_as(session, "deu.claims"), acting_as(session, "usa.claims")
    made = service.submit(session, PublicClaim.model_validate(CROPS), [])
    claim = session.execute(select(ClaimRow).where(ClaimRow.reference == made.reference)).scalar_one()
    claim.submitted_at = datetime(
        2024, 3, 14, 8, 30
    )  # the demo's story is set in 2024: filed then on the form
    cid = claim.id
    service.register(
        session, office, cid, _m(RegisterBody, received_on=date(2024, 3, 20), version=_v(session, cid))
    )
    service.route(
        session,
        office,
        cid,
        RouteBody.model_validate(
            {"sending_states": ["USA"], "facts": {"act_of": "member_of_force"}, "version": _v(session, cid)}
        ),
        engine,
    )
    service.notify(session, office, cid, date(2024, 3, 22), _v(session, cid))
    service.answer_notice(
        session,
        us,
        cid,
        _m(
            NoticeAnswerBody,
            evidence="Exercise log of 12 March 2024: a Stryker platoon left the marked lane north of Kaltenbrunn.",
            duty_certificate="on_duty",
            certificate_on=date(2024, 4, 2),
            certificate_by="Commander, US Army Garrison Bavaria",
            on=date(2024, 4, 2),
            version=1,
        ),
        engine,
    )
    service.adjudicate(
        session,
        office,
        cid,
        _m(
            AdjudicateBody,
            amount="11950.00",
            currency="EUR",
            on=date(2024, 4, 25),
            legal_basis="Loss of the wheat harvest (expert's report) and repair of the drains; under the "
            "rules for claims against the Bundeswehr (NATO SOFA Art. VIII(5)(a))",
            version=_v(session, cid),
        ),
    )
    service.pay(
        session,
        office,
        cid,
        _m(PayBody, amount="11950.00", currency="EUR", on=date(2024, 5, 6), version=_v(session, cid)),
    )
    service.answer_share(
        session, us, cid, _m(ShareAnswerBody, decision="accepted", on=date(2024, 5, 20), version=1)
    )
    session.flush()
    statement = service.issue_statement(
        session, office, _m(StatementIssue, sending_state="USA", half="2024-H1", on=date(2024, 7, 15))
    )
    listed = service.statements(session, office, "USA")
    service.reimburse(
        session,
        office,
        next(s.id for s in listed if s.reference == statement.reference),
        _m(ReimbursementBody, amount=statement.total, currency="EUR", on=date(2024, 8, 30)),
    )
    return cid


def _town(session: Session, engine: InForceEngine) -> int:
    office, us = acting_as(session, "deu.claims"), acting_as(session, "usa.claims")
    claim = service.create(session, office, ClaimCreate.model_validate(TOWN), engine)
    session.flush()
    cid = claim.id
    service.notify(session, office, cid, date(2024, 9, 12), _v(session, cid))
    service.adjudicate(
        session,
        office,
        cid,
        _m(
            AdjudicateBody,
            amount="41700.00",
            currency="EUR",
            on=date(2024, 10, 8),
            legal_basis="Replacement of four street lights and the railing at cost (invoices)",
            version=_v(session, cid),
        ),
    )
    service.pay(
        session,
        office,
        cid,
        _m(PayBody, amount="41700.00", currency="EUR", on=date(2024, 10, 15), version=_v(session, cid)),
    )
    service.answer_share(
        session, us, cid, _m(ShareAnswerBody, decision="accepted", on=date(2024, 11, 4), version=1)
    )
    return (
        cid  # the United Kingdom does not answer: deemed accepted on 15 December 2024 (sofadesk claim scan)
    )


def _off_duty(session: Session, engine: InForceEngine) -> int:
    office, us = acting_as(session, "deu.claims"), acting_as(session, "usa.claims")
    claim = service.create(session, office, ClaimCreate.model_validate(OFF_DUTY), engine)
    session.flush()
    cid = claim.id
    service.assess(
        session,
        office,
        cid,
        _m(
            AssessBody,
            amount="2900.00",
            currency="EUR",
            on=date(2024, 7, 10),
            report="Repair of the rear door and bumper (garage estimate); no fault of the claimant.",
            version=_v(session, cid),
        ),
    )
    service.offer(
        session, us, cid, _m(OfferBody, amount="2900.00", currency="EUR", on=date(2024, 7, 24), version=1)
    )
    service.claimant_answer(
        session,
        office,
        cid,
        _m(ClaimantAnswerBody, answer="accepted", on=date(2024, 8, 1), version=_v(session, cid)),
    )
    service.ex_gratia_paid(session, us, cid, _m(DatedStep, on=date(2024, 8, 9), version=_v(session, cid)))
    return cid


def seed_claims_demo(session: Session, engine: InForceEngine) -> list[int]:
    """Users, configuration and the three claims; a second run finds and returns the first run's claims."""
    seed_users(session)
    existing = list(
        session.execute(
            select(ClaimRow.id)
            .where(
                ClaimRow.claimant_name.in_(
                    [CROPS["claimant"]["name"], TOWN["claimant"]["name"], OFF_DUTY["claimant"]["name"]]
                )
            )
            .order_by(ClaimRow.id)
        ).scalars()
    )
    if existing:
        return existing
    seed_config(session)
    ids = [_crops(session, engine), _town(session, engine), _off_duty(session, engine)]
    session.flush()
    return ids

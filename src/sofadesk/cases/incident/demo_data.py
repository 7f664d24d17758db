"""The demo's incidents, both between the United States and Germany, with the legal advisers who carry them.

1. An on-duty training accident: on 2 October 2007, during the VILNIUS BRIDGE 2007 exercise, a US Army truck
   on a convoy move hits a German farmer's car.  The United States certifies official duty and so holds the
   primary right (NATO SOFA Art. VII(3)(a)(ii)); Germany accepts the certificate and asks for a waiver, which is
   granted; a German court tries the driver with a US observer and fines him.
2. An off-duty traffic case: a US soldier drives drunk in Vilseck and injures a cyclist.  Germany holds the
   primary right (VII(3)(b)) but waives it in advance by its standing practice towards the United States
   (configuration, after the German Supplementary Agreement, Art. 19): the recall clock runs from the United
   States' notification of the case.  The German police arrest him; their notice to the US authorities is given.

Names of persons are invented; places and courts are real.  The standing practice is shown as configuration,
never as law.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import acting_as, create_user
from sofadesk.cases.incident import schemas, service
from sofadesk.cases.incident.models import IncidentRow, ObserverRow
from sofadesk.registry.inforce import InForceEngine

PASSWORD = "demo-password"
USERS = (
    (
        "usa.legal",
        "USA",
        "US Army Europe legal adviser (foreign criminal jurisdiction)",
        ("legal_adviser", "observer"),
    ),
    ("deu.legal", "DEU", "German Federal Ministry of Justice legal adviser", ("legal_adviser", "observer")),
    ("rus.legal", "RUS", "Russian legal adviser", ("legal_adviser",)),
    ("deu.admin", "DEU", "German administrator", ("administrator",)),
)
PRACTICE = schemas.WaiverPracticeBody(
    recall_days=21,
    recall_likely=["homicide", "robbery", "rape"],
    source="Germany's standing waiver under the Supplementary Agreement to the NATO SOFA, Art. 19 (configuration)",
)
TRAINING_PLACE = "B299 between Grafenwoehr and Hohenfels (Bavaria)"


def training_accident() -> dict[str, Any]:
    return {
        "sending_state": "USA",
        "receiving_state": "DEU",
        "occurred_at": "2007-10-02T14:30:00Z",
        "place": TRAINING_PLACE,
        "police_reference": "MP Grafenwoehr 07-1002-04",
        "summary": "A five-ton truck of a US convoy on an exercise move (VILNIUS BRIDGE 2007) left its lane on a bend "
        "and hit an oncoming private car; the car's driver was injured.",
        "offence": {
            "description": "Negligent bodily injury in road traffic, on an exercise convoy move",
            "type": "traffic",
            "harmed": ["third_party_property"],
        },
        "persons": [
            {
                "role": "suspect",
                "name": "Spc. Alex Carter",
                "identifier": "US-ARMY-7730-1184",
                "facts": {
                    "service": "armed_services",
                    "in_receiving_state_on_official_duty": True,
                    "nationality": "USA",
                },
            },
            {"role": "victim", "category": "third_party", "name": "Josef Brandl"},
        ],
        "own_law": {"punishable": True, "provision": "UCMJ art. 111"},
    }


def off_duty_traffic() -> dict[str, Any]:
    return {
        "sending_state": "USA",
        "receiving_state": "DEU",
        "occurred_at": "2024-03-16T23:40:00Z",
        "place": "Vilseck, Marktplatz (Bavaria)",
        "police_reference": "PI Eschenbach 2403-0117",
        "prosecutor_reference": "StA Amberg 12 Js 3311/24",
        "summary": "A private car driven by an off-duty US soldier hit a cyclist at the Marktplatz crossing; breath "
        "test 1.1 per mille; the cyclist was taken to hospital in Amberg with a fractured leg.",
        "offence": {
            "description": "Negligent bodily injury while driving under the influence (StGB ss. 229, 316)",
            "type": "drink_driving",
            "harmed": ["public_order"],
        },
        "persons": [
            {
                "role": "suspect",
                "name": "Pvt. Jordan Miller",
                "identifier": "US-ARMY-4417-2291",
                "date_of_birth": "2001-07-04",
                "facts": {
                    "service": "armed_services",
                    "in_receiving_state_on_official_duty": True,
                    "nationality": "USA",
                },
            },
            {"role": "victim", "category": "third_party", "name": "Anna Huber"},
        ],
        "own_law": {"punishable": True, "provision": "StGB ss. 229, 316"},
    }


def _users(session: Session) -> None:
    for username, state, name, roles in USERS:
        if session.execute(select(UserRow.id).where(UserRow.username == username)).first() is None:
            create_user(session, None, state, username, name, list(roles), PASSWORD)


def seed_incident_demo(session: Session, engine: InForceEngine) -> tuple[int, int]:
    """Users, Germany's standing practice, the US observer roster and the two incidents.  Returns their ids;
    a second run finds and returns the first ones."""
    existing = list(
        session.execute(
            select(IncidentRow.id)
            .where(IncidentRow.place.in_([TRAINING_PLACE, "Vilseck, Marktplatz (Bavaria)"]))
            .order_by(IncidentRow.id)
            .limit(2)
        ).scalars()
    )
    if len(existing) == 2:
        return existing[0], existing[1]
    _users(session)
    usa, deu = acting_as(session, "usa.legal"), acting_as(session, "deu.legal")
    service.set_waiver_practice(session, acting_as(session, "deu.admin"), "USA", PRACTICE)
    if session.execute(select(ObserverRow.id).where(ObserverRow.state_code == "USA")).first() is None:
        service.add_observer(
            session,
            acting_as(session, "usa.admin"),
            schemas.ObserverBody(name="Maj. Laura Ortiz, JAG Corps", lawyer=True),
        )
    observer = (
        session.execute(select(ObserverRow.id).where(ObserverRow.state_code == "USA")).scalars().first()
    )
    assert observer is not None

    a = service.create(session, usa, schemas.IncidentReport.model_validate(training_accident()), engine).id
    service.state_law(
        session, deu, a, schemas.LawStatementBody(punishable=True, provision="StGB s. 229"), engine
    )
    service.certify(
        session,
        usa,
        a,
        schemas.CertificateBody(
            on_duty=True,
            signed_by="Col. R. Hayes, Staff Judge Advocate, 7th Army Training Command",
            signed_on=date(2007, 10, 3),
        ),
        engine,
    )
    service.answer_certificate(session, deu, a, schemas.CertificateAnswerBody(answer="accepted"), engine)
    service.request_waiver(
        session,
        deu,
        a,
        schemas.WaiverRequestBody(
            reasons="A German civilian was injured on a public road; a German trial serves the local public interest."
        ),
        engine,
    )
    service.answer_waiver(
        session,
        usa,
        a,
        schemas.WaiverAnswerBody(
            answer="granted", reasons="Sympathetic consideration given (Art. VII(3)(c))."
        ),
        engine,
    )
    service.trial(
        session,
        deu,
        a,
        schemas.TrialBody(
            person=1,
            court="Amtsgericht Weiden i.d.OPf.",
            charges="Fahrlaessige Koerperverletzung (StGB s. 229)",
            charged_on=date(2007, 11, 5),
            hearings=[date(2008, 1, 14)],
        ),
        engine,
    )
    checklist = {k: {"met": "yes"} for k in schemas.CHECKLIST}
    service.observe(
        session,
        usa,
        a,
        schemas.ObservationBody.model_validate({"trial": 1, "observer": observer, "checklist": checklist}),
        engine,
    )
    service.verdict(
        session,
        deu,
        a,
        schemas.VerdictBody(
            trial=1,
            outcome="convicted",
            sentence="fine",
            detail="60 daily rates of EUR 40",
            verdict_on=date(2008, 1, 14),
        ),
        engine,
    )

    b = service.create(session, deu, schemas.IncidentReport.model_validate(off_duty_traffic()), engine).id
    service.arrest(
        session,
        deu,
        b,
        schemas.ArrestBody.model_validate({"person": 1, "at": "2024-03-16T23:55:00Z", "place": "Vilseck"}),
        engine,
    )
    service.notify_arrest(
        session, deu, b, schemas.NoticeBody.model_validate({"at": "2024-03-17T08:30:00Z"}), engine
    )
    service.state_law(
        session, usa, b, schemas.LawStatementBody(punishable=True, provision="UCMJ art. 111"), engine
    )
    service.certify(
        session,
        usa,
        b,
        schemas.CertificateBody(
            on_duty=False,
            signed_by="Lt. Col. P. Moss, Staff Judge Advocate, USAG Bavaria",
            signed_on=date(2024, 3, 18),
            statement="Off duty, driving his private car.",
        ),
        engine,
    )
    service.notify_case(
        session, usa, b, schemas.CaseNoticeBody(notified_on=date.today() - timedelta(days=2)), engine
    )
    session.flush()
    return a, b

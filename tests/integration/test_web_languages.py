"""The demo in French and Russian has no English left (issue 15): every page a user of the demo opens - the
dashboards, the transit and exercise case pages with their checks, decisions and timelines, search, the
registry and law pages, a law answer - is scanned for English sentences once the people's own words (names,
places, notes they typed) and citations are set aside.  On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sofadesk.accounts.service import acting_as
from sofadesk.cases.exercise.demo_data import seed_exercise_demo
from sofadesk.cases.incident.demo_data import seed_incident_demo
from sofadesk.cases.transit import service
from sofadesk.cases.transit.demo_data import NOTICE_RULES, PASSWORD, USERS, riga_termez
from sofadesk.cases.transit.schemas import DecisionBody, TransitContent
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry
from sofadesk.ui import i18n
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.ui.english import english_in_page


@pytest.fixture(params=BACKENDS, scope="module")
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[dict[str, Any]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("languages"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        user = acting_as(session, "usa.requester")
        t = service.create(
            session, user, TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
        )
        session.flush()
        service.submit(session, user, t.id, t.version, InForceEngine(load_registry(session.connection())))
        service.decide(session, acting_as(session, "rus.approver"), t.id,
                       DecisionBody(decision="approved_with_conditions", note="Escort from Sebezh", version=1))  # fmt: skip
        exercise_id = seed_exercise_demo(session)
        transit_id = t.id
        accident, traffic = seed_incident_demo(session, InForceEngine(load_registry(session.connection())))
        claims = _seed_claims(session)
    engine.dispose()
    app = create_app(url)
    with TestClient(app):
        yield {
            "app": app,
            "transit": transit_id,
            "exercise": exercise_id,
            "accident": accident,
            "traffic": traffic,
            **claims,
        }


def signed_in(app: Any, username: str, language: str) -> TestClient:
    client = TestClient(app)
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)})
    client.get(f"/language/{language}?next=/")
    return client


def own_words() -> list[str]:
    """What people typed into the demo (names, units, places, notes, restrictions): shown as they wrote it."""
    content = riga_termez(date.today())
    words = [name for _, _, name, _ in USERS] + [
        r["text"] for _, rules in NOTICE_RULES.values() for r in rules
    ]
    words += [content["unit"]["name"], "Escort from Sebezh", "US Army", "SOFA Desk"]
    for leg in content["legs"]:
        words += [leg["entry_point"], leg["exit_point"]] + [
            g["proper_shipping_name"] for g in leg.get("dangerous_goods", [])
        ]
    words += [p["full_name"] for p in content.get("personnel", [])] + [
        e["description"] for e in content.get("equipment", [])
    ]
    words += [a["description"] for a in content.get("arms", [])]
    return words + source_titles()


def source_titles() -> list[str]:
    """The titles of the registry's sources (a treaty series, a gazette, a depositary's list): citations, shown
    as the source is titled."""
    from sofadesk.registry.shipped import load_shipped

    registry = load_shipped()
    titles = {
        f.source.title for p in registry.participations.values() for f in p.facts if f.source is not None
    }
    return sorted(titles)


PAGES = {
    "usa.requester": [
        "/",
        "/transits",
        "/transits/new",
        "/transits/{t}",
        "/transits/{t}/edit",
        "/search?q=Sebezh",
        "/transits/{t}/close?step=withdraw",
        "/inbox",
        "/routes/plan",
    ],
    "rus.approver": [
        "/",
        "/decisions",
        "/transits/{t}",
        "/registry?sending=RUS&receiving=USA&on=2007-09-27",
        "/registry/states/RUS",
        "/registry/parties?agreement=pfp-sofa&on=2008-01-01",
        "/law",
        "/law/decide",
        "/law/decide/jurisdiction",
        "/law/cases/art_07/jurisdiction/0",
    ],
    "deu.planner": ["/", "/exercises", "/exercises/{x}", "/exercises/new", "/exercises/{x}/edit"],
    "usa.planner": ["/exercises/{x}"],
    # The incidents: the on-duty accident carried to a verdict, the off-duty case with Germany's standing waiver.
    "deu.legal": [
        "/incidents",
        "/incidents/new",
        "/incidents/{a}",
        "/incidents/{b}",
        "/incidents/statistics?year=2024",
    ],
    "usa.legal": [
        "/incidents?status=tried",
        "/incidents/{a}",
        "/incidents/{b}",
        "/incidents/statistics?year=2007",
    ],
    "deu.observer": ["/incidents/{b}"],
    "deu.registry": ["/registry/acts", "/registry/acts/new"],
    "deu.claims": [
        "/claims",
        "/claims/{c}",
        "/claims/{p}",
        "/claims/statements",
        "/claims/reports?year=2024",
        "/claims/statement?sending=USA&half=2024-H1",
    ],
    "usa.claims": ["/claims/{c}"],
    "": ["/claim", "{follow}"],  # the public form and the claimant's follow page: no account
}


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_no_english_is_left_on_the_demo_pages(demo: dict[str, Any], language: str) -> None:
    from sofadesk.cases.exercise import service as exercises

    del exercises
    words = own_words() + _exercise_words(demo) + _incident_words() + _claim_words()
    i18n.MISSING.clear()
    left: dict[str, list[str]] = {}
    for username, paths in PAGES.items():
        client = signed_in(demo["app"], username, language) if username else _public(demo["app"], language)
        for path in paths:
            page = path.format(t=demo["transit"], x=demo["exercise"], a=demo["accident"], b=demo["traffic"],
                               c=demo["claim"], p=demo["public_claim"], follow=demo["follow"])  # fmt: skip
            r = client.get(page)
            assert r.status_code == 200, (language, page, r.status_code)
            found = english_in_page(r.text, words)
            if found:
                left[page] = found
    assert left == {}
    assert sorted(i18n.MISSING) == []


def _exercise_words(demo: dict[str, Any]) -> list[str]:
    """The demo exercise's names, description, areas and contingents, as typed."""
    from sofadesk.cases.exercise.demo_data import NAME, contingent, plan

    data = plan(NAME, date(2007, 9, 17), date(2007, 10, 5))
    words = [
        NAME,
        data.get("description", ""),
        "Grafenwoehr Training Area",
        "Hohenfels Training Area",
        "Grafenwoehr",
        "Hohenfels",
    ]
    for state in ("USA", "POL", "RUS"):
        c = contingent(state)
        words += [c["unit"]["name"]] + [e["description"] for e in c.get("equipment", [])]
        words += [p["full_name"] for p in c.get("personnel", [])]
    return [w for w in words if w]


def _incident_words() -> list[str]:
    """What the demo's legal advisers typed into its incidents (summaries, places, names, references, reasons,
    courts, charges), and Germany's standing practice as its administrator recorded it."""
    from sofadesk.cases.incident import demo_data

    words: list[str] = [demo_data.PRACTICE.source, "Maj. Laura Ortiz, JAG Corps"]
    for report in (demo_data.training_accident(), demo_data.off_duty_traffic()):
        words += [
            str(report[k])
            for k in ("place", "summary", "police_reference", "prosecutor_reference")
            if k in report
        ]
        words += [report["offence"]["description"], report["own_law"]["provision"]]
        words += [str(p[k]) for p in report["persons"] for k in ("name", "identifier") if k in p]
    source = Path(demo_data.__file__).read_text(encoding="utf-8")
    # The strings the demo's steps type (certificates, reasons, courts, charges, verdicts).
    words += re.findall(r'(?:signed_by|reasons|court|charges|detail|statement|provision)="([^"]+)"', source)
    return words


def _seed_claims(session: Any) -> dict[str, Any]:
    """The claims demo, and a claim filed on the public form this year, waiting to be registered."""
    from sofadesk.cases.claim import service as claims
    from sofadesk.cases.claim.demo_data import CROPS, seed_claims_demo
    from sofadesk.cases.claim.schemas import PublicClaim
    from sofadesk.cli.cases import engine_from

    ids = seed_claims_demo(session, engine_from(session))
    made = claims.submit(session, PublicClaim.model_validate({**CROPS, "occurred_on": date.today().isoformat(),
                                                              "knew_on": None}), [])  # fmt: skip
    session.flush()
    found = claims.list_visible(session, acting_as(session, "deu.claims"), status="submitted")
    return {
        "claim": ids[1],
        "public_claim": found.items[0].id,
        "follow": f"/claim/{made.reference}?key={made.key}",
    }


def _public(app: Any, language: str) -> TestClient:
    client = TestClient(app)
    client.get(f"/language/{language}?next=/claim")
    return client


def _claim_words() -> list[str]:
    """What the claims demo's people typed (claimants, places, what happened, marks, legal bases, evidence,
    reports) and its configuration's own words (offices, national clocks with their sources): shown as written."""
    from sofadesk.cases.claim.demo_data import CLOCKS, CROPS, OFF_DUTY, OFFICES, PERIOD, TOWN, USERS

    words = [name for _, _, name, _ in USERS] + [name for name, _ in OFFICES.values()] + list(OFFICES)
    for clock in CLOCKS.values():
        words += [clock["label"], clock["effect"], clock["source_title"], clock.get("note", "")]
    words += [PERIOD["source_title"]]
    for claim in (CROPS, TOWN, OFF_DUTY):
        words += [claim["claimant"]["name"], claim["claimant"].get("address", ""), claim["place"],
                  claim["description"], claim.get("unit_marks", ""), claim.get("claimant", {}).get("email", "")]  # fmt: skip
    words += ["Exercise log of 12 March 2024: a Stryker platoon left the marked lane north of Kaltenbrunn.",
              "Commander, US Army Garrison Bavaria", "Johann Bauer", "DE02120300000000202051", "BYLADEM1001",
              "Loss of the wheat harvest (expert's report) and repair of the drains; under the rules for claims "
              "against the Bundeswehr (NATO SOFA Art. VIII(5)(a))",
              "Replacement of four street lights and the railing at cost (invoices)",
              "Repair of the rear door and bumper (garage estimate); no fault of the claimant."]  # fmt: skip
    return [w for w in words if w]

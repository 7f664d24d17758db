"""The claims API on SQLite and PostgreSQL: a claim filed on the public form goes through registration, notice,
adjudication, payment, the sending State's acceptance and the half-yearly statement, whose total matches the shares
to the minor unit; the claimant's link shows that claim alone, a third State gets 404; uploads are refused cleanly;
the per-address limit holds across workers; statements and reports come as PDF, XLSX and CSV; configuration is the
administrators' and a rate without a source is refused."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[tuple[str, dict[str, str]]]:
    from sofadesk.accounts.service import create_user, issue_token
    from sofadesk.cases.claim.demo_data import seed_config, seed_users
    from sofadesk.db.engine import make_engine, session_factory

    url = fresh_url(request.param, tmp_path_factory.mktemp("claims-api"), pg_schema_factory)
    tokens = demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_users(session)
        seed_config(session)
        from sqlalchemy import select

        from sofadesk.accounts.models import UserRow

        for name in ("deu.claims", "usa.claims", "gbr.claims", "deu.admin"):
            user = session.execute(select(UserRow).where(UserRow.username == name)).scalar_one()
            tokens[name] = issue_token(session, user, "test")
        tokens["fra.claims"] = issue_token(
            session, create_user(session, None, "FRA", "fra.claims", "", ["legal_adviser"])
        )
    engine.dispose()
    yield url, tokens


def _h(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"}


def public_claim(**changes: Any) -> dict[str, Any]:
    return {
        "receiving_state": "DEU", "language": "fr",
        "claimant": {"kind": "person", "name": "Marie Lefèvre", "email": "marie@example.org"},
        "occurred_on": date.today().isoformat(), "place": "Vilseck, Marktplatz", "region": "BY",
        "damage_kind": "vehicle", "description": "Un camion militaire a embouti ma voiture.",
        "vehicle_marks": "US forces, plate 12-345", "amount": "1234.57", "currency": "EUR",
        "bank": {"holder": "Marie Lefèvre", "iban": "FR7630006000011234567890189"}, **changes,
    }  # fmt: skip


def submit(client: TestClient, data: dict[str, Any], files: list[Any] | None = None) -> Any:
    return client.post("/api/v1/public/claims", data={"claim": json.dumps(data)}, files=files or [])


def test_a_public_claim_goes_to_the_statement_and_its_total_matches_the_shares(
    site: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, tokens = site
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    with TestClient(create_app(url)) as client:
        made = submit(client, public_claim(), [("evidence", ("photo.png", PNG, "image/png")),
                                               ("evidence", ("devis.pdf", PDF, "application/pdf"))])  # fmt: skip
        assert made.status_code == 201, made.text
        filed = made.json()
        assert filed["documents"] == 2 and filed["status"] == "submitted" and "ligne" in filed["status_text"]
        ref, key = filed["reference"], filed["key"]
        follow = client.get(f"/api/v1/public/claims/{ref}", params={"key": key})
        assert follow.status_code == 200 and follow.json()["status"] == "submitted"
        assert (
            "bank" not in follow.text and "Marie" not in follow.text
        )  # the link shows the claim's state, no details
        claims = client.get("/api/v1/claims", headers=_h(tokens, "deu.claims")).json()["items"]
        cid = next(c["id"] for c in claims if c["reference"] == ref)
        office = _h(tokens, "deu.claims")

        def step(path: str, who: str, body: dict[str, Any]) -> dict[str, Any]:
            version = client.get(f"/api/v1/claims/{cid}", headers=_h(tokens, who)).json()["version"]
            r = client.post(
                f"/api/v1/claims/{cid}/{path}", headers=_h(tokens, who), json={"version": version, **body}
            )
            assert r.status_code == 200, r.text
            result: dict[str, Any] = r.json()
            return result

        read = step("register", "deu.claims", {})
        assert read["received_on"] == date.today().isoformat() and read["office"] == "SRS-SUED"
        assert client.get(f"/api/v1/claims/{cid}", headers=_h(tokens, "usa.claims")).status_code == 404
        read = step(
            "route", "deu.claims", {"sending_states": ["USA"], "facts": {"act_of": "member_of_force"}}
        )
        assert read["route"] == "official_duty_to_be_decided"
        step("notify", "deu.claims", {})
        seen = client.get(f"/api/v1/claims/{cid}", headers=_h(tokens, "usa.claims")).json()
        assert seen["claimant"]["bank"] is None and seen["claimant"]["email"] is None  # the office's alone
        notice = next(p for p in seen["sending_states"] if p["state"] == "USA")
        assert notice["answer_due_on"] is not None  # six weeks, configured
        r = client.post(f"/api/v1/claims/{cid}/notice-answer", headers=_h(tokens, "usa.claims"),
                        json={"evidence": "Convoy log", "duty_certificate": "on_duty", "version": 1})  # fmt: skip
        assert r.status_code == 200 and r.json()["route"] == "receiving_state_adjudicates", r.text
        step("adjudication", "deu.claims", {"amount": "1234.57", "currency": "EUR", "legal_basis": "Repair",
                                            "on": date.today().isoformat()})  # fmt: skip
        wrong = client.post(f"/api/v1/claims/{cid}/payment", headers=office, json={
            "amount": "1234.57", "currency": "USD", "on": date.today().isoformat(), "version": 99})  # fmt: skip
        assert wrong.status_code in (409, 422)
        read = step(
            "payment", "deu.claims", {"amount": "1234.57", "currency": "EUR", "on": date.today().isoformat()}
        )
        assert {s["state"]: s["amount"] for s in read["shares"]} == {"DEU": "308.64", "USA": "925.93"}
        usa = next(s for s in client.get(f"/api/v1/claims/{cid}", headers=_h(tokens, "usa.claims")).json()["shares"]
                   if s["state"] == "USA")  # fmt: skip
        r = client.post(f"/api/v1/claims/{cid}/share-answer", headers=_h(tokens, "usa.claims"),
                        json={"decision": "accepted", "version": usa["decision"]["version"]})  # fmt: skip
        assert r.status_code == 200 and r.json()["status"] == "accepted", r.text
        half = f"{date.today().year}-H{1 if date.today().month <= 6 else 2}"
        statement = client.get(f"/api/v1/claim-statements/DEU/USA/{half}", headers=office).json()
        line = next(x for x in statement["lines"] if x["reference"] == ref)
        assert line["share"] == "925.93" and line["acceptance"] == "accepted"
        assert sum(int(x["share"].replace(".", "")) for x in statement["lines"]) == int(
            statement["total"].replace(".", "")
        )
        assert statement["reference"] is None  # the half-year has not ended: a preview
        early = client.post(
            "/api/v1/claim-statements", headers=office, json={"sending_state": "USA", "half": half}
        )
        assert early.status_code == 422 and "issued after" in early.text
        for suffix, magic in (("statement.pdf", b"%PDF"), ("statement.xlsx", b"PK")):
            doc = client.get(
                f"/api/v1/claim-statements/DEU/USA/{half}/{suffix}", headers=_h(tokens, "usa.claims")
            )
            assert doc.status_code == 200 and doc.content.startswith(magic)
        assert (
            client.get(
                f"/api/v1/claim-statements/DEU/USA/{half}", headers=_h(tokens, "gbr.claims")
            ).status_code
            == 404
        )
        followed = client.get(f"/api/v1/public/claims/{ref}", params={"key": key}).json()
        assert (
            followed["paid"] == {"amount": "1234.57", "currency": "EUR"} and followed["status"] == "accepted"
        )
        receipt = client.get(f"/api/v1/claims/{cid}/receipt.pdf", headers=office)
        assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
        docs = client.get(f"/api/v1/claims/{cid}", headers=office).json()["documents"]
        got = client.get(f"/api/v1/claims/{cid}/documents/{docs[0]['id']}", headers=office)
        assert got.content == PNG and got.headers["content-disposition"].startswith("attachment")
        assert (
            client.get(
                f"/api/v1/claims/{cid}/documents/{docs[0]['id']}", headers=_h(tokens, "fra.claims")
            ).status_code
            == 404
        )
        timeline = client.get(f"/api/v1/claims/{cid}/timeline", headers=office).json()
        assert [e["action"] for e in timeline][:3] == ["claim.submitted", "claim.registered", "claim.routed"]
        assert "NATO SOFA Art. VIII(5)(e)" in timeline[-1]["citations"] or any(
            "NATO SOFA Art. VIII(5)(e)" in e["citations"] for e in timeline)  # fmt: skip


def test_the_follow_link_opens_its_own_claim_only(
    site: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, tokens = site
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    with TestClient(create_app(url)) as client:
        a, b = submit(client, public_claim()).json(), submit(client, public_claim(language="ru")).json()
        assert (
            client.get(f"/api/v1/public/claims/{b['reference']}", params={"key": a["key"]}).status_code == 404
        )
        assert (
            client.get(
                f"/api/v1/public/claims/{a['reference']}", params={"key": a["key"][:-1] + "x"}
            ).status_code
            == 404
        )
        assert client.get(f"/api/v1/public/claims/{a['reference']}").status_code == 422
        cid = next(c["id"] for c in client.get("/api/v1/claims", headers=_h(tokens, "deu.claims")).json()["items"]
                   if c["reference"] == a["reference"])  # fmt: skip
        for who in ("usa.claims", "fra.claims", "pol.planner"):
            assert client.get(f"/api/v1/claims/{cid}", headers=_h(tokens, who)).status_code == 404
            assert a["reference"] not in client.get("/api/v1/claims", headers=_h(tokens, who)).text


def test_uploads_are_checked_and_refused_cleanly(
    site: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = site
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    from sofadesk.cases.claim.public import MAX_FILE

    cases = [
        ([("evidence", ("virus.png", b"MZ\x90\x00" + b"\x00" * 100, "image/png"))], "not a PDF, JPEG or PNG"),
        ([("evidence", ("active.pdf", b"%PDF-1.4 /OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "application/pdf"))],
         "contains scripts"),
        ([("evidence", ("big.png", PNG + b"\x00" * MAX_FILE, "image/png"))], "a file may have at most"),
        ([("evidence", ("empty.png", b"", "image/png"))], "the file is empty"),
        ([("evidence", (f"p{i}.png", PNG, "image/png")) for i in range(6)], "at most 5 files"),
    ]  # fmt: skip
    with TestClient(create_app(url)) as client:
        for files, words in cases:
            r = submit(client, public_claim(), files)
            assert r.status_code == 422 and words in r.text, r.text
            assert r.headers["content-type"] == "application/problem+json"
        r = submit(client, public_claim(amount="12.345"))
        assert r.status_code == 422 and "EUR has 2 decimal place(s)" in r.text
        r = submit(client, public_claim(occurred_on="2099-01-01"))
        assert r.status_code == 422 and "claim.occurred_on" in r.text
        r = client.post("/api/v1/public/claims", data={"claim": "not json"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "claim"
        huge = client.post("/api/v1/public/claims", content=b"x" * 100, headers={"Content-Length": str(20 * 1024 * 1024),
                                                                                 "Content-Type": "multipart/form-data; boundary=x"})  # fmt: skip
        assert huge.status_code == 413


def test_submissions_are_limited_per_address_across_workers(
    site: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = site
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "3")
    from sqlalchemy import delete

    from sofadesk.cases.claim.models import ClaimSubmitThrottleRow
    from sofadesk.db.engine import make_engine, session_factory

    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        session.execute(delete(ClaimSubmitThrottleRow))
    engine.dispose()
    # Two application instances on one database: two workers (or nodes) behind one address.
    with TestClient(create_app(url)) as one, TestClient(create_app(url)) as two:
        codes = [submit(c, public_claim()).status_code for c in (one, two, one)]
        assert codes == [201, 201, 201]
        refused = submit(two, public_claim())
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        bad_json = two.post("/api/v1/public/claims", data={"claim": "{}"})
        assert bad_json.status_code == 429  # counted before anything is read


def test_configuration_is_the_administrators_and_rates_need_a_source(
    site: tuple[str, dict[str, str]],
) -> None:
    url, tokens = site
    with TestClient(create_app(url)) as client:
        admin, office = _h(tokens, "deu.admin"), _h(tokens, "deu.claims")
        body = {"name": "Regionalbüro West", "regions": ["RP"], "damage_kinds": ["*"]}
        assert (
            client.put("/api/v1/claim-config/offices/SRS-WEST", headers=office, json=body).status_code == 403
        )
        assert (
            client.put("/api/v1/claim-config/offices/SRS-WEST", headers=admin, json=body).status_code == 200
        )
        clocks = client.get("/api/v1/claim-config/clocks", headers=office).json()
        assert {c["code"] for c in clocks} >= {"filing", "court"} and all(
            "not the Agreement" in c["basis"] for c in clocks
        )
        rate = {"party": "FRA", "from_currency": "EUR", "to_currency": "FRF", "rate": "6.55957", "valid_from": "2002-01-01",
                "agreed_by": "DEU and FRA"}  # fmt: skip
        assert (
            client.post("/api/v1/claim-config/rates", headers=admin, json=rate).status_code == 422
        )  # no source
        sourced = {
            **rate,
            "source_title": "An exchange of notes (test)",
            "source_url": "https://example.org/notes",
        }
        made = client.post("/api/v1/claim-config/rates", headers=admin, json=sourced)
        assert made.status_code == 201, made.text
        thresholds = {
            t["party"]: t for t in client.get("/api/v1/claim-config/thresholds", headers=office).json()
        }
        assert thresholds["FRA"]["rates"][0]["rate"] == "6.55957" and thresholds["USA"]["rates"] == []
        assert "unknown" in thresholds["USA"]["note"]
        report = client.get(f"/api/v1/claim-reports/{date.today().year}/report.csv", headers=office)
        assert report.status_code == 200 and report.text.startswith("section,key,value")
        xlsx = client.get(f"/api/v1/claim-reports/{date.today().year}/report.xlsx", headers=office)
        from openpyxl import load_workbook

        assert load_workbook(io.BytesIO(xlsx.content)).active is not None


def test_the_office_and_a_sending_state_told_of_the_claim_add_evidence(
    site: tuple[str, dict[str, str]],
) -> None:
    url, tokens = site
    body = {"receiving_state": "DEU", "claimant": {"kind": "person", "name": "Hans Klein"}, "occurred_on": "2024-05-02",
            "place": "Vilseck", "damage_kind": "vehicle", "description": "Scraped by a lorry.", "amount": "300.00",
            "currency": "EUR", "received_on": "2024-05-06", "sending_states": ["USA"],
            "facts": {"act_of": "member_of_force", "official_duty": "yes"}}  # fmt: skip
    with TestClient(create_app(url)) as client:
        made = client.post("/api/v1/claims", headers=_h(tokens, "deu.claims"), json=body)
        assert made.status_code == 201, made.text
        cid, photo = made.json()["id"], [("evidence", ("scan.pdf", PDF, "application/pdf"))]
        assert (
            client.post(
                f"/api/v1/claims/{cid}/documents", headers=_h(tokens, "usa.claims"), files=photo
            ).status_code
            == 404
        )
        version = made.json()["version"]
        assert client.post(f"/api/v1/claims/{cid}/notify", headers=_h(tokens, "deu.claims"),
                           json={"version": version}).status_code == 200  # fmt: skip
        added = client.post(f"/api/v1/claims/{cid}/documents", headers=_h(tokens, "usa.claims"), files=photo)
        assert added.status_code == 200 and [d["source"] for d in added.json()["documents"]] == ["sending"]
        bad = client.post(f"/api/v1/claims/{cid}/documents", headers=_h(tokens, "deu.claims"),
                          files=[("evidence", ("x.gif", b"GIF89a", "image/gif"))])  # fmt: skip
        assert bad.status_code == 422 and "not a PDF, JPEG or PNG" in bad.text
        assert (
            client.post(
                f"/api/v1/claims/{cid}/documents", headers=_h(tokens, "pol.planner"), files=photo
            ).status_code
            == 404
        )


def test_a_claim_is_linked_only_to_an_incident_its_office_may_see(site: tuple[str, dict[str, str]],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from sofadesk.cases.incident.demo_data import seed_incident_demo
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.registry.inforce import InForceEngine
    from sofadesk.registry.store import load_registry

    url, tokens = site
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        accident = seed_incident_demo(session, InForceEngine(load_registry(session.connection())))[0]
    engine.dispose()
    office = _h(tokens, "deu.claims")
    with TestClient(create_app(url)) as client:
        ref = submit(client, public_claim()).json()["reference"]
        cid = next(c["id"] for c in client.get("/api/v1/claims", headers=office).json()["items"]
                   if c["reference"] == ref)  # fmt: skip

        def link(incident_id: int) -> Any:
            version = client.get(f"/api/v1/claims/{cid}", headers=office).json()["version"]
            return client.post(f"/api/v1/claims/{cid}/incident", headers=office,
                               json={"incident_id": incident_id, "version": version})  # fmt: skip

        missing = link(999_999)
        assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "incident_id"
        linked = link(accident)
        assert linked.status_code == 200, linked.text
        assert linked.json()["incident_id"] == accident
        listed = client.get("/api/v1/claims", headers=office, params={"incident": accident}).json()["items"]
        assert cid in [c["id"] for c in listed]

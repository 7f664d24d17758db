"""The claims pages on SQLite and PostgreSQL: a claim filed on the public page (no account) is registered, routed,
notified, adjudicated and paid on the claim's page, its share accepted by the sending State on its own page, and
it shows on the half-year's statement; the secret link shows that claim alone; a bad field and a refused upload
are shown by their fields; a third State gets 404; statements and reports download and parse."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import html5lib
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sofadesk.cases.claim.demo_data import PASSWORD
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(params=BACKENDS, scope="module")
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[Any]:  # fmt: skip
    from sofadesk.accounts.service import create_user
    from sofadesk.cases.claim.demo_data import seed_claims_demo
    from sofadesk.cli.cases import engine_from
    from sofadesk.db.engine import make_engine, session_factory

    url = fresh_url(request.param, tmp_path_factory.mktemp("claim-pages"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_claims_demo(session, engine_from(session))
        create_user(session, None, "FRA", "fra.claims", "French claims office", ["legal_adviser"], PASSWORD)
    engine.dispose()
    made = create_app(url)
    with TestClient(made):
        yield made


def signed_in(app: Any, username: str, language: str = "en") -> TestClient:
    client = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sign-in").text)
    assert token
    client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)})
    client.get(f"/language/{language}?next=/")
    return client


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def form(**changes: str) -> dict[str, str]:
    return {"receiving_state": "DEU", "occurred_on": date.today().isoformat(), "place": "Vilseck, Marktplatz",
            "description": "A military lorry ran into my parked car.", "damage_kind": "vehicle",
            "vehicle_marks": "US forces, plate 12-345", "amount": "1234.57", "currency": "eur",
            "claimant_kind": "person", "claimant_name": "Marie Lefèvre", "claimant_relation": "none",
            "claimant_email": "marie@example.org", "bank_holder": "Marie Lefèvre",
            "bank_iban": "FR76 3000 6000 0112 3456 7890 189", **changes}  # fmt: skip


def file_claim(client: TestClient, **changes: str) -> tuple[str, str]:
    r = client.post("/claim", data=form(**changes), files=[("evidence", ("photo.png", PNG, "image/png"))])
    assert r.status_code == 201, r.text
    reference = re.search(r'id="claim-reference">([^<]+)<', r.text)
    link = re.search(r'id="follow-link" href="([^"]+)"', r.text)
    assert reference and link
    return reference.group(1), link.group(1).replace("&amp;", "&")


def claim_id(client: TestClient, reference: str) -> int:
    found = re.search(rf'href="/claims/(\d+)">{reference}<', client.get("/claims?status=").text)
    assert found, reference
    return int(found.group(1))


def step(client: TestClient, cid: int, name: str, **fields: str) -> Any:
    page = client.get(f"/claims/{cid}").text
    version = re.search(rf'action="/claims/{cid}/steps/{name}".*?name="version" value="(\d*)"', page, re.S)
    assert version, (name, re.findall(r"steps/(\w+)", page))
    data = {"csrf_token": csrf(page), "version": version.group(1)} | {
        f"{name}-{k}": v for k, v in fields.items()
    }
    done = client.post(f"/claims/{cid}/steps/{name}", data=data, follow_redirects=False)
    if done.status_code != 303:
        said = re.findall(r'class="usa-alert__text">([^<]+)<|class="error" id="[^"]+">([^<]+)<', done.text)
        print(name, done.status_code, said)
    return done


def test_a_claim_filed_on_the_public_page_is_paid_shared_and_stated(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    public = TestClient(app)
    assert public.get("/claim").status_code == 200
    reference, link = file_claim(public)
    followed = public.get(link)
    assert followed.status_code == 200 and reference in followed.text and "Marie" not in followed.text
    office, us = signed_in(app, "deu.claims"), signed_in(app, "usa.claims")
    cid = claim_id(office, reference)
    today = date.today().isoformat()
    assert step(office, cid, "register", received_on=today, office="SRS-SUED").status_code == 303
    assert step(office, cid, "route", sending_states="USA", facts_act_of="member_of_force",
                facts_official_duty="yes").status_code == 303  # fmt: skip
    page = office.get(f"/claims/{cid}").text
    assert 'id="claim-route">receiving State adjudicates' in page or "receiving_state_adjudicates" not in page
    assert 'href="/law/p/' in page  # the route's citations lead to the law's pages
    assert step(office, cid, "notify", on=today).status_code == 303
    assert step(office, cid, "adjudicate", amount="1200.00", currency="EUR", legal_basis="Repair invoice",
                on=today).status_code == 303  # fmt: skip
    assert step(office, cid, "pay", amount="1200.00", currency="EUR", on=today).status_code == 303
    assert step(us, cid, "answer_share", decision="accepted", on=today).status_code == 303
    shares = office.get(f"/claims/{cid}").text
    assert "900.00 EUR" in shares and "300.00 EUR" in shares  # 75 / 25 (Art. VIII(5)(e)(i))
    half = f"{date.today().year}-H{1 if date.today().month <= 6 else 2}"
    statement = office.get(f"/claims/statement?sending=USA&half={half}")
    assert statement.status_code == 200 and reference in statement.text and "900.00" in statement.text
    assert public.get(link).text.count("1200.00") >= 1  # the claimant sees the payment


def test_the_secret_link_shows_its_claim_alone(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    public = TestClient(app)
    first, link = file_claim(public, claimant_name="Anna Weber")
    second, _ = file_claim(public, claimant_name="Jan Novak")
    key = link.split("key=")[1]
    assert public.get(f"/claim/{second}?key={key}").status_code == 404
    assert public.get(f"/claim/{first}?key={'x' * 43}").status_code == 404
    shown = public.get(link).text
    assert first in shown and second not in shown and "Anna Weber" not in shown


def test_a_bad_field_is_shown_by_its_field(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    public = TestClient(app)
    r = public.post("/claim", data=form(knew_on="2000-01-01"))
    assert r.status_code == 422 and 'id="knew_on-error"' in r.text  # the model's own check, under its field
    r = public.post("/claim", data=form(amount="twelve", claimant_name="", bank_iban="nonsense"))
    assert r.status_code == 422
    for field in ("amount", "claimant_name", "bank_iban"):
        assert f'id="{field}-error"' in r.text, field
        assert f'href="#{field}"' in r.text  # the summary links to the field
    assert 'value="Vilseck, Marktplatz"' in r.text  # what was typed is kept
    # a claim of this test's own, waiting to be registered (the test must not depend on the others' claims)
    file_claim(public, claimant_name="Bad Field Test")
    office = signed_in(app, "deu.claims")
    cid = int(re.findall(r'href="/claims/(\d+)"', office.get("/claims?status=submitted").text)[0])
    r = step(office, cid, "register", received_on="not a day")
    assert r.status_code == 422 and 'id="register-received_on-error"' in r.text


def test_an_upload_that_is_not_a_document_is_refused_cleanly(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    public = TestClient(app)
    r = public.post("/claim", data=form(claimant_name="Refused Upload"),
                    files=[("evidence", ("invoice.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))])  # fmt: skip
    assert r.status_code == 422
    assert 'id="evidence-error"' in r.text and "not a PDF, JPEG or PNG" in r.text
    office = signed_in(app, "deu.claims")
    assert "Refused Upload" not in office.get("/claims").text  # nothing was filed


def test_pages_are_seen_by_the_states_concerned_alone(app: Any) -> None:
    office, us, france = (
        signed_in(app, "deu.claims"),
        signed_in(app, "usa.claims"),
        signed_in(app, "fra.claims"),
    )
    listed = office.get("/claims?role=receiving").text
    ids = sorted({int(i) for i in re.findall(r'href="/claims/(\d+)"', listed)})
    assert ids
    for cid in ids[:3]:
        assert office.get(f"/claims/{cid}").status_code == 200
        assert france.get(f"/claims/{cid}").status_code == 404
    assert "Johann Bauer" in office.get("/claims").text and "Johann Bauer" not in france.get("/claims").text
    assert "Stadt Vilseck" in us.get("/claims?role=sending").text
    assert france.get("/claims/statement.pdf?receiving=DEU&sending=USA&half=2024-H1").status_code == 404


def test_statements_and_reports_download_and_parse(app: Any) -> None:
    office = signed_in(app, "deu.claims")
    page = office.get("/claims/statements").text
    assert "2024-H1" in page and "USA" in page
    shown = office.get("/claims/statement?sending=USA&half=2024-H1").text
    assert "11950.00" in shown or "11 950" in shown
    pdf = office.get("/claims/statement.pdf?receiving=DEU&sending=USA&half=2024-H1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    xlsx = office.get("/claims/statement.xlsx?receiving=DEU&sending=USA&half=2024-H1")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and any("CL-DEU-2024" in str(c.value) for row in sheet.iter_rows() for c in row)
    report = office.get("/claims/reports?year=2024")
    assert report.status_code == 200 and "<svg" in report.text
    rows = list(csv.reader(io.StringIO(office.get("/claims/reports/2024/report.csv").text)))
    assert len(rows) > 3
    book = load_workbook(io.BytesIO(office.get("/claims/reports/2024/report.xlsx").content))
    assert book.active is not None and book.active.max_row > 3
    bad = office.get("/claims/statement?sending=XX&half=2024")
    assert bad.status_code == 422


def test_a_statement_is_issued_and_its_reimbursement_recorded_on_the_page(app: Any) -> None:
    office = signed_in(app, "deu.claims")
    preview = office.get("/claims/statement?sending=USA&half=2024-H2").text
    assert "Not issued" in preview and "16680.00 EUR" in preview  # the town's claim: 2/5 of 41700.00
    issued = office.post("/claims/statements/issue", data={"csrf_token": csrf(preview), "sending": "USA",
                                                           "half": "2024-H2", "on": "2025-01-15"})  # fmt: skip
    assert issued.status_code == 200 and "Issued on" in issued.text
    statement = re.search(r'action="/claims/statements/(\d+)/reimbursements"', issued.text)
    assert statement
    bad = office.post(f"/claims/statements/{statement.group(1)}/reimbursements",
                      data={"csrf_token": csrf(issued.text), "amount": "lots", "currency": "EUR", "on": "2025-02-01",
                            "sending": "USA", "half": "2024-H2"})  # fmt: skip
    assert bad.status_code == 422 and "usa-alert--error" in bad.text
    paid = office.post(f"/claims/statements/{statement.group(1)}/reimbursements",
                       data={"csrf_token": csrf(issued.text), "amount": "16680.00", "currency": "EUR",
                             "on": "2025-02-01", "sending": "USA", "half": "2024-H2"})  # fmt: skip
    assert paid.status_code == 200
    balances = office.get("/claims/statements").text
    assert "16680.00" in balances
    us = signed_in(app, "usa.claims")
    seen = us.get("/claims/statement?receiving=DEU&sending=USA&half=2024-H2").text
    assert "16680.00" in seen and "/reimbursements" not in seen  # the receiving State's forms only
    refused = us.post(
        "/claims/statements/issue", data={"csrf_token": csrf(seen), "sending": "DEU", "half": "2024-H2"}
    )
    assert 400 <= refused.status_code < 500 and "usa-alert--error" in refused.text


def test_every_claims_page_is_valid_html_in_every_language(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    public = TestClient(app)
    _, link = file_claim(public, claimant_name="Valid Markup")
    office = signed_in(app, "deu.claims")
    cid = int(re.findall(r'href="/claims/(\d+)"', office.get("/claims").text)[0])
    for language in ("en", "fr", "ru"):
        office.get(f"/language/{language}?next=/")
        public.get(f"/language/{language}?next=/")
        for client, path in ((public, "/claim"), (public, link), (office, "/claims"), (office, f"/claims/{cid}"),
                             (office, "/claims/statements"), (office, "/claims/statement?sending=USA&half=2024-H1"),
                             (office, "/claims/reports?year=2024")):  # fmt: skip
            r = client.get(path)
            assert r.status_code == 200, (language, path)
            html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(r.text)
    refused = public.post("/claim", data=form(amount="x"))
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(refused.text)


def test_an_off_duty_claim_goes_ex_gratia_on_the_pages_and_closes_on_payment(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1000")
    reference, link = file_claim(TestClient(app), claimant_name="Off Duty Victim", damage_kind="vehicle")
    office, us = signed_in(app, "deu.claims"), signed_in(app, "usa.claims")
    cid = claim_id(office, reference)
    today = date.today().isoformat()
    assert step(office, cid, "register", received_on=today).status_code == 303
    assert step(office, cid, "route", sending_states="USA", facts_act_of="member_of_force",
                facts_official_duty="no").status_code == 303  # fmt: skip
    assert re.search(r'id="claim-route">[^<]*ex gratia', office.get(f"/claims/{cid}").text)
    assert step(office, cid, "notify", on=today).status_code == 303
    assert step(us, cid, "answer_notice", evidence="Duty roster: the soldier was on leave.",
                duty_certificate="off_duty", on=today).status_code == 303  # fmt: skip
    assert step(us, cid, "keep_record", own_reference="USAREUR-CL-77").status_code == 303
    assert step(office, cid, "assess", amount="1000.00", currency="EUR", report="Repair estimate",
                on=today).status_code == 303  # fmt: skip
    refused = step(us, cid, "offer", amount="-5", currency="EUR", on=today)
    assert refused.status_code == 422 and 'id="offer-amount-error"' in refused.text
    assert step(us, cid, "offer", amount="900.00", currency="EUR", on=today).status_code == 303
    assert step(office, cid, "claimant_answer", answer="accepted", on=today).status_code == 303
    assert step(us, cid, "ex_gratia_paid", on=today).status_code == 303
    closed = office.get(f"/claims/{cid}").text
    assert 'class="closed usa-tag sd-tag"' in closed and "/steps/" not in closed  # nothing left to do
    assert "USAREUR-CL-77" not in closed  # the sending State's own record is its own
    assert "USAREUR-CL-77" in us.get(f"/claims/{cid}").text
    assert 'class="closed usa-tag sd-tag"' in TestClient(app).get(link).text  # the claimant sees it closed


def test_past_the_limit_per_address_the_form_says_so_and_files_nothing(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("SOFADESK_PUBLIC_CLAIMS_PER_HOUR", "1")
    public = TestClient(app)
    public.post("/claim", data=form(claimant_name="First Of Two"))
    r = public.post("/claim", data=form(claimant_name="Over The Limit"))
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "usa-alert--error" in r.text and 'value="Over The Limit"' in r.text  # what was typed is kept
    assert "Over The Limit" not in signed_in(app, "deu.claims").get("/claims").text

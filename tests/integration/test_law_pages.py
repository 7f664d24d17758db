"""The law pages over HTTP, on SQLite and PostgreSQL: each article and paragraph shows how it is treated, links
to its reading record section and lists the legal cases that cite it; each case page shows the case and the
answer the rules give it now."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sofadesk.law.legal_cases import all_cases
from sofadesk.law.reading import sections
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.integration.test_web_pages import signed_in, valid


@pytest.fixture(params=BACKENDS, scope="module")
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[TestClient]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("law-pages"), pg_schema_factory)
    demo_database(url)
    application = create_app(url)
    with TestClient(application):
        yield signed_in(application, "rus.approver")


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&#34;", '"').split())


def test_a_paragraph_page_lists_its_cases_its_treatment_and_its_reading(client: TestClient) -> None:
    r = client.get("/law/p/nato-sofa-art-viii-5-d")
    assert r.status_code == 200
    html = valid(r.text)
    text = words(html)
    assert "NATO SOFA Art. VIII(5)(d)" in text and "Text, in our words" in text
    assert "29 February 2024" in text  # our reading of the two months
    assert "art_08_claim_statement" in text  # what the code does
    assert 'href="/law?instrument=nato-sofa#nato-sofa-art-viii-5-d"' in html
    assert "docs/law-reading.md#nato-sofa-art-viii-5-d" in text
    expected = [c for c in all_cases() if any(x.render() == "NATO SOFA Art. VIII(5)(d)" for x in c.cites)]
    assert len(expected) >= 3
    for case in expected:
        assert f'href="/law/cases/{case.id}"' in html and case.name in text


def test_an_article_page_shows_each_paragraph_with_its_own_cases(client: TestClient) -> None:
    html = valid(client.get("/law/p/nato-sofa-art-xv").text)
    text = words(html)
    assert 'id="nato-sofa-art-xv-1"' in html and 'id="nato-sofa-art-xv-2"' in html
    assert "In hostilities, a Russian soldier killed on duty" in text
    assert "not modelled" in text and "encoded" in text


def test_a_case_page_shows_the_facts_the_expectation_and_the_answer_now(client: TestClient) -> None:
    case = next(c for c in all_cases() if c.name.startswith("A US soldier's wife who runs over a cyclist"))
    html = valid(client.get(f"/law/cases/{case.id}").text)
    text = words(html)
    assert case.name in text and "act_of: dependent" in text
    assert "outside_the_agreement" in text and "receiving State's courts" in text
    assert 'href="/law/p/nato-sofa-art-viii-6"' in html  # citations lead back to the paragraph pages


def test_a_case_that_expects_an_error_shows_the_error(client: TestClient) -> None:
    case = next(c for c in all_cases() if c.expects_error and c.kind == "claim-route")
    text = words(valid(client.get(f"/law/cases/{case.id}").text))
    assert case.spec["expect_error"] in text


def test_a_registry_case_page_shows_what_it_expects(client: TestClient) -> None:
    case = next(c for c in all_cases() if c.kind is None)
    text = words(valid(client.get(f"/law/cases/{case.id}").text))
    assert case.name in text and "expect_cites" in text


def test_every_paragraph_is_reachable_from_the_article_list(client: TestClient) -> None:
    for instrument in ("nato-sofa", "pfp-sofa", "pfp-sofa-ap", "pfp-sofa-fap"):
        html = valid(client.get(f"/law?instrument={instrument}").text)
        for s in (s for s in sections() if s.cite.instrument == instrument):
            assert f'href="/law/p/{s.anchor}"' in html and f'id="{s.anchor}"' in html, s.anchor


def test_the_decide_page_links_its_citations_to_the_paragraph_pages(client: TestClient) -> None:
    form = client.get("/law/decide/absentee-report").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    answer = client.post("/law/decide/absentee-report", data={"csrf_token": token.group(1), "category": "member_of_force",
                                                             "situation": "absent", "since": "2009-03-01",
                                                             "as_of": "2009-03-22"}).text  # fmt: skip
    assert 'href="/law/p/nato-sofa-art-iii-4"' in answer


def test_unknown_paragraphs_and_cases_are_404(client: TestClient) -> None:
    assert client.get("/law/p/nato-sofa-art-xxv").status_code == 404
    assert client.get("/law/cases/art_08/claim_route/999").status_code == 404


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_law_pages_are_valid_in_every_language(client: TestClient, language: str) -> None:
    client.get(f"/language/{language}?next=/")
    case = all_cases()[0]
    for path in ("/law", "/law/p/nato-sofa-art-vii", f"/law/cases/{case.id}"):
        r = client.get(path)
        assert r.status_code == 200, path
        valid(r.text)
    client.get("/language/en?next=/")


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    anonymous = TestClient(client.app)
    r = anonymous.get("/law/p/nato-sofa-art-viii-5-d", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in")


def test_the_decide_page_shows_each_possibility_where_the_registry_leaves_the_regime_open(
    client: TestClient,
) -> None:
    form = client.get("/law/decide/claim-route").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    answer = client.post("/law/decide/claim-route", data={
        "csrf_token": token.group(1), "sending_state": "USA", "receiving_state": "LVA", "event_date": "2005-06-15",
        "claimant": "third_party", "harm": "property", "official_duty": "disputed", "act_of": "member_of_force"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    page = valid(answer.text)
    assert page.count("If the regime is:") == 2 and "PfP SOFA Art. III" in page
    assert "decided under each possible regime" in page

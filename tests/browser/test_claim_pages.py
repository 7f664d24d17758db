"""A claim in Chromium, as people do it: a claimant files it on the public form (no account) with a photograph,
keeps the follow link; Germany's claims office registers, routes, notifies, adjudicates and pays it on the
claim's page; the United States accepts its share; the half-year's statement shows the share and its total.
Every page goes through axe-core (checked)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")

from tests.browser.helpers import (
    A11Y,
    CHROMIUM,
    LANGUAGES,
    TOKENS,
    checked,
    one_walk_per_language,
    sign_in,
    tick,
    watched,
)
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.servers import live_server

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(params=BACKENDS, scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[str]:  # fmt: skip
    """The demo with Germany's and the sending States' claims offices and Germany's configuration."""
    from sofadesk.cases.claim.demo_data import seed_config, seed_users
    from sofadesk.db.engine import make_engine, session_factory

    url = fresh_url(request.param, tmp_path_factory.mktemp("claims-browser"), pg_schema_factory)
    TOKENS[url] = demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_users(session)
        seed_config(session)
    engine.dispose()
    with live_server(url) as base:
        yield base


def open_step(page: Any, name: str) -> None:
    page.locator(f"#step-{name} summary").click()


def submit_step(page: Any, name: str) -> None:
    page.locator(f"#step-{name} button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".usa-alert--error").count() == 0, page.locator(".usa-alert--error").all_inner_texts()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_public_claim_is_registered_paid_and_stated(server: str, browser: Any, tmp_path: Path,
                                                      request: pytest.FixtureRequest, language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    today = date.today().isoformat()
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale=language)
    public = watched(context.new_page())
    public.goto(f"/language/{language}?next=/claim")
    checked(public, "30-claim-form", backend, language)
    public.select_option("#receiving_state", "DEU")
    public.locator("#occurred_on").fill(today)
    public.locator("#place").fill("Vilseck, Marktplatz")
    public.locator("#description").fill("A military lorry ran into my parked car.")
    public.select_option("#damage_kind", "vehicle")
    public.locator("#amount").fill("1234.57")
    public.locator("#claimant_name").fill(f"Marie Lefèvre {language}")
    public.locator("#bank_iban").fill("nonsense")
    public.locator("form[action='/claim'] button[type=submit]").click()
    public.wait_for_load_state()
    assert public.locator("#bank_iban-error").count() == 1  # refused by its field, what was typed kept
    assert public.locator("#place").input_value() == "Vilseck, Marktplatz"
    checked(public, "31-claim-form-errors", backend, language)
    public.locator("#bank_holder").fill("Marie Lefèvre")
    public.locator("#bank_iban").fill("FR76 3000 6000 0112 3456 7890 189")
    tick(public, "claimant_relation-none")
    public.locator("#evidence").set_input_files(str(photo))
    public.locator("form[action='/claim'] button[type=submit]").click()
    public.wait_for_load_state()
    reference = public.locator("#claim-reference").inner_text()
    follow = public.locator("#follow-link").get_attribute("href")
    assert re.fullmatch(r"CL-DEU-\d{4}-\d{5,}", reference) and follow
    checked(public, "32-claim-receipt", backend, language)
    public.goto(follow)
    assert reference in public.content()
    checked(public, "33-claim-followed", backend, language)

    office = sign_in(browser, server, "deu.claims", language)
    office.goto("/claims?status=submitted")
    checked(office, "34-claims", backend, language)
    office.locator(f"a:text-is('{reference}')").click()
    office.wait_for_load_state()
    claim_url = office.url
    open_step(office, "register")
    office.locator("#register-received_on").fill(today)
    submit_step(office, "register")
    open_step(office, "route")
    office.locator("#route-sending_states").fill("USA")
    office.select_option("#route-facts_act_of", "member_of_force")
    office.select_option("#route-facts_official_duty", "yes")
    submit_step(office, "route")
    assert office.locator("#claim-route").count() == 1
    open_step(office, "notify")
    submit_step(office, "notify")
    open_step(office, "adjudicate")
    office.locator("#adjudicate-amount").fill("1200.00")
    office.locator("#adjudicate-legal_basis").fill("Repair invoice")
    submit_step(office, "adjudicate")
    open_step(office, "pay")
    office.locator("#pay-amount").fill("1200.00")
    submit_step(office, "pay")
    checked(office, "35-claim-paid", backend, language)

    us = sign_in(browser, server, "usa.claims", language)
    us.goto(claim_url)
    open_step(us, "answer_share")
    us.select_option("#answer_share-decision", "accepted")
    submit_step(us, "answer_share")
    checked(us, "36-claim-share-accepted", backend, language)

    half = f"{date.today().year}-H{1 if date.today().month <= 6 else 2}"
    office.goto(f"/claims/statement?sending=USA&half={half}")
    # 75 % of 1200.00 (Art. VIII(5)(e)(i)); each language's run adds its claim to the same half-year
    assert "900.00" in office.locator(f"tr:has(a:text-is('{reference}'))").inner_text()
    lines = office.locator("tbody tr").count()
    assert office.locator("#statement-total").inner_text() == f"{900 * lines:.2f} EUR"
    checked(office, "37-claim-statement", backend, language)
    office.goto("/claims/reports")
    checked(office, "38-claims-report", backend, language)
    assert {k: v for k, v in A11Y.items() if "/claim" in k} == {}
    context.close()

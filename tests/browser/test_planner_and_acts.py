"""The route planner's page and the registry acts' pages in a real browser (Debian's chromium driven by
Playwright), in English, French and Russian on SQLite and in English on PostgreSQL, with ids and attributes as
the only selectors.  A requester plans Riga to Termez in 2009 and drafts a transit case from the best route; a
registry editor proposes an act, is refused its own confirmation, and a second editor confirms it.  Every page
opened goes through axe-core (checked()), and the verdicts of test_zz_checks.py cover them too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python.sync_playwright")

from tests.browser.helpers import (
    A11Y,
    CHROMIUM,
    LANGUAGES,
    checked,
    choose_state,
    one_walk_per_language,
    sign_in,
    tick,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (CI installs it)"
)
BEST = "LVA-RUS-KAZ-UZB"


def _no_violation_on(path: str) -> None:
    found = {k: v for k, v in A11Y.items() if path in k}
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_route_is_planned_and_a_transit_drafted_from_it(server: str, browser: Any, files: dict[str, Path],
                                                          request: pytest.FixtureRequest, language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    page = sign_in(browser, server, "usa.requester", language)
    page.goto("/transits")
    page.locator("a[href='/routes/plan']").first.click()
    page.wait_for_url(f"{server}/routes/plan")
    checked(page, "40-route-plan-form", backend, language)
    # A form with mistakes says so next to each field, and in the summary at the top.
    page.locator("#depart").fill("")
    tick(page, "mode-road")
    tick(page, "mode-rail")
    page.locator("#plan-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    links = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#origin", "#destination", "#depart", "#modes"} <= set(links), links
    checked(page, "41-route-plan-errors", backend, language)
    choose_state(page, "origin", "LVA")
    choose_state(page, "destination", "UZB")
    page.locator("#depart").fill("2009-06-01")
    page.locator("#submitted").fill("2009-05-15")
    tick(page, "mode-rail")
    page.locator("#unit_name").fill("US Army sustainment rail detachment")
    page.locator("#personnel_file").set_input_files(str(files["personnel"]))
    page.locator("#plan-form button[type=submit]").click()
    page.locator("#plan-result").wait_for()
    # The alternatives on one map, each line with a pattern and letter of its own.
    lines = page.locator("svg.sd-plan-map polyline")
    assert lines.count() >= 2
    dashes = lines.evaluate_all("ls => ls.map(l => l.getAttribute('stroke-dasharray') || 'solid')")
    assert len(set(dashes)) == len(dashes)
    first = page.locator(f"#route-{BEST}")
    assert (
        "PfP SOFA Art. I" in first.inner_text()
        and "NATO SOFA Art. III(2)(b)" in page.locator("#plan-result").inner_text()
    )
    checked(page, "42-route-plan-result", backend, language)
    # The draft button belongs to the plan's form: the manifest uploaded once goes with it.
    first.locator(f"button[formaction='/routes/draft'][value='{BEST}']").click()
    page.wait_for_url(re.compile(r".*/transits/\d+$"))
    body = page.locator("main").inner_text()
    assert "US Army sustainment rail detachment" in body
    checked(page, "43-route-draft-case", backend, language)
    _no_violation_on("/routes/plan")
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_act_is_proposed_by_one_editor_and_confirmed_by_another(server: str, browser: Any,
                                                                   request: pytest.FixtureRequest, language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    first = sign_in(browser, server, "deu.registry", language)
    first.goto("/registry/acts")
    checked(first, "44-registry-acts", backend, language)
    first.locator("a[href='/registry/acts/new']").first.click()
    first.wait_for_url(f"{server}/registry/acts/new")
    # Missing date and a source that is no address: both said next to their fields.
    choose_state(first, "state", "ISL")
    first.locator("#kind").select_option("deposit")
    first.locator("#source_title").fill("Hypothetical notice of deposit, for the test")
    first.locator("#source_url").evaluate("e => e.setAttribute('type', 'text')")
    first.locator("#source_url").fill("not an address")
    first.locator("form[action='/registry/acts/new'] button[type=submit]").click()
    summary = first.locator("#error-summary")
    summary.wait_for()
    links = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#date", "#source_url"} <= set(links), links
    checked(first, "45-registry-act-errors", backend, language)
    first.locator("#date").fill(f"2007-03-{5 + LANGUAGES.index(language):02d}")
    first.locator("#source_url").fill("https://example.org/notice")
    first.locator("form[action='/registry/acts/new'] button[type=submit]").click()
    first.wait_for_url(re.compile(r".*/registry/acts/\d+$"))
    where = first.url.removeprefix(server)
    checked(first, "46-registry-act-proposed", backend, language)
    # Four eyes: the editor who entered it is refused, on the page.
    first.locator(f"form[action='{where}/confirm'] button").click()
    first.locator("[role=alert]").wait_for()
    assert "four" in first.locator("[role=alert]").inner_text().lower() or language != "en"
    assert first.locator(".usa-tag.proposed").count() == 1
    checked(first, "47-registry-act-own-refused", backend, language)
    first.context.close()
    second = sign_in(browser, server, "pol.registry", language)
    second.goto(where)
    second.locator(f"form[action='{where}/confirm'] button").click()
    second.locator(".usa-tag.confirmed").wait_for()
    assert second.locator("[role=status]").count() >= 1
    checked(second, "48-registry-act-confirmed", backend, language)
    _no_violation_on("/registry/acts")
    second.context.close()

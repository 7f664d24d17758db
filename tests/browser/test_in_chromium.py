"""The web interface in a real browser: Debian's chromium driven by Playwright against a server on 127.0.0.1.

The journeys - a transit filed, decided and documented, an exercise hosted and accepted, the registry and a
law decision - are walked in English, French and Russian (on SQLite; in English on PostgreSQL too), with only
ids and names as selectors, so the same steps prove every language.  Every page they open is checked with
axe-core (WCAG 2.1 AA rules) and fails on any serious or critical violation; a screenshot of each goes to
build/screenshots (ignored by git), so running the tests never changes the working copy; to refresh the
committed ones linked from the README, run the browser tests with SOFADESK_SCREENSHOTS=docs/screenshots.
Sign-in and a decision are done with the keyboard alone, States are chosen by typing in the autocomplete, a
leg is added in the page, and a form with several errors lists them all at the top.  No page may break the
Content-Security-Policy."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python.sync_playwright")

from sofadesk.cases.transit.demo_data import PASSWORD, riga_termez
from tests.browser.helpers import (
    CHROMIUM,
    LANGUAGES,
    ROUTE,
    TOKENS,
    checked,
    choose_state,
    one_walk_per_language,
    sign_in,
    tick,
    watched,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (CI installs it)"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_transit_is_filed_decided_and_documented(server: str, browser: Any, files: dict[str, Path],
                                                   request: pytest.FixtureRequest, language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    page = sign_in(browser, server, "usa.requester", language)
    checked(page, "01-my-work-requester", backend, language)
    page.locator("a[href='/transits/new']").first.click()
    page.locator("#unit_name").fill("US Army sustainment rail detachment")
    tick(page, "certificate_deposited")
    start = date.today() + timedelta(days=40 + LANGUAGES.index(language))
    # Two legs are offered; the others are added in the page, without a round trip.
    for i, (state, entry, exit_, d0, d1) in enumerate(ROUTE):
        if i >= 2:
            page.locator("[data-add-row='leg-template']").click()
        choose_state(page, f"leg-{i}-state", state)
        page.locator(f"#leg-{i}-entry_point").fill(entry)
        page.locator(f"#leg-{i}-exit_point").fill(exit_)
        page.locator(f"#leg-{i}-planned_entry").fill(f"{start + timedelta(days=d0)}T08:00")
        page.locator(f"#leg-{i}-planned_exit").fill(f"{start + timedelta(days=d1)}T06:00")
        tick(page, f"leg-{i}-customs")
        page.locator(f"#leg-{i}-dangerous_goods").fill("UN1202 | Diesel fuel | 3 | III")
    checked(page, "02-transit-form", backend, language)
    # Several mistakes at once: every one is listed at the top, each linking to its field.
    page.locator("#unit_name").fill("")
    page.locator("#unit_name").evaluate("e => e.removeAttribute('required')")
    page.locator("#leg-1-planned_exit").fill(f"{start}T01:00")
    page.locator("#leg-2-dangerous_goods").fill("UN0012 | Cartridges for weapons | 1.4S")
    page.locator("form.sd-wide-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    links = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"#unit_name", "#leg-1-planned_exit", "#leg-2-dangerous_goods"} <= set(links), links
    checked(page, "03-transit-form-errors", backend, language)
    page.locator("#unit_name").fill("US Army sustainment rail detachment")
    page.locator("#leg-1-planned_exit").fill(f"{start + timedelta(days=5)}T06:00")
    page.locator("#leg-2-dangerous_goods").fill("UN1202 | Diesel fuel | 3 | III")
    page.locator("#personnel_file").set_input_files(str(files["personnel"]))
    page.locator("#equipment_file").set_input_files(str(files["equipment"]))
    page.locator("form.sd-wide-form button[type=submit]").click()
    page.wait_for_url("**/edit")
    assert page.locator("#leg-3-state-select").input_value() == "UZB"
    checked(page, "04-transit-draft-with-checks", backend, language)
    transit_url = page.url.removesuffix("/edit")
    page.goto(transit_url)
    page.locator(f"form[action='{transit_url.split(server)[1]}/submit'] button").click()
    page.wait_for_load_state()
    assert page.locator("#case-status strong.submitted").count() == 1
    checked(page, "05-transit-submitted", backend, language)

    for username in ("lva.approver", "rus.approver", "kaz.approver", "uzb.approver"):
        approver = sign_in(browser, server, username, language)
        assert transit_url.split("/")[-1] in approver.content() or "TR-USA-" in approver.content()
        if username == "rus.approver":
            checked(approver, "06-my-work-approver", backend, language)
        approver.goto(transit_url)
        if username == "rus.approver":
            # With the keyboard alone: the radio for "approved with conditions", the note, the button.
            approver.locator("#decision-approved_with_conditions").focus()
            approver.keyboard.press("Space")
            approver.keyboard.press("Tab")
            while approver.evaluate("document.activeElement.id") != "note":
                approver.keyboard.press("Tab")
            approver.keyboard.type("Escort from Sebezh")
            approver.keyboard.press("Tab")
            approver.keyboard.press("Enter")
        else:
            tick(approver, "decision-approved")
            approver.locator("form[hx-post] button[type=submit]").click()
        # htmx swapped the decisions in, and out of band the status, the route and the timeline.
        approver.locator(f"#decisions tr[data-state='{username[:3].upper()}'] strong.usa-tag").wait_for()
        approver.locator("#decisions .usa-alert--success").wait_for()
        if username == "rus.approver":
            checked(approver, "07-transit-decided-by-russia", backend, language)
        approver.context.close()

    page.goto(transit_url)
    assert page.locator("#case-status strong.permitted").count() == 1
    checked(page, "08-transit-permitted-with-route-map", backend, language)
    with page.expect_download() as download:
        page.locator("a[href$='/movement-order.pdf']").click()
    saved = download.value.path()
    assert saved is not None and Path(saved).read_bytes().startswith(b"%PDF")
    map_ok = page.evaluate(
        "() => { const i = document.querySelector('figure.map img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert map_ok, "the route map did not load"
    page.goto(f"/search?q={ROUTE[1][1]}")
    assert transit_url.split(server)[1] in page.content()
    checked(page, "09-search", backend, language)
    page.goto(f"{transit_url}/close?step=cancel")
    checked(page, "10-confirm-cancel", backend, language)

    outsider = sign_in(browser, server, "deu.observer", language)
    response = outsider.goto(transit_url)
    assert response is not None and response.status == 404
    outsider.context.close()
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_planner_hosts_an_exercise_and_another_state_accepts(server: str, browser: Any, request: pytest.FixtureRequest,
                                                                language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    planner = sign_in(browser, server, "deu.planner", language)
    planner.goto("/exercises")
    area = f"GR{LANGUAGES.index(language)}"
    planner.locator("#area-code").fill(area)
    planner.locator("#area-name").fill("Grafenwoehr Training Area")
    planner.locator("#area-capacity").fill("5000")
    planner.locator("form[action='/exercises/areas'] button").click()
    planner.wait_for_load_state()
    checked(planner, "11-exercises", backend, language)
    planner.goto("/exercises/new")
    name = f"COMBINED RESOLVE 2027 {language.upper()}"
    planner.locator("#name").fill(name)
    planner.locator("#starts_on").fill("2027-06-07")
    planner.locator("#ends_on").fill("2027-06-18")
    planner.locator("#b-0-area").select_option(area)
    planner.locator("#b-0-first_day").fill("2027-06-07")
    planner.locator("#b-0-last_day").fill("2027-06-18")
    planner.locator("#b-0-planned_persons").fill("1200")
    checked(planner, "12-exercise-plan", backend, language)
    planner.locator("form.sd-wide-form button[type=submit]").click()
    planner.wait_for_url("**/exercises/*")
    exercise_url = planner.url

    approver = sign_in(browser, server, "deu.approver", language)
    approver.goto(exercise_url)
    approver.locator("form[action$='/step'] button").first.click()
    approver.wait_for_load_state()
    approver.context.close()

    planner.reload()
    choose_state(planner, "invite-0", "POL")
    planner.locator("form[action$='/invite'] button[type=submit]").click()
    planner.wait_for_load_state()
    assert planner.locator("tr[data-state='POL'] strong.invited").count() == 1

    poland = sign_in(browser, server, "pol.planner", language)
    assert name in poland.content()  # the invitation is on the planner's page of work
    poland.goto(exercise_url)
    tick(poland, "answer-accepted")
    poland.locator("form[action$='/respond'] button").click()
    poland.wait_for_load_state()
    assert poland.locator("tr[data-state='POL'] strong.accepted").count() == 1
    checked(poland, "13-exercise-accepted-by-poland", backend, language)
    poland.context.close()

    russia = sign_in(browser, server, "rus.planner", language)
    response = russia.goto(exercise_url)
    assert response is not None and response.status == 404
    russia.context.close()
    planner.reload()
    checked(planner, "14-exercise-host-view", backend, language)
    planner.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_by_keyboard_and_the_registry_and_law_pages(server: str, browser: Any, request: pytest.FixtureRequest,
                                                            language: str) -> None:  # fmt: skip
    backend = one_walk_per_language(request, language)
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, locale=language)
    page = watched(context.new_page())
    page.goto(f"/language/{language}?next=/sign-in")
    checked(page, "00-sign-in", backend, language)
    page.keyboard.press("Tab")  # the skip link comes first
    while page.evaluate("document.activeElement.id") != "username":
        page.keyboard.press("Tab")
    page.keyboard.type("rus.approver")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/")
    page.goto("/registry?sending=USA&receiving=RUS&on=2010-01-01")
    assert page.locator("#answer-h .yes").count() == 1
    checked(page, "15-registry-answer-and-chart", backend, language)
    page.goto("/registry/map?agreement=nato-sofa&on=2005-01-01")
    map_ok = page.evaluate(
        "() => { const i = document.querySelector('figure.map img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert map_ok, "the registry map did not load"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    checked(page, "16-registry-map-and-timeline", backend, language)
    page.goto("/registry/states/RUS")
    checked(page, "17-registry-state", backend, language)
    page.goto("/law")
    checked(page, "18-law-articles", backend, language)
    page.goto("/law/decide/claim-share")
    page.locator("#f-receiving_state").fill("DEU")
    page.locator("#f-amount").fill("1000.01")
    page.locator("#f-currency").fill("EUR")
    page.locator("#f-basis").select_option("attributable")
    page.locator("#f-responsible_states").fill("USA\nPOL")
    page.locator("form[action='/law/decide/claim-share'] button").click()
    page.locator("#answer-h").wait_for()
    assert {"en": "400.01", "fr": "400,01", "ru": "400,01"}[language] in page.content()
    checked(page, "19-law-claim-share-answer", backend, language)
    page.goto("/law/decide/jurisdiction")
    page.locator("#f-sending_state").fill("USA")
    page.locator("form[action='/law/decide/jurisdiction'] button").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#error-summary li").count() >= 2  # every missing fact listed at once
    checked(page, "20-law-jurisdiction-errors", backend, language)
    page.goto("/law/cases/art_07/jurisdiction/0")
    checked(page, "21-law-case", backend, language)
    page.goto("/decisions")
    checked(page, "22-decisions-to-take", backend, language)
    page.goto("/inbox")
    checked(page, "23-inbox", backend, language)
    context.close()


def test_the_longest_texts_allowed_wrap_instead_of_widening_the_page(server: str, browser: Any) -> None:
    content = riga_termez(date.today() + timedelta(days=60))
    content["unit"]["name"] = "W" * 200  # the longest unit name accepted, without a space to break at
    for leg in content["legs"]:
        leg["entry_point"] = leg["exit_point"] = "Z" * 200
    auth = {"Authorization": f"Bearer {TOKENS[server]['usa.requester']}"}
    created = httpx.post(f"{server}/api/v1/transits", json=content, headers=auth, timeout=30)
    assert created.status_code == 201, created.text
    too_long = {**content, "unit": {"name": "W" * 3000, "regularly_constituted": True}}
    refused = httpx.post(f"{server}/api/v1/transits", json=too_long, headers=auth, timeout=30)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit.name"
    page = sign_in(browser, server, "usa.requester")
    for path in (f"/transits/{created.json()['id']}", "/transits", "/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
    page.context.close()


def test_the_pages_work_without_javascript(server: str, browser: Any) -> None:
    """Progressive enhancement: with script off, States are chosen in a plain list and blank leg rows stand in
    for "add a leg"."""
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sign-in")
    page.locator("#username").fill("usa.requester")
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/sign-in'] button[type=submit]").click()
    page.goto("/transits/new")
    page.locator("#leg-0-state").select_option("LVA")
    assert page.locator("#leg-1-state").count() == 1 and page.locator("[data-add-row]").is_hidden()
    context.close()


def test_the_api_documentation_works_offline_under_the_policy(server: str, browser: Any) -> None:
    page = watched(browser.new_context(base_url=server).new_page())
    page.goto("/docs")
    page.get_by_text("/api/v1/transits/{transit_id}/decisions").first.wait_for(timeout=30000)
    page.context.close()

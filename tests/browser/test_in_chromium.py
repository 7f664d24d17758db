"""The web interface in a real browser: Debian's chromium driven by Playwright against a server on 127.0.0.1,
on SQLite and PostgreSQL.  A requester files Riga - Termez through the form, the approvers of the States
crossed decide it, the requester sees it permitted and downloads the movement order; a planner hosts an
exercise and another State accepts; a State not concerned cannot open either case by URL.  The sign-in works
from the keyboard alone.  Screenshots of the main pages go to build/screenshots (ignored by git), so running
the tests never changes the working copy; to refresh the committed ones linked from the README, run the browser
tests with SOFADESK_SCREENSHOTS=docs/screenshots."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from sofadesk.cases.transit.demo_data import PASSWORD, riga_termez
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.servers import live_server

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).parents[2]
SHOTS = ROOT / os.environ.get("SOFADESK_SCREENSHOTS", "build/screenshots")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (CI installs it)"
)

PERSONNEL = (
    "full_name,category,date_of_birth,rank,service,service_number,identity_card_number,photo_on_identity_card\n"
    + "".join(
        f"Soldier {n:03d},member_of_force,1990-01-01,SGT,US Army,A{n:07d},ID{n:06d},yes\n"
        for n in range(1, 13)
    )
    + "Civilian 1,civilian_component,,,,,,\n"
)
EQUIPMENT = (
    "description,kind,quantity\nRations,provisions_and_supplies,40\nRecovery vehicles,force_equipment,4\n"
)
ROUTE = (("LVA", "Riga Freeport", "Zilupe", 0, 1), ("RUS", "Sebezh", "Ozinki", 1, 5),
         ("KAZ", "Ozinki", "Saryagash", 5, 9), ("UZB", "Keles", "Termez", 9, 11))  # fmt: skip


TOKENS: dict[str, dict[str, str]] = {}


@pytest.fixture(params=BACKENDS, scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[str]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("browser"), pg_schema_factory)
    TOKENS[url] = demo_database(url)
    with live_server(url) as base:
        TOKENS[base] = TOKENS[url]
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("manifests")
    (folder / "personnel.csv").write_text(PERSONNEL)
    (folder / "equipment.csv").write_text(EQUIPMENT)
    return {"personnel": folder / "personnel.csv", "equipment": folder / "equipment.csv"}


def _shot(page: Any, name: str, backend_url: str) -> None:
    # One set of screenshots is enough: the SQLite run's (its address is a temporary file, PostgreSQL's a schema).
    if "sqlite" in backend_url:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# Every message the browser logs about a refused resource or script: the pages carry a strict
# Content-Security-Policy, and nothing they need may fall foul of it.
POLICY_VIOLATIONS: list[str] = []


def watched(page: Any) -> Any:
    page.on("console", lambda m: POLICY_VIOLATIONS.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)  # fmt: skip
    return page


def sign_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(
        base_url=base, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    page = watched(context.new_page())
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page


def test_riga_termez_is_filed_decided_and_its_movement_order_downloaded(
    server: str, browser: Any, files: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    backend = request.node.callspec.params["server"]
    page = sign_in(browser, server, "usa.requester")
    _shot(page, "01-dashboard-requester", backend)
    page.get_by_role("link", name="New transit request").first.click()
    page.get_by_label("Unit", exact=True).fill("US Army sustainment rail detachment")
    page.get_by_label("Customs certificate (Form 302) deposited for the equipment").check()
    start = date.today() + timedelta(days=40)
    for i, (state, entry, exit_, d0, d1) in enumerate(ROUTE):
        page.locator(f"#leg-{i}-state").select_option(state)
        page.locator(f"#leg-{i}-entry_point").fill(entry)
        page.locator(f"#leg-{i}-exit_point").fill(exit_)
        page.locator(f"#leg-{i}-planned_entry").fill(f"{start + timedelta(days=d0)}T08:00")
        page.locator(f"#leg-{i}-planned_exit").fill(f"{start + timedelta(days=d1)}T06:00")
        page.locator(f"input[name='leg-{i}-customs']").check()
        page.locator(f"#leg-{i}-dangerous_goods").fill("UN1202 | Diesel fuel | 3 | III")
        if i == 1:  # two blank rows are offered; save to get more
            page.get_by_role("button", name="Save draft").click()
            page.wait_for_url("**/edit")
    page.get_by_label("Personnel", exact=True).set_input_files(str(files["personnel"]))
    page.get_by_label("Equipment", exact=True).set_input_files(str(files["equipment"]))
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit")
    assert page.locator("#leg-3-state").input_value() == "UZB"
    assert "13 on the request" in page.content()
    _shot(page, "02-transit-form-with-checks", backend)
    page.get_by_role("link", name="Back to the case").click()
    transit_url = page.url
    page.get_by_role("button", name="Submit to the States crossed").click()
    page.wait_for_load_state()
    assert page.locator("strong.submitted").count() == 1

    for username in ("lva.approver", "rus.approver", "kaz.approver", "uzb.approver"):
        approver = sign_in(browser, server, username)
        assert "TR-USA-" in approver.content()  # on the dashboard, to decide
        approver.goto(transit_url)
        approver.get_by_label("approved", exact=True).check()
        approver.get_by_role("button", name="Record the decision").click()
        approver.get_by_text("Decision recorded.").wait_for()  # htmx swapped the decisions in place
        if username == "rus.approver":
            _shot(approver, "03-transit-decided-by-russia", backend)
        approver.context.close()

    page.goto(transit_url)
    assert page.locator("strong.permitted").count() == 1
    _shot(page, "04-transit-permitted-with-route-map", backend)
    with page.expect_download() as download:
        page.get_by_role("link", name="Collective movement order (PDF, NATO SOFA Art. III(2)(b))").click()
    saved = download.value.path()
    assert saved is not None and Path(saved).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith("-movement-order.pdf")
    map_ok = page.evaluate(
        "() => { const i = document.querySelector('figure.map img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert map_ok, "the route map did not load"

    outsider = sign_in(browser, server, "deu.observer")
    response = outsider.goto(transit_url)
    assert response is not None and response.status == 404
    assert outsider.locator("h1").inner_text() == "Not available" and "no transit" in outsider.content()
    outsider.context.close()
    page.context.close()


def test_a_planner_hosts_an_exercise_and_another_state_accepts(
    server: str, browser: Any, request: pytest.FixtureRequest
) -> None:
    backend = request.node.callspec.params["server"]
    planner = sign_in(browser, server, "deu.planner")
    planner.goto("/exercises")
    planner.get_by_label("Code").fill("GRF")
    planner.get_by_label("Name").fill("Grafenwoehr Training Area")
    planner.get_by_label("Capacity (persons)").fill("5000")
    planner.get_by_role("button", name="Save").click()
    planner.get_by_role("link", name="Plan an exercise").first.click()
    planner.get_by_label("Name").fill("COMBINED RESOLVE 2027")
    planner.get_by_label("First day").fill("2027-06-07")
    planner.get_by_label("Last day").fill("2027-06-18")
    planner.locator("#b-0-area").select_option("GRF")
    planner.locator("#b-0-first_day").fill("2027-06-07")
    planner.locator("#b-0-last_day").fill("2027-06-18")
    planner.locator("#b-0-planned_persons").fill("1200")
    planner.get_by_role("button", name="Save the plan").click()
    planner.wait_for_url("**/exercises/*")
    exercise_url = planner.url

    approver = sign_in(browser, server, "deu.approver")
    approver.goto(exercise_url)
    approver.get_by_role("button", name="Approve the plan").click()
    approver.wait_for_load_state()
    approver.context.close()

    planner.reload()
    planner.get_by_label("Invite States (codes, comma-separated)").fill("POL")
    planner.get_by_role("button", name="Invite", exact=True).click()
    planner.wait_for_load_state()
    assert "invited" in planner.content()

    poland = sign_in(browser, server, "pol.planner")
    assert "COMBINED RESOLVE 2027" in poland.content()  # invitation waiting on the dashboard
    poland.goto(exercise_url)
    poland.get_by_label("accepted").check()
    poland.get_by_role("button", name="Send the answer").click()
    poland.wait_for_load_state()
    assert poland.locator("#part-h").inner_text().endswith("accepted")
    _shot(poland, "05-exercise-accepted-by-poland", backend)
    poland.context.close()

    russia = sign_in(browser, server, "rus.planner")
    response = russia.goto(exercise_url)
    assert response is not None and response.status == 404
    russia.context.close()
    _shot(planner, "06-exercise-host-view", backend)
    planner.context.close()


def test_sign_in_by_keyboard_and_the_registry_and_law_pages(
    server: str, browser: Any, request: pytest.FixtureRequest
) -> None:
    backend = request.node.callspec.params["server"]
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = watched(context.new_page())
    page.goto("/sign-in")
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
    _shot(page, "07-registry-answer-and-chart", backend)
    page.goto("/registry/map?agreement=nato-sofa&on=2005-01-01")
    map_ok = page.evaluate(
        "() => { const i = document.querySelector('figure.map img'); return i.complete && i.naturalWidth > 0; }"
    )
    assert map_ok, "the registry map did not load"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    _shot(page, "07b-registry-map-and-timeline", backend)
    page.goto("/law/decide/claim-share")
    page.get_by_label("Receiving State").fill("DEU")
    page.get_by_label("Amount").fill("1000.01")
    page.get_by_label("Currency").fill("EUR")
    page.get_by_label("Basis").select_option("attributable")
    page.get_by_label("Responsible States").fill("USA\nPOL")
    page.get_by_role("button", name="Decide").click()
    page.locator("#answer-h").wait_for()
    assert "400.01" in page.content()
    _shot(page, "08-law-claim-share-answer", backend)
    page.goto("/language/ru?next=/transits")
    assert page.locator("h1").inner_text() == "Транзиты"
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


def test_the_api_documentation_works_offline_under_the_policy(server: str, browser: Any) -> None:
    page = watched(browser.new_context(base_url=server).new_page())
    page.goto("/docs")
    page.get_by_text("/api/v1/transits/{transit_id}/decisions").first.wait_for(timeout=15000)
    page.context.close()


def test_no_page_broke_the_content_security_policy() -> None:
    """Runs after the journeys above: the browser logged no refusal under the pages' policy."""
    assert POLICY_VIOLATIONS == []


def _tracked_changes() -> str:
    """What git sees changed under docs/, where screenshots used to be written (empty outside a checkout)."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "docs"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)  # fmt: skip
    except OSError:
        return ""
    return done.stdout if done.returncode == 0 else ""


CHANGES_BEFORE = _tracked_changes()


def test_the_browser_tests_leave_the_working_copy_as_they_found_it() -> None:
    """Runs after the journeys above (pytest keeps the file's order): their screenshots changed no tracked file."""
    assert _tracked_changes() == CHANGES_BEFORE

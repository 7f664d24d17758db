"""What the browser tests share: the demo's manifests, signing in, the design system's controls, and the checks
every page they open goes through (axe-core, the Content-Security-Policy, a screenshot).  The verdicts are given
after each test by the fixtures in conftest.py."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from sofadesk.cases.transit.demo_data import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).parents[2]
SHOTS = ROOT / os.environ.get("SOFADESK_SCREENSHOTS", "build/screenshots")

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
LANGUAGES = ("en", "fr", "ru")
TOKENS: dict[str, dict[str, str]] = {}
AXE = Axe()
# Every serious or critical axe violation, by page: the test that walks the pages fails on any.
A11Y: dict[str, list[str]] = {}
# Every message the browser logs about a refused resource or script: the pages carry a strict
# Content-Security-Policy, and nothing they need may fall foul of it.
POLICY_VIOLATIONS: list[str] = []


def one_walk_per_language(request: pytest.FixtureRequest, language: str) -> str:
    """Each journey is walked once in each language, every walk on one of the two databases: English on
    PostgreSQL, French and Russian on SQLite.  The pages do not depend on the database and the steps are the
    same in every language, so each database runs every step of every journey, and no language is walked
    twice.  Without a PostgreSQL to test against (a local run), SQLite walks English too."""
    backend = str(request.node.callspec.params["server"])
    english_on_postgresql = bool(os.environ.get("SOFADESK_TEST_DATABASE_URL"))
    if "postgresql" in backend and language != "en":
        pytest.skip("French and Russian are walked on SQLite; PostgreSQL walks the journeys in English")
    if "sqlite" in backend and language == "en" and english_on_postgresql:
        pytest.skip("English is walked on PostgreSQL; SQLite walks the journeys in French and Russian")
    return backend


def shot(page: Any, name: str, backend: str, language: str) -> None:
    # One walk per language (one_walk_per_language), so one screenshot of each page in each language.
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)


def checked(page: Any, name: str, backend: str, language: str) -> None:
    """axe-core on the page as it is now (serious and critical violations recorded), then its screenshot."""
    page.wait_for_load_state()
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                     "resultTypes": ["violations"]})  # fmt: skip
    bad = [f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]  # fmt: skip
    if bad:
        A11Y[f"{language} {page.url}"] = bad
    shot(page, name, backend, language)


def watched(page: Any) -> Any:
    page.on("console", lambda m: POLICY_VIOLATIONS.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)  # fmt: skip
    return page


def sign_in(browser: Any, base: str, username: str, language: str = "en") -> Any:
    context = browser.new_context(
        base_url=base, accept_downloads=True, viewport={"width": 1280, "height": 900}, locale=language
    )
    page = watched(context.new_page())
    page.goto(f"/language/{language}?next=/sign-in")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/sign-in'] button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def tick(page: Any, field: str) -> None:
    """A radio button or checkbox of the design system, by its label (the input itself is drawn by CSS)."""
    page.locator(f"label[for='{field}']").click()


def choose_state(page: Any, field: str, code: str) -> None:
    """The State autocomplete: type its code (or a part of its name), pick the match with the keyboard."""
    box = page.locator(f"#{field}")
    box.fill(code.lower())
    page.locator(f"#{field}-listbox li").first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator(f"#{field}-select").input_value() == code


def tracked_changes() -> str:
    """What git sees changed under docs/, where screenshots used to be written (empty outside a checkout)."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "docs"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30)  # fmt: skip
    except OSError:
        return ""
    return done.stdout if done.returncode == 0 else ""

"""Fixtures of the browser tests: a live server per test module on each database, one chromium per module,
the manifests a journey uploads, and the checks every journey's pages must pass (made after each test, so that a
failure names the journey and the tests may run in any order or worker)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import helpers
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.servers import live_server


@pytest.fixture(params=BACKENDS, scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[str]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("browser"), pg_schema_factory)
    helpers.TOKENS[url] = demo_database(url)
    with live_server(url) as base:
        helpers.TOKENS[base] = helpers.TOKENS[url]
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(helpers.CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("manifests")
    (folder / "personnel.csv").write_text(helpers.PERSONNEL)
    (folder / "equipment.csv").write_text(helpers.EQUIPMENT)
    return {"personnel": folder / "personnel.csv", "equipment": folder / "equipment.csv"}


@pytest.fixture(autouse=True)
def pages_pass_their_checks() -> Iterator[None]:
    """After each journey: axe-core found no serious or critical WCAG 2.1 A/AA violation on a page it opened (in
    any language), and the browser logged no refusal under the pages' Content-Security-Policy."""
    helpers.A11Y.clear()
    helpers.POLICY_VIOLATIONS.clear()
    yield
    assert helpers.A11Y == {}, "accessibility violations"
    assert helpers.POLICY_VIOLATIONS == [], "refused under the Content-Security-Policy"


@pytest.fixture(autouse=True, scope="session")
def working_copy_left_as_found() -> Iterator[None]:
    """After the browser tests: their screenshots changed no tracked file."""
    before = helpers.tracked_changes()
    yield
    if not os.environ.get("SOFADESK_SCREENSHOTS"):
        assert helpers.tracked_changes() == before, "a browser test changed a tracked file"

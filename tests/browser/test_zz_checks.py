"""Verdicts over every page the browser journeys opened (pytest runs this module after the others): no serious
accessibility violation, no refusal under the Content-Security-Policy, no tracked file changed."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python.sync_playwright")

from tests.browser.helpers import A11Y, CHANGES_BEFORE, CHROMIUM, POLICY_VIOLATIONS, tracked_changes

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (CI installs it)"
)


def test_no_page_has_a_serious_accessibility_violation() -> None:
    """After every journey: axe-core found no serious or critical WCAG 2.1 A/AA violation on any page
    they opened, in any language."""
    assert A11Y == {}


def test_no_page_broke_the_content_security_policy() -> None:
    """After every journey: the browser logged no refusal under the pages' policy."""
    assert POLICY_VIOLATIONS == []


def test_the_browser_tests_leave_the_working_copy_as_they_found_it() -> None:
    """After every journey: their screenshots changed no tracked file."""
    if os.environ.get("SOFADESK_SCREENSHOTS"):
        pytest.skip("screenshots are being refreshed on purpose")
    assert tracked_changes() == CHANGES_BEFORE

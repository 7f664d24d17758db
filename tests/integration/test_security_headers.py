"""Every response carries the security headers: no framing, no sniffing, scripts and styles from this server
only; the API documentation is served from vendored files (nothing from a CDN)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sofadesk.web.app import create_app
from tests.conftest import demo_database


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('headers') / 'h.db'}"
    demo_database(url)
    with TestClient(create_app(url)) as c:
        yield c


@pytest.mark.parametrize(
    "path",
    [
        "/sign-in",
        "/",
        "/api/v1/transits",
        "/static/sofadesk.css",
        "/docs",
        "/openapi.json",
        "/health",
        "/no-such-page",
    ],
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path, follow_redirects=False)
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_the_api_documentation_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "http" not in page.replace("http-equiv", "")  # no CDN, no absolute URL at all
    for asset in (
        "/static/swagger-ui-5.32.0-bundle.js",
        "/static/swagger-ui-5.32.0.css",
        "/static/api-docs.js",
    ):
        assert asset in page and client.get(asset).status_code == 200
    assert "<script>" not in page  # no inline script: the policy would refuse it


def test_no_template_has_inline_script_or_style() -> None:
    templates = Path(__file__).parents[2] / "src" / "sofadesk" / "ui" / "templates"
    for path in templates.glob("*.html"):  # documents/ are rendered to PDF, never served as pages
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and " style=" not in text and "<style" not in text, path.name
        assert not re.search(r"\son[a-z]+=", text), f"{path.name}: inline event handler"

"""Every free text has a bound, wherever it comes in: over it, a clear refusal naming the field (API 422, CLI
exit 2), never a stored text that breaks the pages or a database error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from sofadesk.web.app import create_app
from tests.conftest import demo_database


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('limits') / 't.db'}"
    tokens = demo_database(url)
    with TestClient(create_app(url)) as client:
        yield client, tokens


def test_a_notice_rule_restriction_over_its_bound_is_refused(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    body = {"lead_time_working_days": 5, "restrictions": [{"code": "text", "text": "x" * 1001}]}
    r = client.put(
        "/api/v1/states/RUS/notice-rule",
        json=body,
        headers={"Authorization": f"Bearer {tokens['rus.admin']}"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("restrictions.0")
    body["restrictions"] = [{"code": "text", "text": "x" * 1000}]
    r = client.put(
        "/api/v1/states/RUS/notice-rule",
        json=body,
        headers={"Authorization": f"Bearer {tokens['rus.admin']}"},
    )
    assert r.status_code == 200, r.text


def test_a_display_name_over_its_bound_is_refused_by_the_cli(run_cli: Any) -> None:
    r = run_cli("users", "add", "lva.clerk", "--state", "LVA", "--role", "observer", "--name", "N" * 201)
    assert r.exit_code == 2 and "display_name: at most 200 characters" in r.stderr


def test_a_law_facts_text_over_its_bound_is_refused(run_cli: Any, tmp_path: Path) -> None:
    facts = yaml.safe_load(
        (Path(__file__).parents[2] / "examples" / "facts" / "jurisdiction--convoy.yaml").read_text()
    )
    facts["offence"]["description"] = "d" * 4001
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(facts))
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(path))
    assert r.exit_code == 2 and "offence.description" in r.stderr and "4000" in r.stderr

"""The audit verification tells each State about its own events only: how many of the events of its cases
and officials verified, and where the chain broke only if that event is one it may see (API and page).
On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from sofadesk.audit.models import AuditEventRow
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.db.engine import make_engine
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url


@pytest.fixture(params=BACKENDS, scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[dict[str, Any]]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("audit"), pg_schema_factory)
    tokens = demo_database(url)
    with TestClient(create_app(url)) as client:
        yield {"url": url, "tokens": tokens, "client": client}


def _verify(site: dict[str, Any], who: str) -> dict[str, Any]:
    r = site["client"].get("/api/v1/audit/verify", headers={"Authorization": f"Bearer {site['tokens'][who]}"})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _file_transit(site: dict[str, Any]) -> int:
    r = site["client"].post("/api/v1/transits", json=riga_termez(date.today() + timedelta(days=40)),
                            headers={"Authorization": f"Bearer {site['tokens']['usa.requester']}"})  # fmt: skip
    assert r.status_code == 201
    return int(r.json()["id"])


def test_a_state_counts_only_the_events_it_may_see(site: dict[str, Any]) -> None:
    engine = make_engine(site["url"])
    with engine.connect() as conn:
        total_before = conn.execute(select(func.count()).select_from(AuditEventRow)).scalar_one()
    german = _verify(site, "deu.observer")
    american = _verify(site, "usa.requester")
    assert german["intact"] and american["intact"]
    assert (
        german["events"] < total_before
    )  # not the chain's length: the other States' user events are not its
    _file_transit(site)  # the United States' case, which Germany is not concerned by
    assert _verify(site, "deu.observer")["events"] == german["events"]
    assert _verify(site, "usa.requester")["events"] == american["events"] + 1
    engine.dispose()


def test_a_break_at_an_event_a_state_may_not_see_is_reported_without_naming_it(site: dict[str, Any]) -> None:
    transit_id = _file_transit(site)
    engine = make_engine(site["url"])
    with engine.begin() as conn:
        event, original = conn.execute(
            text("SELECT id, details FROM audit_events WHERE target_type = 'transit' AND target_id = :t"),
            {"t": str(transit_id)},
        ).one()
        conn.execute(text("UPDATE audit_events SET details = '{}' WHERE id = :e"), {"e": event})
    try:
        german = _verify(site, "deu.observer")
        assert not german["intact"] and german["first_broken"] is None
        assert german["problem"] == "the chain is broken at an event your State may not see"
        american = _verify(site, "usa.requester")
        assert not american["intact"] and american["first_broken"] == event
    finally:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_events SET details = :d WHERE id = :e"), {"d": original, "e": event}
            )
        engine.dispose()
    assert _verify(site, "deu.observer")["intact"]

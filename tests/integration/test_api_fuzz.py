"""An OpenAPI fuzz run (schemathesis) against the app: no generated request may cause a 5xx.

Bounded: a fixed number of examples per operation, authenticated as a requester with a real transit (transit
paths) or the host's planner with a real exercise (exercise paths) in the database, so that deeper paths are
reached.  Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from sofadesk.cases.exercise.demo_data import seed_exercise_demo
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

TOKENS: dict[str, str] = {}


@pytest.fixture(params=BACKENDS, scope="module")
def api_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Any]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("fuzz"), pg_schema_factory)
    TOKENS.update(demo_database(url))
    app = create_app(url)
    with TestClient(app) as client:
        r = client.post("/api/v1/transits", json=riga_termez(date.today() + timedelta(days=30)),
                        headers={"Authorization": f"Bearer {TOKENS['usa.requester']}"})  # fmt: skip
        assert r.status_code == 201
        engine = make_engine(url)
        with session_factory(engine)() as session, session.begin():
            seed_exercise_demo(session)
        engine.dispose()
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_generated_request_causes_a_server_error(api_schema: Any) -> None:
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        who = (
            "deu.planner" if "exercise" in operation.path or "training" in operation.path else "usa.requester"
        )
        headers = {"Authorization": f"Bearer {TOKENS[who]}"}

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def check(case: Any) -> None:
            response = case.call(headers=headers)  # noqa: B023 - runs within this iteration
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
                )

        check()
    assert operations >= 45
    assert not failures, "\n".join(failures[:10])

"""An OpenAPI fuzz run (schemathesis) against the app: requests generated from the schema, valid and invalid,
checked by every schemathesis check: no 5xx, only documented status codes, content types and headers, responses
that match their schemas, invalid requests refused, a 405 that names the allowed methods.  (Not checked: that a
schema-valid request is accepted, since the rules refuse much that the schema cannot express, e.g. a leg that
leaves before it enters.)

Bounded: a fixed number of examples per operation, claims' and incidents' operations left to their own fuzz
files, authenticated as a requester with a real transit (transit
paths) or the host's planner with a real exercise (exercise paths) in the database, so that deeper paths are
reached.  Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from sofadesk.cases.exercise.demo_data import seed_exercise_demo
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

TOKENS: dict[str, str] = {}
# Examples per operation: a bounded run in the suite; SOFADESK_FUZZ_EXAMPLES=300 for a long one.
EXAMPLES = int(os.environ.get("SOFADESK_FUZZ_EXAMPLES", "25"))


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


def fuzzed_elsewhere(path: str) -> bool:
    """Claims' and incidents' operations: fuzzed by test_claim_api_fuzz.py and test_incident_fuzz.py as the
    officials who may use them, which reaches deeper than a requester's refusals would (and costs half this
    run's time when done twice)."""
    return "claim" in path or "incident" in path or "trial-observers" in path


def test_the_api_does_what_its_schema_says(api_schema: Any) -> None:
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if fuzzed_elsewhere(operation.path):
            continue
        operations += 1
        who = (
            "deu.planner" if "exercise" in operation.path or "training" in operation.path else "usa.requester"
        )
        headers = {"Authorization": f"Bearer {TOKENS[who]}"}

        @given(
            case=st.one_of(
                operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
            )
        )
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])  # noqa: B023

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # each operation's failures, reported together below
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:3000]}")
    assert operations >= 45
    assert not failures, "\n\n".join(failures)

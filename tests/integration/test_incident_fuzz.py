"""The incident operations fuzzed from the OpenAPI schema (schemathesis), valid and invalid requests, as a legal
adviser of a State concerned by the demo's incidents (the suite-wide fuzz test acts as a requester, whom these
operations mostly refuse), so that the steps themselves are reached: no 5xx, only documented answers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import issue_token
from sofadesk.cases.incident.demo_data import seed_incident_demo
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

TOKENS: dict[str, str] = {}
EXAMPLES = int(os.environ.get("SOFADESK_FUZZ_EXAMPLES", "12"))


@pytest.fixture(params=BACKENDS, scope="module")
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               pg_schema_factory: object) -> Iterator[Any]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("incident-fuzz"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_incident_demo(session, InForceEngine(load_registry(session.connection())))
        from sqlalchemy import select

        for name in ("deu.legal", "deu.admin"):
            TOKENS[name] = issue_token(
                session, session.execute(select(UserRow).where(UserRow.username == name)).scalar_one()
            )
    engine.dispose()
    app = create_app(url)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_incident_operations_do_what_the_schema_says(api_schema: Any) -> None:
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if not any(word in operation.path for word in ("incident", "trial-observers")):
            continue
        operations += 1
        who = (
            "deu.admin"
            if any(w in operation.path for w in ("settings", "practices", "observers", "purge"))
            else "deu.legal"
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
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:3000]}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)

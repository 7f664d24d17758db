"""The claims API under an OpenAPI fuzz run (schemathesis), as the German claims office on a database holding the
demo's claims, so that the steps reach real cases: no 5xx, only documented status codes and content types,
responses matching their schemas, invalid requests refused.  On SQLite and PostgreSQL."""

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

from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

EXAMPLES = int(os.environ.get("SOFADESK_FUZZ_EXAMPLES", "15"))
TOKENS: dict[str, str] = {}


@pytest.fixture(params=BACKENDS, scope="module")
def claims_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[Any]:
    from sqlalchemy import select

    from sofadesk.accounts.models import UserRow
    from sofadesk.accounts.service import issue_token
    from sofadesk.cases.claim.demo_data import seed_claims_demo
    from sofadesk.cli.cases import engine_from
    from sofadesk.db.engine import make_engine, session_factory

    url = fresh_url(request.param, tmp_path_factory.mktemp("claims-fuzz"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        seed_claims_demo(session, engine_from(session))
        for name in ("deu.claims", "deu.admin"):
            user = session.execute(select(UserRow).where(UserRow.username == name)).scalar_one()
            TOKENS[name] = issue_token(session, user, "fuzz")
    engine.dispose()
    app = create_app(url)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_claims_api_does_what_its_schema_says(claims_schema: Any) -> None:
    failures: list[str] = []
    operations = 0
    for result in claims_schema.get_all_operations():
        operation = result.ok()
        if "claim" not in operation.path:
            continue
        operations += 1
        who = "deu.admin" if "claim-config" in operation.path else "deu.claims"
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
    assert operations >= 45
    assert not failures, "\n\n".join(failures)

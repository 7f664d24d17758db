"""Reading one case costs the same however many cases its State takes part in (PostgreSQL's plans).

The visibility rule (owned by the State, or the State is concerned) was an EXISTS on the party records OR-ed
with the owner test; PostgreSQL turns such an EXISTS into a hashed subplan built from every party record of the
State, so each case read and each decision's lock walked all of them (6-13 ms at 8,000 transits against
0.16 ms, and a decision rate half the pre-engine one: benchmarks/pair_transit.py).  These tests read the plans
PostgreSQL chooses for the API's case read, a step's locked load and the list's first page, and fail if any
of them builds a hash over the State's party records again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import acting_as
from sofadesk.cases.core.parties import visible_to_state
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.kind import KIND
from sofadesk.cases.transit.models import TransitRow
from sofadesk.cases.transit.queries import _CURRENT_CASE
from sofadesk.cases.transit.schemas import TransitContent
from tests.conftest import demo_sessions, fresh_url, submitted_transit


@pytest.fixture(scope="module")
def sessions(
    tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[sessionmaker[Session]]:
    url = fresh_url("postgresql", tmp_path_factory.mktemp("plan"), pg_schema_factory)
    engine, factory, inforce = demo_sessions(url)
    content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
    with factory() as session, session.begin():
        user = acting_as(session, "usa.requester")
        for _ in range(60):  # Riga - Termez concerns Latvia, Russia, Kazakhstan and Uzbekistan
            submitted_transit(session, user, content, inforce)
    with engine.connect() as conn:
        # This schema's tables only: a bare ANALYZE visits every schema of the database (every test's), and
        # with many of them runs out of lock slots.
        conn.exec_driver_sql("ANALYZE transits, case_parties, case_slots, case_revisions")
    yield factory
    engine.dispose()


def _plan(session: Session, query: Any, params: dict[str, Any] | None = None) -> str:
    compiled = query.compile(
        dialect=postgresql.psycopg.dialect(), compile_kwargs={"render_postcompile": True}
    )
    rows = session.connection().exec_driver_sql(
        "EXPLAIN " + str(compiled), {**compiled.params, **(params or {})}
    )
    return "\n".join(r[0] for r in rows)


def _some_transit(session: Session) -> int:
    return int(session.scalar(select(TransitRow.id).order_by(TransitRow.id.desc()).limit(1)) or 0)


def test_the_api_case_read_looks_up_the_party_record_by_key(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        plan = _plan(session, _CURRENT_CASE, {"transit_id": _some_transit(session), "state": "KAZ"})
    assert "hashed SubPlan" not in plan, plan
    assert "case_parties" in plan, plan  # the party record is still what makes Kazakhstan see it


def test_a_steps_locked_load_looks_up_the_party_record_by_key(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        query: Select[Any] = (
            select(TransitRow)
            .where(TransitRow.id == _some_transit(session), visible_to_state(KIND, "RUS"))
            .with_for_update(key_share=True)
        )
        plan = _plan(session, query)
    assert "hashed SubPlan" not in plan, plan


def test_the_list_walks_its_index_checking_each_case_it_meets(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        query = (
            select(TransitRow.id)
            .where(visible_to_state(KIND, "RUS"))
            .order_by(TransitRow.first_entry.desc(), TransitRow.id.desc())
            .limit(50)
        )
        plan = _plan(session, query)
    assert "hashed SubPlan" not in plan, plan


def test_visibility_still_answers_owner_concerned_and_stranger(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        case = _some_transit(session)

        def sees(state: str) -> bool:
            query = select(TransitRow.id).where(TransitRow.id == case, visible_to_state(KIND, state))
            return session.scalar(query) is not None

        assert sees("USA") and sees("RUS") and sees("UZB")  # owner; concerned States
        assert not sees("FRA")  # neither

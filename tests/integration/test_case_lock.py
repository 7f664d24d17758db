"""A step's lock on its case is as narrow as an UPDATE's (FOR NO KEY UPDATE on PostgreSQL): a second step on the
same case waits, a foreign-key check of a row referring to the case does not.  PostgreSQL only (SQLite locks
the whole database for a writer); skipped without it, and CI always sets it (tests/conftest.py)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import psycopg
import pytest

from sofadesk.accounts.service import acting_as
from sofadesk.cases.core.parties import load_visible
from sofadesk.cases.transit import service
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.kind import KIND
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine, session_factory
from tests.conftest import PG_ENV, demo_database


def test_a_step_locks_its_case_against_other_steps_but_not_against_rows_referring_to_it(
    pg_schema_factory: object,
) -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); CI always sets it")
    url = pg_schema_factory()  # type: ignore[operator]
    demo_database(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            user = acting_as(session, "usa.requester")
            content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
            case_id = service.create(session, user, content).id
        with session_factory(engine)() as session, session.begin():
            load_visible(session, KIND, acting_as(session, "usa.requester"), case_id, lock=True)
            schema = url.rsplit("%3D", 1)[1]
            with psycopg.connect(url.split("?")[0], autocommit=True) as other:
                other.execute(f'SET search_path TO "{schema}"')
                # What a foreign key check takes on the row it refers to: granted at once.
                found = other.execute(
                    f"SELECT id FROM transits WHERE id = {case_id} FOR KEY SHARE NOWAIT"
                ).fetchall()
                assert found == [(case_id,)]
                # Another step on the same case: refused while the first holds it.
                with pytest.raises(psycopg.errors.LockNotAvailable):
                    other.execute(f"SELECT id FROM transits WHERE id = {case_id} FOR NO KEY UPDATE NOWAIT")
    finally:
        engine.dispose()

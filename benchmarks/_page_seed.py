"""Seeding many cases fast for the page benchmark: a few cases go through the services (so that every row they
write is what SOFA Desk writes), then each is copied in bulk, in multi-row inserts of a few thousand rows, to
the number asked for, with its revision, the States concerned, the decisions it awaits and one audit event each
(chained by `append_many`, so the audit trail stays intact).  100,000 transits take tens of seconds, not the
hours the services one by one would."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

CHUNK = 5000


def _rows(session: Session, table: Table, **where: Any) -> list[dict[str, Any]]:
    query = select(table).where(*(table.c[k] == v for k, v in where.items()))
    return [dict(r._mapping) for r in session.execute(query)]


def _bulk(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    for n in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[n : n + CHUNK])


def _clone_cases(session: Session, kind: str, table: Table, templates: list[int], count: int,
                 shaped: Any, children: list[tuple[Table, str]]) -> list[int]:  # fmt: skip
    """`count` copies of the template cases (round robin), ids after the largest; `shaped(row, n)` changes a
    copy's own fields; `children`: (table, column naming the case) copied along, with the engine's rows."""
    from sofadesk.cases.core.models import CasePartyRow, CaseRevisionRow, CaseSlotRow

    base = session.execute(select(func.max(table.c.id))).scalar_one() or 0
    models = {t: _rows(session, table, id=t)[0] for t in templates}
    owned: dict[tuple[str, int], list[dict[str, Any]]] = {}
    shared = [(CaseRevisionRow.__table__, "case_id"), (CasePartyRow.__table__, "case_id"), (CaseSlotRow.__table__, "case_id")]  # fmt: skip
    for child, column in shared + children:
        for t in templates:
            where = {column: t, "kind": kind} if child in [s for s, _ in shared] else {column: t}
            owned[(child.name, t)] = _rows(session, child, **where)
    ids, cases = [], []
    plans: dict[str, list[dict[str, Any]]] = {child.name: [] for child, _ in shared + children}
    tables = {child.name: (child, column) for child, column in shared + children}
    for n in range(count):
        template, new_id = templates[n % len(templates)], base + 1 + n
        cases.append(shaped({**models[template], "id": new_id}, n))
        ids.append(new_id)
        for name, (child, column) in tables.items():
            for row in owned[(name, template)]:
                copy = {**row, column: new_id}
                if "id" in child.c and child.c.id.primary_key and child.c.id.autoincrement:
                    copy.pop("id")
                plans[name].append(copy)
        if len(cases) >= CHUNK:
            _flush(session, table, cases, plans, tables)
    _flush(session, table, cases, plans, tables)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Ids were given explicitly: the sequences must follow, or the next case made by the service collides.
        for t in [table] + [c for c, _ in shared + children]:
            if "id" in t.c:
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                                     f"(SELECT max(id) FROM {t.name}))"))  # fmt: skip
    return ids


def _flush(session: Session, table: Table, cases: list[dict[str, Any]], plans: dict[str, list[dict[str, Any]]],
           tables: dict[str, tuple[Table, str]]) -> None:  # fmt: skip
    _bulk(session, table, cases)
    cases.clear()
    for name, rows in plans.items():
        _bulk(session, tables[name][0], rows)
        rows.clear()


def _audit(session: Session, kind: str, ids: list[int]) -> None:
    from sofadesk.audit.chain import Actor
    from sofadesk.audit.writer import Entry, append_many

    actor = Actor(None, "bench", "USA")
    for n in range(0, len(ids), 20000):
        append_many(session, actor, f"{kind}.submitted", [Entry(kind, i, {}, []) for i in ids[n : n + 20000]])


def seed(url: str, cases: int, exercises: int) -> None:
    """The demo users, `cases` Riga - Termez transits (submitted; a third decided by Russia) and `exercises`
    exercises hosted by Germany with the United States and Poland invited (Poland's answer pending)."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.exercise import service as exercise_service
    from sofadesk.cases.exercise.demo_data import plan
    from sofadesk.cases.exercise.models import ExerciseRow, ParticipantRow
    from sofadesk.cases.exercise.schemas import ExercisePlan, ResponseBody, TrainingAreaBody
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.demo_data import riga_termez, seed_demo
    from sofadesk.cases.transit.models import TransitRow
    from sofadesk.cases.transit.schemas import DecisionBody, TransitContent
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.registry.inforce import InForceEngine
    from sofadesk.registry.store import load_registry

    set_up_database(url)
    engine = make_engine(url)
    start = date.today() + timedelta(days=30)
    with session_factory(engine)() as session, session.begin():
        seed_demo(session)
        inforce = InForceEngine(load_registry(session.connection()))
        user, russia = acting_as(session, "usa.requester"), acting_as(session, "rus.approver")
        templates = []
        for n in range(3):
            t = service.create(session, user, TransitContent.model_validate(riga_termez(start)))
            session.flush()
            service.submit(session, user, t.id, t.version, inforce)
            if n == 0:
                service.decide(session, russia, t.id, DecisionBody(decision="approved", version=1))
            templates.append(t.id)
        planner, approver = acting_as(session, "deu.planner"), acting_as(session, "deu.approver")
        us_planner = acting_as(session, "usa.planner")
        exercise_service.set_training_area(session, planner, "GRF", TrainingAreaBody(name="Grafenwoehr", capacity_persons=5000))  # fmt: skip
        x = exercise_service.create(session, planner, ExercisePlan.model_validate(
            plan("EXERCISE TEMPLATE", date(2027, 1, 4), date(2027, 1, 13))))  # fmt: skip
        session.flush()
        exercise_service.approve(session, approver, x.id, x.version)
        exercise_service.invite(session, planner, x.id, ["USA", "POL"], x.version)
        usa = next(
            p
            for p in exercise_service.read_visible(session, us_planner, x.id).participants
            if p.state == "USA"
        )
        assert usa.invitation is not None
        exercise_service.respond(session, us_planner, x.id, ResponseBody(answer="accepted", version=usa.invitation.version))  # fmt: skip

        def transit(row: dict[str, Any], n: int) -> dict[str, Any]:
            first = start + timedelta(days=n % 200)
            return {**row, "reference": f"TR-USA-B{n:07d}", "first_entry": first, "last_exit": first + timedelta(days=11)}  # fmt: skip

        def exercise(row: dict[str, Any], n: int) -> dict[str, Any]:
            first = date(2027, 1, 4) + timedelta(days=n % 700)
            return {**row, "reference": f"EX-DEU-B{n:07d}", "name": f"EXERCISE {n:07d}", "starts_on": first,
                    "ends_on": first + timedelta(days=9)}  # fmt: skip

        ids = _clone_cases(
            session, "transit", TransitRow.__table__, templates, cases - len(templates), transit, []
        )
        _audit(session, "transit", ids)
        ids = _clone_cases(session, "exercise", ExerciseRow.__table__, [x.id], max(exercises - 1, 0), exercise,
                           [(ParticipantRow.__table__, "exercise_id")])  # fmt: skip
        _audit(session, "exercise", ids)
    # As a database in service has them: the planner's statistics, and (PostgreSQL) the tables vacuumed, so that
    # their visibility maps allow index-only scans and the trigram indexes' pending entries are merged in.  Left
    # to autovacuum, that work ran during the measurements at 100,000 cases (one page twice as slow as the
    # next run).  This schema's tables only: a bare VACUUM visits every schema of the database.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if conn.dialect.name == "postgresql":
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
            conn.execute(text("VACUUM ANALYZE " + ", ".join(f'"{name}"' for (name,) in tables)))
        else:
            conn.execute(text("ANALYZE"))
    engine.dispose()

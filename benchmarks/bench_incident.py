"""Incidents (issue 16): a jurisdiction recomputation on a case with 10 persons (target < 5 ms), and the year's
statistics of a State over 100,000 incidents (target < 1 s).

1. A case of the demo's kind between the United States and Germany with 10 persons (4 suspects, 4 victims, 2
   witnesses), both States' law stated and official duty certified: `refresh` gathers the facts from the
   database and works the finding out again for every suspect, as every step does.  Also the pure part alone
   (`facts.compute` on facts already gathered).  Baseline in the same run: one `decide_jurisdiction` call.
2. 100,000 incidents of one year (a tenth with two suspects), 70 % with the United States as sending State,
   with the columns every step keeps current: `statistics(USA, 2024)`, both blocks, as the API and CLI ask it.
   Baseline in the same run: counting the year's incidents of the State.
Exits non-zero when a median misses its target (benchmarks/_targets.py).  Temporary data (the SQLite file or the
PostgreSQL schema) is removed at the end.

Run:  .venv/bin/python benchmarks/bench_incident.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--small]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from tests.conftest import demo_database

from _targets import Target, finish
from sofadesk.accounts.service import acting_as, create_user
from sofadesk.cases.incident import schemas, service
from sofadesk.cases.incident.common import gather, refresh
from sofadesk.cases.incident.demo_data import off_duty_traffic
from sofadesk.cases.incident.facts import compute
from sofadesk.cases.incident.models import IncidentPersonRow, IncidentRow
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.law.rules.art_07_criminal_jurisdiction import JurisdictionFacts, decide_jurisdiction
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry

RECOMPUTE_MS, STATS_S = 5.0, 1.0
TYPES = schemas.OFFENCE_TYPES
STATES = ("DEU", "POL", "ITA", "GBR", "RUS", "LVA", "ESP", "NOR")


def median_of(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def ten_persons() -> dict[str, Any]:
    report = off_duty_traffic()
    suspect = report["persons"][0]
    report["persons"] = (
        [{**suspect, "name": f"Suspect {n}"} for n in range(4)]
        + [{"role": "victim", "category": "third_party", "name": f"Victim {n}"} for n in range(4)]
        + [{"role": "witness", "category": "third_party", "name": f"Witness {n}"} for n in range(2)]
    )
    return report


def bench_recompute(url: str) -> tuple[float, float, float]:
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        for name, state in (("usa.legal", "USA"), ("deu.legal", "DEU")):
            create_user(session, None, state, name, name, ["legal_adviser"])
        inforce = InForceEngine(load_registry(session.connection()))
        deu, usa = acting_as(session, "deu.legal"), acting_as(session, "usa.legal")
        inc = service.create(session, deu, schemas.IncidentReport.model_validate(ten_persons()), inforce)
        service.state_law(session, usa, inc.id, schemas.LawStatementBody(punishable=True), inforce)
        service.certify(session, usa, inc.id, schemas.CertificateBody(on_duty=False, signed_by="SJA",
                                                                      signed_on=date(2024, 3, 18)), inforce)  # fmt: skip
    with sessions() as session:
        row = session.get(IncidentRow, inc.id)
        assert row is not None and row.finding["value"]["jurisdiction"] == "concurrent"
        assert len(row.finding["by_suspect"]) == 4
        refresh(session, row, inforce)  # warm: regimes and statuses cached as in a running server
        full = median_of(lambda: refresh(session, row, inforce), 200)
        facts = gather(session, row, row.primary_right_state)
        pure = median_of(lambda: compute(inforce, facts), 200)
        session.rollback()
    one = JurisdictionFacts.model_validate({
        "sending_state": "USA", "receiving_state": "DEU", "regime": {"instrument": "nato-sofa"},
        "accused": {"category": "member_of_force", "subject_to_sending_state_military_law": True},
        "offence": {"description": "x", "date": date(2024, 3, 16), "punishable_by_sending_state": True,
                    "punishable_by_receiving_state": True, "solely_against": "other", "official_duty": "no"}})  # fmt: skip
    base = median_of(lambda: decide_jurisdiction(one), 2000)
    engine.dispose()
    return full, pure, base


def populate(url: str, n: int) -> None:
    engine = make_engine(url)
    rng = random.Random(16)
    stamp = datetime(2025, 1, 1)
    with session_factory(engine)() as session, session.begin():
        user = session.execute(text("SELECT id FROM users ORDER BY id LIMIT 1")).scalar_one()
        start = int(session.execute(select(func.coalesce(func.max(IncidentRow.id), 0))).scalar_one()) + 1
        rows, persons = [], []
        for k in range(n):
            i = start + k
            other = STATES[k % len(STATES)]
            sending, receiving = ("USA", other) if rng.random() < 0.7 else (other, "USA")
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
            kind = rng.choice(("concurrent",) * 8 + ("exclusive_sending", "exclusive_receiving"))
            holder = rng.choice((sending, receiving, None)) if kind == "concurrent" else None
            waived = rng.choice((True, False, None)) if holder else None
            outcome = rng.choice(
                (None, "acquittal", "fine", "suspended_confinement", "confinement", "dropped")
            )
            rows.append({"id": i, "reference": f"INC-B-{i:07d}", "receiving_state": receiving, "sending_state": sending,
                         "reported_by_state": receiving, "status": "closed" if outcome else "reported", "revision": 1,
                         "version": 1, "occurred_at": datetime.combine(day, datetime.min.time()), "occurred_on": day,
                         "place": "bench", "summary": "bench", "offence_description": "bench",
                         "offence_type": rng.choice(TYPES), "harmed": [], "minor_offence": False, "finding": {},
                         "jurisdiction_kind": kind, "primary_right_state": holder, "trying_state": None,
                         "principal_category": "member_of_force", "suspect_categories": "", "waived": waived, "recalled": rng.random() < 0.02,
                         "charges_dropped": outcome == "dropped", "tried": outcome not in (None, "dropped"),
                         "outcome": outcome, "created_by": user, "created_at": stamp, "updated_at": stamp})  # fmt: skip
            categories = [rng.choice(("member_of_force", "civilian_component", "dependent"))
                          for _ in range(1 + (k % 10 == 0))]  # fmt: skip
            rows[-1]["suspect_categories"] = ",".join(categories)
            for p, category in enumerate(categories):
                persons.append(
                    {"incident_id": i, "number": p + 1, "role": "suspect", "facts": {}, "category": category}
                )
            if len(rows) == 5000:
                session.execute(insert(IncidentRow), rows)
                session.execute(insert(IncidentPersonRow), persons)
                rows, persons = [], []
        if rows:
            session.execute(insert(IncidentRow), rows)
            session.execute(insert(IncidentPersonRow), persons)
    engine.dispose()


def bench_stats(url: str) -> tuple[float, float, int]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE"))
        user = acting_as(session, "usa.legal")
        result = service.statistics(session, user, "USA", 2024)
        total = result.as_sending_state.incidents + result.as_receiving_state.incidents
        full = median_of(lambda: service.statistics(session, user, "USA", 2024), 5)
        days = (IncidentRow.occurred_on >= date(2024, 1, 1)) & (IncidentRow.occurred_on <= date(2024, 12, 31))
        base = median_of(lambda: session.execute(select(func.count()).select_from(IncidentRow).where(
            days, (IncidentRow.sending_state == "USA") | (IncidentRow.receiving_state == "USA"))).scalar_one(), 5)  # fmt: skip
    engine.dispose()
    return full, base, total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", help="PostgreSQL URL (a fresh schema is made in it)")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--small", action="store_true", help="CI size: 2,000 incidents")
    args = parser.parse_args()
    if args.small:
        args.incidents = min(args.incidents, 2_000)
    tmp = tempfile.TemporaryDirectory()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    if args.pg:
        import psycopg

        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{args.pg}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    try:
        demo_database(url)
        full, pure, base = bench_recompute(url)
        populate(url, args.incidents)
        stats, count, total = bench_stats(url)
    finally:
        tmp.cleanup()
        if args.pg:
            import psycopg

            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite'}")
    where = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"baselines: one decide_jurisdiction {base * 1e3:.3f} ms; counting the year's incidents {count:.3f} s"
    )
    return finish("bench_incident", [
        Target(f"recompute, 10 persons (4 suspects), gather + finding, {where}", full * 1e3, RECOMPUTE_MS, "ms"),
        Target(f"recompute, 10 persons, finding alone, {where}", pure * 1e3, RECOMPUTE_MS, "ms"),
        Target(f"statistics USA 2024 over {args.incidents:,} incidents ({total:,} of USA), {where}", stats,
               STATS_S, "s"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

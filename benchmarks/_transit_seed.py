"""Submitted Riga - Termez transits for the transit benchmarks, seeded by whichever revision of SOFA Desk is on
the path: bench_transit.py calls `seed_transits` in-process; pair_transit.py runs this file as a script with an
earlier revision's src/ on PYTHONPATH, so that each revision seeds its own schema with its own code.  Only
functions both the current code and the pre-engine commit (d020451) have are used, and imported late.

  python benchmarks/_transit_seed.py URL COUNT   (prints {"tokens": ..., "ids": [...]} as JSON)
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta


def seed_transits(url: str, count: int) -> tuple[list[int], dict[str, str]]:
    """Migrate `url`, add the demo's users, file and submit `count` transits awaiting Russia's decision; the
    transits' ids and the users' API tokens."""
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.demo_data import riga_termez, seed_demo
    from sofadesk.cases.transit.schemas import TransitContent
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.registry.inforce import InForceEngine
    from sofadesk.registry.store import load_registry

    set_up_database(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            tokens = seed_demo(session)
        with engine.connect() as conn:
            inforce = InForceEngine(load_registry(conn))
        content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
        ids = []
        with session_factory(engine)() as session, session.begin():
            user = acting_as(session, "usa.requester")
            for _ in range(count):
                t = service.create(session, user, content)
                session.flush()
                service.submit(session, user, t.id, t.version, inforce)
                ids.append(t.id)
    finally:
        engine.dispose()
    return ids, tokens


if __name__ == "__main__":
    seeded_ids, seeded_tokens = seed_transits(sys.argv[1], int(sys.argv[2]))
    print(json.dumps({"tokens": seeded_tokens, "ids": seeded_ids}))

"""Where a transit decision's time goes (issue 18, item 2): the SQL statements one decision sends, and a
cProfile of a run of decisions through the whole HTTP path in-process (middleware, authentication, the step,
the audit event, the read after).  Not a benchmark (no target): a diagnosis, printed.

Run:  PYTHONPATH=. .venv/bin/python benchmarks/profile_decision.py --pg postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from bench_transit import submitted_transits
from sofadesk.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", required=True)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with submitted_transits(args.pg, args.decisions + 20) as (url, ids, tokens):
        app = create_app(url)
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {tokens['rus.approver']}"}
            body = {"decision": "approved", "version": 1}
            for i in ids[:20]:  # warm-up: caches, the pool, the token cache
                assert (
                    client.post(f"/api/v1/transits/{i}/decisions", json=body, headers=headers).status_code
                    == 200
                )
            statements: list[str] = []

            def seen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
                statements.append(" ".join(statement.split())[:110])

            engine = app.state.sessions.kw["bind"]
            event.listen(engine, "before_cursor_execute", seen)
            client.post(f"/api/v1/transits/{ids[20]}/decisions", json=body, headers=headers)
            event.remove(engine, "before_cursor_execute", seen)
            print(f"one decision over HTTP sends {len(statements)} statements:")
            for text, n in Counter(statements).most_common():
                print(f"  {n} x {text}")
            direct(app, ids[21:], tokens, args.top)


def direct(app: Any, ids: list[int], tokens: dict[str, str], top: int) -> None:
    """The route's work without the HTTP client (whose thread cProfile would profile instead): the decision's
    transaction, then the read after, timed and profiled; and how long each holds the audit chain's head."""
    from sofadesk.accounts.service import user_for_token
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.schemas import DecisionBody

    sessions, reads = app.state.sessions, app.state.read_sessions
    engine = sessions.kw["bind"]
    with sessions() as session:
        user = user_for_token(session, tokens["rus.approver"])
    body = DecisionBody(decision="approved", version=1)
    locked_at: list[float] = []

    def head(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        # The head is locked by an UPDATE that returns it (audit.writer._TAKE_HEAD).
        if statement.startswith("UPDATE audit_head") and "RETURNING" in statement:
            locked_at.append(time.perf_counter())

    event.listen(engine, "before_cursor_execute", head)
    held, writes, after = [], [], []
    profiler = cProfile.Profile()
    profiler.enable()
    for i in ids:
        began = time.perf_counter()
        with sessions() as session, session.begin():
            service.decide(session, user, i, body)
        done = time.perf_counter()
        held.append(done - locked_at[-1])
        writes.append(done - began)
        with reads() as session:
            service.read_visible_json(session, user, i)
        after.append(time.perf_counter() - done)
    profiler.disable()
    event.remove(engine, "before_cursor_execute", head)
    ms = lambda xs: statistics.median(xs) * 1e3  # noqa: E731
    print(
        f"\n{len(ids)} decisions in-process, one at a time: the decision's transaction {ms(writes):.2f} ms, "
        f"the read after {ms(after):.2f} ms (medians); the audit head held {ms(held):.2f} ms of it "
        f"(from its SELECT ... FOR UPDATE to the commit's end): with every write of every case queued on that "
        f"one row, {1000 / ms(held):.0f} writes/s is the ceiling at this latency"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


if __name__ == "__main__":
    main()

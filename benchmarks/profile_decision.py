"""Where a transit decision's time goes (issue 18, item 2): the round trips one decision makes, and a cProfile of
a run of decisions in-process (the step, the audit event, the answer shaped).  Not a benchmark (no target): a
diagnosis, printed.

Round trips are counted at the driver (psycopg), not through SQLAlchemy's events: the riders and the audit
writer send their statements on the driver's connection, and psycopg sends BEGIN and COMMIT as commands of
their own, which no SQLAlchemy event sees.

Run:  PYTHONPATH=benchmarks:. .venv/bin/python benchmarks/profile_decision.py --pg postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from psycopg._connection_base import BaseConnection

from bench_transit import submitted_transits
from sofadesk.web.app import create_app


@contextmanager
def round_trips(seen: Callable[[str], None]) -> Iterator[None]:
    """Every statement psycopg sends while the block runs, its text given to `seen` once it has run: a cursor's
    execute and the connection's own commands (BEGIN, COMMIT).  Patched for the block only: a diagnosis, not the
    app."""
    execute, command = psycopg.Cursor.execute, BaseConnection._exec_command

    def counted_execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return execute(self, query, *args, **kwargs)  # a BEGIN it sends first is named first
        finally:
            seen(" ".join(str(query).split()))

    def counted_command(self: Any, text: Any, *args: Any, **kwargs: Any) -> Any:
        seen(bytes(text).decode() if isinstance(text, bytes) else str(text))
        return command(self, text, *args, **kwargs)

    psycopg.Cursor.execute = counted_execute  # type: ignore[method-assign]
    BaseConnection._exec_command = counted_command  # type: ignore[method-assign]
    try:
        yield
    finally:
        psycopg.Cursor.execute = execute  # type: ignore[method-assign]
        BaseConnection._exec_command = command  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", required=True)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with submitted_transits(args.pg, args.decisions + 21) as (url, ids, tokens):
        app = create_app(url)
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {tokens['rus.approver']}"}
            body = {"decision": "approved", "version": 1}
            for i in ids[:20]:  # warm-up: caches, the pool, the token cache
                answer = client.post(f"/api/v1/transits/{i}/decisions", json=body, headers=headers)
                assert answer.status_code == 200, answer.text
            statements: list[str] = []
            with round_trips(statements.append):
                client.post(f"/api/v1/transits/{ids[20]}/decisions", json=body, headers=headers)
            print(f"one decision over HTTP makes {len(statements)} round trips:")
            for text in statements:
                print(f"  {text[:110]}")
            direct(app, ids[21:], tokens, args.top)


def direct(app: Any, ids: list[int], tokens: dict[str, str], top: int) -> None:
    """The decision's transaction without HTTP (whose client thread cProfile would profile instead), timed and
    profiled; and how long each holds the audit chain's head (from the end of the statement that takes it to the
    COMMIT's end), the section every write of every case queues on."""
    from sofadesk.accounts.service import user_for_token
    from sofadesk.cases.transit import service
    from sofadesk.cases.transit.schemas import DecisionBody

    sessions = app.state.sessions
    with sessions() as session:
        user = user_for_token(session, tokens["rus.approver"])
    body = DecisionBody(decision="approved", version=1)
    taken_at: list[float] = []

    def seen(text: str) -> None:
        if "UPDATE audit_head" in text and "RETURNING" in text:  # the statement that takes the head
            taken_at.append(time.perf_counter())

    held, writes = [], []
    profiler = cProfile.Profile()
    with round_trips(seen):
        profiler.enable()
        for i in ids:
            began = time.perf_counter()
            with sessions() as session, session.begin():
                decided = service.decide(session, user, i, body)
                service.written_json(session, decided.transit, decided.decisions, decided.content_text)
            done = time.perf_counter()
            held.append(done - taken_at[-1])
            writes.append(done - began)
        profiler.disable()
    ms = lambda xs: statistics.median(xs) * 1e3  # noqa: E731
    print(
        f"\n{len(ids)} decisions in-process, one at a time: the decision's transaction {ms(writes):.2f} ms "
        f"(median); the audit head held {ms(held):.2f} ms of it: with every write of every case queued on that "
        f"one row, {1000 / ms(held):.0f} writes/s is the ceiling at this latency"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())


if __name__ == "__main__":
    main()

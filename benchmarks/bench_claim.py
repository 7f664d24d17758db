"""Claims benchmarks (issue 17), each printed next to a baseline measured in the same run; exits non-zero on a miss.

1. A half-yearly statement of 10,000 paid claims (their accepted shares, each line and the total) built by the
   service the API, pages and CLI call - target < 1 s.  Baseline: a bare SELECT of the same 10,000 share rows joined
   to their claims (four columns), which any way of building it has to pay.  Also shown (no target): the statement as XLSX.
2. The public form's submit (a claim without uploads, as JSON in its multipart form), p95 over sequential
   requests against a live server on 127.0.0.1 (`sofadesk serve`, one worker) - target < 200 ms.  Baseline: p95 of
   GET /health on the same server, the floor of any request.  Also shown: a submit with one 200 kB photo.

Run:  .venv/bin/python benchmarks/bench_claim.py [--claims 10000] [--submits 200] [--pg postgresql://...] [--small]
SQLite by default (a fresh file); --pg runs both parts on a fresh PostgreSQL schema instead; either is removed at
the end.  Targets through benchmarks/_targets.py.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from _targets import Target, finish

TARGET_STATEMENT, TARGET_SUBMIT = 1.0, 0.200
HALF = "2024-H1"


def database(pg: str | None, folder: str) -> tuple[str, str | None]:
    """A fresh database: its URL, and the PostgreSQL schema to drop afterwards."""
    if pg is None:
        return f"sqlite:///{Path(folder) / 'bench-claims.db'}", None
    schema = f"bench_claims_{uuid.uuid4().hex[:8]}"
    _pg(pg, f'CREATE SCHEMA "{schema}"')
    return f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}", schema


def _pg(pg: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(pg.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(statement)


def seed_claims(session: Session, n: int) -> None:
    """n claims paid in 2024-H1 and accepted by the United States (bulk rows: what the steps would have left)."""
    from sofadesk.cases.claim.models import ClaimRow, ClaimShareRow

    stamp = datetime(2024, 7, 1)
    first = session.execute(select(ClaimRow.id).order_by(ClaimRow.id.desc()).limit(1)).scalar() or 0
    claims, shares = [], []
    for i in range(1, n + 1):
        cid, paid = first + i, date(2024, 1, 1) + timedelta(days=i % 150)
        minor = 10_000 + (i * 7919) % 5_000_000
        claims.append({"id": cid, "reference": f"CL-DEU-2024-{cid:05d}", "receiving_state": "DEU", "status": "accepted",
                       "revision": 1, "version": 8, "source": "office", "language": "en", "claimant_kind": "person",
                       "claimant_relation": "none", "claimant_name": f"Claimant {i}", "claimant_contact": {},
                       "occurred_on": paid - timedelta(days=40), "place": "Grafenwoehr", "description": "Damage",
                       "damage_kind": "vehicle", "manoeuvre": False, "claimed_minor": minor, "claimed_currency": "EUR",
                       "received_on": paid - timedelta(days=30), "facts": {}, "route_name": "receiving_state_adjudicates",
                       "awarded_minor": minor, "award_currency": "EUR", "paid_minor": minor, "paid_currency": "EUR",
                       "paid_on": paid, "ex_gratia": {}, "created_at": stamp, "updated_at": stamp})  # fmt: skip
        usa = minor * 3 // 4 + (1 if minor * 3 % 4 > minor % 4 else 0)
        for state, role, fraction, amount, status in (("DEU", "receiving_state", "1/4", minor - usa, "own"),
                                                      ("USA", "sending_state", "3/4", usa, "accepted")):  # fmt: skip
            shares.append({"claim_id": cid, "proposal": 1, "receiving_state": "DEU", "state_code": state, "role": role,
                           "fraction": fraction, "amount_minor": amount, "currency": "EUR", "paid_on": paid,
                           "proposal_on": paid, "reply_ends_on": paid + timedelta(days=61), "status": status,
                           "replied_on": paid + timedelta(days=10) if role == "sending_state" else None,
                           "accepted_on": paid + timedelta(days=10) if role == "sending_state" else None,
                           "half": HALF if role == "sending_state" else None})  # fmt: skip
    session.execute(insert(ClaimRow), claims)
    session.execute(insert(ClaimShareRow), shares)
    if session.get_bind().dialect.name == "postgresql":  # ids were given: move the sequence past them
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('claims', 'id'), (SELECT max(id) FROM claims))")
        )


def statement_part(url: str, n: int, runs: int) -> float:
    from sofadesk.accounts.service import acting_as
    from sofadesk.cases.claim import documents, service
    from sofadesk.cases.claim.demo_data import seed_users
    from sofadesk.cases.claim.models import ClaimRow, ClaimShareRow
    from sofadesk.db.bootstrap import set_up_database
    from sofadesk.db.engine import make_engine, session_factory

    set_up_database(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        seed_users(session)
        seed_claims(session, n)
    bare_times, built_times, xlsx_times = [], [], []
    with sessions() as session:
        user = acting_as(session, "deu.claims")
        for _ in range(runs):
            start = time.perf_counter()
            rows = session.execute(
                select(ClaimShareRow.claim_id, ClaimRow.reference, ClaimShareRow.amount_minor, ClaimShareRow.paid_on)
                .join(ClaimRow, ClaimRow.id == ClaimShareRow.claim_id)
                .where(ClaimShareRow.receiving_state == "DEU", ClaimShareRow.state_code == "USA", ClaimShareRow.half == HALF)
            ).all()  # fmt: skip
            bare_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            built = service.statement(session, user, "DEU", "USA", HALF)
            built_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            documents.statement_xlsx(built)
            xlsx_times.append(time.perf_counter() - start)
    engine.dispose()
    assert len(rows) == n and built.cases == n
    assert sum(int(x.share.replace(".", "")) for x in built.lines) == int(built.total.replace(".", ""))
    took, base = statistics.median(built_times), statistics.median(bare_times)
    print(f"statement of {n:,} paid claims: {took:.3f} s (median of {runs}); bare SELECT of the share rows "
          f"{base:.3f} s; ratio {took / base:.1f}x")  # fmt: skip
    print(
        f"  for scale: the same statement as XLSX {statistics.median(xlsx_times):.3f} s; total {built.total} EUR"
    )
    return took


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _multipart(claim: dict[str, Any], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="claim"\r\n\r\n{json.dumps(claim)}\r\n'.encode()
    ]
    for name, data in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="{name}"\r\nContent-Type: image/png\r\n\r\n'
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _timed(request: urllib.request.Request) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status in (200, 201), response.status
    return time.perf_counter() - start


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def submit_part(url: str, count: int) -> float:
    port = _free_port()
    env = {
        **os.environ,
        "SOFADESK_DATABASE_URL": url,
        "SOFADESK_PUBLIC_CLAIMS_PER_HOUR": str(10 * count + 100),
    }
    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    server = subprocess.Popen([sofadesk, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _timed(urllib.request.Request(f"{base}/health"))
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        claim = {"receiving_state": "DEU", "language": "en", "claimant": {"kind": "person", "name": "Bench Claimant"},
                 "occurred_on": "2025-01-10", "place": "Vilseck", "region": "BY", "damage_kind": "vehicle",
                 "description": "A military lorry scraped the car.", "amount": "850.00", "currency": "EUR"}  # fmt: skip
        plain, plain_type = _multipart(claim, [])
        photo, photo_type = _multipart(claim, [("photo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200_000))])
        for _ in range(20):  # warm up both paths
            _timed(urllib.request.Request(f"{base}/health"))
            _timed(
                urllib.request.Request(f"{base}/api/v1/public/claims", plain, {"Content-Type": plain_type})
            )
        health = [_timed(urllib.request.Request(f"{base}/health")) for _ in range(count)]
        submits = [_timed(urllib.request.Request(f"{base}/api/v1/public/claims", plain, {"Content-Type": plain_type}))
                   for _ in range(count)]  # fmt: skip
        photos = [_timed(urllib.request.Request(f"{base}/api/v1/public/claims", photo, {"Content-Type": photo_type}))
                  for _ in range(max(20, count // 5))]  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
    took, floor = p95(submits), p95(health)
    print(f"public submit, p95 of {count} sequential: {took * 1e3:.1f} ms (median {statistics.median(submits) * 1e3:.1f} ms); "
          f"GET /health p95 {floor * 1e3:.1f} ms; ratio {took / floor:.1f}x")  # fmt: skip
    print(f"  for scale: with one 200 kB photo, p95 {p95(photos) * 1e3:.1f} ms")
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--submits", type=int, default=200)
    parser.add_argument("--pg", default=None, help="PostgreSQL base URL (default: a fresh SQLite file)")
    parser.add_argument("--small", action="store_true", help="CI size: 1,000 claims, 3 runs, 40 submits")
    args = parser.parse_args()
    if args.small:
        args.claims, args.runs, args.submits = (
            min(args.claims, 1_000),
            min(args.runs, 3),
            min(args.submits, 40),
        )
    where = "PostgreSQL" if args.pg else "SQLite"
    print(f"database: {where}; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        url, schema = database(args.pg, folder)
        try:
            statement = statement_part(url, args.claims, args.runs)
            submit = submit_part(url, args.submits)
        finally:
            if args.pg and schema:
                _pg(args.pg, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    return finish("bench_claim", [
        Target(f"statement of {args.claims:,} paid claims, median of {args.runs}, {where}", statement,
               TARGET_STATEMENT, "s"),
        Target(f"public form submit, p95 of {args.submits}, {where}", submit * 1e3, TARGET_SUBMIT * 1e3, "ms"),
    ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

"""The public claim page's submit (POST /claim: the form's fields, no upload), p95 over sequential submits on a
served instance, next to GET /health on the same server (the floor of any request) and to a submit with one
200 kB photograph.  Target (issue 17): under 200 ms p95, uploads aside.  The page answers with the receipt page
(the reference and the follow link), so it costs a page render more than the API's submit (bench_claim.py).

Run:  .venv/bin/python benchmarks/bench_claim_page.py [--submits 200] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

from _targets import Target, finish
from bench_claim import TARGET_SUBMIT, _free_port, _pg, _timed, database, p95

FIELDS = {"receiving_state": "DEU", "occurred_on": date.today().isoformat(), "place": "Vilseck, Marktplatz",
          "description": "A military lorry scraped the car.", "damage_kind": "vehicle", "amount": "850.00",
          "currency": "EUR", "claimant_kind": "person", "claimant_name": "Bench Claimant", "claimant_relation": "none",
          "bank_holder": "Bench Claimant", "bank_iban": "DE02 1203 0000 0000 2020 51"}  # fmt: skip


def form(photo: bytes | None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in FIELDS.items()]  # fmt: skip
    if photo is not None:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="photo.png"\r\n'
                "Content-Type: image/png\r\n\r\n")  # fmt: skip
        parts.append(head.encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submits", type=int, default=200)
    parser.add_argument("--pg", default=None, help="PostgreSQL base URL (default: a fresh SQLite file)")
    parser.add_argument("--small", action="store_true", help="CI size: 40 submits")
    args = parser.parse_args()
    if args.small:
        args.submits = min(args.submits, 40)
    with tempfile.TemporaryDirectory(prefix="bench-claim-page-") as folder:
        return run(args, folder)


def run(args: argparse.Namespace, folder: str) -> int:
    from sofadesk.db.bootstrap import set_up_database

    url, schema = database(args.pg, folder)
    set_up_database(url)
    port, count = _free_port(), args.submits
    env = {
        **os.environ,
        "SOFADESK_DATABASE_URL": url,
        "SOFADESK_PUBLIC_CLAIMS_PER_HOUR": str(10 * count + 100),
    }
    sofadesk = str(Path(sys.executable).parent / "sofadesk")
    server = subprocess.Popen([sofadesk, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    plain, plain_type = form(None)
    photo, photo_type = form(b"\x89PNG\r\n\x1a\n" + os.urandom(200_000))

    def submit(body: bytes, kind: str) -> float:
        return _timed(urllib.request.Request(f"{base}/claim", body, {"Content-Type": kind}))

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _timed(urllib.request.Request(f"{base}/health"))
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        for _ in range(20):  # warm up
            submit(plain, plain_type)
        health = [_timed(urllib.request.Request(f"{base}/health")) for _ in range(count)]
        submits = [submit(plain, plain_type) for _ in range(count)]
        photos = [submit(photo, photo_type) for _ in range(max(20, count // 5))]
    finally:
        server.terminate()
        server.wait(timeout=20)
        if args.pg and schema:
            _pg(args.pg, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    took, floor = p95(submits), p95(health)
    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"database: {engine}")
    print(f"public claim page submit, p95 of {count} sequential: {took * 1e3:.1f} ms (median "
          f"{statistics.median(submits) * 1e3:.1f} ms); GET /health p95 {floor * 1e3:.1f} ms")  # fmt: skip
    print(f"  with one 200 kB photo, p95 {p95(photos) * 1e3:.1f} ms")
    target = Target(
        f"public claim page submit, p95 of {count}, {engine}", took * 1e3, TARGET_SUBMIT * 1e3, "ms"
    )
    return finish("bench_claim_page", [target])


if __name__ == "__main__":
    sys.exit(main())

"""PostgreSQL goes away under a running service: requests are answered 503 with Retry-After and a problem
body (an HTML page for the web interface), /health says the database is unreachable, nothing half-written
remains, and the service recovers by itself when the database is back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import PG_ENV, demo_database
from tests.servers import TcpProxy, live_server


@pytest.fixture
def service(pg_schema_factory: object) -> Iterator[dict[str, Any]]:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); CI always sets it")
    direct = pg_schema_factory()  # type: ignore[operator]
    tokens = demo_database(direct)
    parts = urlsplit(direct)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    proxy.start()
    user = f"{parts.username}@" if parts.username else ""
    through_proxy = urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}"))
    with live_server(through_proxy) as base, httpx.Client(base_url=base, timeout=30) as client:
        client.headers["Authorization"] = f"Bearer {tokens['usa.requester']}"
        yield {"client": client, "proxy": proxy}
    proxy.cut()


def test_requests_get_503_while_the_database_is_down_and_succeed_once_it_is_back(
    service: dict[str, Any],
) -> None:
    client, proxy = service["client"], service["proxy"]
    assert client.get("/health").json() == {"status": "ok", "database": "reachable"}
    assert client.get("/api/v1/transits").status_code == 200
    proxy.cut()
    for path in ("/api/v1/transits", "/api/v1/me"):
        r = client.get(
            path, headers={"Authorization": "Bearer sd_not_in_the_cache"} if path.endswith("me") else {}
        )
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["retry-after"] == "5" and "cannot be reached" in r.json()["detail"]
    page = client.get("/transits", headers={"Accept": "text/html", "Cookie": "sofadesk_session=x"})
    assert page.status_code == 503 and "text/html" in page.headers["content-type"] and "<h1>" in page.text
    health = client.get("/health")
    assert health.status_code == 503 and health.json() == {"status": "unavailable", "database": "unreachable"}
    proxy.start()
    answers = [client.get("/api/v1/transits").status_code for _ in range(3)]
    assert answers[-1] == 200, answers  # the pool drops its dead connections and opens new ones
    assert client.get("/health").json()["database"] == "reachable"

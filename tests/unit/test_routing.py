"""Routers a request skips by its path's first segment (sofadesk.serving.routing): the same answers as the plain
routers, for every path, and no guard where the first segments cannot be known."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from fastapi.testclient import TestClient

from sofadesk.serving.routing import SegmentRouter, guarded


def _pages() -> APIRouter:
    inner = APIRouter()
    inner.add_api_route("/claims/{n}/money", lambda n: {"money": n})
    outer = APIRouter()
    outer.add_api_route("/claims", lambda: {"list": True})
    outer.add_api_route("/claims/{n}", lambda n: {"claim": n})
    outer.add_api_route("/claim", lambda: {"public": True})
    outer.include_router(inner)
    return outer


def _app(wrap: bool) -> TestClient:
    app = FastAPI()
    api = SegmentRouter({"api"}) if wrap else APIRouter()
    sub = APIRouter()
    sub.add_api_route("/claims", lambda: {"api": True})
    api.include_router(guarded(sub, under="/api/v1") if wrap else sub, prefix="/api/v1")
    app.include_router(api)
    app.include_router(guarded(_pages()) if wrap else _pages())
    app.add_api_route("/", lambda: {"home": True})
    app.add_api_route("/{anything}", lambda anything: {"fallback": anything})
    return TestClient(app)


def test_guarded_routers_answer_every_path_as_the_plain_ones_do() -> None:
    plain, fast = _app(False), _app(True)
    for path in ("/", "/claims", "/claims/7", "/claims/7/money", "/claim", "/api/v1/claims", "/api/v1/other",
                 "/apis", "/api/v1", "/api/v2/claims", "/other", "/claims/7/other", "/claimsx"):  # fmt: skip
        a, b = plain.get(path), fast.get(path)
        assert (a.status_code, a.json()) == (b.status_code, b.json()), path


def test_the_guard_knows_the_first_segments_of_nested_routers() -> None:
    router = guarded(_pages())
    assert isinstance(router, SegmentRouter) and router.heads == {"claims", "claim"}


def test_no_guard_when_a_first_segment_is_a_parameter() -> None:
    open_ended = APIRouter()
    open_ended.add_api_route("/{code}", lambda code: code)
    open_ended.add_api_route("/fixed", lambda: "fixed")
    assert guarded(open_ended) is open_ended
    prefixed = APIRouter()
    prefixed.include_router(_pages(), prefix="/v2")
    found = guarded(prefixed)  # left unguarded, or (FastAPI before 0.16x copied the routes) guarded by "v2"
    assert found is prefixed or (isinstance(found, SegmentRouter) and found.heads == {"v2"})


def test_a_guard_holds_the_routes_themselves_with_their_router_settings() -> None:
    """One level of inclusion, not two (FastAPI matches again at every level), and nothing of the router lost: its
    dependencies and tags are in its routes, and a router it includes keeps its own dependencies."""

    def refuse() -> None:
        raise HTTPException(403, "refused")

    inner = APIRouter()
    inner.add_api_route("/claims/{n}/money", lambda n: {"money": n})
    router = APIRouter(tags=["claims"], dependencies=[Depends(lambda: None)])
    router.add_api_route("/claims", lambda: {"list": True})
    router.include_router(inner, dependencies=[Depends(refuse)])
    guard = guarded(router, under="/api/v1")
    assert isinstance(guard, SegmentRouter)
    assert guard.routes[0] is router.routes[0]  # the route itself, not the router included
    app = FastAPI()
    app.include_router(guard, prefix="/api/v1")
    client = TestClient(app)
    assert client.get("/api/v1/claims").json() == {"list": True}
    assert client.get("/api/v1/claims/7/money").status_code == 403  # the inclusion's dependency still applies
    assert app.openapi()["paths"]["/api/v1/claims"]["get"]["tags"] == ["claims"]

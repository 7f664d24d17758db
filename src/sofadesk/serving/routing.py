"""Routers that a request for another part of the site skips with one set lookup.

FastAPI tries an included router's routes one by one, each a regular expression, until one matches: a page asked
for after the API's hundred-odd routes and the other pages' ninety paid for all of them, a seventh of a
dashboard's CPU (BENCHMARKS.md, issue 18).  A router that knows the first path segments of its routes answers
"no match" for any other path at once; what it holds is matched exactly as before.

The guard holds the router's routes themselves rather than the router included: FastAPI (0.16x) matches a request
again at every level of inclusion it passes on the way in, once to choose and once more to handle it, each time
recounting the routes below, so every level saved saves more than one match (a tenth of a decision's CPU went
to routing through three levels, issue 18).
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import Scope


class SegmentRouter(APIRouter):
    """Holds routes whose paths begin, after `under` (the prefix it is included with), with one of `heads`
    ("api" for /api/..., "" for / itself)."""

    def __init__(self, heads: Iterable[str], under: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.heads = frozenset(heads)
        self.under = under

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = str(scope.get("path", ""))
        if not path.startswith(self.under) or first_segment(path[len(self.under) :]) not in self.heads:
            return Match.NONE, {}
        return super().matches(scope)


def first_segment(path: str) -> str:
    return path[1:].split("/", 1)[0]


def _heads(router: APIRouter) -> set[str] | None:
    """The first path segments of the router's routes, those of routers it includes without a prefix too; None
    when one is a parameter or a route is of a shape not known here (then no set can stand for the router)."""
    if getattr(router, "_low_priority_routes", None):
        return None  # routes FastAPI keeps aside (catch-all front-end routes): not moved into a guard
    heads: set[str] = set()
    for route in router.routes:
        path = getattr(route, "path", None)
        # A router included in this one (FastAPI keeps it whole since 0.16x; older versions copied its routes).
        inner = getattr(route, "original_router", None)
        prefix = getattr(getattr(route, "include_context", None), "prefix", None)
        if isinstance(inner, APIRouter) and prefix == "":
            found = _heads(inner)
            if found is None:
                return None
            heads |= found
        elif isinstance(path, str) and "{" not in first_segment(path):
            heads.add(first_segment(path))
        else:
            return None
    return heads


def guarded(router: APIRouter, under: str = "") -> APIRouter:
    """`router` inside a SegmentRouter of its routes' first segments, or `router` itself when they cannot be
    known (see _heads).  `under`: the prefix the result will be included with."""
    heads = _heads(router)
    if heads is None:
        return router
    outer = SegmentRouter(heads, under)
    # Its routes, not the router: one level of inclusion fewer (see the module).  Every setting a router passes
    # to its routes (prefix, tags, dependencies, responses) is already in each route, set when it was declared;
    # a router it includes comes as that inclusion, with its own prefix and dependencies.
    outer.routes.extend(router.routes)
    return outer

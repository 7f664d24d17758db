"""Which States a force can move between directly: land borders from the `countryinfo` package, plus the sea
links and fixed links configured in sofadesk.planner.links; and the bounded enumeration of routes over them.

A border counts when either State lists it (the package lists some on one side only, Ireland - United Kingdom
among them), except those in links.NOT_BORDERS.  A land border is taken as crossable by road and by rail, and
flown over by air; a sea link by sea, or flown over.  Whether a road or a railway actually crosses a given
border, and whether a ferry runs, is not modelled - needs a decision by the movement officer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sofadesk.cases.transit.schemas import Mode
from sofadesk.planner.links import CONFIGURED_LINKS, NOT_BORDERS

LinkKind = Literal["land", "fixed", "sea", "air"]
LinkBasis = Literal["countryinfo", "configuration", "request"]
MODES_BY_KIND: dict[LinkKind, tuple[Mode, ...]] = {
    "land": ("road", "rail", "air"),
    "fixed": ("road", "rail", "air"),
    "sea": ("sea", "air"),
    "air": ("air",),
}


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    kind: LinkKind
    basis: LinkBasis
    name: str = ""  # the crossing, where one is configured: a ferry line, a bridge
    note: str = ""

    @property
    def modes(self) -> tuple[Mode, ...]:
        return MODES_BY_KIND[self.kind]


class Graph:
    """An undirected graph of States (alpha-3 codes) and the links between them; the first link given for a
    pair is kept."""

    def __init__(self, links: Iterable[Link]) -> None:
        self._links: dict[str, dict[str, Link]] = {}
        for link in links:
            if link.a == link.b:
                continue
            self._links.setdefault(link.a, {}).setdefault(link.b, link)
            self._links.setdefault(link.b, {}).setdefault(link.a, link)
        self._neighbours = {s: tuple(sorted(found)) for s, found in self._links.items()}

    def link(self, a: str, b: str) -> Link | None:
        return self._links.get(a, {}).get(b)

    def neighbours(self, state: str) -> tuple[str, ...]:
        return self._neighbours.get(state, ())

    def links(self) -> list[Link]:
        return [link for a, found in self._links.items() for b, link in found.items() if a < b]

    def with_links(self, links: Iterable[Link]) -> Graph:
        return Graph([*links, *self.links()])

    @classmethod
    def of_pairs(cls, pairs: Iterable[tuple[str, str]], kind: LinkKind = "land") -> Graph:
        """A graph from plain pairs (tests, small what-ifs), each link marked as the request's own."""
        return cls(Link(a, b, kind, "request") for a, b in pairs)


@cache
def world_graph() -> Graph:
    """Land borders (countryinfo) and the configured links.  Built once per process (about 50 ms)."""
    from countryinfo import all_countries

    listed: dict[str, set[str]] = {}
    for c in all_countries():
        try:
            code, borders = c.iso(3), c.borders()
        except (KeyError, ValueError, TypeError):  # an entry without ISO code or borders
            continue
        listed.setdefault(code, set()).update(borders or ())
    removed = {frozenset(p[:2]) for p in NOT_BORDERS}
    links: list[Link] = []
    for a in sorted(listed):
        for b in sorted(listed[a]):
            if b not in listed or frozenset((a, b)) in removed:
                continue  # a territory with no ISO entry of its own (Kosovo), or a listed non-border
            both = a in listed[b]
            if both and b < a:
                continue
            note = "" if both else f"listed on {a}'s side only"
            links.append(Link(a, b, "land", "countryinfo", note=note))
    for a, b, kind, name, note in CONFIGURED_LINKS:
        links.append(Link(a, b, kind, "configuration", name, note))
    return Graph(links)


def simple_paths(
    graph: Graph,
    origin: str,
    destination: str,
    max_states: int,
    usable: Callable[[Link], bool],
    avoid: frozenset[str] = frozenset(),
    via: frozenset[str] = frozenset(),
    limit: int = 5000,
) -> tuple[list[tuple[str, ...]], bool]:
    """Every route from `origin` to `destination` over usable links, no State twice, at most `max_states`
    States counting both ends, none in `avoid`, every State of `via` on it; in a stable order.  Returns the
    routes and whether `limit` cut the list short.

    Depth-first, pruned by the number of links from each State to the destination (breadth-first from the
    destination over the same links): a branch that cannot reach it within the bound is never followed."""
    hops = {destination: 0}
    queue = deque([destination])
    while queue:
        u = queue.popleft()
        for v in graph.neighbours(u):
            if v not in hops and v not in avoid and usable(graph.link(u, v)):  # type: ignore[arg-type]
                hops[v] = hops[u] + 1
                queue.append(v)
    found: list[tuple[str, ...]] = []
    if origin in avoid or origin not in hops or hops[origin] + 1 > max_states:
        return found, False
    path, on_path = [origin], {origin}

    def extend() -> bool:
        u = path[-1]
        if u == destination:
            if via <= on_path:
                found.append(tuple(path))
            return len(found) <= limit
        for v in graph.neighbours(u):
            if v in on_path or v in avoid or len(path) + 1 + hops.get(v, max_states) > max_states:
                continue
            if not usable(graph.link(u, v)):  # type: ignore[arg-type]
                continue
            path.append(v)
            on_path.add(v)
            going_on = extend()
            path.pop()
            on_path.discard(v)
            if not going_on:
                return False
        return True

    extend()
    return found[:limit], len(found) > limit

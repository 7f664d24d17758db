"""The article maps (law/articles/*.yaml) as a flat list of citable nodes: articles, paragraphs, sub-paragraphs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sofadesk.law.cite import Cite


@dataclass(frozen=True)
class Node:
    cite: Cite
    heading: str  # the article's heading
    summary: str  # our one-line summary of this node
    leaf: bool


def _walk(
    instrument: str, article: str, heading: str, entries: dict[str, Any], parts: tuple[str, ...]
) -> list[Node]:
    nodes: list[Node] = []
    for key, value in entries.items():
        path = (*parts, str(key))
        c = Cite(instrument, article, path[0], path[1:])
        if isinstance(value, str):
            nodes.append(Node(c, heading, " ".join(value.split()), True))
        else:
            children = value.get("sub") or {}
            nodes.append(Node(c, heading, " ".join(str(value.get("summary", "")).split()), not children))
            nodes.extend(_walk(instrument, article, heading, children, path))
    return nodes


@cache
def article_nodes() -> tuple[Node, ...]:
    base = Path(str(resources.files("sofadesk.law") / "articles"))
    nodes: list[Node] = []
    for path in sorted(base.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        instrument = doc["instrument"]
        for article, body in doc["articles"].items():
            heading = body["heading"]
            paragraphs = body.get("paragraphs") or {}
            summary = " ".join(str(body.get("summary", "")).split())
            nodes.append(Node(Cite(instrument, str(article)), heading, summary, not paragraphs))
            nodes.extend(_walk(instrument, str(article), heading, paragraphs, ()))
    return tuple(nodes)


@cache
def nodes_by_cite() -> dict[Cite, Node]:
    return {n.cite: n for n in article_nodes()}


def ancestors(c: Cite) -> list[Cite]:
    """The citation itself and every enclosing level: VII(3)(a)(ii), VII(3)(a), VII(3), VII."""
    chain = [c]
    parts = ((c.paragraph,) if c.paragraph else ()) + c.sub
    while parts:
        parts = parts[:-1]
        chain.append(Cite(c.instrument, c.article, parts[0] if parts else None, tuple(parts[1:])))
    return chain

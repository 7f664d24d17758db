"""Which paragraphs of which instrument are encoded, by which decision, and which are not modelled and why.

Each rule module declares ENCODED and NOT_MODELLED (citation -> decision kinds, or reason).  A paragraph is
accounted for when it, an enclosing level, or every one of its sub-paragraphs is listed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sofadesk.law.article_map import Node, ancestors, article_nodes, nodes_by_cite
from sofadesk.law.cite import Cite

# Every module that declares ENCODED and NOT_MODELLED.
MODULE_NAMES = (
    "art_01_definitions",
    "art_03_entry_exit",
    "art_04_driving_permits",
    "art_05_uniform_marks",
    "art_06_arms",
    "art_07_criminal_jurisdiction",
    "art_07_consequences",
    "art_08_claims",
    "art_08_party_claims",
    "art_08_third_party_claims",
    "art_08_claim_statement",
    "art_08_cost_sharing",
    "art_10_taxation",
    "art_11_customs",
    "final_clauses",
    "general_provisions",
)
MODULES = tuple(importlib.import_module(f"sofadesk.law.rules.{name}") for name in MODULE_NAMES)
Status = Literal["encoded", "not_modelled", "unaccounted"]


@dataclass(frozen=True)
class CoverageRow:
    node: Node
    status: Status
    detail: str  # decision kinds, or the reason it is not modelled
    module: str


@cache
def declarations() -> tuple[dict[Cite, tuple[str, str]], dict[Cite, tuple[str, str]]]:
    encoded: dict[Cite, tuple[str, str]] = {}
    not_modelled: dict[Cite, tuple[str, str]] = {}
    for module in MODULES:
        name = module.__name__.rsplit(".", 1)[-1]
        for text, kinds in module.ENCODED.items():
            c = Cite.parse(text)
            prior = encoded.get(c)
            encoded[c] = (f"{prior[0]}; {kinds}" if prior else kinds, name)
        for text, reason in module.NOT_MODELLED.items():
            not_modelled[Cite.parse(text)] = (reason, name)
    return encoded, not_modelled


def _own(c: Cite) -> tuple[Status, str, str] | None:
    encoded, not_modelled = declarations()
    for level in ancestors(c):
        if level in encoded:
            return "encoded", encoded[level][0], encoded[level][1]
        if level in not_modelled:
            return "not_modelled", not_modelled[level][0], not_modelled[level][1]
    return None


def coverage_rows() -> list[CoverageRow]:
    rows: list[CoverageRow] = []
    nodes = article_nodes()
    for node in nodes:
        own = _own(node.cite)
        if own is not None:
            rows.append(CoverageRow(node, *own))
            continue
        children = [n for n in nodes if n.cite != node.cite and node.cite in ancestors(n.cite) and n.leaf]
        if children and all(_own(ch.cite) is not None for ch in children):
            states = {_own(ch.cite)[0] for ch in children}  # type: ignore[index]
            status: Status = "encoded" if "encoded" in states else "not_modelled"
            rows.append(CoverageRow(node, status, "see its sub-paragraphs", ""))
        else:
            rows.append(CoverageRow(node, "unaccounted", "", ""))
    return rows


def unknown_declared() -> list[Cite]:
    """Citations declared by a rule module that are not in any article map (a test keeps this empty)."""
    encoded, not_modelled = declarations()
    known = nodes_by_cite()
    return sorted(c for c in (*encoded, *not_modelled) if c not in known)

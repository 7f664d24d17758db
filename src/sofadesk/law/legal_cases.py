"""The law's own executable examples: legal cases written as YAML a lawyer can read (law/cases/).

Two shapes:
- `art_NN/*.yaml`: a decision `kind`, shared `defaults` facts, and `cases`, each a sentence as name, the facts that
  differ from the defaults, and what is expected (values, citations, phrases of the reasons, or an error);
- `registry/*.yaml`: one in-force question per file (States, date, expected answer and citations).

They are package data so that the reading record, the CLI and the web pages can list, for each paragraph, the
cases that exercise it (a case exercises every paragraph it expects to be cited, and the levels above it); the
tests run them.  Reading them is the only I/O here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sofadesk.law.article_map import ancestors
from sofadesk.law.cite import Cite

CASE_KEYS = {
    "name",
    "facts",
    "expect",
    "expect_cites",
    "expect_absent_cites",
    "expect_reasons",
    "expect_not_modelled",
    "expect_value_contains",
    "expect_error",
}


@dataclass(frozen=True)
class LegalCase:
    id: str  # "art_08/claim_route/3" or "registry/canada_in_force/0": stable while the file keeps its order
    file: str  # path under law/cases, e.g. "art_08/claim_route.yaml"
    name: str  # the lawyer-readable sentence
    kind: str | None  # the decision kind; None for an in-force (registry) case
    facts: dict[str, Any]  # defaults merged with the case's own facts (registry cases: the whole file)
    spec: dict[str, Any] = field(repr=False)  # the case as written: expectations included
    cites: tuple[Cite, ...] = ()  # the citations it expects

    @property
    def expects_error(self) -> bool:
        return "expect_error" in self.spec


def case_dir() -> Path:
    return Path(str(resources.files("sofadesk.law") / "cases"))


def merge(base: Any, extra: Any) -> Any:
    """`extra` laid over `base`: mappings are merged key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = copy.deepcopy(base)
        for k, v in extra.items():
            out[k] = merge(out[k], v) if k in out else copy.deepcopy(v)
        return out
    return copy.deepcopy(extra)


def _decision_cases(path: Path) -> list[LegalCase]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"{path.parent.name}/{path.name}"
    out = []
    for i, case in enumerate(doc["cases"]):
        unknown = set(case) - CASE_KEYS
        if unknown:
            raise ValueError(f"{where}: {case.get('name')}: unknown keys {sorted(unknown)}")
        out.append(
            LegalCase(
                id=f"{path.parent.name}/{path.stem}/{i}",
                file=where,
                name=str(case["name"]),
                kind=str(doc["kind"]),
                facts=merge(doc.get("defaults", {}), case.get("facts", {})),
                spec=case,
                cites=tuple(Cite.parse(c) for c in case.get("expect_cites", [])),
            )
        )
    return out


def _registry_case(path: Path) -> LegalCase:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return LegalCase(
        id=f"registry/{path.stem}/0",
        file=f"registry/{path.name}",
        name=str(doc["name"]),
        kind=None,
        facts=doc,
        spec=doc,
        cites=tuple(Cite.parse(c) for c in doc.get("expect_cites", [])),
    )


@cache
def all_cases() -> tuple[LegalCase, ...]:
    base = case_dir()
    cases: list[LegalCase] = []
    for path in sorted(base.glob("art_*/*.yaml")):
        cases.extend(_decision_cases(path))
    cases.extend(_registry_case(p) for p in sorted((base / "registry").glob("*.yaml")))
    return tuple(cases)


@cache
def cases_by_id() -> dict[str, LegalCase]:
    return {c.id: c for c in all_cases()}


@cache
def _index() -> dict[Cite, tuple[LegalCase, ...]]:
    found: dict[Cite, list[LegalCase]] = {}
    for case in all_cases():
        for level in {a for c in case.cites for a in ancestors(c)}:
            found.setdefault(level, []).append(case)
    return {c: tuple(v) for c, v in found.items()}


def cases_for(c: Cite) -> tuple[LegalCase, ...]:
    """The cases that expect `c`, or a paragraph within it, to be cited, in file order."""
    return _index().get(c, ())


@cache
def _exact() -> dict[Cite, tuple[LegalCase, ...]]:
    found: dict[Cite, list[LegalCase]] = {}
    for case in all_cases():
        for c in dict.fromkeys(case.cites):
            found.setdefault(c, []).append(case)
    return {c: tuple(v) for c, v in found.items()}


def cases_citing(c: Cite) -> tuple[LegalCase, ...]:
    """The cases that expect exactly `c` to be cited (not only a paragraph within it)."""
    return _exact().get(c, ())

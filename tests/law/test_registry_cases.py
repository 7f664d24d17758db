"""Legal cases on the in-force question, written as YAML a lawyer can read (src/sofadesk/law/cases/registry/).

Each case names the States and the date, optionally `assume`s extra facts (e.g. a hypothetical denunciation),
and states the expected answer, the citations it must rest on, and phrases its reasons must contain.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sofadesk.law.legal_cases import case_dir
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Fact, Participation, Registry, Source

CASES = sorted((case_dir() / "registry").glob("*.yaml"))
ASSUMED = Source("assumed for this test case", "https://example.invalid/assumed")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    missing = {"name", "date", "sending", "receiving", "expect", "expect_cites"} - set(data)
    assert not missing, f"{path.name}: missing {sorted(missing)}"
    return data


def with_assumptions(registry: Registry, assume: list[dict[str, Any]]) -> Registry:
    participations = dict(registry.participations)
    for item in assume:
        key = (item["agreement"], item["state"])
        p = participations.get(key) or Participation(item["agreement"], item["state"])
        extra = [
            Fact(kind=k, on=v, source=ASSUMED) for k, v in item.items() if k not in ("agreement", "state")
        ]
        assert all(isinstance(f.on, date) for f in extra)
        participations[key] = dataclasses.replace(
            p, facts=tuple(sorted((*p.facts, *extra), key=lambda f: f.kind))
        )
    return dataclasses.replace(registry, participations=participations)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_it_answers_the_legal_case(path: Path, shipped: Registry, engine: InForceEngine) -> None:
    case = _load(path)
    if case.get("assume"):
        engine = InForceEngine(with_assumptions(shipped, case["assume"]))
    sending, receiving = shipped.states[case["sending"]], shipped.states[case["receiving"]]
    result = explain_coverage(engine, sending, receiving, case["date"])
    data = result.as_json()
    for key, expected in case["expect"].items():
        assert data[key] == expected, f"{case['name']}: {key} is {data[key]!r}, expected {expected!r}"
    for c in case["expect_cites"]:
        assert c in data["citations"], f"{case['name']}: citation {c} missing from {data['citations']}"
    reasons = " ".join(data["reasons"])  # type: ignore[arg-type]
    for phrase in case.get("expect_reasons", []):
        assert phrase in reasons, f"{case['name']}: reasons do not say {phrase!r}:\n{reasons}"


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25

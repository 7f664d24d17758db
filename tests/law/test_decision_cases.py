"""Legal cases for the decision rules, written as YAML a lawyer can read (src/sofadesk/law/cases/art_NN/*.yaml,
shipped with the package as the law's own examples and read through sofadesk.law.legal_cases).

A file names the decision `kind`, shared `defaults` facts, and `cases`: each a sentence as name, the facts that
differ from the defaults, and what is expected - values (dotted paths into the answer), citations that must
and must not appear, phrases the reasons or the not-modelled notes must contain, or the error the facts give.
Every encoded paragraph must be exercised by at least three cases (test below).
"""

from __future__ import annotations

from typing import Any

import pytest

from sofadesk.law.article_map import ancestors, nodes_by_cite
from sofadesk.law.cite import Cite
from sofadesk.law.coverage import declarations
from sofadesk.law.decisions import KINDS, FactsError, decide, finding_json, parse_facts
from sofadesk.law.legal_cases import all_cases

CASES = [(c.file.removesuffix(".yaml"), c.kind, c.facts, c.spec) for c in all_cases() if c.kind is not None]


def lookup(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


@pytest.mark.parametrize(
    ("where", "kind", "facts", "case"), CASES, ids=[f"{c[0]}: {c[3]['name']}" for c in CASES]
)
def test_it_decides_the_legal_case(
    where: str, kind: str, facts: dict[str, Any], case: dict[str, Any]
) -> None:
    k = KINDS[kind]
    if "expect_error" in case:
        with pytest.raises(FactsError) as info:
            decide(k, parse_facts(k, facts))
        assert case["expect_error"] in str(info.value), str(info.value)
        return
    result = finding_json(kind, decide(k, parse_facts(k, facts)))
    for dotted, expected in (case.get("expect") or {}).items():
        assert lookup(result["value"], dotted) == expected, f"{dotted}: {lookup(result['value'], dotted)!r}"
    for c in case.get("expect_cites", []):
        assert c in result["citations"], f"missing {c}; got {result['citations']}"
    for c in case.get("expect_absent_cites", []):
        assert c not in result["citations"], f"unexpected {c}"
    reasons = " ".join(result["reasons"])
    for phrase in case.get("expect_reasons", []):
        assert phrase in reasons, f"reasons lack {phrase!r}: {reasons}"
    humans = " ".join(result["not_modelled"])
    for phrase in case.get("expect_not_modelled", []):
        assert phrase in humans, f"not-modelled notes lack {phrase!r}: {humans}"
    for dotted, phrase in (case.get("expect_value_contains") or {}).items():
        found = lookup(result["value"], dotted)
        text = " ".join(map(str, found)) if isinstance(found, list) else str(found)
        assert phrase in text, f"{dotted} lacks {phrase!r}: {text}"
    assert result["citations"], "every answer rests on at least one citation"
    unmapped = [c for c in result["citations"] if Cite.parse(c) not in nodes_by_cite()]
    assert not unmapped, f"citations missing from the article map: {unmapped}"


def _cited_in_cases() -> list[Cite]:
    return [c for case in all_cases() for c in case.cites]


# Encoded only through the registry's listings (parties, timeline), tested by the CLI tests, not by cases.
LISTING_ONLY = {"PfP SOFA FAP Art. V", "PfP SOFA FAP Art. VI"}


def test_every_encoded_paragraph_has_at_least_three_cases() -> None:
    encoded, _ = declarations()
    cited = _cited_in_cases()
    thin = []
    for c in encoded:
        if c.render() in LISTING_ONLY:
            continue
        n = sum(1 for x in cited if c in ancestors(x))
        if n < 3:
            thin.append(f"{c.render()}: {n}")
    assert not thin, "paragraphs with fewer than three legal cases:\n" + "\n".join(sorted(thin))


def test_every_kind_has_cases() -> None:
    assert {kind for _, kind, _, _ in CASES} == set(KINDS)

"""Every citation a rule uses points to an article and paragraph in our article maps."""

from __future__ import annotations

from datetime import date
from importlib import resources
from itertools import product
from pathlib import Path
from typing import Any

import pytest
import yaml

from sofadesk.law.cite import CitationError, Cite
from sofadesk.law.rules.final_clauses import FINAL_CLAUSES
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry


def article_maps() -> dict[str, dict[str, Any]]:
    base = Path(str(resources.files("sofadesk.law") / "articles"))
    maps = {}
    for path in base.glob("*.yaml"):
        doc = yaml.safe_load(path.read_text())
        maps[doc["instrument"]] = doc["articles"]
    return maps


def exists(c: Cite, maps: dict[str, dict[str, Any]]) -> bool:
    article = maps.get(c.instrument, {}).get(c.article)
    if article is None:
        return False
    if c.paragraph is None:
        return "summary" in article or "paragraphs" in article
    para = (article.get("paragraphs") or {}).get(c.paragraph)
    if para is None:
        return False
    for s in c.sub:
        if not isinstance(para, dict) or s not in (para.get("sub") or {}):
            return False
        para = para["sub"][s]
    return True


def test_it_has_a_map_for_every_instrument() -> None:
    assert set(article_maps()) == {"nato-sofa", "pfp-sofa", "pfp-sofa-ap", "pfp-sofa-fap"}


def test_every_final_clause_citation_is_in_the_article_map() -> None:
    maps = article_maps()
    for clauses in FINAL_CLAUSES.values():
        for value in (
            vars(clauses).values()
            if hasattr(clauses, "__dict__")
            else [getattr(clauses, f) for f in clauses.__slots__]
        ):
            if isinstance(value, Cite):
                assert exists(value, maps), f"{value} is not in the article map"


def test_every_citation_in_any_coverage_answer_is_in_the_article_map(
    shipped: Registry, engine: InForceEngine
) -> None:
    maps = article_maps()
    seen: set[Cite] = set()
    codes = ["RUS", "USA", "DEU", "DNK", "CHE", "POL", "TUR", "BRA", "SWE", "CAN"]
    days = [date(1953, 1, 1), date(1960, 1, 1), date(1996, 12, 13), date(2003, 6, 1), date(2008, 1, 1)]
    for s, r, d in product(codes, codes, days):
        if s != r:
            seen.update(explain_coverage(engine, shipped.states[s], shipped.states[r], d).finding.citations)
    missing = sorted(str(c) for c in seen if not exists(c, maps))
    assert not missing
    assert len(seen) >= 10


@pytest.mark.parametrize(
    "text",
    ["NATO SOFA Art. VII(3)(a)(ii)", "PfP SOFA Art. V(3)", "PfP SOFA AP Art. I", "NATO SOFA Art. XVIII(3)"],
)
def test_it_renders_and_parses_citations_both_ways(text: str) -> None:
    assert Cite.parse(text).render() == text


def test_it_links_each_citation_to_the_official_text() -> None:
    assert Cite.parse("PfP SOFA Art. V(3)").url == "https://www.nato.int/docu/basictxt/b950619a.htm"


@pytest.mark.parametrize("text", ["NATO SOFA", "Warsaw Pact Art. I", "PfP SOFA Art. 5(3)"])
def test_it_rejects_what_is_not_a_citation(text: str) -> None:
    with pytest.raises(CitationError):
        Cite.parse(text)

"""Every paragraph of the NATO SOFA (Arts I-XX), the PfP SOFA and its Protocols is accounted for."""

from __future__ import annotations

from sofadesk.law.article_map import article_nodes
from sofadesk.law.coverage import coverage_rows, unknown_declared
from sofadesk.law.decisions import KINDS

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]  # fmt: skip


def test_the_nato_sofa_map_has_articles_i_to_xx() -> None:
    articles = [
        n.cite.article
        for n in article_nodes()
        if n.cite.instrument == "nato-sofa" and n.cite.paragraph is None
    ]
    assert articles == ROMAN


def test_no_paragraph_is_unaccounted_for() -> None:
    unaccounted = [r.node.cite.render() for r in coverage_rows() if r.status == "unaccounted"]
    assert not unaccounted


def test_every_declared_citation_exists_in_the_article_map() -> None:
    assert not unknown_declared()


def test_every_not_modelled_entry_gives_a_reason() -> None:
    for r in coverage_rows():
        if r.status == "not_modelled" and r.module:
            assert len(r.detail) > 30, r.node.cite.render()


def test_encoded_entries_name_a_decision_or_registry_command() -> None:
    names = {*KINDS, "coverage", "parties", "timeline"}
    for r in coverage_rows():
        if r.status == "encoded" and r.module:
            assert any(n in r.detail for n in names), (r.node.cite.render(), r.detail)

"""The reading record (docs/law-reading.md): one section per paragraph of every instrument, kept equal to what
`sofadesk law reading-record` prints, with anchors that `sofadesk law coverage` links to."""

from __future__ import annotations

import re
from pathlib import Path

from sofadesk.law.article_map import article_nodes, nodes_by_cite
from sofadesk.law.cite import Cite
from sofadesk.law.legal_cases import case_dir
from sofadesk.law.reading import CASE_PATH, READING_RECORD, anchor, notes, render_markdown, sections

ROOT = Path(__file__).parents[2]
RECORD = ROOT / READING_RECORD


def anchors_in(text: str) -> list[str]:
    return re.findall(r'<a id="([^"]+)"></a>', text)


def test_the_committed_record_is_what_the_command_prints() -> None:
    assert RECORD.read_text(encoding="utf-8") == render_markdown(), (
        f"{READING_RECORD} is out of date: run `sofadesk law reading-record > {READING_RECORD}`"
    )


def test_every_paragraph_of_the_article_maps_has_a_section() -> None:
    found = anchors_in(RECORD.read_text(encoding="utf-8"))
    assert len(found) == len(set(found)), "an anchor is used twice"
    missing = [n.cite.render() for n in article_nodes() if anchor(n.cite) not in found]
    assert not missing
    assert len(found) == len(article_nodes())


def test_every_instrument_and_article_is_in_the_record() -> None:
    text = RECORD.read_text(encoding="utf-8")
    for article in ("i", "ii", "ix", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"):
        assert f'id="nato-sofa-art-{article}"' in text
    for a in ("i", "ii", "iii", "iv", "v", "vi"):
        assert f'id="pfp-sofa-art-{a}"' in text and f'id="pfp-sofa-fap-art-{a}"' in text
    assert 'id="pfp-sofa-ap-art-i"' in text and 'id="pfp-sofa-ap-art-ii-4"' in text


def test_anchors_are_readable_ids() -> None:
    assert anchor(article_nodes()[0].cite) == "nato-sofa-art-i"
    assert anchor(Cite.parse("NATO SOFA Art. VIII(5)(d)")) == "nato-sofa-art-viii-5-d"
    assert anchor(Cite.parse("PfP SOFA AP Art. I")) == "pfp-sofa-ap-art-i"


def test_every_reading_note_is_about_a_paragraph_we_map() -> None:
    assert notes()
    assert not [c.render() for c in notes() if c not in nodes_by_cite()]


def test_every_case_file_the_record_names_exists() -> None:
    named = set(re.findall(rf"`{re.escape(CASE_PATH)}/([^`]+)`", RECORD.read_text(encoding="utf-8")))
    assert named and all((case_dir() / f).is_file() for f in named)


def test_every_encoded_leaf_paragraph_names_its_module_and_cases() -> None:
    for s in sections():
        if s.coverage.status == "encoded" and s.coverage.module and s.node.leaf:
            assert s.coverage.module in s.treatment, s.cite.render()

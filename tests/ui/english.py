"""A heuristic that finds English left in a French or Russian page or sentence: two or more common English
words (articles, prepositions, auxiliaries, the Agreement's own vocabulary) in one run of text, once the
citations ("NATO SOFA Art. VII(3)(a)"), addresses, codes and the people's own words (names, notes, places:
the data they typed) are set aside."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

STOPWORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "are",
        "for",
        "with",
        "not",
        "by",
        "in",
        "this",
        "that",
        "from",
        "be",
        "has",
        "have",
        "was",
        "were",
        "which",
        "its",
        "their",
        "will",
        "may",
        "must",
        "shall",
        "under",
        "between",
        "only",
        "if",
        "at",
        "it",
        "does",
        "would",
        "should",
        "any",
        "each",
        "who",
        "whose",
        "what",
        "when",
        "where",
        "than",
        "into",
        "after",
        "before",
        "there",
        "these",
        "those",
        "been",
        "being",
        "but",
        "also",
        "other",
        "such",
        "state",
        "states",
        "receiving",
        "sending",
        "member",
        "members",
        "party",
        "agreement",
        "claim",
        "applies",
        "apply",
        "needs",
        "decision",
        "decide",
        "whether",
        "days",
        "day",
        "your",
        "you",
        "our",
        "we",
        "none",
        "yes",
        "unknown",
        "here",
    ]
)
CITATION = re.compile(
    r"\b(?:NATO SOFA|PfP SOFA(?: AP| FAP)?|PfP SOFA Additional Protocol)?\s*Arts?\.\s*[IVXL]+(?:\(\w+\))*(?:\s*(?:,|and|-|–)\s*[IVXL]*(?:\(\w+\))+)*"
)
NOISE = [
    CITATION,
    re.compile(r"https?://\S+"),
    re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b"),  # references, serials
    re.compile(r"\bsofadesk [a-z -]+"),  # commands named in a sentence
    re.compile(r"`[^`]*`"),
    re.compile(r"\b\w+(?:_\w+)+\b"),  # identifiers (field names, codes)
]


def english_run(text: str, own_words: Iterable[str] = ()) -> bool:
    """Whether `text` still reads as English once citations, codes and the people's own words are removed."""
    for words in sorted(own_words, key=len, reverse=True):
        if words:
            text = text.replace(words, " ")
    for pattern in NOISE:
        text = pattern.sub(" ", text)
    found = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    return sum(w in STOPWORDS for w in found) >= 2


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.runs: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "pre", "code"):
            self.skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.runs.append(value)
        if tag in (
            "p",
            "li",
            "td",
            "th",
            "dt",
            "dd",
            "h1",
            "h2",
            "h3",
            "label",
            "legend",
            "div",
            "span",
            "a",
            "button",
            "option",
        ):
            self.runs.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "pre", "code"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.runs.append(data)


def text_runs(html: str) -> Iterator[str]:
    parser = _Text()
    parser.feed(html)
    for run in "".join(parser.runs).split("\n"):
        if run.strip():
            yield " ".join(run.split())


def english_in_page(html: str, own_words: Iterable[str] = ()) -> list[str]:
    """Every run of a page's visible text (and its alt, title and labels) that reads as English."""
    words = list(own_words)
    return [run for run in text_runs(html) if english_run(run, words)]

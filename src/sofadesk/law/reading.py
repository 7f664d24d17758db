"""The reading record: for every paragraph of the four instruments, what the text says in our words, how we read
it where the text leaves a choice, what the code does with it, and the legal cases that test it.

Built from the article maps (our summaries), reading_notes.yaml (our readings), the rule modules' ENCODED and
NOT_MODELLED declarations (coverage) and the legal cases.  `sofadesk law reading-record` prints it as Markdown;
the committed copy is docs/law-reading.md (a test keeps the two equal), `sofadesk law coverage` links each
paragraph to its anchor there, and the web interface shows the same sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from sofadesk.law.article_map import Node, article_nodes
from sofadesk.law.cite import Cite
from sofadesk.law.coverage import CoverageRow, coverage_rows
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.law.legal_cases import LegalCase, cases_for

READING_RECORD = "docs/law-reading.md"
CASE_PATH = "src/sofadesk/law/cases"

TITLES = {
    "nato-sofa": "NATO SOFA (London, 19 June 1951)",
    "pfp-sofa": "PfP SOFA (Brussels, 19 June 1995)",
    "pfp-sofa-ap": "PfP SOFA Additional Protocol (Brussels, 19 June 1995)",
    "pfp-sofa-fap": "PfP SOFA Further Additional Protocol (Brussels, 19 December 1997)",
}
# The authentic English texts we read, besides the official pages of instruments.py.
# The Dutch treaty database publishes them on wetten.overheid.nl; a public mirror is the repository
# statengeneraal/laws-markdown (verdrag/.../<id>/README.md).
READ_FROM = {
    "nato-sofa": "the Dutch official consolidated text BWBV0004785, with the Agreed Minute of 4 April 1952 "
    "(https://wetten.overheid.nl/BWBV0004785)",
    "pfp-sofa": "the Dutch official text BWBV0001297 (https://wetten.overheid.nl/BWBV0001297)",
    "pfp-sofa-ap": "the Dutch official text BWBV0001297, which carries it with the Agreement "
    "(https://wetten.overheid.nl/BWBV0001297)",
    "pfp-sofa-fap": "the Dutch official text BWBV0001373 (https://wetten.overheid.nl/BWBV0001373)",
}


def anchor(c: Cite) -> str:
    """The anchor of a paragraph in the reading record: "NATO SOFA Art. VIII(5)(d)" -> "nato-sofa-art-viii-5-d"."""
    parts = [c.instrument, "art", c.article, *([c.paragraph] if c.paragraph else []), *c.sub]
    return "-".join(p.lower() for p in parts)


def reading_link(c: Cite) -> str:
    return f"{READING_RECORD}#{anchor(c)}"


@cache
def notes() -> dict[Cite, str]:
    path = Path(str(resources.files("sofadesk.law") / "reading_notes.yaml"))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {Cite.parse(k): " ".join(str(v).split()) for k, v in raw.items()}


@dataclass(frozen=True)
class Section:
    node: Node
    anchor: str
    depth: int  # 0 for an article, 1 for a paragraph, 2 for a sub-paragraph, ...
    coverage: CoverageRow
    note: str
    cases: tuple[LegalCase, ...]

    @property
    def cite(self) -> Cite:
        return self.node.cite

    @property
    def treatment(self) -> str:
        """What the code does, in one sentence a lawyer can check."""
        r = self.coverage
        if r.status == "not_modelled":
            why = r.detail if r.module else "its sub-paragraphs are not modelled (see each)"
            return f"Not modelled: {why}"
        if r.status == "unaccounted":
            return "Unaccounted for."
        if not r.module:
            return "Encoded through its sub-paragraphs (see each)."
        entry = entry_points(r.detail)
        return (
            f"Encoded in `sofadesk.law.rules.{r.module}`: {r.detail}"
            + (f" (entry point {', '.join(f'`{e}`' for e in entry)})" if entry else "")
            + "."
        )


def entry_points(detail: str) -> list[str]:
    """The rule functions behind the decision kinds a coverage entry names."""
    from sofadesk.law.decisions import KINDS

    words = {w.strip(" ,;()") for w in detail.split()}
    return [f"{k.module}.{k.decide}" for name, k in KINDS.items() if name in words]


def _depth(c: Cite) -> int:
    return (1 if c.paragraph else 0) + len(c.sub)


@cache
def sections() -> tuple[Section, ...]:
    rows = {r.node.cite: r for r in coverage_rows()}
    return tuple(
        Section(n, anchor(n.cite), _depth(n.cite), rows[n.cite], notes().get(n.cite, ""), cases_for(n.cite))
        for n in article_nodes()
    )


@cache
def section_by_anchor() -> dict[str, Section]:
    return {s.anchor: s for s in sections()}


def case_files(cases: tuple[LegalCase, ...]) -> list[tuple[str, int]]:
    """(file, number of cases) in file order."""
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.file] = counts.get(case.file, 0) + 1
    return list(counts.items())


def render_markdown() -> str:
    out = [
        "# Reading record: the NATO SOFA, the PfP SOFA and its Protocols, paragraph by paragraph",
        "",
        "Generated by `sofadesk law reading-record` from the article maps (`src/sofadesk/law/articles/`, our own",
        "summaries), our readings (`src/sofadesk/law/reading_notes.yaml`), the rule modules' declarations of what they",
        "encode and what they leave out (`src/sofadesk/law/rules/`), and the legal cases",
        f"(`{CASE_PATH}/`). A test keeps this file equal to the command's output; edit the sources, not this file.",
        "",
        "Every paragraph was read against the authentic English text (sources per instrument below; the Dutch",
        "treaty database's texts are mirrored in the public repository statengeneraal/laws-markdown). For each:",
        "",
        "- **Text, in our words** - what the paragraph says, paraphrased (never the treaty text; follow the link);",
        "- **Our reading** - where the text leaves a choice, or a reader checking the code should know how we read it;",
        "- **SOFA Desk** - the rule module and decision that encode it, or why it is not modelled;",
        "- **Cases** - the YAML files of legal cases that expect it to be cited, with how many cases each.",
        "",
        "`sofadesk law coverage` links every paragraph to its anchor here; `sofadesk law explain` and the law pages of",
        "the web interface show the same record with the cases' names.",
        "",
        "Not in the article maps: the NATO SOFA's preamble, its Appendix (the triptyque form of Art. XI(2)(a)), the",
        "declaration of Belgium, Luxembourg and the Netherlands on their economic union, and the Agreed Minute of",
        "4 April 1952 (the Chairman of the Council Deputies' functions pass to the NATO Secretary-General), which the",
        "claims rules apply in Art. VIII(2)(b).",
    ]
    for inst in INSTRUMENTS.values():
        out += [
            "",
            f"## {TITLES[inst.id]}",
            "",
            f"Official text: {inst.official_url}; read from {READ_FROM[inst.id]}.",
        ]
        for s in (s for s in sections() if s.cite.instrument == inst.id):
            out += _markdown_section(s)
    return "\n".join(out) + "\n"


def _markdown_section(s: Section) -> list[str]:
    title = s.cite.render() + (f" - {s.node.heading}" if s.depth == 0 else "")
    lines = ["", f'{"#" * min(3 + s.depth, 6)} <a id="{s.anchor}"></a>{title}', ""]
    if s.node.summary:
        lines.append(f"- **Text, in our words:** {s.node.summary}")
    if s.note:
        lines.append(f"- **Our reading:** {s.note}")
    lines.append(f"- **SOFA Desk:** {s.treatment}")
    files = case_files(s.cases)
    if files:
        listed = ", ".join(f"`{CASE_PATH}/{f}` ({n})" for f, n in files)
        lines.append(f"- **Cases:** {listed}")
    elif s.coverage.status == "encoded" and s.coverage.module:
        lines.append("- **Cases:** none cite it directly; see the paragraphs within it.")
    return lines

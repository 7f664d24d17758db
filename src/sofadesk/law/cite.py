"""Citations of the Agreement: instrument, article, paragraph, sub-paragraphs; rendered like
"NATO SOFA Art. VII(3)(a)(ii)" and linked to the official text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from sofadesk.law.instruments import BY_SHORT_NAME, INSTRUMENTS


class CitationError(ValueError):
    """A citation string that does not name an instrument, article and paragraphs we know how to read."""


_CITE_RE = re.compile(
    r"^\s*(?P<inst>.+?)\s+Art\.?\s*(?P<art>[IVXLC]+)\s*(?P<rest>(\(\s*[0-9a-z]+\s*\))*)\s*$"
)
_PART_RE = re.compile(r"\(\s*([0-9a-z]+)\s*\)")


@dataclass(frozen=True, slots=True, order=True)
class Cite:
    instrument: str
    article: str
    paragraph: str | None = None
    sub: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.instrument not in INSTRUMENTS:
            raise CitationError(f"unknown instrument {self.instrument!r}")
        if self.sub and self.paragraph is None:
            raise CitationError("a sub-paragraph needs a paragraph")

    def render(self) -> str:
        text = f"{INSTRUMENTS[self.instrument].short_name} Art. {self.article}"
        if self.paragraph is not None:
            text += f"({self.paragraph})"
        return text + "".join(f"({s})" for s in self.sub)

    def __str__(self) -> str:
        return self.render()

    @property
    def url(self) -> str:
        return INSTRUMENTS[self.instrument].official_url

    @classmethod
    def parse(cls, text: str) -> Cite:
        """Read "PfP SOFA Art. V(3)" or "NATO SOFA Art. VII(3)(a)(ii)" back into a Cite."""
        m = _CITE_RE.match(text)
        if not m:
            raise CitationError(
                f"{text!r} is not a citation; expected e.g. 'NATO SOFA Art. VII(3)(a)' or 'PfP SOFA Art. V(3)'"
            )
        inst = BY_SHORT_NAME.get(m["inst"].strip().casefold())
        if inst is None:
            known = ", ".join(sorted(i.short_name for i in INSTRUMENTS.values()))
            raise CitationError(f"{m['inst']!r} is not an instrument we know; known: {known}")
        parts = _PART_RE.findall(m["rest"] or "")
        return cls(inst.id, m["art"], parts[0] if parts else None, tuple(parts[1:]))


@lru_cache(maxsize=4096)
def cite(instrument: str, article: str, paragraph: str | int | None = None, *sub: str) -> Cite:
    """Short constructor used by rule modules: cite("pfp-sofa", "V", 3).  Cached: citations are immutable values
    and rules build the same few hundred of them on every decision."""
    return Cite(instrument, article, None if paragraph is None else str(paragraph), tuple(sub))


def article_cites(instrument: str, article: str) -> Callable[..., Cite]:
    """The citation maker of one article, as rule modules use it: `_c = article_cites("nato-sofa", "VII")`, then
    `_c(5, "a")`.  A partial of `cite` rather than a wrapper function: a rule builds a dozen citations per
    decision, and the Python frame a wrapper adds was a tenth of an in-process decision's time."""
    return partial(cite, instrument, article)

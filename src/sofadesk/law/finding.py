"""A rule's answer: the value, the citations it rests on, reasons in plain words, and what it leaves to people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sofadesk.law.cite import Cite

T = TypeVar("T")


@dataclass(frozen=True)
class Finding(Generic[T]):
    value: T
    citations: tuple[Cite, ...] = ()
    reasons: tuple[str, ...] = ()
    # "not modelled - needs a decision by ...": what the rule does not decide and who must.
    left_to_humans: tuple[str, ...] = field(default=())

    def cite_strings(self) -> list[str]:
        """Citations rendered, de-duplicated, in the order the reasoning used them."""
        seen: dict[str, None] = {}
        for c in self.citations:
            seen.setdefault(c.render(), None)
        return list(seen)

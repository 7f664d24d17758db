"""An act as entered, as read, and its impact on a case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

from sofadesk.cases.bodies import IsoDate, Strict
from sofadesk.law.common import StateCode

ActKind = Literal[
    "signature", "deposit", "entry_into_force", "denunciation_notice", "denunciation_effective", "declaration"
]
AgreementId = Literal["nato-sofa", "pfp-sofa", "pfp-sofa-ap", "pfp-sofa-fap"]


class ActBody(Strict):
    """A State's act under an agreement, with the source that records it and where in it."""

    agreement: AgreementId
    state: StateCode
    kind: ActKind
    # Not "on": YAML reads a bare `on` key as the boolean true.
    date: IsoDate | None = Field(None, description="The act's date; a declaration may leave it out.")
    instrument_kind: Literal["ratification", "accession", "acceptance", "approval"] | None = None
    summary: str | None = Field(
        None, max_length=2000, description="Our own one-line summary of a declaration."
    )
    note: str | None = Field(None, max_length=2000)
    source_title: str = Field(min_length=3, max_length=500)
    source_url: HttpUrl
    source_where: str | None = Field(None, max_length=300, description="Where in the source the date stands.")

    @model_validator(mode="after")
    def _complete(self) -> ActBody:
        if self.kind != "declaration" and self.date is None:
            raise ValueError("date: the date of the act is needed (only a declaration may leave it out)")
        if self.kind == "declaration" and not self.summary:
            raise ValueError("summary: a declaration needs our one-line summary of it")
        return self


class ActRead(BaseModel):
    id: int
    agreement: str
    state: str
    kind: str
    date: str | None
    instrument_kind: str | None
    summary: str | None
    note: str | None
    source_title: str
    source_url: str
    source_where: str | None
    status: str
    proposed_by: str
    proposed_at: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None


# The two below are plain dataclasses, not models: one act may change tens of thousands of cases, and building
# them must cost next to nothing (the API still documents and serialises them through pydantic).
@dataclass(slots=True)
class DaysChanged:
    """Days of the case on which the answer for one pair of its States changes."""

    between: list[str]  # the act's State and another State of the case
    first: str
    last: str
    before: bool | None
    after: bool | None


@dataclass(slots=True)
class ImpactRead:
    """A case whose coverage an act changes: its States, and for each pair with the act's State the days on which
    it was and will be covered."""

    kind: str
    case_id: int
    reference: str
    status: str
    link: str
    states: list[str]
    changes: list[DaysChanged]


class ConfirmRead(BaseModel):
    act: ActRead
    # The changed cases the confirming user's State may see (every State concerned is told of its own).
    impact: list[ImpactRead]

"""Registry data as plain, immutable values: what the database and the shipped YAML both turn into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

FactKind = Literal[
    "signature",
    "deposit",
    "entry_into_force",
    "denunciation_notice",
    "denunciation_effective",
    "in_force_by",
    "not_before",
    "nat_accession",
    "declaration",
]
FACT_KINDS: tuple[FactKind, ...] = (
    "signature",
    "deposit",
    "entry_into_force",
    "denunciation_notice",
    "denunciation_effective",
    "in_force_by",
    "not_before",
    "nat_accession",
    "declaration",
)
DateStatus = Literal["known", "unknown", "inferred"]
PartyStatus = Literal["party", "unconfirmed"]


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    on: date | None
    date_status: DateStatus = "known"
    source: Source | None = None
    instrument_kind: str | None = None  # ratification, accession, acceptance, approval
    place: str | None = None
    summary: str | None = None  # our one-line summary of a declaration or reservation
    note: str | None = None
    # "local": entered in SOFA Desk by a registry editor and confirmed by a second one (not the shipped data).
    origin: Literal["shipped", "local"] = "shipped"

    @property
    def dated(self) -> bool:
        """True where the date can be used for reasoning (known, or inferred with its reasons given)."""
        return self.on is not None and self.date_status != "unknown"


@dataclass(frozen=True, slots=True)
class Participation:
    agreement: str
    state: str
    status: PartyStatus = "party"
    note: str | None = None
    facts: tuple[Fact, ...] = ()

    def fact(self, kind: FactKind) -> Fact | None:
        for f in self.facts:
            if f.kind == kind:
                return f
        return None

    @property
    def declarations(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.kind == "declaration")


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    done_at: str
    done_on: date
    depositary: str
    general_entry_into_force: date
    general_entry_into_force_source: Source
    summary: str
    depends_on: str | None = None


@dataclass(frozen=True, slots=True)
class State:
    code: str  # ISO 3166-1 alpha-3
    alpha2: str
    name: str
    official_name: str | None = None
    common_name: str | None = None

    @property
    def display_name(self) -> str:
        return self.common_name or self.name


@dataclass
class Registry:
    states: dict[str, State]
    agreements: dict[str, Agreement]
    participations: dict[tuple[str, str], Participation]
    aliases: dict[str, str] = field(default_factory=dict)

    def participation(self, agreement: str, state: str) -> Participation | None:
        return self.participations.get((agreement, state))

    def parties_of(self, agreement: str) -> list[Participation]:
        return sorted(
            (p for (a, _), p in self.participations.items() if a == agreement),
            key=lambda p: self.states[p.state].display_name,
        )

    def state_participations(self, state: str) -> list[Participation]:
        return [p for (_, s), p in sorted(self.participations.items()) if s == state]

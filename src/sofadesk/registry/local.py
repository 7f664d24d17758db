"""Acts entered in SOFA Desk by registry editors and confirmed (four eyes), laid over the shipped registry.

The shipped data stays the baseline: a confirmed local act replaces the shipped fact of the same kind for that
State and instrument (a declaration is added), or creates the State's participation where the shipped data has
none, and is marked as local so that every explanation says where its date comes from.  Pure: the acts come in
as values; both read paths (SQLAlchemy and the CLI's DB-API) turn the same rows into them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast

from sofadesk.law.messages import day, literal, msg, number
from sofadesk.registry.model import Fact, FactKind, Participation, Registry, Source

# What an editor may enter (the bounds and inferences of the shipped data stay the researchers').
LOCAL_KINDS: tuple[FactKind, ...] = (
    "signature",
    "deposit",
    "entry_into_force",
    "denunciation_notice",
    "denunciation_effective",
    "declaration",
)
COLUMNS = (
    "id",
    "agreement_id",
    "state_code",
    "kind",
    "on_date",
    "instrument_kind",
    "summary",
    "note",
    "source_title",
    "source_url",
    "source_where",
    "decided_at",
)
CONFIRMED_SQL = f"SELECT {', '.join(COLUMNS)} FROM registry_acts WHERE status = 'confirmed' ORDER BY id"


@dataclass(frozen=True)
class LocalAct:
    id: int
    agreement: str
    state: str
    kind: FactKind
    on: date | None
    instrument_kind: str | None
    summary: str | None
    note: str | None
    source: Source
    where: str | None
    confirmed_on: date | None

    def fact(self) -> Fact:
        where = f" ({self.where})" if self.where else ""
        # A sentence of its own (msg), so the pages say it in the reader's language; the editor's note is theirs.
        told = (
            msg(
                "Entered in SOFA Desk as act {act}, confirmed on {day}",
                act=number(self.id),
                day=day(self.confirmed_on),
            )
            if self.confirmed_on
            else msg("Entered in SOFA Desk as act {act}, not yet confirmed", act=number(self.id))
        )
        note = (
            msg("{told}: {note}", told=told, note=literal(" ".join(self.note.split()))) if self.note else told
        )
        return Fact(
            kind=self.kind,
            on=self.on,
            source=Source(self.source.title + where, self.source.url),
            instrument_kind=self.instrument_kind,
            summary=self.summary,
            note=note,
            origin="local",
        )


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return date.fromisoformat(str(value)[:10])


def acts_from_rows(rows: Iterable[Sequence[Any]]) -> list[LocalAct]:
    return [
        LocalAct(
            id=r[0],
            agreement=r[1],
            state=r[2],
            kind=cast(FactKind, r[3]),
            on=_day(r[4]),
            instrument_kind=r[5],
            summary=r[6],
            note=r[7],
            source=Source(r[8], r[9]),
            where=r[10],
            confirmed_on=_day(r[11]),
        )
        for r in rows
    ]


def with_acts(registry: Registry, acts: Iterable[LocalAct]) -> Registry:
    """The registry as the acts (in the order confirmed) make it."""
    participations = dict(registry.participations)
    for act in acts:
        key = (act.agreement, act.state)
        p = participations.get(key) or Participation(act.agreement, act.state)
        kept = [f for f in p.facts if act.kind == "declaration" or f.kind != act.kind]
        # A dated act settles the standing: a State recorded as unconfirmed is a party once its deposit or entry
        # into force is entered and confirmed.
        status = "party" if act.kind in ("deposit", "entry_into_force") else p.status
        participations[key] = replace(p, status=status, facts=(*kept, act.fact()))
    return replace(registry, participations=participations)

"""The registry as database rows, and back.

Both read paths use this module: the SQLAlchemy store (web, API, seeding) and the plain DB-API read that the
CLI uses to answer in a fraction of a second.  Column order here is the contract between them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from sofadesk.registry.model import (
    Agreement,
    DateStatus,
    Fact,
    FactKind,
    Participation,
    PartyStatus,
    Registry,
    Source,
    State,
)

Row = Sequence[Any]

TABLES: dict[str, tuple[str, ...]] = {
    "states": ("code", "alpha2", "name", "official_name", "common_name"),
    "state_aliases": ("alias", "state_code"),
    "agreements": (
        "id",
        "title",
        "done_at",
        "done_on",
        "depositary",
        "general_entry_into_force",
        "general_eif_source_title",
        "general_eif_source_url",
        "summary",
        "depends_on",
    ),
    "participations": ("agreement_id", "state_code", "status", "note"),
    "registry_facts": (
        "agreement_id",
        "state_code",
        "kind",
        "seq",
        "on_date",
        "date_status",
        "instrument_kind",
        "place",
        "summary",
        "note",
        "source_title",
        "source_url",
    ),
}
# Deterministic order, so that both back-ends and both read paths build identical registries.
ORDER_BY: dict[str, str] = {
    "states": "code",
    "state_aliases": "alias",
    "agreements": "id",
    "participations": "agreement_id, state_code",
    "registry_facts": "agreement_id, state_code, kind, seq",
}


def select_sql(table: str) -> str:
    return f"SELECT {', '.join(TABLES[table])} FROM {table} ORDER BY {ORDER_BY[table]}"


def _day(value: Any) -> date | None:
    # SQLite hands dates back as ISO text through the DB-API, PostgreSQL as date objects.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def registry_from_rows(
    states: Iterable[Row],
    aliases: Iterable[Row],
    agreements: Iterable[Row],
    participations: Iterable[Row],
    facts: Iterable[Row],
) -> Registry:
    state_map = {r[0]: State(r[0], r[1], r[2], r[3], r[4]) for r in states}
    agreement_map = {
        r[0]: Agreement(
            id=r[0],
            title=r[1],
            done_at=r[2],
            done_on=cast(date, _day(r[3])),
            depositary=r[4],
            general_entry_into_force=cast(date, _day(r[5])),
            general_entry_into_force_source=Source(r[6], r[7]),
            summary=r[8],
            depends_on=r[9],
        )
        for r in agreements
    }
    facts_by_key: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for r in facts:
        facts_by_key[(r[0], r[1])].append(
            Fact(
                kind=cast(FactKind, r[2]),
                on=_day(r[4]),
                date_status=cast(DateStatus, r[5]),
                instrument_kind=r[6],
                place=r[7],
                summary=r[8],
                note=r[9],
                source=Source(r[10], r[11]) if r[11] else None,
            )
        )
    participation_map = {
        (r[0], r[1]): Participation(
            agreement=r[0],
            state=r[1],
            status=cast(PartyStatus, r[2]),
            note=r[3],
            facts=tuple(facts_by_key.get((r[0], r[1]), ())),
        )
        for r in participations
    }
    return Registry(state_map, agreement_map, participation_map, {r[0]: r[1] for r in aliases})


def registry_to_rows(registry: Registry) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every table, in the column order of TABLES."""
    fact_rows: list[tuple[Any, ...]] = []
    for (agreement, state), p in sorted(registry.participations.items()):
        seq_by_kind: dict[str, int] = defaultdict(int)
        for f in p.facts:
            seq = seq_by_kind[f.kind]
            seq_by_kind[f.kind] += 1
            fact_rows.append(
                (
                    agreement,
                    state,
                    f.kind,
                    seq,
                    f.on,
                    f.date_status,
                    f.instrument_kind,
                    f.place,
                    f.summary,
                    f.note,
                    f.source.title if f.source else None,
                    f.source.url if f.source else None,
                )
            )
    return {
        "states": [
            (s.code, s.alpha2, s.name, s.official_name, s.common_name)
            for s in sorted(registry.states.values(), key=lambda s: s.code)
        ],
        "state_aliases": sorted(registry.aliases.items()),
        "agreements": [
            (
                a.id,
                a.title,
                a.done_at,
                a.done_on,
                a.depositary,
                a.general_entry_into_force,
                a.general_entry_into_force_source.title,
                a.general_entry_into_force_source.url,
                a.summary,
                a.depends_on,
            )
            for a in sorted(registry.agreements.values(), key=lambda a: a.id)
        ],
        "participations": [
            (p.agreement, p.state, p.status, p.note) for _, p in sorted(registry.participations.items())
        ],
        "registry_facts": fact_rows,
    }

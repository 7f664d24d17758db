"""`sofadesk db seed`: write the shipped registry data to the database, idempotently.

Rows are compared with what is there: only differences are written, in one transaction, so running it twice
changes nothing, and a failure leaves the database as it was.  States are never deleted (cases will refer
to them); registry rows that the shipped data no longer contains are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, tuple_, update

from sofadesk.db.models import Base
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.rows import TABLES, registry_to_rows
from sofadesk.registry.shipped import load_shipped, shipped_digest

SEED_DIGEST_KEY = "seed_digest"
# Insert order respects foreign keys; deletes go in reverse.
_ORDER = ("states", "agreements", "state_aliases", "participations", "registry_facts")
_KEEP_MISSING = {"states"}


@dataclass(frozen=True)
class SeedReport:
    changed: bool
    inserted: dict[str, int]
    updated: dict[str, int]
    deleted: dict[str, int]
    digest: str


def _pk(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _sync(
    conn: Connection, table: Table, rows: list[tuple[Any, ...]]
) -> tuple[int, int, list[tuple[Any, ...]]]:
    cols = TABLES[table.name]
    pk = _pk(table)
    pk_idx = [cols.index(c) for c in pk]
    desired = {tuple(r[i] for i in pk_idx): r for r in rows}
    existing = {
        tuple(row[i] for i in pk_idx): tuple(row) for row in conn.execute(select(*(table.c[c] for c in cols)))
    }
    to_insert = [dict(zip(cols, r, strict=True)) for k, r in desired.items() if k not in existing]
    to_update = [r for k, r in desired.items() if k in existing and _norm(existing[k]) != _norm(r)]
    for r in to_update:
        values = dict(zip(cols, r, strict=True))
        conn.execute(update(table).where(*(table.c[c] == values[c] for c in pk)).values(**values))
    if table.name == "agreements":
        # Self-reference (depends_on): parents first.
        to_insert.sort(key=lambda v: v["depends_on"] is not None)
    if to_insert:
        conn.execute(insert(table), to_insert)
    missing = [k for k in existing if k not in desired]
    return len(to_insert), len(to_update), missing


def _norm(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # SQLite returns dates as date objects through SQLAlchemy too; normalise anything else to text.
    return tuple(v if v is None or isinstance(v, int) else str(v) for v in row)


def seed(engine: Engine) -> SeedReport:
    registry = load_shipped()
    InForceEngine(registry)  # validates denunciation notices and dates before anything is written
    digest = shipped_digest()
    rows = registry_to_rows(registry)
    meta = Base.metadata.tables["registry_meta"]
    inserted: dict[str, int] = {}
    updated: dict[str, int] = {}
    deleted: dict[str, int] = {}
    with engine.begin() as conn:
        missing: dict[str, list[tuple[Any, ...]]] = {}
        for name in _ORDER:
            table = Base.metadata.tables[name]
            inserted[name], updated[name], missing[name] = _sync(conn, table, rows[name])
        for name in reversed(_ORDER):
            table = Base.metadata.tables[name]
            gone = [] if name in _KEEP_MISSING else missing[name]
            if gone:
                pk = _pk(table)
                conn.execute(delete(table).where(tuple_(*(table.c[c] for c in pk)).in_(gone)))
            deleted[name] = len(gone)
        current = conn.execute(select(meta.c.value).where(meta.c.key == SEED_DIGEST_KEY)).scalar()
        if current is None:
            conn.execute(insert(meta).values(key=SEED_DIGEST_KEY, value=digest))
        elif current != digest:
            conn.execute(update(meta).where(meta.c.key == SEED_DIGEST_KEY).values(value=digest))
    changed = any(inserted.values()) or any(updated.values()) or any(deleted.values())
    return SeedReport(changed, inserted, updated, deleted, digest)

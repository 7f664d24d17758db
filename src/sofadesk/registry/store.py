"""Reading the registry through SQLAlchemy (services, API, web).  The CLI uses sofadesk.db.fastread instead;
both build the registry with sofadesk.registry.rows, and a test checks they agree on both back-ends."""

from __future__ import annotations

from sqlalchemy import Connection, text

from sofadesk.registry.local import CONFIRMED_SQL, acts_from_rows, with_acts
from sofadesk.registry.model import Registry
from sofadesk.registry.rows import TABLES, registry_from_rows, select_sql


def load_registry(conn: Connection) -> Registry:
    """The shipped registry as seeded, with the confirmed local acts laid over it."""
    rows = {name: conn.execute(text(select_sql(name))).all() for name in TABLES}
    shipped = registry_from_rows(
        rows["states"],
        rows["state_aliases"],
        rows["agreements"],
        rows["participations"],
        rows["registry_facts"],
    )
    return with_acts(shipped, acts_from_rows(conn.execute(text(CONFIRMED_SQL)).all()))


def registry_version(conn: Connection) -> int:
    """Incremented whenever a local act is confirmed: a process holding an older registry reloads it."""
    found = conn.execute(text("SELECT value FROM registry_meta WHERE key = 'version'")).scalar()
    return int(found) if found is not None else 0

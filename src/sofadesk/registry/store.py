"""Reading the registry through SQLAlchemy (services, API, web).  The CLI uses sofadesk.db.fastread instead;
both build the registry with sofadesk.registry.rows, and a test checks they agree on both back-ends."""

from __future__ import annotations

from sqlalchemy import Connection, text

from sofadesk.registry.model import Registry
from sofadesk.registry.rows import TABLES, registry_from_rows, select_sql


def load_registry(conn: Connection) -> Registry:
    rows = {name: conn.execute(text(select_sql(name))).all() for name in TABLES}
    return registry_from_rows(
        rows["states"],
        rows["state_aliases"],
        rows["agreements"],
        rows["participations"],
        rows["registry_facts"],
    )

"""Opening the database for a command: check it is current, set up the embedded one on first use, and read
the registry from it.  Storage work, kept out of the registry package (which is the in-force domain)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from sofadesk.config import Settings
from sofadesk.db.fastread import DatabaseNotReady, read_registry, read_state, redact
from sofadesk.db.schema_version import HEAD_REVISION
from sofadesk.registry.model import Registry
from sofadesk.registry.shipped import shipped_digest


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def set_up_database(url: str) -> None:
    """Migrate to the newest schema and seed the shipped registry data (imports SQLAlchemy and Alembic)."""
    from sofadesk.db.engine import make_engine
    from sofadesk.db.migrate import upgrade
    from sofadesk.db.seed import seed

    engine = make_engine(url)
    try:
        upgrade(engine)
        seed(engine)
    finally:
        engine.dispose()


def open_registry(settings: Settings, notify: Callable[[str], None] = _warn) -> Registry:
    url = settings.database_url
    try:
        revision, digest = read_state(url)
    except DatabaseNotReady:
        revision, digest = None, None
    current = revision == HEAD_REVISION and digest == shipped_digest()
    if not current and settings.embedded:
        what = "Setting up" if revision is None else "Updating"
        notify(
            f"{what} the embedded database at {redact(url)} (schema {HEAD_REVISION}, shipped registry data)..."
        )
        set_up_database(url)
    elif revision is None:
        raise DatabaseNotReady(
            f"the database {redact(url)} has no SOFA Desk schema yet; run `sofadesk db upgrade` "
            "and then `sofadesk db seed`"
        )
    elif revision != HEAD_REVISION:
        raise DatabaseNotReady(
            f"the database {redact(url)} is at schema {revision}, this version needs {HEAD_REVISION}; "
            "run `sofadesk db upgrade`"
        )
    elif digest is None:
        raise DatabaseNotReady(f"the database {redact(url)} has no registry data yet; run `sofadesk db seed`")
    elif digest != shipped_digest():
        notify(
            "Note: the registry data in the database differs from the data shipped with this version; "
            "run `sofadesk db seed` to update it."
        )
    return read_registry(url)

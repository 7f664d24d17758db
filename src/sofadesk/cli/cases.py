"""Shared plumbing for CLI commands that run a use case in one database transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from sofadesk.cli.output import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@contextmanager
def transaction() -> Iterator[Session]:
    """A session on the configured database, set up first if it is the embedded default; one transaction."""
    from sqlalchemy.exc import SQLAlchemyError

    from sofadesk.config import Settings
    from sofadesk.db.bootstrap import open_registry
    from sofadesk.db.engine import make_engine, session_factory
    from sofadesk.errors import DomainError

    settings = Settings.from_env()
    open_registry(settings)  # migrates and seeds the embedded database on first use, or says what is missing
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session, session.begin():
            yield session
    except DomainError as exc:
        raise UserError(exc.detail) from None
    except SQLAlchemyError as exc:
        raise UserError(f"database: {str(getattr(exc, 'orig', exc)).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()


def run(fn: Callable[[Session], T]) -> T:
    with transaction() as session:
        return fn(session)


def engine_from(session: Session) -> Any:
    from sofadesk.registry.inforce import InForceEngine
    from sofadesk.registry.store import load_registry

    return InForceEngine(load_registry(session.connection()))

"""One limit on password guessing for every door (the web sign-in form and POST /api/v1/auth/tokens).

Each attempt is counted *before* its password is checked, by one atomic upsert that returns the new count: of
any number of simultaneous attempts exactly LIMIT are let through to the password check in a window, whatever
the number of workers or nodes.  A success clears the count in the same transaction that signs the user in; a
failure leaves it counted.  Past the limit every attempt is refused, the right password too, until the window
that began with the first counted attempt has passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sofadesk.accounts.models import SignInThrottleRow
from sofadesk.audit.chain import now
from sofadesk.errors import DomainError

LIMIT, WINDOW = 5, timedelta(minutes=15)


class TooManyAttempts(DomainError):
    status = 429
    title = "Too many sign-in attempts"

    def __init__(self, username: str, until: datetime) -> None:
        wait = max(1, int((until - now()).total_seconds()))
        super().__init__(
            f"too many failed sign-ins for {username}; try again in {(wait + 59) // 60} minute(s)"
        )
        self.headers = {"Retry-After": str(wait)}


def count_attempt(session: Session, username: str) -> None:
    """Counts one sign-in attempt for `username`, or refuses it (TooManyAttempts) past the limit.  Run it in a
    transaction of its own, committed before the password is checked."""
    username = username[:64]
    at = now()
    table = cast(Table, SignInThrottleRow.__table__)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stale = table.c.window_started < at - WINDOW
    statement = (
        insert(table)
        .values(username=username, window_started=at, attempts=1)
        .on_conflict_do_update(
            index_elements=[table.c.username],
            set_={
                "attempts": case((stale, 1), else_=table.c.attempts + 1),
                "window_started": case((stale, at), else_=table.c.window_started),
            },
        )
        .returning(table.c.attempts, table.c.window_started)
    )
    attempts, started = session.execute(statement).one()
    if attempts > LIMIT:
        raise TooManyAttempts(username, started + WINDOW)


def clear(session: Session, username: str) -> None:
    """A successful sign-in: the count starts again."""
    session.execute(delete(SignInThrottleRow).where(SignInThrottleRow.username == username[:64]))

"""Signing in and out of the web interface, sessions and CSRF tokens.

The session cookie holds a random value; the database holds its digest, the user, the session's CSRF token and
its expiry.  Every form that changes anything carries the CSRF token and is refused without it.  Sign-in
attempts are limited per username: after LIMIT failures within WINDOW, further attempts are refused until the
window has passed, whatever the password (so guessing is slow, and the limit holds across worker processes).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts import service as accounts
from sofadesk.accounts.models import AuthorityRow, UserRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.errors import DomainError
from sofadesk.ui.models import LoginFailureRow, WebSessionRow

LIFETIME = timedelta(hours=8)  # a working day
LIMIT, WINDOW = 5, timedelta(minutes=15)


class TooManyAttempts(DomainError):
    status = 429
    title = "Too many sign-in attempts"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def sign_in(session: Session, username: str, password: str, client: str) -> tuple[str, CurrentUser]:
    """A new session's cookie value and its user, or Unauthorized / TooManyAttempts.  The caller records a
    failure with `record_failure`."""
    since = now() - WINDOW
    failures = session.execute(
        select(func.count()).where(LoginFailureRow.username == username, LoginFailureRow.at >= since)
    ).scalar_one()
    if failures >= LIMIT:
        raise TooManyAttempts(
            f"too many failed sign-ins for {username}; try again in {WINDOW.seconds // 60} minutes"
        )
    user = accounts.authenticate(session, username, password)
    value = secrets.token_urlsafe(32)
    stamp = now()
    session.add(WebSessionRow(digest=_digest(value), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                              created_at=stamp, expires_at=stamp + LIFETIME))  # fmt: skip
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username))
    return value, user


def record_failure(session: Session, username: str, client: str) -> None:
    """A failed sign-in, written in its own transaction (the failed attempt's own one is rolled back)."""
    session.add(LoginFailureRow(username=username[:64], client=client[:64], at=now()))


def sign_out(session: Session, value: str) -> None:
    session.execute(delete(WebSessionRow).where(WebSessionRow.digest == _digest(value)))


def current(session: Session, value: str | None) -> tuple[CurrentUser, str] | None:
    """The signed-in user and the session's CSRF token, or None (no, unknown or expired session, or a user
    since deactivated)."""
    if not value:
        return None
    found = session.execute(
        select(WebSessionRow, UserRow, AuthorityRow.state_code)
        .join(UserRow, UserRow.id == WebSessionRow.user_id)
        .join(AuthorityRow, AuthorityRow.id == UserRow.authority_id)
        .where(
            WebSessionRow.digest == _digest(value), WebSessionRow.expires_at > now(), UserRow.active.is_(True)
        )
    ).first()
    if found is None:
        return None
    web, user, state = found
    return accounts.as_current(user, state), web.csrf_token


def csrf_ok(expected: str, given: str | None) -> bool:
    return given is not None and secrets.compare_digest(expected, given)

"""Signing in and out of the web interface, sessions and CSRF tokens.

The session cookie holds a random value; the database holds its digest, the user, the session's CSRF token and
its expiry.  Every form that changes anything carries the CSRF token and is refused without it, the sign-in
form too (its token is a random value set in a short-lived cookie when the form is shown).  Sign-in attempts
count against the limit in accounts.throttle, shared with the API's token endpoint.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sofadesk.accounts import service as accounts
from sofadesk.accounts import throttle
from sofadesk.accounts.models import AuthorityRow, UserRow, WebSessionRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now

LIFETIME = timedelta(hours=8)  # a working day


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def sign_in(session: Session, username: str, password: str) -> tuple[str, CurrentUser]:
    """A new session's cookie value and its user, or Unauthorized.  The attempt must have been counted
    (accounts.throttle.count_attempt) in a transaction of its own first; a success clears the count here."""
    user = accounts.authenticate(session, username, password)
    value = secrets.token_urlsafe(32)
    stamp = now()
    session.add(
        WebSessionRow(
            digest=_digest(value),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=stamp,
            expires_at=stamp + LIFETIME,
        )
    )
    throttle.clear(session, username)
    return value, user


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


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """The token sent matches the one issued; an empty or missing token never matches (not even another empty
    one: a form posted from elsewhere without any cookie must not pass)."""
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))

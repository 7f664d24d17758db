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
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts import service as accounts
from sofadesk.accounts import throttle
from sofadesk.accounts.models import AuthorityRow, UserRow, WebSessionRow
from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.db import direct
from sofadesk.db.prepared import prepared
from sofadesk.notifications.models import NotificationRow

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


class SignedIn(NamedTuple):
    user: CurrentUser
    csrf_token: str
    unread: int | None  # the user's unread notifications, when asked for


# Built once with the values bound: every page asks it, and building and keying it again cost more than running it.
# Plain columns, read by position, not the session's and user's mapped objects: loading those into the ORM's
# identity map was a tenth of a dashboard's CPU (py-spy, issue 18).
_SESSION = prepared(
    select(
        WebSessionRow.csrf_token,
        UserRow.id,
        UserRow.username,
        UserRow.display_name,
        UserRow.roles,
        AuthorityRow.state_code,
    )
    .join(UserRow, UserRow.id == WebSessionRow.user_id)
    .join(AuthorityRow, AuthorityRow.id == UserRow.authority_id)
    .where(
        WebSessionRow.digest == bindparam("digest"),
        WebSessionRow.expires_at > bindparam("now"),
        UserRow.active.is_(True),
    )
)
# The index ix_notifications_user_read answers the count (as notifications.service.unread_count).
_WITH_UNREAD = prepared(
    _SESSION.add_columns(
        select(func.count())
        .select_from(NotificationRow)
        .where(NotificationRow.user_id == UserRow.id, NotificationRow.read_at.is_(None))
        .scalar_subquery()
    )
)


def current(session: Session, value: str | None, *, count_unread: bool = False) -> SignedIn | None:
    """The signed-in user and the session's CSRF token, or None (no, unknown or expired session, or a user
    since deactivated).  With `count_unread`, also the user's unread notifications, counted in the same
    statement: every page's header shows that count, and a second trip for it was a sixth of a list page."""
    if not value:
        return None
    query = _WITH_UNREAD if count_unread else _SESSION
    found = direct.first(session.connection(), query, {"digest": _digest(value), "now": now()})
    if found is None:
        return None
    csrf_token, user_id, username, display_name, roles, state, *unread = tuple(found)
    user = accounts.as_current_values(user_id, username, display_name, state, roles)
    return SignedIn(user, csrf_token, int(unread[0]) if unread else None)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    """The token sent matches the one issued; an empty or missing token never matches (not even another empty
    one: a form posted from elsewhere without any cookie must not pass)."""
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))

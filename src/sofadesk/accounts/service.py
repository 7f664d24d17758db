"""Authorities, users, roles and API tokens.  Service functions take a session and never commit: the API
request or CLI command that calls them owns the transaction."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.models import NOTIFY_MODES, ROLES, ApiTokenRow, AuthorityRow, UserRow
from sofadesk.audit.chain import Actor, now
from sofadesk.audit.writer import append
from sofadesk.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from sofadesk.notifications.addresses import valid_email

_hasher = PasswordHasher()
TOKEN_PREFIX = "sd_"


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    state: str
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def require(self, *roles: str) -> None:
        """Refuse (403) unless the user holds one of the roles."""
        if not self.has(*roles):
            raise Forbidden(f"this needs the role {' or '.join(roles)}")

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.state)


def _roles(text: str) -> frozenset[str]:
    return frozenset(r for r in text.split(",") if r)


def check_roles(roles: list[str]) -> str:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown or not roles:
        raise Invalid(
            "roles",
            f"unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}"
            if unknown
            else "at least one role is needed",
        )
    return ",".join(sorted(set(roles)))


def ensure_authority(session: Session, state: str, name: str | None = None) -> AuthorityRow:
    authority = session.execute(
        select(AuthorityRow).where(AuthorityRow.state_code == state)
    ).scalar_one_or_none()
    if authority is None:
        from sofadesk.db.models import StateRow

        if session.get(StateRow, state) is None:
            raise Invalid("state", f"{state!r} is not an ISO 3166-1 alpha-3 code we know")
        authority = AuthorityRow(state_code=state, name=name or f"{state} movement and legal authority")
        session.add(authority)
        session.flush()
    return authority


def create_user(
    session: Session,
    by: CurrentUser | None,
    state: str,
    username: str,
    display_name: str,
    roles: list[str],
    password: str | None = None,
    email: str | None = None,
    notify_by_email: str = "immediate",
) -> UserRow:
    """Create a user of `state`'s authority.  `by` is None only for bootstrapping from the CLI.  `email` and
    `notify_by_email` (immediate, daily or off) say how the user hears of decisions to take besides the inbox."""
    if by is not None:
        if not by.has("administrator"):
            raise Forbidden("only an administrator may manage users")
        if by.state != state:
            raise Forbidden("an administrator manages the users of its own State only")
    if (
        not username
        or len(username) > 64
        or not username.replace(".", "").replace("-", "").replace("_", "").isalnum()
    ):
        raise Invalid("username", "use 1-64 letters, digits, dots, dashes or underscores")
    if len(display_name) > 200:
        raise Invalid("display_name", "at most 200 characters")
    email = check_email(email)
    check_notify_mode(notify_by_email)
    if session.execute(select(UserRow.id).where(UserRow.username == username)).first():
        raise Conflict(f"the username {username!r} is taken")
    authority = ensure_authority(session, state)
    user = UserRow(
        authority_id=authority.id,
        username=username,
        display_name=display_name or username,
        password_hash=_hasher.hash(password) if password else None,
        roles=check_roles(roles),
        active=True,
        created_at=now(),
        email=email,
        notify_by_email=notify_by_email,
    )
    session.add(user)
    session.flush()
    append(
        session,
        by.actor if by else Actor(None, "bootstrap", None),
        "user.created",
        "user",
        user.id,
        {"username": username, "state": state, "roles": user.roles.split(",")},
    )
    return user


def check_email(email: str | None) -> str | None:
    """The address, stripped (None or empty: no address), or Invalid."""
    email = (email or "").strip() or None
    if email is not None and not valid_email(email):
        raise Invalid("email", "not an e-mail address (one @, no spaces, at most 254 characters)")
    return email


def check_notify_mode(mode: str) -> None:
    if mode not in NOTIFY_MODES:
        raise Invalid("notify_by_email", f"use one of {', '.join(NOTIFY_MODES)}")


_UNCHANGED = "unchanged"


def set_notification_preferences(
    session: Session,
    by: CurrentUser | None,
    username: str,
    email: str | None = _UNCHANGED,
    notify_by_email: str | None = None,
) -> UserRow:
    """Set a user's e-mail address (None or "" removes it) and/or how they are told by e-mail.  By the user
    themself, an administrator of their State, or the CLI (`by` None).  The audit trail records the change,
    not the address."""
    row = get_user(session, username)
    if by is not None and by.id != row.id:
        authority = session.get(AuthorityRow, row.authority_id)
        if not by.has("administrator") or authority is None or authority.state_code != by.state:
            raise Forbidden("only the user or an administrator of their State may change this")
    changed: dict[str, object] = {}
    if email != _UNCHANGED:
        row.email = check_email(email)
        changed["email_set"] = row.email is not None
    if notify_by_email is not None:
        check_notify_mode(notify_by_email)
        row.notify_by_email = notify_by_email
        changed["notify_by_email"] = notify_by_email
    if not changed:
        raise Invalid("notify", "give an e-mail address or a mode (immediate, daily, off)")
    session.flush()
    append(
        session,
        by.actor if by else Actor(None, "cli", None),
        "user.notifications_set",
        "user",
        row.id,
        {"username": row.username, **changed},
    )
    return row


def issue_token(session: Session, user: UserRow, label: str = "api") -> str:
    """A new API token for `user`; only its hash is stored, the token is returned once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=user.id, token_hash=_digest(token), label=label[:100], created_at=now()))
    session.flush()
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def as_current(user: UserRow, state: str) -> CurrentUser:
    return as_current_values(user.id, user.username, user.display_name, state, user.roles)


def as_current_values(user_id: int, username: str, display_name: str, state: str, roles: str) -> CurrentUser:
    """The user from its row's values (`roles` as stored: comma-separated)."""
    return CurrentUser(user_id, username, display_name, state, _roles(roles))


def _current(session: Session, user: UserRow) -> CurrentUser:
    authority = session.get(AuthorityRow, user.authority_id)
    assert authority is not None
    return as_current(user, authority.state_code)


# Token -> user, kept for TOKEN_CACHE_SECONDS: most requests then authenticate without a database round trip.
# Consequence (documented in the README): a revoked token or deactivated user is refused within that time.
TOKEN_CACHE_SECONDS = 5.0
_token_cache: dict[str, tuple[float, CurrentUser]] = {}


def cached_user(token: str) -> CurrentUser | None:
    """The user behind a token if it was checked against the database in the last few seconds."""
    cached = _token_cache.get(_digest(token))
    if cached is not None and time.monotonic() - cached[0] < TOKEN_CACHE_SECONDS:
        return cached[1]
    return None


def user_for_token(session: Session, token: str) -> CurrentUser:
    known = cached_user(token)
    if known is not None:
        return known
    digest = _digest(token)
    clock = time.monotonic()
    found = session.execute(
        select(UserRow, AuthorityRow.state_code)
        .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        .join(AuthorityRow, AuthorityRow.id == UserRow.authority_id)
        .where(ApiTokenRow.token_hash == digest, ApiTokenRow.revoked_at.is_(None), UserRow.active.is_(True))
    ).first()
    if found is None:
        _token_cache.pop(digest, None)
        raise Unauthorized("the token is unknown, revoked, or its user is inactive")
    row, state = found
    user = as_current(row, state)
    if len(_token_cache) > 10_000:
        _token_cache.clear()
    _token_cache[digest] = (clock, user)
    return user


def authenticate(session: Session, username: str, password: str) -> CurrentUser:
    """The user, if the password is right and the user active; otherwise Unauthorized (API and web sign-in)."""
    row = session.execute(select(UserRow).where(UserRow.username == username)).scalar_one_or_none()
    ok = False
    if row is not None and row.password_hash and row.active:
        try:
            ok = _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        # Spend the same time on an unknown user, so the response time does not reveal which usernames exist.
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_dummy_hash(), password)
    if not ok or row is None:
        raise Unauthorized("wrong username or password")
    return _current(session, row)


def login(session: Session, username: str, password: str, label: str = "login") -> tuple[CurrentUser, str]:
    """Exchange a password for a new API token."""
    user = authenticate(session, username, password)
    row = session.get(UserRow, user.id)
    assert row is not None
    return user, issue_token(session, row, label)


@functools.cache
def _dummy_hash() -> str:
    # Made on first need, not at import: an Argon2 hash costs a fifth of a second, which every command line
    # paid at start-up.  A server makes it as it starts (prepare_sign_in), so that not even its first unknown
    # username answers more slowly than a known one.
    return _hasher.hash("not a real password")


def prepare_sign_in() -> None:
    _dummy_hash()


def list_users(session: Session, by: CurrentUser) -> list[dict[str, object]]:
    if not by.has("administrator"):
        raise Forbidden("only an administrator may list users")
    rows = session.execute(
        select(UserRow)
        .join(AuthorityRow)
        .where(AuthorityRow.state_code == by.state)
        .order_by(UserRow.username)
    ).scalars()
    return [
        {
            "id": u.id,
            "username": u.username,
            "display_name": u.display_name,
            "state": by.state,
            "roles": u.roles.split(","),
            "active": u.active,
            "email": u.email,
            "notify_by_email": u.notify_by_email,
        }
        for u in rows
    ]


def get_user(session: Session, username: str) -> UserRow:
    row = session.execute(select(UserRow).where(UserRow.username == username)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no user {username!r}")
    return row


def acting_as(session: Session, username: str) -> CurrentUser:
    """The CLI acts as a named user of the local database (a trusted operator); the audit trail records them."""
    row = get_user(session, username)
    if not row.active:
        raise Forbidden(f"user {username!r} is inactive")
    return _current(session, row)

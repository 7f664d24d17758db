"""Authorities (one per State), users and their roles, API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base

# registry_editor: enters a State's dated acts (accession, deposit, denunciation...); a second editor confirms.
ROLES = ("requester", "planner", "approver", "legal_adviser", "observer", "administrator", "registry_editor")
# How a user wants to hear of decisions to take by e-mail (the in-app inbox always has them): each at once, a
# daily digest, or not by e-mail.
NOTIFY_MODES = ("immediate", "daily", "off")


class AuthorityRow(Base):
    __tablename__ = "authorities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # Comma-separated, sorted role names (see ROLES).
    roles: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    email: Mapped[str | None] = mapped_column(String(254))
    notify_by_email: Mapped[str] = mapped_column(String(16), default="immediate", server_default="immediate")


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # SHA-256 of the token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignInThrottleRow(Base):
    """Sign-in attempts per username in the current window, shared by the web form and the API's token
    endpoint, and by every worker process and node (see accounts.throttle)."""

    __tablename__ = "sign_in_throttle"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer)


class WebSessionRow(Base):
    """A signed-in web session, kept server-side so that signing out or deactivating a user ends it at once."""

    __tablename__ = "web_sessions"
    # SHA-256 of the cookie's random value: a copy of the table does not give away live sessions.
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

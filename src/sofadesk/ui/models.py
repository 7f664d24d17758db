"""Web sessions, server-side, so that signing out or deactivating a user ends them at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from sofadesk.db.models import Base


class WebSessionRow(Base):
    __tablename__ = "web_sessions"
    # SHA-256 of the cookie's random value: a copy of the table does not give away live sessions.
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

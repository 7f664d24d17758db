"""Settings: one place, read from the environment.

A plain dataclass rather than pydantic-settings: the CLI reads settings on every call and must start fast.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DATABASE_URL_ENV = "SOFADESK_DATABASE_URL"
DATA_DIR_ENV = "SOFADESK_DATA_DIR"


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("sofadesk", appauthor=False))


@dataclass(frozen=True)
class Settings:
    database_url: str
    # True when the user configured nothing: the embedded SQLite file, which we may set up on first use.
    embedded: bool

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get(DATABASE_URL_ENV, "").strip()
        if url:
            return cls(database_url=url, embedded=False)
        path = default_data_dir() / "sofadesk.db"
        return cls(database_url=f"sqlite:///{path}", embedded=True)


SMTP_HOST_ENV = "SOFADESK_SMTP_HOST"
SECURITIES = ("starttls", "ssl", "none")


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the environment variable."""


def _int_env(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} is out of range ({low}-{high})")
    return value


@dataclass(frozen=True)
class SmtpSettings:
    """E-mail notifications (sofadesk.notifications): off while SOFADESK_SMTP_HOST is unset; the in-app inbox
    works either way.  Read only where mail is sent (the server's start, `sofadesk notify ...`), so a bad value
    never gets in the way of other commands."""

    host: str | None = None
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "sofadesk@localhost"
    # Where the web interface is reached (e.g. https://sofadesk.example.org): links in mails are made absolute
    # with it; without it they are paths such as /transits/12.
    public_url: str = ""
    interval_seconds: float = 10.0  # how often the server's background sender looks for due mail
    digest_hour: int = 7  # UTC hour after which the daily digest is sent
    timeout_seconds: float = 5.0  # connecting to and talking with the SMTP server

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """Raises ConfigError naming the variable whose value is unusable."""
        from sofadesk.notifications.addresses import valid_email

        env = os.environ if env is None else env
        host = env.get(SMTP_HOST_ENV, "").strip() or None
        security = env.get("SOFADESK_SMTP_SECURITY", "").strip().lower() or "starttls"
        if security not in SECURITIES:
            raise ConfigError(f"SOFADESK_SMTP_SECURITY={security!r}: use one of {', '.join(SECURITIES)}")
        default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
        user = env.get("SOFADESK_SMTP_USER", "").strip() or None
        password = env.get("SOFADESK_SMTP_PASSWORD") or None
        if bool(user) != bool(password):
            missing = "SOFADESK_SMTP_PASSWORD" if user else "SOFADESK_SMTP_USER"
            raise ConfigError(f"{missing} is not set: SMTP credentials need both a user and a password")
        sender = env.get("SOFADESK_SMTP_FROM", "").strip() or "sofadesk@localhost"
        if not valid_email(sender):
            raise ConfigError(f"SOFADESK_SMTP_FROM={sender!r} is not an e-mail address")
        public_url = env.get("SOFADESK_PUBLIC_URL", "").strip().rstrip("/")
        if public_url and not public_url.startswith(("http://", "https://")):
            raise ConfigError(f"SOFADESK_PUBLIC_URL={public_url!r}: start it with https:// or http://")
        interval_text = env.get("SOFADESK_NOTIFY_INTERVAL", "").strip()
        try:
            interval = float(interval_text) if interval_text else 10.0
        except ValueError:
            raise ConfigError(
                f"SOFADESK_NOTIFY_INTERVAL={interval_text!r} is not a number of seconds"
            ) from None
        if not 0.05 <= interval <= 86400:
            raise ConfigError(f"SOFADESK_NOTIFY_INTERVAL={interval_text}: use 0.05 to 86400 seconds")
        return cls(
            host=host,
            port=_int_env(env, "SOFADESK_SMTP_PORT", default_port, 1, 65535),
            security=security,
            user=user,
            password=password,
            sender=sender,
            public_url=public_url,
            interval_seconds=interval,
            digest_hour=_int_env(env, "SOFADESK_DIGEST_HOUR", 7, 0, 23),
        )

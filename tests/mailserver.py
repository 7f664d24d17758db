"""A real SMTP server for the notification tests: aiosmtpd on 127.0.0.1, collecting what it receives."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        return str(self.message.get_content())


@dataclass
class Collector:
    """aiosmtpd handler: keeps each message; `delay` slows every DATA (to interleave concurrent senders)."""

    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _authenticator(collector: Collector, user: str, password: str) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == user
            and data.password.decode() == password
        )
        if ok:
            collector.logins.append(user)
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself

    return check


@contextmanager
def smtp_server(
    port: int | None = None, delay: float = 0.0, credentials: tuple[str, str] | None = None
) -> Iterator[tuple[Collector, int]]:
    """A plain SMTP server (no TLS) on 127.0.0.1 until the block ends; yields its collector and port."""
    collector = Collector(delay=delay)
    kwargs: dict[str, Any] = {}
    if credentials:
        kwargs.update(authenticator=_authenticator(collector, *credentials), auth_require_tls=False,
                      auth_required=True)  # fmt: skip
    controller = Controller(collector, hostname="127.0.0.1", port=port or free_port(), **kwargs)
    controller.start()
    try:
        yield collector, controller.port
    finally:
        controller.stop()

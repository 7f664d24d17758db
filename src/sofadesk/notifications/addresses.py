"""A simple, sane check of e-mail addresses (no network, no library): what a mail server would refuse outright
is refused here, with a clear message, rather than failing later in the outbox."""

from __future__ import annotations

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less its angle brackets


def valid_email(address: str) -> bool:
    """One @, a non-empty local part and domain (no empty label: `a@b..c` is refused, `ops@localhost` is not),
    no spaces or control characters, at most 254 characters."""
    if not address or len(address) > MAX_LENGTH or address.count("@") != 1:
        return False
    if any(c.isspace() or ord(c) < 32 or c in '<>(),;:"[]\\' for c in address):
        return False
    local, domain = address.split("@")
    labels = domain.split(".")
    return bool(local) and len(local) <= 64 and all(labels)

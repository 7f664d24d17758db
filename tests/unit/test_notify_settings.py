"""E-mail settings read from the environment: off by default, defaults as documented, a bad value named."""

from __future__ import annotations

import pytest

from sofadesk.config import ConfigError, SmtpSettings
from sofadesk.notifications.addresses import valid_email


def test_e_mail_is_off_until_a_host_is_set_and_the_defaults_are_documented() -> None:
    off = SmtpSettings.from_env({})
    assert not off.enabled and off.host is None
    on = SmtpSettings.from_env({"SOFADESK_SMTP_HOST": " mail.example.org "})
    assert on.enabled and (on.host, on.port, on.security, on.sender) == (
        "mail.example.org",
        587,
        "starttls",
        "sofadesk@localhost",
    )
    assert (on.interval_seconds, on.digest_hour, on.user, on.password) == (10.0, 7, None, None)
    assert SmtpSettings.from_env({"SOFADESK_SMTP_SECURITY": "ssl"}).port == 465
    full = SmtpSettings.from_env({"SOFADESK_SMTP_HOST": "mail", "SOFADESK_SMTP_PORT": "2525", "SOFADESK_SMTP_SECURITY": "NONE",
                                  "SOFADESK_SMTP_USER": "desk", "SOFADESK_SMTP_PASSWORD": "pw", "SOFADESK_SMTP_FROM": "desk@mil.example",
                                  "SOFADESK_NOTIFY_INTERVAL": "2.5", "SOFADESK_DIGEST_HOUR": "18",
                                  "SOFADESK_PUBLIC_URL": "https://desk.example/"})  # fmt: skip
    assert (
        full.port,
        full.security,
        full.user,
        full.sender,
        full.interval_seconds,
        full.digest_hour,
        full.public_url,
    ) == (2525, "none", "desk", "desk@mil.example", 2.5, 18, "https://desk.example")
    assert "pw" not in repr(full)  # the password is never printed with the settings


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SOFADESK_SMTP_PORT": "smtp"}, "SOFADESK_SMTP_PORT"),
        ({"SOFADESK_SMTP_PORT": "70000"}, "SOFADESK_SMTP_PORT"),
        ({"SOFADESK_SMTP_SECURITY": "tls"}, "SOFADESK_SMTP_SECURITY"),
        ({"SOFADESK_SMTP_USER": "desk"}, "SOFADESK_SMTP_PASSWORD"),
        ({"SOFADESK_SMTP_PASSWORD": "pw"}, "SOFADESK_SMTP_USER"),
        ({"SOFADESK_SMTP_FROM": "not an address"}, "SOFADESK_SMTP_FROM"),
        ({"SOFADESK_NOTIFY_INTERVAL": "often"}, "SOFADESK_NOTIFY_INTERVAL"),
        ({"SOFADESK_NOTIFY_INTERVAL": "0"}, "SOFADESK_NOTIFY_INTERVAL"),
        ({"SOFADESK_DIGEST_HOUR": "24"}, "SOFADESK_DIGEST_HOUR"),
        ({"SOFADESK_PUBLIC_URL": "desk.example"}, "SOFADESK_PUBLIC_URL"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        SmtpSettings.from_env({"SOFADESK_SMTP_HOST": "mail.example.org", **env})


def test_addresses_are_checked_simply() -> None:
    good = ("officer@mil.example.ru", "ops@localhost", "a.b+c@x.y", "é@exemple.fr")
    bad = (
        "",
        "no-at",
        "a@@b.c",
        "a b@c.d",
        "@b.c",
        "a@",
        "a@b..c",
        "a@b.c\n",
        "<a@b.c>",
        "a@" + "b" * 251 + ".c",
    )
    assert all(valid_email(a) for a in good)
    assert not any(valid_email(a) for a in bad)

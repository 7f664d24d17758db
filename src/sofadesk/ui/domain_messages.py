"""The services' refusals (sofadesk.errors: a stale version, a case not found, a step not allowed now), said
in words and in the reader's language.  The services keep their English detail (the API returns it); a page
recognises the common ones here and turns each into a message (`msg`) whose translation is in the law
catalogue; anything else is shown as the service wrote it."""

from __future__ import annotations

import re

from sofadesk.law.messages import literal, msg, state
from sofadesk.ui import i18n

_STALE = re.compile(
    r"^the (?P<noun>\w+) changed since you read it \(version (?P<given>\d+), now (?P<now>\d+)\); reload and retry$"
)
_STALE_SLOT = re.compile(
    r"^(?P<state>[A-Z]{3})'s decision changed since you read it \(version (?P<given>\d+)\); reload and retry$"
)
_NOT_FOUND = re.compile(r"^no (?P<noun>transit|exercise) (?P<id>\d+)$")
_ROLE = re.compile(r"^this needs the role (?P<roles>[a-z_ ]+)$")
_STEP = re.compile(r"^an? (?P<status>[a-z ]+) (?P<noun>transit|exercise) cannot be (?P<done>.+)$")
_THROTTLE = re.compile(r"^too many failed sign-ins for (?P<user>\S+); try again in (?P<n>\d+) minute\(s\)$")


def in_words(detail: str) -> str:
    """A service's refusal as a sentence a page can translate."""
    if m := _STALE.match(detail):
        return msg(
            "Someone changed this {noun} since you read it (you had version {given}, it is now version {now}): "
            "nothing was saved. Reload the page to see what changed, then try again.",
            noun=i18n.word_term(m["noun"]),
            given=m["given"],
            now=m["now"],
        )
    if m := _STALE_SLOT.match(detail):
        return msg(
            "The decision of {state} changed since you read it: nothing was saved. Reload the page to see it, "
            "then try again.",
            state=state(m["state"]),
        )
    if m := _NOT_FOUND.match(detail):
        return msg(
            "There is no {noun} {id} that your State may see.", noun=i18n.word_term(m["noun"]), id=m["id"]
        )
    if m := _ROLE.match(detail):
        return msg("This needs the role {roles}.", roles=literal(m["roles"]))
    if m := _STEP.match(detail):
        return msg(
            "This step is not open while the case is {status} (it cannot be {done}).",
            status=i18n.word_term(m["status"].replace(" ", "_")),
            done=m["done"],
        )
    if m := _THROTTLE.match(detail):
        return msg(
            "Too many failed sign-ins for {user}; try again in {n} minute(s).",
            user=literal(m["user"]),
            n=m["n"],
        )
    return detail

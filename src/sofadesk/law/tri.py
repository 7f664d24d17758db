"""Three-valued answers: True, False, or None where a date or fact needed for the answer is unknown.

Combined with Kleene's rules, so that an unknown never turns into a yes or a no unless the known parts
already settle the answer (False AND unknown is False; True OR unknown is True).
"""

from __future__ import annotations

Tri = bool | None


def and3(a: Tri, b: Tri) -> Tri:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return None


def or3(a: Tri, b: Tri) -> Tri:
    if a is True or b is True:
        return True
    if a is False and b is False:
        return False
    return None


def label(value: Tri, yes: str = "yes", no: str = "no", unknown: str = "unknown") -> str:
    return unknown if value is None else (yes if value else no)

"""Turning what a user typed ("RUS", "ru", "Russia", "Russian Federation") into a State."""

from __future__ import annotations

import difflib

from sofadesk.registry.model import Registry, State


class UnknownStateError(LookupError):
    def __init__(self, text: str, suggestions: list[State]) -> None:
        self.text = text
        self.suggestions = suggestions
        hint = ""
        if suggestions:
            hint = "; did you mean " + ", ".join(f"{s.code} ({s.display_name})" for s in suggestions) + "?"
        super().__init__(
            f"{text!r} is not a State we know (ISO 3166-1 alpha-3, alpha-2 or English name){hint}"
        )


def _names(state: State) -> list[str]:
    return [n for n in (state.name, state.official_name, state.common_name) if n]


def resolve_state(registry: Registry, text: str) -> State:
    key = text.strip()
    folded = key.casefold()
    if not folded:
        raise UnknownStateError(text, [])
    if len(key) == 3 and key.upper() in registry.states:
        return registry.states[key.upper()]
    if len(key) == 2:
        for s in registry.states.values():
            if s.alpha2 == key.upper():
                return s
    for s in registry.states.values():
        if any(n.casefold() == folded for n in _names(s)):
            return s
    for alias, code in registry.aliases.items():
        if alias.casefold() == folded:
            return registry.states[code]
    raise UnknownStateError(text, suggest_states(registry, key))


def suggest_states(registry: Registry, text: str, limit: int = 3) -> list[State]:
    folded = text.casefold()
    by_name: dict[str, State] = {}
    for s in registry.states.values():
        for n in _names(s):
            by_name[n.casefold()] = s
    for alias, code in registry.aliases.items():
        by_name[alias.casefold()] = registry.states[code]
    found: list[State] = []
    for n in [n for n in by_name if folded and folded in n] + difflib.get_close_matches(
        folded, list(by_name), n=limit, cutoff=0.6
    ):
        if by_name[n] not in found:
            found.append(by_name[n])
    return found[:limit]

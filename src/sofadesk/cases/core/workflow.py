"""A case kind's workflow as data: its statuses and, for each action, from which statuses it may be taken, the
status it leads to, and which State (the owner, a State concerned, a State holding an open decision) with which
role may take it.  Pure: the pages and the CLI ask it which actions to offer; `step` asks it before a change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sofadesk.errors import Conflict, Forbidden

By = Literal["owner", "party", "any"]
WHO = {"owner": "the owning State's authority", "party": "a State concerned", "any": "a State concerned"}


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    # The status the action leads to; None where the kind works it out (e.g. from every State's decision).
    target: str | None
    by: By
    roles: tuple[str, ...]
    # How the refusal reads: "a {status} transit cannot be {done}".
    done: str
    # The audit event's action name (defaults to "<kind>.<action>").
    event: str | None = None


@dataclass(frozen=True)
class Workflow:
    kind: str
    noun: str
    statuses: tuple[str, ...]
    transitions: tuple[Transition, ...]
    # How the owner is named in refusals ("the sending State's", "the host State's").
    owner_name: str = "the owning State's"

    def __post_init__(self) -> None:
        actions = [t.action for t in self.transitions]
        if len(actions) != len(set(actions)):
            raise ValueError(f"{self.kind}: an action is listed twice")
        for t in self.transitions:
            unknown = [s for s in (*t.sources, *([t.target] if t.target else [])) if s not in self.statuses]
            if unknown:
                raise ValueError(f"{self.kind}.{t.action}: unknown status {unknown}")

    def transition(self, action: str) -> Transition:
        for t in self.transitions:
            if t.action == action:
                return t
        raise KeyError(f"{self.kind} has no action {action!r}")

    def refusal(
        self, action: str, status: str, *, owner: bool, roles: Iterable[str]
    ) -> Forbidden | Conflict | None:
        """Why the action may not be taken now by this State and these roles (Forbidden before Conflict: who
        may act is said before when), or None."""
        t = self.transition(action)
        if t.by == "owner" and not owner:
            return Forbidden(f"only {self.owner_name} authority may do this")
        if t.by == "party" and owner:
            return Forbidden(f"{self.owner_name} authority does not do this; a State concerned does")
        if t.roles and not set(roles) & set(t.roles):
            return Forbidden(f"this needs the role {' or '.join(t.roles)}")
        if status not in t.sources:
            words = status.replace("_", " ")
            return Conflict(f"{'an' if words[0] in 'aeiou' else 'a'} {words} {self.noun} cannot be {t.done}")
        return None

    def check(self, action: str, status: str, *, owner: bool, roles: Iterable[str]) -> Transition:
        refused = self.refusal(action, status, owner=owner, roles=roles)
        if refused is not None:
            raise refused
        return self.transition(action)

    def actions(self, status: str, *, owner: bool, roles: Iterable[str]) -> list[str]:
        """The actions this State and these roles may take on a case in this status (for pages and the CLI)."""
        held = list(roles)
        return [
            t.action
            for t in self.transitions
            if self.refusal(t.action, status, owner=owner, roles=held) is None
        ]

    @property
    def open_statuses(self) -> tuple[str, ...]:
        """The statuses a case can still move on from (every other status ends it)."""
        sources = {s for t in self.transitions for s in t.sources}
        return tuple(s for s in self.statuses if s in sources)

    def sources_of(self, action: str) -> tuple[str, ...]:
        return self.transition(action).sources

"""The case-kind descriptor and the registry of kinds.

A kind says what its case row is, which of its columns names the owning State, its workflow and where its page
is; the engine does the rest (visibility, slots, revisions, steps, audit, listing).  Kinds register themselves
when their `kind` module is imported; `sofadesk.cases.kinds` lists the shipped ones for everything that must
know them all (the schema, the API, the pages, the CLI, the activity feed, the dashboards).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy.orm import InstrumentedAttribute, Session

from sofadesk.cases.core.workflow import Workflow
from sofadesk.db.prepared import prepared


@dataclass(frozen=True)
class CaseKind:
    name: str  # also the audit trail's target type and the key of the shared tables
    noun: str
    row: type[Any]  # the ORM class: id, reference, status, version, updated_at and the owner column
    owner: str  # the row's column holding the owning State's code
    workflow: Workflow
    path: str  # the case's page, e.g. "/transits/{id}"
    # The row's columns holding the case's first and last day (lists, dashboards, the registry's impact).
    first_day: str
    last_day: str
    # Which roles of a State decide each kind of slot (they are told when one opens).
    deciders: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Work the kind needs done on a schedule, with the deadline scan (every 15 minutes in the server, or
    # `sofadesk notify scan`): e.g. erasing personal data past its retention period.
    housekeeping: Callable[[Session, datetime], object] | None = None

    @property
    def owner_column(self) -> InstrumentedAttribute[str]:
        column: InstrumentedAttribute[str] = getattr(self.row, self.owner)
        return column

    def owner_of(self, case: Any) -> str:
        return str(getattr(case, self.owner))

    def link(self, case_id: int) -> str:
        return self.path.format(id=case_id)

    def deciders_of(self, subject: str) -> tuple[str, ...]:
        return dict(self.deciders).get(subject, ())


_REGISTERED: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    """Make a kind known to the engine (idempotent for the same kind)."""
    known = _REGISTERED.get(kind.name)
    if known is not None and known is not kind:
        raise ValueError(f"another case kind is already registered as {kind.name!r}")
    _REGISTERED[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind registered at run time (a test's own kind)."""
    _REGISTERED.pop(name, None)


def registered() -> list[CaseKind]:
    """Every kind: the shipped ones (loaded on first use) and any registered since."""
    from sofadesk.cases.kinds import load_shipped

    load_shipped()
    return list(_REGISTERED.values())


_BUILT: dict[tuple[Any, ...], Any] = {}
# Past what the search's shapes can come to (a few hundred: a walk or candidates for each kind, times the text,
# States, status and overdue filters), so that varied searches never push out the dashboards' statements.
BUILT_KEPT = 2048
# One statement object per key, ever: two threads that each built their own copy of a statement on a server's
# first concurrent requests had SQLAlchemy read one copy's rows with the other's compiled form (a 500).
_BUILDING = threading.Lock()
T = TypeVar("T")


def built_once(what: Hashable, kinds: Iterable[CaseKind], build: Callable[[], T]) -> T:
    """`build()` for these kinds, made on first use and kept: statements a page asks for on every request (the
    open decisions, the activity feed) with their values bound at execution, so that SQLAlchemy neither builds
    nor keys them again (that was most of a dashboard: BENCHMARKS.md, issue 18).  Keyed by the kinds' names and
    rows, which hash at once, not by the kinds (hashing one hashes its whole workflow table)."""
    key = (what, *((k.name, k.row) for k in kinds))
    found = _BUILT.get(key)
    if found is None:
        with _BUILDING:
            found = _BUILT.get(key)
            if found is None:
                if len(_BUILT) >= BUILT_KEPT:  # the oldest goes: kinds registered by tests come and go
                    del _BUILT[next(iter(_BUILT))]
                found = build()
                prepared(found)
                _BUILT[key] = found
    return cast(T, found)


def kind_named(name: str) -> CaseKind:
    if name not in _REGISTERED:
        from sofadesk.cases.kinds import load_shipped

        load_shipped()
    try:
        return _REGISTERED[name]
    except KeyError:
        raise KeyError(f"no case kind {name!r}") from None


def import_object(path: str) -> Any:
    """`package.module:attribute` -> the attribute (or the module when no attribute is named)."""
    module, _, attribute = path.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded

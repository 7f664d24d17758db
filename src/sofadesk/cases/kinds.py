"""The shipped case kinds: the one place that names every kind, with where its parts live.  The schema
(db/all_models), the API, the pages, the CLI, the activity feed and the dashboards read this list; adding a
kind is a line here plus the kind's own package.

Only strings here: the CLI reads the list at start-up and must not import the database layer to do so.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class ShippedKind:
    name: str
    package: str  # holds kind.py (registers the CaseKind) and models.py
    api: str | None  # module with `router` (the REST API)
    pages: str | None  # module with `router` (web pages)
    cli: str | None  # "module:typer_app", added to `sofadesk` under the kind's command name
    command: str  # the CLI command name
    # The kind's list page and its label in the side navigation (an English msgid of the interface's catalogue);
    # shown once the kind has pages.
    nav: tuple[str, str] | None = None


SHIPPED: tuple[ShippedKind, ...] = (
    ShippedKind(
        "transit",
        "sofadesk.cases.transit",
        "sofadesk.web.routes_transit",
        "sofadesk.ui.transit_pages",
        "sofadesk.cli.transit_cmds:transit_app",
        "transit",
        ("/transits", "Transits"),
    ),
    ShippedKind(
        "exercise",
        "sofadesk.cases.exercise",
        "sofadesk.web.routes_exercise",
        "sofadesk.ui.exercise_pages",
        "sofadesk.cli.exercise_cmds:exercise_app",
        "exercise",
        ("/exercises", "Exercises"),
    ),
    ShippedKind(
        "incident",
        "sofadesk.cases.incident",
        "sofadesk.web.routes_incident",
        "sofadesk.ui.incident_pages",
        # the case commands (incident_cmds) and, registered on the same group, the configuration ones
        "sofadesk.cli.incident_admin_cmds:incident_app",
        "incident",
        ("/incidents", "Incidents"),
    ),
    ShippedKind(
        "claim",
        "sofadesk.cases.claim",
        "sofadesk.web.routes_claim",
        "sofadesk.ui.claim_pages",
        "sofadesk.cli.claim_cmds:claim_app",
        "claim",
        ("/claims", "Claims"),
    ),
)


def load_shipped() -> None:
    """Import every shipped kind's descriptor (each registers itself)."""
    for shipped in SHIPPED:
        importlib.import_module(f"{shipped.package}.kind")


def model_modules() -> list[str]:
    return [f"{s.package}.models" for s in SHIPPED]

"""The transit request as a case kind: its statuses and who moves it from which to which.

draft -> submitted -> (each State crossed decides its leg(s)) -> permitted -> in_movement -> completed.  A State
may ask for more information or deny; the sending State may then amend (a new revision: only States whose legs
changed decide again), withdraw a submitted request, or cancel a draft or a permitted one.
"""

from __future__ import annotations

from typing import Literal, get_args

from sofadesk.cases.core.kinds import CaseKind, register
from sofadesk.cases.core.workflow import Transition, Workflow
from sofadesk.cases.transit.models import TransitRow

Status = Literal[
    "draft",
    "submitted",
    "more_information",
    "denied",
    "permitted",
    "in_movement",
    "completed",
    "withdrawn",
    "cancelled",
]
STATUSES: tuple[str, ...] = get_args(Status)
DECIDING = ("submitted", "more_information", "denied", "permitted")
Decision = Literal["approved", "approved_with_conditions", "more_information", "denied"]
DECISIONS: tuple[str, ...] = get_args(Decision)
OPEN = ("draft", *DECIDING, "in_movement")  # not yet ended: the registry's impact looks at these

WORKFLOW = Workflow(
    kind="transit",
    noun="transit",
    statuses=STATUSES,
    owner_name="the sending State's",
    transitions=(
        Transition(
            "edit",
            ("draft",),
            "draft",
            "owner",
            ("requester",),
            "edited (amend a submitted one)",
            "transit.updated",
        ),
        Transition(
            "import_manifest",
            ("draft",),
            "draft",
            "owner",
            ("requester",),
            "given a manifest (amend a submitted one)",
            "transit.manifest_imported",
        ),
        Transition(
            "submit", ("draft",), "submitted", "owner", ("requester",), "submitted", "transit.submitted"
        ),
        Transition("decide", DECIDING, None, "party", ("approver",), "decided", "transit.decided"),
        Transition("amend", DECIDING, None, "owner", ("requester",), "amended", "transit.amended"),
        Transition(
            "record_crossing",
            ("permitted", "in_movement"),
            "in_movement",
            "party",
            ("approver",),
            "given crossings (it must be permitted)",
            "transit.crossing_recorded",
        ),
        Transition(
            "complete",
            ("in_movement",),
            "completed",
            "owner",
            ("requester",),
            "completed",
            "transit.completed",
        ),
        Transition(
            "withdraw",
            ("submitted", "more_information", "denied"),
            "withdrawn",
            "owner",
            ("requester",),
            "withdrawn",
            "transit.withdrawn",
        ),
        Transition(
            "cancel",
            ("draft", "permitted"),
            "cancelled",
            "owner",
            ("requester",),
            "cancelled",
            "transit.cancelled",
        ),
    ),
)

KIND = register(
    CaseKind(
        name="transit",
        noun="transit",
        row=TransitRow,
        owner="sending_state",
        workflow=WORKFLOW,
        path="/transits/{id}",
        first_day="first_entry",
        last_day="last_exit",
        deciders=(("leg_decision", ("approver",)),),
    )
)

"""The joint exercise as a case kind: its statuses and who moves it from which to which.

The host's planner proposes, its approver approves, the planner invites States; each invited State answers
(a decision due from it: an "invitation" slot) and registers its contingent; execution starts (unanswered
invitations lapse), ends, each participant reports, and the host closes.  A participant may withdraw, the host
may cancel.  The participants' own progress (accepted, registered, reported) is the exercise's own record.
"""

from __future__ import annotations

from typing import Literal, get_args

from sofadesk.cases.core.kinds import CaseKind, register
from sofadesk.cases.core.workflow import Transition, Workflow
from sofadesk.cases.exercise.models import ExerciseRow

Status = Literal["proposed", "approved", "in_execution", "after_action", "closed", "cancelled"]
STATUSES: tuple[str, ...] = get_args(Status)
LIVE = (
    "proposed",
    "approved",
    "in_execution",
    "after_action",
)  # bookings still occupy areas; cases still open
ParticipantStatus = Literal[
    "invited", "accepted", "declined", "registered", "reported", "withdrawn", "lapsed"
]
TAKING_PART = ("accepted", "registered", "reported")
CONCERNED = ("invited", *TAKING_PART)  # States whose coverage is checked

WORKFLOW = Workflow(
    kind="exercise",
    noun="exercise",
    statuses=STATUSES,
    owner_name="the host State's",
    transitions=(
        Transition(
            "replan",
            ("proposed", "approved"),
            "proposed",
            "owner",
            ("planner",),
            "re-planned",
            "exercise.replanned",
        ),
        Transition(
            "approve", ("proposed",), "approved", "owner", ("approver",), "approved", "exercise.approved"
        ),
        Transition(
            "invite",
            ("approved",),
            None,
            "owner",
            ("planner",),
            "given invitations (it must be approved first)",
            "exercise.invited",
        ),
        Transition("respond", ("approved",), None, "party", ("approver",), "answered"),
        Transition(
            "register_contingent",
            ("approved",),
            None,
            "party",
            ("planner",),
            "given contingents (before execution only)",
            "exercise.contingent_registered",
        ),
        Transition(
            "start", ("approved",), "in_execution", "owner", ("planner",), "started", "exercise.started"
        ),
        Transition(
            "finish",
            ("in_execution",),
            "after_action",
            "owner",
            ("planner",),
            "ended",
            "exercise.execution_ended",
        ),
        Transition(
            "report",
            ("after_action",),
            None,
            "party",
            ("planner",),
            "reported on (execution must have ended)",
            "exercise.report_filed",
        ),
        Transition(
            "discharge",
            ("in_execution", "after_action"),
            None,
            "any",
            ("planner",),
            "given re-export records (execution must have begun)",
            "exercise.equipment_discharged",
        ),
        Transition(
            "close",
            ("after_action",),
            "closed",
            "owner",
            ("planner",),
            "closed (execution must have ended)",
            "exercise.closed",
        ),
        Transition(
            "withdraw",
            ("approved", "in_execution"),
            None,
            "party",
            ("planner", "approver"),
            "left",
            "exercise.participant_withdrew",
        ),
        Transition(
            "cancel",
            ("proposed", "approved", "in_execution"),
            "cancelled",
            "owner",
            ("planner",),
            "cancelled",
            "exercise.cancelled",
        ),
        Transition(
            "link_transit",
            ("approved", "in_execution"),
            None,
            "party",
            ("requester",),
            "given a transit (before or during execution)",
            "exercise.transit_linked",
        ),
    ),
)

KIND = register(
    CaseKind(
        name="exercise",
        noun="exercise",
        row=ExerciseRow,
        owner="host_state",
        workflow=WORKFLOW,
        path="/exercises/{id}",
        first_day="starts_on",
        last_day="ends_on",
        deciders=(("invitation", ("approver",)),),
    )
)

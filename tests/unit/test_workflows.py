"""The workflow tables on their own: for each kind, in every status, which State (the owner, or a State concerned)
with which role may take which action; every other action is refused, Forbidden when it is not that State's or
role's to take, Conflict when it is but not in that status.  The expectations are written out by hand, as an
official would state them, not derived from the tables."""

from __future__ import annotations

import pytest

from sofadesk.cases.core.workflow import Workflow
from sofadesk.cases.exercise.kind import WORKFLOW as EXERCISE
from sofadesk.cases.transit.kind import WORKFLOW as TRANSIT
from sofadesk.errors import Conflict, Forbidden

# (status, owner?, role) -> the actions allowed; a status missing for a (owner?, role) allows nothing.
TRANSIT_ALLOWED = {
    ("draft", True, "requester"): {"edit", "import_manifest", "submit", "cancel"},
    ("submitted", True, "requester"): {"amend", "withdraw"},
    ("more_information", True, "requester"): {"amend", "withdraw"},
    ("denied", True, "requester"): {"amend", "withdraw"},
    ("permitted", True, "requester"): {"amend", "cancel"},
    ("in_movement", True, "requester"): {"complete"},
    ("submitted", False, "approver"): {"decide"},
    ("more_information", False, "approver"): {"decide"},
    ("denied", False, "approver"): {"decide"},
    ("permitted", False, "approver"): {"decide", "record_crossing"},
    ("in_movement", False, "approver"): {"record_crossing"},
}
EXERCISE_ALLOWED = {
    ("proposed", True, "planner"): {"replan", "cancel"},
    ("proposed", True, "approver"): {"approve"},
    ("approved", True, "planner"): {"replan", "invite", "start", "cancel"},
    ("in_execution", True, "planner"): {"finish", "cancel", "discharge"},
    ("after_action", True, "planner"): {"close", "discharge"},
    ("approved", False, "approver"): {"respond", "withdraw"},
    ("approved", False, "planner"): {"register_contingent", "withdraw"},
    ("approved", False, "requester"): {"link_transit"},
    ("in_execution", False, "planner"): {"discharge", "withdraw"},
    ("in_execution", False, "approver"): {"withdraw"},
    ("in_execution", False, "requester"): {"link_transit"},
    ("after_action", False, "planner"): {"report", "discharge"},
}
ROLES = ("requester", "planner", "approver", "legal_adviser", "observer", "administrator")
CASES = [
    (wf, expected, status, owner, role)
    for wf, expected in ((TRANSIT, TRANSIT_ALLOWED), (EXERCISE, EXERCISE_ALLOWED))
    for status in wf.statuses
    for owner in (True, False)
    for role in ROLES
]


@pytest.mark.parametrize(
    ("workflow", "expected", "status", "owner", "role"),
    CASES,
    ids=[f"{c[0].kind}-{c[2]}-{'owner' if c[3] else 'party'}-{c[4]}" for c in CASES],
)
def test_each_state_and_role_may_take_exactly_its_actions(
    workflow: Workflow, expected: dict[tuple[str, bool, str], set[str]], status: str, owner: bool, role: str
) -> None:
    allowed = expected.get((status, owner, role), set())
    assert set(workflow.actions(status, owner=owner, roles=[role])) == allowed
    for t in workflow.transitions:
        refusal = workflow.refusal(t.action, status, owner=owner, roles=[role])
        if t.action in allowed:
            assert refusal is None
            continue
        its_to_take = (t.by == "any" or t.by == ("owner" if owner else "party")) and role in t.roles
        assert isinstance(refusal, Conflict if its_to_take else Forbidden), (t.action, refusal)


def test_a_refusal_says_what_and_why() -> None:
    with pytest.raises(Conflict, match="a completed transit cannot be amended"):
        TRANSIT.check("amend", "completed", owner=True, roles=["requester"])
    with pytest.raises(Forbidden, match="only the sending State's authority may do this"):
        TRANSIT.check("withdraw", "submitted", owner=False, roles=["requester"])
    with pytest.raises(Forbidden, match="this needs the role approver"):
        TRANSIT.check("decide", "submitted", owner=False, roles=["observer"])
    with pytest.raises(Conflict, match="an after action exercise cannot be started"):
        EXERCISE.check("start", "after_action", owner=True, roles=["planner"])


def test_a_status_or_action_the_table_does_not_know_is_refused_when_the_table_is_built() -> None:
    from sofadesk.cases.core.workflow import Transition

    with pytest.raises(ValueError, match="unknown status"):
        Workflow("toy", "toy", ("open",), (Transition("close", ("open",), "shut", "owner", (), "closed"),))
    with pytest.raises(ValueError, match="listed twice"):
        Workflow("toy", "toy", ("open",), (Transition("a", ("open",), None, "owner", (), "a"),) * 2)

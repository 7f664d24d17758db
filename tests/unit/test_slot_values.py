"""A decision as an answer carries it without the model (sofadesk.cases.core.reads.slot_values): the fields of
SlotRead in its order, values the model accepts unchanged, and the overdue rule as the model's reads give
it."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from sofadesk.cases.core.reads import SlotRead, slot_read, slot_values

TODAY = date(2026, 12, 2)


def _slot(**changes: Any) -> SimpleNamespace:
    values: dict[str, Any] = {
        "state_code": "RUS",
        "subject": "transit",
        "status": "pending",
        "note": None,
        "due_on": date(2026, 12, 10),
        "decided_at": None,
        "carried_over_from": None,
        "version": 1,
    }
    return SimpleNamespace(**{**values, **changes})


@pytest.mark.parametrize(
    ("slot", "overdue"),
    [
        (_slot(), False),  # due in eight days
        (_slot(due_on=date(2026, 12, 1)), True),  # due yesterday, still pending
        (_slot(due_on=TODAY), False),  # due today is not yet late
        (_slot(due_on=None), False),  # no time limit
        (  # answered after its due date: late then, not overdue now
            _slot(
                status="approved",
                due_on=date(2026, 11, 20),
                decided_at=datetime(2026, 11, 25, 8, 30),
                note="approved with the Kyakhta crossing",
                version=2,
            ),
            False,
        ),
        (
            _slot(carried_over_from=1, due_on=date(2026, 11, 1)),
            True,
        ),  # carried into a new revision, still late
    ],
)
def test_the_values_are_the_models_own(slot: SimpleNamespace, overdue: bool) -> None:
    values = slot_values(slot, TODAY)
    assert list(values) == list(SlotRead.model_fields)
    assert values["overdue"] is overdue
    # JSON-ready already: the model takes them as they are and gives them back unchanged.
    assert SlotRead.model_validate(values).model_dump() == values
    assert slot_read(slot, TODAY).model_dump() == values


def test_dates_are_written_as_the_api_writes_them() -> None:
    values = slot_values(_slot(status="refused", decided_at=datetime(2026, 11, 25, 8, 30, 5)), TODAY)
    assert values["due_on"] == "2026-12-10"
    assert values["decided_at"] == "2026-11-25T08:30:05Z"  # stored in UTC, naive: marked as UTC

"""The exercise use cases, in one place for the API, the pages and the CLI: what changes an exercise
(exercise/commands.py), what reads it (exercise/queries.py), its checks (exercise/checking.py) and the training
areas (exercise/areas.py)."""

from sofadesk.cases.exercise.areas import set_training_area, training_areas
from sofadesk.cases.exercise.checking import checks, deconfliction, jurisdiction
from sofadesk.cases.exercise.commands import (
    approve,
    cancel,
    close,
    create,
    finish,
    invite,
    start,
    update_plan,
)
from sofadesk.cases.exercise.participation import (
    discharge,
    file_report,
    register_contingent,
    respond,
    transit_from_contingent,
    withdraw,
)
from sofadesk.cases.exercise.queries import (
    calendar,
    certificate,
    contingent,
    counts_by_status,
    invitations_pending,
    list_visible,
    load_visible,
    participants_list,
    read,
    read_visible,
    timeline,
    visible_to,
)

__all__ = [
    "approve",
    "calendar",
    "cancel",
    "certificate",
    "checks",
    "close",
    "contingent",
    "counts_by_status",
    "create",
    "deconfliction",
    "discharge",
    "file_report",
    "finish",
    "invitations_pending",
    "invite",
    "jurisdiction",
    "list_visible",
    "load_visible",
    "participants_list",
    "read",
    "read_visible",
    "register_contingent",
    "respond",
    "set_training_area",
    "start",
    "timeline",
    "training_areas",
    "transit_from_contingent",
    "update_plan",
    "visible_to",
    "withdraw",
]

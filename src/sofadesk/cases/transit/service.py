"""The transit use cases, in one place for the API, the pages and the CLI: what changes a request
(transit/commands.py), what reads it (transit/queries.py) and each State's notice rule (transit/notice_rules.py)."""

from sofadesk.cases.transit.commands import (
    amend,
    cancel,
    complete,
    content_of,
    create,
    decide,
    import_manifest,
    own_draft_at,
    record_crossing,
    submit,
    update_draft,
    withdraw,
)
from sofadesk.cases.transit.notice_rules import notice_rules, set_notice_rule
from sofadesk.cases.transit.queries import (
    checks,
    list_visible,
    load_visible,
    overdue_decisions,
    pending_count,
    pending_decisions,
    read,
    read_visible,
    read_visible_json,
    timeline,
    visible_to,
)

__all__ = [
    "amend",
    "cancel",
    "checks",
    "complete",
    "content_of",
    "create",
    "decide",
    "import_manifest",
    "list_visible",
    "load_visible",
    "notice_rules",
    "overdue_decisions",
    "own_draft_at",
    "pending_count",
    "pending_decisions",
    "read",
    "read_visible",
    "read_visible_json",
    "record_crossing",
    "set_notice_rule",
    "submit",
    "timeline",
    "update_draft",
    "visible_to",
    "withdraw",
]

"""The incident use cases, in one place for the API, the pages and the CLI.  Every step (and `create`) returns
the incident as IncidentRead, as the acting user's State and role may see it once the step is taken (its
finding, slots, flags and the actions now open); the step modules themselves return rows:

report:      create, edit_report, set_person, remove_person, state_law, attach        (report.py)
duty:        certify, answer_certificate, settle_duty                                 (duty.py)
waiver:      decide_primary, notify_case, recall_waiver, request_waiver, answer_waiver (waiver.py)
custody:     arrest, notify_arrest, request_custody, answer_custody, visit, end_custody (custody.py)
proceedings: trial, observe, verdict, close                                           (proceedings.py)
reads:       read, read_visible, list_visible, timeline, attachment, pending_decisions (queries.py)
privacy:     purge (retention), sees_personal_data                                    (privacy.py)
statistics:  statistics, as_csv, as_xlsx                                              (stats.py)
configuration: settings_read, set_settings, waiver_practices, set_waiver_practice, observers, add_observer,
             update_observer                                                          (configuration.py)"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.incident import custody as _custody
from sofadesk.cases.incident import duty as _duty
from sofadesk.cases.incident import proceedings as _proceedings
from sofadesk.cases.incident import report as _report
from sofadesk.cases.incident import waiver as _waiver
from sofadesk.cases.incident.configuration import (
    add_observer,
    observers,
    set_settings,
    set_waiver_practice,
    settings_read,
    update_observer,
    waiver_practices,
)
from sofadesk.cases.incident.privacy import purge, sees_personal_data
from sofadesk.cases.incident.queries import (
    attachment,
    list_visible,
    load_visible,
    pending_decisions,
    read,
    read_visible,
    timeline,
)
from sofadesk.cases.incident.reads import IncidentRead
from sofadesk.cases.incident.stats import as_csv, as_xlsx, statistics

Step = Callable[..., Any]


def _read_back(fn: Step) -> Callable[..., IncidentRead]:
    @wraps(fn)
    def stepped(
        session: Session, user: CurrentUser, incident_id: int, *args: Any, **kwargs: Any
    ) -> IncidentRead:
        fn(session, user, incident_id, *args, **kwargs)
        session.flush()
        return read_visible(session, user, incident_id)

    return stepped


def create(session: Session, user: CurrentUser, body: Any, engine: Any) -> IncidentRead:
    """Report an incident (report.create): the incident as the reporter now sees it."""
    inc = _report.create(session, user, body, engine)
    session.flush()
    return read(session, user, inc)


edit_report = _read_back(_report.edit_report)
set_person = _read_back(_report.set_person)
remove_person = _read_back(_report.remove_person)
state_law = _read_back(_report.state_law)
attach = _read_back(_report.attach)
certify = _read_back(_duty.certify)
answer_certificate = _read_back(_duty.answer_certificate)
settle_duty = _read_back(_duty.settle_duty)
decide_primary = _read_back(_waiver.decide_primary)
notify_case = _read_back(_waiver.notify_case)
recall_waiver = _read_back(_waiver.recall_waiver)
request_waiver = _read_back(_waiver.request_waiver)
answer_waiver = _read_back(_waiver.answer_waiver)
arrest = _read_back(_custody.arrest)
notify_arrest = _read_back(_custody.notify_arrest)
request_custody = _read_back(_custody.request_custody)
answer_custody = _read_back(_custody.answer_custody)
visit = _read_back(_custody.visit)
end_custody = _read_back(_custody.end_custody)
trial = _read_back(_proceedings.trial)
observe = _read_back(_proceedings.observe)
verdict = _read_back(_proceedings.verdict)
close = _read_back(_proceedings.close)

__all__ = [
    "add_observer",
    "answer_certificate",
    "answer_custody",
    "answer_waiver",
    "arrest",
    "as_csv",
    "as_xlsx",
    "attach",
    "attachment",
    "certify",
    "close",
    "create",
    "decide_primary",
    "edit_report",
    "end_custody",
    "list_visible",
    "load_visible",
    "notify_arrest",
    "notify_case",
    "observe",
    "observers",
    "pending_decisions",
    "purge",
    "read",
    "read_visible",
    "recall_waiver",
    "remove_person",
    "request_custody",
    "request_waiver",
    "sees_personal_data",
    "set_person",
    "set_settings",
    "set_waiver_practice",
    "settings_read",
    "settle_duty",
    "state_law",
    "statistics",
    "timeline",
    "trial",
    "update_observer",
    "verdict",
    "visit",
    "waiver_practices",
]

"""The incident use cases, in one place for the API, the pages and the CLI.  Step by step (each returns the
incident row; `read` turns it into IncidentRead for the reader's State and role):

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

from sofadesk.cases.incident.configuration import (
    add_observer,
    observers,
    set_settings,
    set_waiver_practice,
    settings_read,
    update_observer,
    waiver_practices,
)
from sofadesk.cases.incident.custody import (
    answer_custody,
    arrest,
    end_custody,
    notify_arrest,
    request_custody,
    visit,
)
from sofadesk.cases.incident.duty import answer_certificate, certify, settle_duty
from sofadesk.cases.incident.privacy import purge, sees_personal_data
from sofadesk.cases.incident.proceedings import close, observe, trial, verdict
from sofadesk.cases.incident.queries import (
    attachment,
    list_visible,
    load_visible,
    pending_decisions,
    read,
    read_visible,
    timeline,
)
from sofadesk.cases.incident.report import attach, create, edit_report, remove_person, set_person, state_law
from sofadesk.cases.incident.stats import as_csv, as_xlsx, statistics
from sofadesk.cases.incident.waiver import (
    answer_waiver,
    decide_primary,
    notify_case,
    recall_waiver,
    request_waiver,
)

__all__ = [
    "add_observer", "answer_certificate", "answer_custody", "answer_waiver", "arrest", "as_csv", "as_xlsx", "attach",
    "attachment", "certify", "close", "create", "decide_primary", "edit_report", "end_custody", "list_visible",
    "load_visible", "notify_arrest", "notify_case", "observe", "observers", "pending_decisions", "purge", "read",
    "read_visible", "recall_waiver", "remove_person", "request_custody", "request_waiver", "sees_personal_data",
    "set_person", "set_settings", "set_waiver_practice", "settings_read", "settle_duty", "state_law", "statistics",
    "timeline", "trial", "update_observer", "verdict", "visit", "waiver_practices",
]  # fmt: skip

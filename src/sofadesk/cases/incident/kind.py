"""The incident as a case kind: its statuses and who moves it from which to which.

reported -> (charges recorded) in_proceedings -> (every trial decided) tried -> closed.  While it is reported the
two States settle who tries the person: each States its own law, the sending State certifies official duty and
the receiving State accepts or contests it, the State holding the primary right exercises or waives it, the
other may ask it to waive.  Custody, arrests and their notification run alongside.  The case belongs to the
receiving State (the engine's owner: the offence was committed there); the sending State is concerned from the
report on.  Which of the two may take a step that belongs to a side (the primary right's holder, the State
asked) is checked by the step itself; the table says which roles and statuses."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy.orm import Session

from sofadesk.cases.core.kinds import CaseKind, register
from sofadesk.cases.core.workflow import Transition, Workflow
from sofadesk.cases.incident.models import IncidentRow

Status = Literal["reported", "in_proceedings", "tried", "closed"]
STATUSES: tuple[str, ...] = get_args(Status)
OPEN = ("reported", "in_proceedings", "tried")
LEGAL = ("legal_adviser",)

# Slots (a decision or a duty due from one State): the subject names what is due.
DUTY_ANSWER = "duty_certificate_answer"
WAIVER_ANSWER = "waiver_answer"
ARREST_NOTICE = "arrest_notification"
CUSTODY_ANSWER = "custody_transfer_answer"


def _t(
    action: str,
    sources: tuple[str, ...],
    target: str | None,
    by: str,
    done: str,
    roles: tuple[str, ...] = LEGAL,
) -> Transition:
    return Transition(action, sources, target, by, roles, done, f"incident.{action}")  # type: ignore[arg-type]


WORKFLOW = Workflow(
    kind="incident",
    noun="incident",
    statuses=STATUSES,
    owner_name="the receiving State's",
    transitions=(
        _t("edit_report", OPEN, None, "any", "edited (it is closed)"),
        _t("set_person", OPEN, None, "any", "given persons (it is closed)"),
        _t("remove_person", OPEN, None, "any", "changed (it is closed)"),
        _t("attach", OPEN, None, "any", "given attachments (it is closed)"),
        _t("state_law", OPEN, None, "any", "given a statement on the law (it is closed)"),
        _t("certify_duty", ("reported",), None, "party", "given a duty certificate (proceedings have begun)"),
        _t(
            "answer_certificate",
            ("reported",),
            None,
            "owner",
            "given an answer to the certificate (proceedings have begun)",
        ),
        _t(
            "settle_duty",
            ("reported",),
            None,
            "any",
            "given the consultation's outcome (proceedings have begun)",
        ),
        _t(
            "decide_primary",
            ("reported",),
            None,
            "any",
            "given a decision on the primary right (proceedings have begun)",
        ),
        _t("notify_case", ("reported",), None, "party", "notified (proceedings have begun)"),
        _t("recall_waiver", ("reported",), None, "owner", "given a recall (proceedings have begun)"),
        _t("request_waiver", ("reported",), None, "any", "given a waiver request (proceedings have begun)"),
        _t("answer_waiver", ("reported",), None, "any", "given a waiver answer (proceedings have begun)"),
        _t("arrest", OPEN, None, "any", "given an arrest (it is closed)"),
        _t("notify_arrest", OPEN, None, "owner", "given an arrest notification (it is closed)"),
        _t("request_custody", OPEN, None, "any", "given a custody request (it is closed)"),
        _t("answer_custody", OPEN, None, "any", "given a custody answer (it is closed)"),
        _t("visit", OPEN, None, "any", "given a visit (it is closed)"),
        _t("end_custody", OPEN, None, "any", "given the end of a custody (it is closed)"),
        _t("trial", OPEN, "in_proceedings", "any", "given a trial (it is closed)"),
        _t(
            "observe",
            ("in_proceedings", "tried"),
            None,
            "party",
            "observed (no trial is recorded)",
            ("legal_adviser", "observer"),
        ),
        _t("verdict", ("in_proceedings", "tried"), None, "any", "given a verdict (no trial is recorded)"),
        _t("close", OPEN, "closed", "any", "closed"),
    ),
)


def _erase_past_retention(session: Session, moment: datetime) -> object:
    """Scheduled: personal data of closed incidents past their retention period is erased."""
    from sofadesk.cases.incident.privacy import purge  # imported here: privacy needs this module's KIND

    return purge(session, moment)


KIND = register(
    CaseKind(
        name="incident",
        noun="incident",
        row=IncidentRow,
        owner="receiving_state",
        workflow=WORKFLOW,
        path="/incidents/{id}",
        first_day="occurred_on",
        last_day="occurred_on",
        housekeeping=_erase_past_retention,
        deciders=(
            (DUTY_ANSWER, LEGAL),
            (WAIVER_ANSWER, LEGAL),
            (ARREST_NOTICE, LEGAL),
            (CUSTODY_ANSWER, LEGAL),
        ),
    )
)

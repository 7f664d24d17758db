"""What a legal adviser must not miss on an incident, each with its basis (law or a State's configuration) and
citations; and the actions the reader may take now (the workflow table, narrowed to the side whose step it
is).  Pure: the read (queries.py) hands the parts in."""

from __future__ import annotations

from typing import Any

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.incident.facts import regime_says
from sofadesk.cases.incident.kind import KIND
from sofadesk.cases.incident.reads import (
    CustodyRead,
    CustodyRequestRead,
    DutyRead,
    FlagRead,
    IncidentPrimaryRightRead,
    TrialRead,
)


def flags(
    inc: Any,
    duty: DutyRead,
    primary: IncidentPrimaryRightRead,
    custody: list[CustodyRead],
    trials: list[TrialRead],
    observers: dict[int, bool],
    today: str,
) -> list[FlagRead]:
    out: list[FlagRead] = []
    for c in custody:
        if c.notice_overdue:
            out.append(
                FlagRead(
                    code="arrest_notice_overdue",
                    basis="law",
                    citations=["NATO SOFA Art. VII(5)(b)"],
                    message=f"{inc.receiving_state} has not notified its arrest of person {c.person} "
                    f"(custody {c.number}), due {c.notice_due_on}; the receiving State must "
                    "notify the sending State's military authorities promptly.",
                )
            )
    last = duty.certificates[-1] if duty.certificates else None
    if last is not None and last.answer == "pending" and last.contest_until and last.contest_until < today:
        out.append(
            FlagRead(
                code="certificate_uncontested",
                basis="configuration",
                citations=["NATO SOFA Art. VII(3)(a)(ii)"],
                message=f"{inc.receiving_state} did not contest certificate {last.number} by "
                f"{last.contest_until}, its configured period: the certificate stands.",
            )
        )
    if duty.official_duty == "disputed":
        out.append(
            FlagRead(
                code="duty_disputed",
                basis="law",
                citations=duty.citations,
                message="Official duty is contested: the States consult; " + (duty.consultation or ""),
            )
        )
    s = primary.standing
    if s is not None and s.state == "open":
        out.append(
            FlagRead(
                code="recall_window_open",
                basis="configuration",
                citations=["NATO SOFA Art. VII(3)(c)"],
                message=f"{inc.receiving_state}'s standing waiver may be recalled until {s.recall_until} "
                f"({s.days_left} day(s) left; the practice is shown with its source).",
            )
        )
    if s is not None and s.recall_likely and s.state in ("awaiting_notification", "open"):
        out.append(
            FlagRead(
                code="recall_likely",
                basis="configuration",
                citations=["NATO SOFA Art. VII(3)(c)"],
                message=f"A {inc.offence_type.replace('_', ' ')} offence: {inc.receiving_state}'s practice "
                "names it among those where a recall of the waiver is likely.",
            )
        )
    for r in primary.requests:
        if r.overdue:
            out.append(
                FlagRead(
                    code="waiver_answer_overdue",
                    basis="configuration",
                    citations=["NATO SOFA Art. VII(3)(c)"],
                    message=f"{r.to_state}'s answer to waiver request {r.number} was due {r.due_on}.",
                )
            )
    ap = regime_says(inc.finding, "additional_protocol")
    for t in trials:
        if t.sentence == "death":
            cites = ["NATO SOFA Art. VII(7)(a)"] + (["PfP SOFA AP Art. I"] if ap is not False else [])
            words = (
                "the Additional Protocol applies between the two States: a State with jurisdiction will not "
                "carry out a death sentence on a person from the other"
                if ap
                else "whether the Additional Protocol applies is not established"
                if ap is None
                else "the sending State may not carry it out in the receiving State if its law has no death penalty "
                "for a similar case"
            )
            out.append(
                FlagRead(
                    code="death_sentence",
                    basis="law",
                    citations=cites,
                    message=f"Trial {t.number} ended in a death sentence: {words}.",
                )
            )
        for item in t.checklist:
            if item.met == "no":
                out.append(
                    FlagRead(
                        code="fair_trial_guarantee_not_met",
                        basis="law",
                        citations=[item.citation],
                        message=f"Trial {t.number}: the observer found '{item.text}' not met.",
                    )
                )
        if t.observer is not None and not t.observer.lawyer and not inc.minor_offence:
            out.append(
                FlagRead(
                    code="observer_not_lawyer",
                    basis="configuration",
                    citations=[],
                    message=f"Trial {t.number}'s observer is not a lawyer, and the offence is not "
                    "minor (the sending State's observer policy).",
                )
            )
    return out


def actions(
    inc: Any,
    user: CurrentUser,
    primary: IncidentPrimaryRightRead,
    duty: DutyRead,
    custody: list[CustodyRead],
    requests: list[CustodyRequestRead],
    trials: list[TrialRead],
) -> list[str]:
    offered = KIND.workflow.actions(inc.status, owner=user.state == inc.receiving_state, roles=user.roles)
    holder, other = primary.holder, None
    if holder is not None:
        other = inc.receiving_state if holder == inc.sending_state else inc.sending_state
    last = duty.certificates[-1] if duty.certificates else None
    keep = {
        "decide_primary": holder == user.state and primary.standing is None,
        "answer_waiver": holder == user.state and any(r.answer == "pending" for r in primary.requests),
        "request_waiver": other == user.state
        and not primary.declines
        and not any(r.answer == "pending" for r in primary.requests),
        "recall_waiver": primary.standing is not None
        and primary.standing.state in ("awaiting_notification", "open"),
        "answer_certificate": last is not None and last.answer == "pending",
        "settle_duty": last is not None and last.answer == "contested" and last.outcome is None,
        "notify_arrest": any(
            c.arrest and c.held_by == inc.receiving_state and c.notified_at is None for c in custody
        ),
        "answer_custody": any(r.answer == "pending" and r.to_state == user.state for r in requests),
        "end_custody": any(c.until is None and c.held_by == user.state for c in custody),
        "observe": any(t.state == inc.receiving_state and t.kind == "criminal" for t in trials),
        "verdict": any(t.state == user.state and t.outcome is None for t in trials),
        "notify_case": inc.case_notified_on is None,
    }
    return [a for a in offered if keep.get(a, True)]

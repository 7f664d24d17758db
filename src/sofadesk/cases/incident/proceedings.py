"""Proceedings: charges, court and hearings (`trial`), the sending State's trial observer's Art. VII(9)
checklist, the verdict and sentence, and closing the case with its disposition (Art. VII(6)(b)).

Double jeopardy (Art. VII(8)): once one State has tried the person for the offence in that territory (acquitted,
convicted, pardoned), the other State's attempt to record a criminal trial for it is refused with the citation;
disciplinary proceedings by the sending State stay possible."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core import slots
from sofadesk.cases.core.step import Done
from sofadesk.cases.incident.common import FINAL, next_number, person_of, run
from sofadesk.cases.incident.facts import regime_says
from sofadesk.cases.incident.kind import ARREST_NOTICE, CUSTODY_ANSWER, DUTY_ANSWER, KIND, WAIVER_ANSWER
from sofadesk.cases.incident.models import IncidentRow, ObserverRow, TrialRow
from sofadesk.cases.incident.schemas import (
    CHECKLIST,
    IncidentCloseBody,
    ObservationBody,
    TrialBody,
    VerdictBody,
)
from sofadesk.errors import Conflict, Forbidden, Invalid
from sofadesk.registry.inforce import InForceEngine

DOUBLE_JEOPARDY = "NATO SOFA Art. VII(8)"
CHECKLIST_CITES = dict(zip(CHECKLIST, "abcdefg", strict=True))


def trial_of(session: Session, inc: IncidentRow, number: int) -> TrialRow:
    row = session.execute(
        select(TrialRow).where(TrialRow.incident_id == inc.id, TrialRow.number == number)
    ).scalar_one_or_none()
    if row is None:
        raise Invalid("trial", f"incident {inc.id} has no trial {number}")
    return row


def _double_jeopardy(session: Session, inc: IncidentRow, user: CurrentUser, body: TrialBody) -> None:
    if body.kind != "criminal":
        return
    for t in session.execute(
        select(TrialRow).where(
            TrialRow.incident_id == inc.id, TrialRow.person_number == body.person, TrialRow.kind == "criminal"
        )
    ).scalars():
        if (
            t.state_code != user.state
            and t.outcome in FINAL
            and t.in_receiving_state_territory
            and body.in_receiving_state_territory
        ):
            raise Conflict(
                f"{t.state_code} already tried person {body.person} for this offence ({t.outcome} on "
                f"{t.verdict_on.isoformat() if t.verdict_on else 'a recorded day'}): {user.state} may not try him again "
                f"for the same offence in the same territory ({DOUBLE_JEOPARDY}); the sending State may still take "
                "disciplinary action for the same act"
            )


def _jurisdiction(inc: IncidentRow, user: CurrentUser) -> None:
    """A criminal trial by a State the finding says may not try the person is refused with the finding's
    citations (only where the finding is settled)."""
    value = inc.finding.get("value")
    if not value:
        return
    side = "sending_state" if user.state == inc.sending_state else "receiving_state"
    if side not in value.get("may_try", []):
        cites = "; ".join(inc.finding.get("citations", [])[:4])
        raise Conflict(
            f"on the present facts {user.state} has no jurisdiction to try this offence "
            f"({value.get('jurisdiction')}) [{cites}]"
        )


def trial(
    session: Session, user: CurrentUser, incident_id: int, body: TrialBody, engine: InForceEngine
) -> IncidentRow:
    cites = ["NATO SOFA Art. VII(1)"]

    def change(inc: IncidentRow) -> Done:
        p = person_of(session, inc, body.person)
        if p.role != "suspect":
            raise Invalid("person", f"person {body.person} is a {p.role}, not a suspect")
        if body.kind == "disciplinary":
            if user.state != inc.sending_state:
                raise Forbidden(
                    "disciplinary proceedings are the sending State's (NATO SOFA Art. VII(1)(a), (8))"
                )
            cites.append(DOUBLE_JEOPARDY)
        else:
            _double_jeopardy(session, inc, user, body)
            _jurisdiction(inc, user)
        if user.state == inc.receiving_state and body.kind == "criminal":
            cites.append("NATO SOFA Art. VII(9)")
        number = next_number(session, TrialRow, inc.id)
        session.add(
            TrialRow(
                incident_id=inc.id,
                number=number,
                person_number=body.person,
                state_code=user.state,
                kind=body.kind,
                court=body.court,
                charges=body.charges,
                charged_on=body.charged_on,
                in_receiving_state_territory=body.in_receiving_state_territory,
                hearings=[d.isoformat() for d in body.hearings],
                checklist={},
                recorded_at=now(),
            )
        )
        return Done(
            {
                "trial": number,
                "person": body.person,
                "state": user.state,
                "kind": body.kind,
                "court": body.court,
                "charged_on": body.charged_on.isoformat(),
                "hearings": [d.isoformat() for d in body.hearings],
            }
        )

    return run(session, user, incident_id, "trial", engine, change, body.version, cites)


def observe(
    session: Session, user: CurrentUser, incident_id: int, body: ObservationBody, engine: InForceEngine
) -> IncidentRow:
    """The sending State's trial observer (from its roster) fills in the Art. VII(9) checklist of a trial under
    the receiving State's jurisdiction; entries given replace earlier ones."""
    cites: list[str] = []

    def change(inc: IncidentRow) -> Done:
        t = trial_of(session, inc, body.trial)
        if t.state_code != inc.receiving_state or t.kind != "criminal":
            raise Conflict(
                "the Art. VII(9) guarantees apply to a prosecution under the receiving State's jurisdiction"
            )
        observer = session.get(ObserverRow, body.observer)
        if observer is None or observer.state_code != user.state or not observer.active:
            raise Invalid("observer", f"{body.observer} is not an active observer on {user.state}'s roster")
        t.observer_id = observer.id
        t.checklist = {**t.checklist, **{k: v.model_dump() for k, v in body.checklist.items()}}
        cites.extend(f"NATO SOFA Art. VII(9)({CHECKLIST_CITES[k]})" for k in body.checklist)
        return Done(
            {
                "trial": t.number,
                "observer": observer.id,
                "lawyer": observer.lawyer,
                "checklist": {k: v.met for k, v in body.checklist.items()},
            }
        )

    return run(session, user, incident_id, "observe", engine, change, body.version, cites)


def verdict(
    session: Session, user: CurrentUser, incident_id: int, body: VerdictBody, engine: InForceEngine
) -> IncidentRow:
    cites = ["NATO SOFA Art. VII(6)(b)", DOUBLE_JEOPARDY]

    def change(inc: IncidentRow) -> Done:
        t = trial_of(session, inc, body.trial)
        if t.state_code != user.state:
            raise Forbidden(
                f"trial {t.number} is {t.state_code}'s; its verdict is recorded by {t.state_code}"
            )
        if t.outcome is not None:
            raise Conflict(f"trial {t.number} has its verdict already ({t.outcome})")
        t.outcome, t.sentence = body.outcome, body.sentence if body.outcome == "convicted" else None
        t.sentence_detail, t.verdict_on = body.detail, body.verdict_on
        if body.sentence == "death":
            cites.append("NATO SOFA Art. VII(7)(a)")
            if regime_says(inc.finding, "additional_protocol") is not False:
                cites.append("PfP SOFA AP Art. I")
        rows = list(session.execute(select(TrialRow.outcome).where(TrialRow.incident_id == inc.id)).scalars())
        status = "tried" if all(o is not None for o in rows) else "in_proceedings"
        return Done(
            {
                "trial": t.number,
                "outcome": body.outcome,
                "sentence": t.sentence,
                "verdict_on": body.verdict_on.isoformat(),
            },
            status=status,
        )

    return run(session, user, incident_id, "verdict", engine, change, body.version, cites)


def close(
    session: Session, user: CurrentUser, incident_id: int, body: IncidentCloseBody, engine: InForceEngine
) -> IncidentRow:
    """Closed with its disposition, notified to the other State (Art. VII(6)(b)); decisions still due lapse.
    The retention period of personal data runs from now (privacy.py)."""

    def change(inc: IncidentRow) -> Done:
        inc.disposition, inc.closed_at = body.disposition, now()
        lapsed = []
        for subject in (DUTY_ANSWER, WAIVER_ANSWER, ARREST_NOTICE, CUSTODY_ANSWER):
            lapsed += slots.close_pending(session, KIND, inc.id, inc.revision, subject, "closed")
        return Done({"disposition": body.disposition, "lapsed": sorted(lapsed)})

    return run(
        session, user, incident_id, "close", engine, change, body.version, ["NATO SOFA Art. VII(6)(b)"]
    )

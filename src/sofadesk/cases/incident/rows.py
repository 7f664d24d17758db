"""The rows an incident's finding is worked out from, read once per recomputation: only the columns the finding
needs, as plain rows through statements built once (issue 18: building and loading mapped selects was half of a
recomputation's time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from sofadesk.cases.incident.models import (
    CustodyRow,
    DutyCertificateRow,
    IncidentLawStatementRow,
    IncidentPersonRow,
    IncidentRow,
    TrialRow,
    WaiverPracticeRow,
    WaiverRequestRow,
)
from sofadesk.db.prepared import prepared

# Read past the session's mapped objects: the caller has flushed, so the database holds what the session does.
Plain = Row[*tuple[Any, ...]]
_BY_INCIDENT: BindParameter[int] = bindparam("incident")
_P, _CU, _T = IncidentPersonRow.__table__.c, CustodyRow.__table__.c, TrialRow.__table__.c
_S, _CE, _R = (
    IncidentLawStatementRow.__table__.c,
    DutyCertificateRow.__table__.c,
    WaiverRequestRow.__table__.c,
)
_PERSONS = prepared(
    select(_P.number, _P.role, _P.category, _P.facts)
    .where(_P.incident_id == _BY_INCIDENT)
    .order_by(_P.number)
)
_CUSTODY = prepared(
    select(_CU.person_number, _CU.held_by, _CU.arrest, _CU.until)
    .where(_CU.incident_id == _BY_INCIDENT)
    .order_by(_CU.number)
)
_TRIALS = prepared(
    select(_T.person_number, _T.state_code, _T.outcome, _T.sentence, _T.in_receiving_state_territory)
    .where(_T.incident_id == _BY_INCIDENT, _T.kind == "criminal")
    .order_by(_T.number)
)
_STATEMENTS = prepared(
    select(_S.state_code, _S.punishable, _S.death_penalty_possible).where(_S.incident_id == _BY_INCIDENT)
)
_CERTIFICATE = prepared(
    select(_CE.outcome, _CE.answer, _CE.on_duty)
    .where(_CE.incident_id == _BY_INCIDENT)
    .order_by(_CE.number.desc())
    .limit(1)
)
_REQUESTS = prepared(select(_R.to_state, _R.answer).where(_R.incident_id == _BY_INCIDENT))
_W = WaiverPracticeRow.__table__.c
_PRACTICE = prepared(
    select(_W.recall_days).where(
        _W.receiving_state == bindparam("receiving"),
        _W.sending_state == bindparam("sending"),
        _W.advance_waiver.is_(True),
    )
)


def waiver_requests(session: Session, inc: IncidentRow) -> Sequence[Plain]:
    return session.connection().execute(_REQUESTS, {"incident": inc.id}).all()


@dataclass(frozen=True)
class CaseRows:
    """What the finding is worked out from, read once per recomputation: the primary right's holder is known only
    after a first finding, and the second one (with the holder's waiver) needs the same rows."""

    persons: Sequence[Plain]
    custody: Sequence[Plain]
    trials: Sequence[Plain]  # criminal trials, in order
    statements: dict[str, Plain]
    certificate: Plain | None
    requests: Sequence[Plain]
    # The receiving State's advance waiver for the sending State's forces, if it has one.
    practice: Plain | None


def read_rows(session: Session, inc: IncidentRow) -> CaseRows:
    at = {"incident": inc.id}
    db = session.connection()
    return CaseRows(
        persons=db.execute(_PERSONS, at).all(),
        custody=db.execute(_CUSTODY, at).all(),
        trials=db.execute(_TRIALS, at).all(),
        statements={s.state_code: s for s in db.execute(_STATEMENTS, at)},
        certificate=db.execute(_CERTIFICATE, at).first(),
        requests=waiver_requests(session, inc),
        practice=db.execute(
            _PRACTICE, {"receiving": inc.receiving_state, "sending": inc.sending_state}
        ).first(),
    )

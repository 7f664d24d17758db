"""A case's content as of each revision.  A draft's current revision may be edited in place; once a case is
submitted a change is a new revision, and every earlier one stays readable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.kinds import CaseKind
from sofadesk.cases.core.models import CaseRevisionRow
from sofadesk.db.prepared import prepared

# Built once: a case read runs it on every request (SQLAlchemy's compiled cache then does the rest).
_CONTENT = prepared(
    select(CaseRevisionRow.content).where(
        CaseRevisionRow.kind == bindparam("kind"),
        CaseRevisionRow.case_id == bindparam("case_id"),
        CaseRevisionRow.number == bindparam("number"),
    )
)


def store(
    session: Session, kind: CaseKind, case_id: int, number: int, content: dict[str, Any], user: CurrentUser
) -> None:
    session.add(
        CaseRevisionRow(
            kind=kind.name,
            case_id=case_id,
            number=number,
            content=content,
            created_by=user.id,
            created_at=now(),
        )
    )


def replace(session: Session, kind: CaseKind, case_id: int, number: int, content: dict[str, Any]) -> None:
    session.execute(
        update(CaseRevisionRow)
        .where(
            CaseRevisionRow.kind == kind.name,
            CaseRevisionRow.case_id == case_id,
            CaseRevisionRow.number == number,
        )
        .values(content=content)
    )


def content(session: Session, kind: CaseKind, case_id: int, number: int) -> dict[str, Any]:
    # On the session's connection: a plain column read needs none of the ORM's execution.  The flush stands for
    # the ORM's autoflush (a revision stored in this transaction is found).
    session.flush()
    found: dict[str, Any] = (
        session.connection()
        .execute(_CONTENT, {"kind": kind.name, "case_id": case_id, "number": number})
        .scalar_one()
    )
    return found

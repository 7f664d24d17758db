"""A case's content as of each revision.  A draft's current revision may be edited in place; once a case is
submitted a change is a new revision, and every earlier one stays readable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, bindparam, cast, select, update
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.kinds import CaseKind
from sofadesk.cases.core.models import CaseRevisionRow
from sofadesk.db.prepared import prepared

# The content as the database holds its text: already JSON, for an answer to carry as it is (decoding it into
# objects and encoding them again was a tenth of a case read's time, and grows with the manifest).
CONTENT_TEXT = cast(CaseRevisionRow.content, Text).label("content_text")


def _of_revision(column: Any) -> Any:
    return select(column).where(
        CaseRevisionRow.kind == bindparam("kind"),
        CaseRevisionRow.case_id == bindparam("case_id"),
        CaseRevisionRow.number == bindparam("number"),
    )


# Built once: a case read runs them on every request (SQLAlchemy's compiled cache then does the rest).
_CONTENT = prepared(_of_revision(CaseRevisionRow.content))


def current_text(kind: CaseKind) -> Any:
    """The content text of the current revision of the kind's case in the enclosing query (a scalar subquery on
    its row), to be read with the case in one statement."""
    row = kind.row
    return (
        select(CONTENT_TEXT)
        .where(
            CaseRevisionRow.kind == kind.name,
            CaseRevisionRow.case_id == row.id,
            CaseRevisionRow.number == row.revision,
        )
        .scalar_subquery()
        .label("content_text")
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
    found: dict[str, Any] = _read(session, _CONTENT, kind, case_id, number)
    return found


def _read(session: Session, statement: Any, kind: CaseKind, case_id: int, number: int) -> Any:
    # On the session's connection: a plain column read needs none of the ORM's execution.  The flush stands for
    # the ORM's autoflush (a revision stored in this transaction is found).
    session.flush()
    params = {"kind": kind.name, "case_id": case_id, "number": number}
    return session.connection().execute(statement, params).scalar_one()

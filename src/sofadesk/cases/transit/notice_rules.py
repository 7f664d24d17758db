"""Each State's own notice rule for transits (lead time in its working days, restrictions): configuration kept
by its administrator, shown as such, never as law; and the due date of a decision it sets."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.core.calendar import add_working_days
from sofadesk.cases.transit.checks import NoticeRule
from sofadesk.cases.transit.models import NoticeRuleRow
from sofadesk.cases.transit.schemas import NoticeRuleBody
from sofadesk.errors import Forbidden
from sofadesk.registry.inforce import InForceEngine


def notice_rules(session: Session) -> dict[str, NoticeRule]:
    return {
        r.state_code: NoticeRule(
            r.state_code,
            r.lead_time_working_days,
            r.requires_countersignature,
            tuple((x.get("code", "text"), x.get("text", "")) for x in r.restrictions),
        )
        for r in session.execute(select(NoticeRuleRow)).scalars()
    }


def set_notice_rule(session: Session, user: CurrentUser, state: str, body: NoticeRuleBody) -> NoticeRuleRow:
    user.require("administrator")
    if state != user.state:
        raise Forbidden("an administrator keeps its own State's notice rule only")
    row = session.get(NoticeRuleRow, state) or NoticeRuleRow(state_code=state)
    row.lead_time_working_days = body.lead_time_working_days
    row.requires_countersignature = body.requires_countersignature
    row.restrictions = [{str(k): v for k, v in r.items()} for r in body.restrictions]
    row.updated_by, row.updated_at = user.id, now()
    session.add(row)
    append(session, user.actor, "notice_rule.updated", "notice_rule", state, body.model_dump())
    return row


def due_on(state: str, filed: date, rules: dict[str, NoticeRule], engine: InForceEngine) -> date | None:
    """The day a State's decision falls due: its lead time counted in its own working days from filing."""
    rule = rules.get(state)
    if rule is None:
        return None
    alpha2 = engine.registry.states[state].alpha2 if state in engine.registry.states else state[:2]
    return add_working_days(filed, rule.lead_time_working_days, alpha2)

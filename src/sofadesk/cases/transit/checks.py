"""Checks of a transit request, leg by leg, each with its reasons and citations.

Law (from the registry and sofadesk.law): the Agreement must apply between the sending State and each State
crossed on every day of its leg; entry documents of every person (Art. III); customs for the equipment and
advance notice of unit crossings (Art. XI); arms carried under orders (Art. VI).
Configuration (kept by each State's administrator, shown as such, never presented as law): the State's lead
time in its own working days (national holidays from the `holidays` package) and its restrictions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sofadesk.cases.force_checks import (
    Check,
    CheckReport,
    Status,
    check_arms,
    check_customs,
    check_documents,
    regime_on,
)
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine


@dataclass(frozen=True)
class NoticeRule:
    state: str
    lead_time_working_days: int
    requires_countersignature: bool = False
    restrictions: tuple[tuple[str, str], ...] = ()  # (code, text)


@cache
def _holidays(alpha2: str) -> Any:
    import holidays

    try:
        return holidays.country_holidays(alpha2)
    except NotImplementedError:  # the holidays package's answer for a country it has no calendar for
        return None  # counted as weekends only, and the notice check says so


def has_national_calendar(alpha2: str) -> bool:
    """Whether the `holidays` package has the State's public holidays; without it working days are weekdays."""
    return _holidays(alpha2) is not None


def restriction_breached(code: str, armed: bool, hazard_classes: Iterable[str]) -> bool:
    """Whether a force carrying arms (`armed`) and dangerous goods of `hazard_classes` (UN classes, "1.4S", "3")
    fails a State's restriction `code`.  Codes the checks do not understand (free text) are shown, never breached.
    Configuration kept by the State, not law."""
    if code == "non_lethal_cargo_only":
        return armed or any(c.startswith("1") for c in hazard_classes)  # Class 1: explosives, ammunition
    if code == "no_dangerous_goods":
        return any(True for _ in hazard_classes)
    return False


def is_working_day(day: date, alpha2: str) -> bool:
    if day.weekday() >= 5:
        return False
    calendar = _holidays(alpha2)
    return calendar is None or day not in calendar


def add_working_days(start: date, days: int, alpha2: str) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current, alpha2):
            days -= 1
    return current


def working_days_between(start: date, end: date, alpha2: str) -> int:
    """Working days after `start` up to and including `end`."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, alpha2):
            count += 1
    return count


def check_transit(
    engine: InForceEngine,
    sending: str,
    content: TransitContent,
    rules: dict[str, NoticeRule],
    filed_on: date,
) -> CheckReport:
    report = CheckReport()
    states = engine.registry.states
    last = len(content.legs) - 1
    for i, leg in enumerate(content.legs):
        if leg.state not in states or sending not in states:
            report.checks.append(
                Check(i, leg.state, "coverage", "unknown", f"{leg.state} is not a State in the registry.")
            )
            continue
        name = states[leg.state].display_name
        first, final = leg.planned_entry.date(), leg.planned_exit.date()
        days = [first + timedelta(days=n) for n in range((final - first).days + 1)]
        uncovered = [d for d in days if engine.answer(sending, leg.state, d).applies is not True]
        if uncovered and sending in states and leg.state in states:
            c = explain_coverage(engine, states[sending], states[leg.state], uncovered[0])
            status: Status = "flag" if c.answer.applies is False else "unknown"
            shown = ", ".join(long_date(d) for d in uncovered[:5]) + (" ..." if len(uncovered) > 5 else "")
            report.checks.append(Check(i, leg.state, "coverage", status,
                f"The Agreement is not established as applying with {name} on {shown}: {c.finding.reasons[0]}",
                tuple(c.finding.cite_strings())))  # fmt: skip
            continue
        regime = regime_on(engine, sending, leg.state, first)
        if regime is None:
            report.checks.append(
                Check(
                    i, leg.state, "coverage", "unknown", f"The regime with {name} could not be established."
                )
            )
            continue
        report.checks.append(Check(i, leg.state, "coverage", "ok",
            f"The NATO SOFA regime applies with {name} through the {'NATO SOFA' if regime.instrument == 'nato-sofa' else 'PfP SOFA'} on every day of the leg.",
            ("NATO SOFA Art. I(1)(e)", "PfP SOFA Art. I" if regime.instrument == "pfp-sofa" else "NATO SOFA Art. XVIII(2)")))  # fmt: skip
        rule = rules.get(leg.state)
        check_documents(
            report,
            i,
            leg.state,
            name,
            sending,
            regime,
            content,
            bool(rule and rule.requires_countersignature),
            transit=i < last,
        )
        check_customs(
            report, i, leg.state, sending, regime, content, leg.customs_notified_in_advance, transit=i < last
        )
        _notice(report, i, leg.state, name, states, rule, filed_on, first, content, leg)
    check_arms(report, sending, content)
    return report


def _notice(report: CheckReport, i: int, state: str, name: str, states: dict[str, Any], rule: NoticeRule | None,
            filed_on: date, entry: date, content: TransitContent, leg: Any) -> None:  # fmt: skip
    if rule is None:
        report.checks.append(
            Check(i, state, "notice", "info", f"{name} has recorded no notice rule.", basis="configuration")
        )
        return
    alpha2 = states[state].alpha2 if state in states else state[:2]
    available = working_days_between(filed_on, entry, alpha2)
    calendar = (
        "national holidays"
        if has_national_calendar(alpha2)
        else "weekends only (no national calendar available)"
    )
    if available < rule.lead_time_working_days:
        report.checks.append(Check(i, state, "notice", "flag",
            f"{name} asks for {rule.lead_time_working_days} working days' notice; only {available} remain before entry ({calendar}).",
            basis="configuration"))  # fmt: skip
    else:
        report.checks.append(Check(i, state, "notice", "ok",
            f"{available} working days before entry; {name} asks for {rule.lead_time_working_days} ({calendar}).", basis="configuration"))  # fmt: skip
    for code, text in rule.restrictions:
        breached = restriction_breached(
            code, bool(content.arms), (g.hazard_class for g in leg.dangerous_goods)
        )
        report.checks.append(Check(i, state, "restriction", "flag" if breached else "info",
            f"{name}'s restriction: {text}" + (" - this request does not meet it." if breached else ""), basis="configuration"))  # fmt: skip

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
from typing import Any

from sofadesk.cases.core.calendar import has_national_calendar, working_days_between
from sofadesk.cases.force_checks import (
    Check,
    CheckReport,
    Status,
    check_arms,
    check_customs,
    check_documents,
    regimes_on,
    under_each_regime,
)
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.law.common import Regime
from sofadesk.law.messages import Term, day, listing, literal, msg
from sofadesk.law.messages import state as state_term
from sofadesk.registry.explain import explain_coverage, long_date
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import open_points


@dataclass(frozen=True)
class NoticeRule:
    state: str
    lead_time_working_days: int
    requires_countersignature: bool = False
    restrictions: tuple[tuple[str, str], ...] = ()  # (code, text)


def restriction_breached(code: str, armed: bool, hazard_classes: Iterable[str]) -> bool:
    """Whether a force carrying arms (`armed`) and dangerous goods of `hazard_classes` (UN classes, "1.4S", "3")
    fails a State's restriction `code`.  Codes the checks do not understand (free text) are shown, never breached.
    Configuration kept by the State, not law."""
    if code == "non_lethal_cargo_only":
        return armed or any(c.startswith("1") for c in hazard_classes)  # Class 1: explosives, ammunition
    if code == "no_dangerous_goods":
        return any(True for _ in hazard_classes)
    return False


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
                Check(
                    i,
                    leg.state,
                    "coverage",
                    "unknown",
                    msg("{state} is not a State in the registry.", state=literal(leg.state)),
                )
            )
            continue
        name = state_term(leg.state, states[leg.state].display_name)
        first, final = leg.planned_entry.date(), leg.planned_exit.date()
        days = [first + timedelta(days=n) for n in range((final - first).days + 1)]
        uncovered = [d for d in days if engine.answer(sending, leg.state, d).applies is not True]
        if uncovered and sending in states and leg.state in states:
            c = explain_coverage(engine, states[sending], states[leg.state], uncovered[0])
            status: Status = "flag" if c.answer.applies is False else "unknown"
            listed = listing((day(d, long_date(d)) for d in uncovered[:5]), separator=", ")
            shown = msg("{days} ...", days=listed) if len(uncovered) > 5 else listed
            report.checks.append(
                Check(
                    i,
                    leg.state,
                    "coverage",
                    status,
                    msg(
                        "The Agreement is not established as applying with {state} on {days}: {reason}",
                        state=name,
                        days=shown,
                        reason=c.finding.reasons[0],
                    ),
                    tuple(c.finding.cite_strings()),
                )
            )
            continue
        answer = engine.answer(sending, leg.state, first)
        regimes = regimes_on(engine, sending, leg.state, first)
        if answer.instrument is None:
            how = msg(
                "The NATO SOFA regime applies with {state} on every day of the leg, at least through the PfP SOFA; "
                "whether the NATO SOFA also applies directly is not established (it turns on {points}).",
                state=name,
                points=open_points(answer),
            )
            report.checks.append(
                Check(
                    i,
                    leg.state,
                    "coverage",
                    "ok",
                    how,
                    ("NATO SOFA Art. I(1)(e)", "PfP SOFA Art. I", "PfP SOFA Art. III"),
                )
            )
        else:
            report.checks.append(
                Check(
                    i,
                    leg.state,
                    "coverage",
                    "ok",
                    msg(
                        "The NATO SOFA regime applies with {state} through the NATO SOFA on every day of the leg."
                        if answer.instrument == "nato-sofa"
                        else "The NATO SOFA regime applies with {state} through the PfP SOFA on every day of the leg.",
                        state=name,
                    ),
                    (
                        "NATO SOFA Art. I(1)(e)",
                        "PfP SOFA Art. I" if answer.instrument == "pfp-sofa" else "NATO SOFA Art. XVIII(2)",
                    ),
                )
            )
        rule = rules.get(leg.state)

        def leg_law(
            regime: Regime,
            i: int = i,
            state: str = leg.state,
            name: str = name,
            rule: NoticeRule | None = rule,
            customs_notified: bool = leg.customs_notified_in_advance,
        ) -> list[Check]:
            found = CheckReport()
            check_documents(
                found,
                i,
                state,
                name,
                sending,
                regime,
                content,
                bool(rule and rule.requires_countersignature),
                transit=i < last,
            )
            check_customs(found, i, state, sending, regime, content, customs_notified, transit=i < last)
            return found.checks

        report.checks.extend(under_each_regime(regimes, leg_law, open_points(answer)))
        _notice(report, i, leg.state, name, states, rule, filed_on, first, content, leg)
    check_arms(report, sending, content)
    return report


def _notice(
    report: CheckReport,
    i: int,
    state: str,
    name: Term,
    states: dict[str, Any],
    rule: NoticeRule | None,
    filed_on: date,
    entry: date,
    content: TransitContent,
    leg: Any,
) -> None:
    if rule is None:
        report.checks.append(
            Check(
                i,
                state,
                "notice",
                "info",
                msg("{state} has recorded no notice rule.", state=name),
                basis="configuration",
            )
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
        report.checks.append(
            Check(
                i,
                state,
                "notice",
                "flag",
                msg(
                    "{state} asks for {days} working days' notice; only {available} remain before entry ({calendar}).",
                    state=name,
                    days=rule.lead_time_working_days,
                    available=available,
                    calendar=calendar,
                ),
                basis="configuration",
            )
        )
    else:
        report.checks.append(
            Check(
                i,
                state,
                "notice",
                "ok",
                msg(
                    "{available} working days before entry; {state} asks for {days} ({calendar}).",
                    available=available,
                    state=name,
                    days=rule.lead_time_working_days,
                    calendar=calendar,
                ),
                basis="configuration",
            )
        )
    for code, text in rule.restrictions:
        breached = restriction_breached(
            code, bool(content.arms), (g.hazard_class for g in leg.dangerous_goods)
        )
        report.checks.append(
            Check(
                i,
                state,
                "restriction",
                "flag" if breached else "info",
                msg(
                    "{state}'s restriction: {text} - this request does not meet it."
                    if breached
                    else "{state}'s restriction: {text}",
                    state=name,
                    text=literal(text),
                ),
                basis="configuration",
            )
        )

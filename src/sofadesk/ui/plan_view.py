"""The planner's answer as the page shows it, in the reader's language: each reason and note as a sentence built
from its kind and data (the planner's own `text` is English prose, kept for the API and CLI), the engine's
explanation of a day not covered, the documents each State crossed may ask for, and why each alternative is
ranked where it is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sofadesk.cases.transit.checks import NoticeRule
from sofadesk.law.cite import cite
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.planner import ForceProfile, PlanResult, Reason, RoutePlan
from sofadesk.planner.route import CHECKED_RESTRICTIONS
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine

Gettext = Callable[[str], str]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SHOWN_PERMITTED, SHOWN_EXCLUDED = 8, 20


@dataclass
class Said:
    """One sentence with the engine's reasons under it (law sentences, rendered with `| tr`) and citations."""

    text: str
    basis: str
    reasons: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)


@dataclass
class Document:
    text: str
    cite: str


def _days(ranges: list[Any], long_date: Callable[[date], str]) -> str:
    shown = [
        long_date(r.first) if r.first == r.last else f"{long_date(r.first)} – {long_date(r.last)}"
        for r in ranges[:4]
    ]
    return ", ".join(shown) + (" …" if len(ranges) > 4 else "")


def _engine_reasons(engine: InForceEngine, sending: str, reason: Reason) -> list[str]:
    """Why the regime is not established with the State on the first day not covered, as the engine says it."""
    states = engine.registry.states
    if reason.state is None or not reason.days or reason.state not in states or sending not in states:
        return []
    found = explain_coverage(engine, states[sending], states[reason.state], reason.days[0].first)
    return list(found.finding.reasons)


def say(
    reason: Reason,
    result: PlanResult,
    route: RoutePlan,
    engine: InForceEngine,
    _: Gettext,
    state_name: Callable[[str], str],
    long_date: Callable[[date], str],
) -> Said:
    """A reason or note of the planner in the reader's words."""
    who = state_name(reason.state) if reason.state else ""
    days = _days(reason.days, long_date)
    request = result.request
    engine_says = _engine_reasons(engine, result.sending_state, reason) if reason.basis == "law" else []
    kind = reason.kind
    if kind == "not_covered" and reason.state:
        text = _("Not covered with %(state)s on %(days)s.") % {"state": who, "days": days}
    elif kind == "not_covered":
        text = _(
            "No departure within the period searched has the Agreement applying on every day of every leg."
        )
    elif kind == "delayed_by_coverage":
        text = _("Departure moved to %(day)s: not covered with %(state)s on %(days)s.") % {
            "day": long_date(route.earliest_departure) if route.earliest_departure else "–",
            "state": who,
            "days": days,
        }
    elif kind == "delayed_by_notice":
        due = _(
            "Every decision can be due by %(day)s at the earliest, counted from filing on %(filed)s in each State's own working days; the latest is %(state)s's."
        )
        text = due % {
            "day": long_date(route.decisions_due) if route.decisions_due else "–",
            "filed": long_date(request.submitted),
            "state": who,
        }
    elif kind == "restriction":
        rules = [
            x.text for leg in route.legs if leg.state == reason.state for x in leg.restrictions if x.excludes
        ]
        text = _("A restriction of %(state)s excludes this force: %(restriction)s") % {
            "state": who,
            "restriction": "; ".join(rules),
        }
    elif kind == "restriction_note":
        text = _("A restriction of %(state)s: the force meets it or it is not checked.") % {"state": who}
    elif kind == "avoided":
        text = _("The route passes %(state)s, which the request avoids.") % {"state": who}
    elif kind == "via_missing":
        text = _("The route does not pass %(state)s, as the request wants.") % {"state": who}
    elif kind == "no_duration":
        text = _("No point is known for %(state)s to estimate the time spent there.") % {"state": who}
    elif kind == "no_link":
        text = _("%(state)s cannot be reached by the modes chosen.") % {"state": who}
    else:  # no_notice_rule, notice_rule
        text = _("%(state)s has recorded no notice rule; no lead time is counted for it.") % {"state": who}
    return Said(text, reason.basis, engine_says, list(reason.citations))


def documents(languages: list[str], profile: ForceProfile, _: Gettext) -> list[Document]:
    """What every State crossed may ask of the force at its border (NATO SOFA Art. III and XI), for the force
    planned: a member of the force's identity card and movement order, passports of civilians and dependents,
    the customs certificate for vehicles, and the advance notice of a unit's crossing."""
    wanted = ", ".join(dict.fromkeys([*languages, "en", "fr"]))
    found = [
        Document(
            _("Personal identity card issued by the sending State, for each member of the force"),
            cite("nato-sofa", "III", 2, "a").render(),
        ),
        Document(
            _("Movement order in the languages %(languages)s") % {"languages": wanted},
            cite("nato-sofa", "III", 2, "b").render(),
        ),
    ]
    if any(profile.personnel.get(c) for c in ("civilian_component", "dependent")):
        found.append(
            Document(
                _("Passports describing civilian component members and dependents as such"),
                cite("nato-sofa", "III", 3).render(),
            )
        )
    if profile.vehicles:
        found.append(
            Document(
                _("Customs certificate (Form 302) for the service vehicles and equipment"),
                cite("nato-sofa", "XI", 4).render(),
            )
        )
    found.append(
        Document(
            _("Advance notice to this State's customs of the unit's frontier crossing"),
            cite("nato-sofa", "XI", 10).render(),
        )
    )
    return found


def own_documents(state: str, rules: Mapping[str, NoticeRule], _: Gettext) -> list[Document]:
    """What one State crossed asks beyond the common list: its countersignature of the movement order, where
    its notice rule says so (Art. III(2)(b) allows it)."""
    rule = rules.get(state)
    if rule is not None and rule.requires_countersignature:
        return [
            Document(
                _("The movement order countersigned by this State's representative"),
                cite("nato-sofa", "III", 2, "b").render(),
            )
        ]
    return []


def restriction_word(code: str, excludes: bool, _: Gettext) -> str:
    if excludes:
        return _("excludes this force")
    return _("the force meets it") if code in CHECKED_RESTRICTIONS else _("shown, not checked")


def instrument_name(code: str | None) -> str:
    return INSTRUMENTS[code].short_name if code in INSTRUMENTS else "–"


def ranking(routes: list[RoutePlan], _: Gettext, long_date: Callable[[date], str]) -> list[str]:
    """Why each permitted route is ranked where it is, against the one before it: the planner ranks by earliest
    arrival day, then fewest States, then fewest uncertainties, then arrival time (sofadesk.planner.plan)."""
    said: list[str] = []
    for i, r in enumerate(routes):
        if i == 0:
            said.append(
                _("Ranked first: it arrives soonest, on %(day)s.") % {"day": long_date(r.arrival)}
                if r.arrival
                else _("Ranked first.")
            )
            continue
        before, letter = routes[i - 1], LETTERS[i - 1] if i - 1 < len(LETTERS) else str(i)
        if r.arrival != before.arrival and r.arrival and before.arrival:
            said.append(
                _("Arrives %(n)s day(s) later than route %(route)s, on %(day)s.")
                % {"n": (r.arrival - before.arrival).days, "route": letter, "day": long_date(r.arrival)}
            )
        elif len(r.states) != len(before.states):
            said.append(
                _("Arrives the same day as route %(route)s but crosses more States (%(n)s).")
                % {"route": letter, "n": len(r.states)}
            )
        elif len(r.uncertainties) != len(before.uncertainties):
            # each msgid on one line: the translation test reads msgids from the source
            more = _(
                "Arrives the same day as route %(route)s with as many States, but with more uncertainties (%(n)s)."
            )
            said.append(more % {"route": letter, "n": len(r.uncertainties)})
        else:
            later = _(
                "Arrives the same day as route %(route)s, with as many States and uncertainties, but later in the day."
            )
            said.append(later % {"route": letter})
    return said


def uncertainties(route: RoutePlan, _: Gettext, state_name: Callable[[str], str]) -> list[str]:
    """What makes the route's dates less certain, from its legs and links."""
    found = []
    for leg in route.legs:
        if leg.own_territory:
            continue
        if leg.lead_time_working_days is None:
            found.append(
                _("%(state)s has recorded no notice rule: its lead time is not known.")
                % {"state": state_name(leg.state)}
            )
        if leg.calendar == "weekends_only":
            found.append(
                _("No national holiday calendar for %(state)s: working days are weekdays.")
                % {"state": state_name(leg.state)}
            )
    for link in route.links:
        if link.kind == "none":
            found.append(
                _("No land border or configured link is known between %(a)s and %(b)s.")
                % {"a": state_name(link.from_state), "b": state_name(link.to_state)}
            )
    return found

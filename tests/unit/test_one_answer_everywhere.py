"""One answer everywhere: for any two States and any day, every part of SOFA Desk that asks whether the
Agreement applies gives the engine's answer - the `coverage` explanation, a transit's leg checks, an exercise's
coverage of a participant, and the regime a law decision is taken under.  Where the regime applies but part of
it is open (a NATO SOFA standing, the Additional Protocol), every consumer still treats it as applying: no leg
check is skipped and no instrument is named that the registry does not establish."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofadesk.cases.exercise.coverage import participant_coverage
from sofadesk.cases.transit.checks import check_transit
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.registry.explain import explain_coverage
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.regime import RegimeError, regimes_between
from sofadesk.registry.shipped import load_shipped

ENGINE = InForceEngine(load_shipped())
STATES = sorted(ENGINE.registry.states)
EXPECTED_STATUS = {True: "ok", False: "flag", None: "unknown"}


def one_leg_transit(receiving: str, day: date) -> TransitContent:
    content = riga_termez(day)
    leg = {**content["legs"][0], "state": receiving,
           "planned_entry": datetime.combine(day, time(8)).isoformat(),
           "planned_exit": datetime.combine(day, time(20)).isoformat()}  # fmt: skip
    return TransitContent.model_validate({**content, "legs": [leg]})


def consumers_agree(sending: str, receiving: str, day: date) -> None:
    a = ENGINE.answer(sending, receiving, day)
    registry = ENGINE.registry
    explained = explain_coverage(ENGINE, registry.states[sending], registry.states[receiving], day)
    assert explained.as_json()["applies"] == a.applies
    assert explained.as_json()["instrument"] == a.instrument

    report = check_transit(ENGINE, sending, one_leg_transit(receiving, day), {}, day - timedelta(days=60))
    coverage = [c for c in report.checks if c.kind == "coverage"]
    assert [c.status for c in coverage] == [EXPECTED_STATUS[a.applies]], coverage
    law_checks = {c.kind for c in report.checks} & {"entry_documents", "customs"}
    assert bool(law_checks) == (a.applies is True), (sending, receiving, day, report.checks)
    if a.instrument is None and a.applies is True:
        assert (
            "PfP SOFA at least" in coverage[0].message
            or "at least through the PfP SOFA" in coverage[0].message
        )

    exercise = participant_coverage(ENGINE, receiving, sending, day, day)
    assert exercise.status == EXPECTED_STATUS[a.applies]

    if a.applies is True:
        regimes = regimes_between(ENGINE, sending, receiving, day)
        assert regimes and len({r["instrument"] for r in regimes}) == (1 if a.instrument else 2)
    else:
        with pytest.raises(RegimeError):
            regimes_between(ENGINE, sending, receiving, day)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    sending=st.sampled_from(STATES),
    receiving=st.sampled_from(STATES),
    day=st.dates(date(1953, 1, 1), date(2026, 12, 31)),
)
def test_every_consumer_gives_the_engines_answer(sending: str, receiving: str, day: date) -> None:
    if sending != receiving:
        consumers_agree(sending, receiving, day)


@pytest.mark.parametrize(
    ("sending", "receiving", "day"),
    [
        ("USA", "LVA", date(2005, 6, 1)),  # Latvia: PfP SOFA certain, NATO SOFA standing open
        ("USA", "LVA", date(2009, 6, 1)),  # the demo's Latvian leg
        ("USA", "RUS", date(2009, 6, 1)),
        ("RUS", "DEU", date(2007, 9, 26)),
        ("RUS", "DEU", date(2007, 9, 27)),
        ("USA", "ISL", date(2007, 5, 1)),
        ("USA", "FRA", date(1953, 8, 23)),
        ("SWE", "USA", date(2024, 7, 1)),
    ],
)
def test_the_named_cases_agree(sending: str, receiving: str, day: date) -> None:
    consumers_agree(sending, receiving, day)


@pytest.mark.parametrize("start", [date(2005, 6, 1), date(2009, 6, 1)])
def test_the_latvian_leg_of_riga_termez_is_checked_like_the_others(start: date) -> None:
    """In 2005 Latvia's NATO SOFA date is open (the PfP SOFA settles coverage); in 2009 it is in force."""
    content = TransitContent.model_validate(riga_termez(start))
    report = check_transit(ENGINE, "USA", content, {}, start - timedelta(days=90))
    latvia = [c for c in report.checks if c.state == "LVA"]
    assert {c.kind for c in latvia} >= {"coverage", "entry_documents", "customs"}
    assert [c.status for c in latvia if c.kind == "coverage"] == ["ok"]
    assert "could not be established" not in " ".join(c.message for c in latvia)
    coverage = next(c for c in latvia if c.kind == "coverage")
    assert ("through the PfP SOFA on every day" not in coverage.message) or start.year > 2007

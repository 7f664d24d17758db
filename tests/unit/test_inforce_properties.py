"""Properties of the in-force engine over random pairs and dates (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sofadesk.law.tri import and3, or3
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.shipped import load_shipped

ENGINE = InForceEngine(load_shipped())
PARTIES = sorted({s for (_, s) in ENGINE.registry.participations} | {"BRA", "CHN"})
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2035, 12, 31))
PAIRS = st.tuples(st.sampled_from(PARTIES), st.sampled_from(PARTIES)).filter(lambda p: p[0] != p[1])


@settings(max_examples=400, deadline=None)
@given(PAIRS, DAYS, DAYS)
def test_applies_is_monotone_while_no_denunciation_is_recorded(
    pair: tuple[str, str], d1: date, d2: date
) -> None:
    # No shipped denunciation: once the regime certainly applies, it applies on every later day,
    # and once it certainly does not, it did not on any earlier day.
    s, r = pair
    early, late = min(d1, d2), max(d1, d2)
    a_early, a_late = ENGINE.answer(s, r, early).applies, ENGINE.answer(s, r, late).applies
    if a_early is True:
        assert a_late is True
    if a_late is False:
        assert a_early is False


@settings(max_examples=400, deadline=None)
@given(PAIRS, DAYS)
def test_the_question_is_symmetric_in_the_two_states(pair: tuple[str, str], day: date) -> None:
    s, r = pair
    assert ENGINE.answer(s, r, day) == ENGINE.answer(r, s, day)


@settings(max_examples=500, deadline=None)
@given(PAIRS, DAYS)
def test_the_answer_agrees_with_the_standings_day_by_day(pair: tuple[str, str], day: date) -> None:
    # Reference: the definition, written out from each State's standing with Kleene logic.
    s, r = pair
    nato = and3(ENGINE.in_force("nato-sofa", s, day), ENGINE.in_force("nato-sofa", r, day))
    pfp = and3(ENGINE.in_force("pfp-sofa", s, day), ENGINE.in_force("pfp-sofa", r, day))
    ap = and3(ENGINE.in_force("pfp-sofa-ap", s, day), ENGINE.in_force("pfp-sofa-ap", r, day))
    a = ENGINE.answer(s, r, day)
    assert (a.applies, a.nato, a.pfp, a.additional_protocol) == (or3(nato, pfp), nato, pfp, ap)


@settings(max_examples=300, deadline=None)
@given(PAIRS, DAYS)
def test_the_protocol_never_applies_where_the_regime_does_not(pair: tuple[str, str], day: date) -> None:
    a = ENGINE.answer(*pair, day)
    if a.additional_protocol is True:
        assert a.pfp is True
    if a.applies is False:
        assert a.additional_protocol is False


@settings(max_examples=200, deadline=None)
@given(PAIRS, DAYS)
def test_an_instrument_is_named_exactly_when_the_regime_certainly_applies_through_a_known_one(
    pair: tuple[str, str], day: date
) -> None:
    """Named only when the answer is yes; left unnamed when yes but both States' NATO SOFA standing is not
    settled (never 'PfP SOFA' for two States that may both be NATO SOFA parties)."""
    a = ENGINE.answer(*pair, day)
    assert (a.instrument is not None) == (a.applies is True and a.nato is not None)
    if a.instrument == "pfp-sofa":
        assert a.nato is False


def test_nothing_applies_before_1953() -> None:
    day = date(1953, 8, 22)
    for s in PARTIES[:20]:
        for r in PARTIES[20:40]:
            assert ENGINE.answer(s, r, day).applies is False
    assert ENGINE.answer("USA", "FRA", day + timedelta(days=1)).applies is True

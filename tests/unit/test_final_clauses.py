"""The final clauses as rules: entry into force after deposit, denunciation one year after notice."""

from __future__ import annotations

import dataclasses
from datetime import date
from itertools import combinations

import pytest

from sofadesk.law.rules.final_clauses import (
    FINAL_CLAUSES,
    denunciation_takes_effect,
    earliest_after_nato_accession,
    entry_into_force_after_deposit,
)
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Fact, Participation, Registry, Source
from sofadesk.registry.shipped import RegistryDataError

SRC = Source("test", "https://example.invalid")


def test_it_puts_the_pfp_sofa_in_force_thirty_days_after_a_later_deposit() -> None:
    assert entry_into_force_after_deposit(
        FINAL_CLAUSES["pfp-sofa"], date(2007, 8, 28), date(1996, 1, 13)
    ) == date(2007, 9, 27)


def test_it_gives_first_depositors_the_general_entry_into_force_not_deposit_plus_thirty() -> None:
    # France deposited its NATO SOFA ratification on 29 September 1952; in force 23 August 1953.
    assert entry_into_force_after_deposit(
        FINAL_CLAUSES["nato-sofa"], date(1952, 9, 29), date(1953, 8, 23)
    ) == date(1953, 8, 23)


def test_it_puts_the_additional_protocol_in_force_on_the_day_of_deposit() -> None:
    assert entry_into_force_after_deposit(
        FINAL_CLAUSES["pfp-sofa-ap"], date(2000, 3, 3), date(1996, 6, 1)
    ) == date(2000, 3, 3)


def test_it_counts_thirty_days_across_a_leap_february() -> None:
    # Bosnia and Herzegovina: accession 1 February 2008, in force 2 March 2008.
    assert entry_into_force_after_deposit(
        FINAL_CLAUSES["pfp-sofa"], date(2008, 2, 1), date(1996, 1, 13)
    ) == date(2008, 3, 2)


def test_it_makes_a_denunciation_take_effect_one_year_after_receipt() -> None:
    assert denunciation_takes_effect(date(2025, 3, 1)) == date(2026, 3, 1)


def test_it_makes_a_notice_received_on_29_february_take_effect_on_1_march() -> None:
    assert denunciation_takes_effect(date(2024, 2, 29)) == date(2025, 3, 1)


def test_it_bars_nato_sofa_accession_before_nato_accession_plus_thirty_days() -> None:
    assert earliest_after_nato_accession(date(1999, 3, 12)) == date(1999, 4, 11)


def test_it_only_allows_nato_sofa_denunciation_after_four_years(shipped: Registry) -> None:
    key = ("nato-sofa", "USA")
    p = shipped.participations[key]
    early = dataclasses.replace(
        p, facts=(*p.facts, Fact("denunciation_notice", date(1955, 1, 1), source=SRC))
    )
    registry = dataclasses.replace(shipped, participations={**shipped.participations, key: early})
    with pytest.raises(RegistryDataError, match=r"NATO SOFA Art. XIX\(1\)"):
        InForceEngine(registry)


def test_it_refuses_a_denunciation_notice_without_a_date(shipped: Registry) -> None:
    key = ("pfp-sofa", "AUT")
    p = shipped.participations[key]
    bad = dataclasses.replace(p, facts=(*p.facts, Fact("denunciation_notice", None, "unknown")))
    registry = dataclasses.replace(shipped, participations={**shipped.participations, key: bad})
    with pytest.raises(RegistryDataError, match="without a date"):
        InForceEngine(registry)


def test_it_treats_a_signature_alone_as_never_in_force(shipped: Registry, engine: InForceEngine) -> None:
    # Armenia signed the Further Additional Protocol in 2013; no deposit is recorded.
    standing = engine.standing("pfp-sofa-fap", "ARM")
    assert standing.basis == "signatory_only"
    assert engine.in_force("pfp-sofa-fap", "ARM", date(2020, 1, 1)) is False


def test_it_respects_a_recorded_effective_date_over_the_computed_one(shipped: Registry) -> None:
    key = ("pfp-sofa", "AUT")
    p = shipped.participations[key]
    recorded = dataclasses.replace(
        p,
        facts=(
            *p.facts,
            Fact("denunciation_notice", date(2025, 3, 1), source=SRC),
            Fact("denunciation_effective", date(2026, 6, 1), source=SRC),
        ),
    )
    engine = InForceEngine(
        dataclasses.replace(shipped, participations={**shipped.participations, key: recorded})
    )
    assert engine.in_force("pfp-sofa", "AUT", date(2026, 5, 31)) is True
    assert engine.in_force("pfp-sofa", "AUT", date(2026, 6, 1)) is False


def test_it_answers_a_participation_created_from_nothing(shipped: Registry) -> None:
    engine = InForceEngine(
        dataclasses.replace(
            shipped,
            participations={
                **shipped.participations,
                ("pfp-sofa", "BRA"): Participation(
                    "pfp-sofa", "BRA", facts=(Fact("deposit", date(2030, 1, 1), source=SRC),)
                ),
            },
        )
    )
    assert engine.in_force("pfp-sofa", "BRA", date(2030, 1, 30)) is False
    assert engine.in_force("pfp-sofa", "BRA", date(2030, 1, 31)) is True


def test_allies_with_known_dates_are_covered_by_the_nato_sofa_itself_never_through_the_pfp_sofa(
    shipped: Registry, engine: InForceEngine
) -> None:
    # PfP SOFA Art. I applies the NATO SOFA "as if" all its parties were NATO SOFA parties; between two
    # States for which the NATO SOFA itself is certainly in force, the instrument is the NATO SOFA.
    known = {}
    for p in shipped.parties_of("nato-sofa"):
        standing = engine.standing("nato-sofa", p.state)
        if standing.certain_from is not None:
            known[p.state] = standing.certain_from
    assert len(known) >= 20
    for s, r in combinations(sorted(known), 2):
        day = max(known[s], known[r], date(1996, 1, 13))
        for d in (day, date(2025, 1, 1)):
            answer = engine.answer(s, r, d)
            assert (answer.applies, answer.instrument) == (True, "nato-sofa"), (s, r, d)


def test_the_first_depositors_are_bound_from_the_general_entry_into_force_and_not_the_day_before(
    engine: InForceEngine,
) -> None:
    founders = ("BEL", "FRA", "NOR", "USA")
    for s, r in combinations(founders, 2):
        assert engine.answer(s, r, date(1953, 8, 22)).applies is False
        assert engine.answer(s, r, date(1953, 8, 23)).instrument == "nato-sofa"


def test_a_later_state_is_bound_thirty_days_after_its_deposit_as_the_data_records_it(
    engine: InForceEngine,
) -> None:
    # Spain: accession deposited 10 August 1987 (inferred), in force 9 September 1987 (BOE; Polish statement).
    spain = engine.standing("nato-sofa", "ESP")
    deposit = spain.participation.fact("deposit") if spain.participation else None
    assert deposit is not None and deposit.on is not None
    assert (
        entry_into_force_after_deposit(FINAL_CLAUSES["nato-sofa"], deposit.on, date(1953, 8, 23))
        == spain.earliest
    )
    assert engine.in_force("nato-sofa", "ESP", date(1987, 9, 8)) is False
    assert engine.in_force("nato-sofa", "ESP", date(1987, 9, 9)) is True

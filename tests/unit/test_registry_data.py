"""Checks on the shipped registry data itself: sourced, consistent with the final clauses, nothing invented."""

from __future__ import annotations

from sofadesk.law.rules.final_clauses import FINAL_CLAUSES, entry_into_force_after_deposit
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry

# Recorded dates of effect that are not deposit + lag, each explained by a documented rule.
# Further Additional Protocol: the Netherlands database gives, for these States, the date the PfP SOFA
# entered into force for them (the Protocol takes effect only where the Agreement is in force).
EXPLAINED = {("pfp-sofa-fap", "DNK"), ("pfp-sofa-fap", "ISL"), ("pfp-sofa-fap", "BIH")}


def test_it_ships_every_instrument_with_parties(shipped: Registry) -> None:
    counts = {a: len(shipped.parties_of(a)) for a in shipped.agreements}
    assert counts["pfp-sofa"] >= 45
    assert counts["nato-sofa"] >= 30
    assert counts["pfp-sofa-ap"] >= 38
    assert counts["pfp-sofa-fap"] >= 25


def test_it_records_the_vilnius_signature_and_the_2007_entry_into_force(shipped: Registry) -> None:
    russia = shipped.participations[("pfp-sofa", "RUS")]
    signature, eif = russia.fact("signature"), russia.fact("entry_into_force")
    assert signature is not None and eif is not None
    assert (signature.on and signature.on.isoformat(), signature.place) == ("2005-04-21", "Vilnius")
    assert eif.on is not None and eif.on.isoformat() == "2007-09-27"
    assert russia.fact("deposit") is not None and russia.fact("deposit").on is None  # type: ignore[union-attr]


def test_it_gives_every_dated_fact_a_source_url(shipped: Registry) -> None:
    for (agreement, state), p in shipped.participations.items():
        for f in p.facts:
            if f.on is not None:
                assert f.source is not None and f.source.url.startswith("http"), (agreement, state, f.kind)


def test_it_explains_every_inferred_date(shipped: Registry) -> None:
    inferred = [
        (k, f) for k, p in shipped.participations.items() for f in p.facts if f.date_status == "inferred"
    ]
    assert inferred
    for key, f in inferred:
        assert f.note and len(f.note) > 40, key


def test_recorded_entry_into_force_agrees_with_the_deposit_under_the_final_clauses(
    shipped: Registry, engine: InForceEngine
) -> None:
    mismatches = []
    for (agreement, state), p in shipped.participations.items():
        eif, deposit = p.fact("entry_into_force"), p.fact("deposit")
        if not (eif and deposit and eif.on and deposit.on) or (agreement, state) in EXPLAINED:
            continue
        a = shipped.agreements[agreement]
        expected = entry_into_force_after_deposit(
            FINAL_CLAUSES[agreement], deposit.on, a.general_entry_into_force
        )
        if a.depends_on:
            parent = engine.standing(a.depends_on, state).earliest
            expected = max(expected, parent) if parent else expected
        if expected != eif.on:
            mismatches.append(
                f"{agreement} {state}: deposit {deposit.on} gives {expected}, recorded {eif.on}"
            )
    assert not mismatches, "\n".join(mismatches)
    assert len(EXPLAINED) == 3


def test_it_checks_at_least_forty_recorded_dates_against_the_rule(shipped: Registry) -> None:
    checked = sum(
        1
        for p in shipped.participations.values()
        if (e := p.fact("entry_into_force")) and e.on and (d := p.fact("deposit")) and d.on
    )
    assert checked >= 40


def test_no_state_is_recorded_in_force_before_the_general_entry_into_force(engine: InForceEngine) -> None:
    for (agreement, _), standing in engine._standings.items():
        if standing.earliest is not None:
            assert standing.earliest >= engine.registry.agreements[agreement].general_entry_into_force

"""Checks on the shipped registry data itself: sourced, consistent with the final clauses, nothing invented."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import yaml

from sofadesk.law.rules.final_clauses import FINAL_CLAUSES, entry_into_force_after_deposit
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Participation, Registry, Source
from sofadesk.registry.shipped import RegistryDataError, _participation, params_dir

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


# --- NATO SOFA: every Ally accounted for, every date placed in its source -------------------------------

FOUNDERS_SIGNED_ON = date(1951, 6, 19)


def _nato_raw() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((params_dir() / "parties" / "nato_sofa.yaml").read_text())
    return doc


def _nato_members(shipped: Registry) -> dict[str, Participation]:
    """The Allies, as the data records them: the 1951 signatories and every State with a NATO accession date."""
    members = {}
    for p in shipped.parties_of("nato-sofa"):
        signature, nat = p.fact("signature"), p.fact("nat_accession")
        if nat is not None or (signature is not None and signature.on == FOUNDERS_SIGNED_ON):
            members[p.state] = p
    return members


def test_every_ally_is_recorded(shipped: Registry) -> None:
    assert len(_nato_members(shipped)) == 32


def test_every_ally_has_a_sourced_entry_into_force_or_says_what_was_searched(shipped: Registry) -> None:
    silent = []
    for code, p in _nato_members(shipped).items():
        eif = p.fact("entry_into_force")
        if eif is not None and eif.dated and eif.source is not None:
            continue
        if not (p.note and "Searched" in p.note):
            silent.append(code)
    assert not silent, f"Allies with no entry into force and no note of what was searched: {silent}"


def test_an_unconfirmed_ally_says_why_and_iceland_is_marked_doubtful(shipped: Registry) -> None:
    for p in _nato_members(shipped).values():
        if p.status == "unconfirmed":
            assert p.note and "Searched" in p.note, p.state
    iceland = shipped.participations[("nato-sofa", "ISL")]
    assert iceland.status == "unconfirmed" and iceland.note and iceland.note.startswith("Doubtful")
    bound = iceland.fact("not_before")
    assert bound is not None and bound.on == date(2007, 3, 2)


def test_every_inferred_deposit_is_entry_into_force_minus_the_lag_and_says_so(shipped: Registry) -> None:
    checked = 0
    for (agreement, state), p in shipped.participations.items():
        deposit, eif = p.fact("deposit"), p.fact("entry_into_force")
        if deposit is None or deposit.date_status != "inferred":
            continue
        assert eif is not None and eif.on is not None and deposit.on is not None, (agreement, state)
        lag = FINAL_CLAUSES[agreement].lag_days
        assert eif.on - deposit.on == timedelta(days=lag), (agreement, state)
        assert deposit.note and "thirty days" in deposit.note, (agreement, state)
        checked += 1
    assert checked >= 10


def test_every_dated_nato_sofa_deposit_and_entry_into_force_says_where_in_its_source() -> None:
    unplaced = []
    for code, raw in _nato_raw()["parties"].items():
        for kind in ("deposit", "entry_into_force"):
            value = raw.get(kind)
            if (
                value is None
                or value == "unknown"
                or (isinstance(value, dict) and value.get("date") == "unknown")
            ):
                continue
            if not isinstance(value, dict) or not (
                value.get("where") or "not re-checked" in value.get("note", "")
            ):
                unplaced.append(f"{code} {kind}")
    assert not unplaced


def test_the_polish_statement_dates_are_recorded_as_printed(shipped: Registry) -> None:
    # Dz.U. 2000 nr 21 poz. 258, point 3 (and point 1 for Poland).
    printed = {
        "BEL": "1953-08-23", "DNK": "1955-06-27", "FRA": "1953-08-23", "GRC": "1954-08-25", "ESP": "1987-09-09",
        "CAN": "1953-09-27", "LUX": "1954-04-18", "NLD": "1953-12-18", "NOR": "1953-08-23", "PRT": "1955-12-22",
        "DEU": "1963-07-01", "USA": "1953-08-23", "TUR": "1954-06-17", "ITA": "1956-01-21", "GBR": "1954-06-12",
        "POL": "1999-10-21",
    }  # fmt: skip
    recorded = {}
    for code in printed:
        eif = shipped.participations[("nato-sofa", code)].fact("entry_into_force")
        recorded[code] = eif.on.isoformat() if eif is not None and eif.on is not None else None
    assert recorded == printed


def test_the_austrian_2019_notice_dates_are_recorded_as_printed(shipped: Registry) -> None:
    # BGBl. III Nr. 86/2019: "Irland | 9. April 2019", "Serbien | 3. September 2015" (PfP SOFA ratifications).
    for code, printed in (("IRL", "2019-04-09"), ("SRB", "2015-09-03")):
        p = shipped.participations[("pfp-sofa", code)]
        deposit = p.fact("deposit")
        assert deposit is not None and deposit.on is not None and deposit.on.isoformat() == printed, code
        assert deposit.source is not None and "86/2019" in deposit.source.title, code
        assert p.status == "party" and p.fact("entry_into_force") is None, code  # derived: deposit + 30 days
        # The reservations were made "at signature or on deposit": no date is recorded for them.
        assert p.declarations and all(d.on is None for d in p.declarations), code


# --- The loader: `where`, and a note for an unconfirmed State -------------------------------------------

SOURCES = {"s": Source("A source", "https://example.invalid/s")}


def test_the_loader_shows_where_a_date_stands_after_the_source_title() -> None:
    p = _participation(
        "nato-sofa",
        "DNK",
        {"entry_into_force": {"date": date(1955, 6, 27), "where": "point 3"}},
        SOURCES,
        "s",
        "t",
    )
    eif = p.fact("entry_into_force")
    assert eif is not None and eif.source == Source("A source, point 3", "https://example.invalid/s")


def test_the_loader_refuses_a_where_without_a_source() -> None:
    with pytest.raises(RegistryDataError, match="give the source"):
        _participation(
            "nato-sofa", "ISL", {"deposit": {"date": "unknown", "where": "point 3"}}, SOURCES, "s", "t"
        )


def test_the_loader_refuses_an_unconfirmed_state_without_a_note() -> None:
    with pytest.raises(RegistryDataError, match="what was searched"):
        _participation("nato-sofa", "ISL", {"status": "unconfirmed", "deposit": "unknown"}, SOURCES, "s", "t")

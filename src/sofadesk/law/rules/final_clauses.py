"""Final clauses: when each instrument enters into force for a State, and when a denunciation takes effect.

NATO SOFA Art. XVIII(2)-(3) and XIX; PfP SOFA Art. V(3) and VI; Additional Protocol Art. II(3)-(4);
Further Additional Protocol Art. V(3) and VI.  All checked against the authentic English text.

The general rule for a State that deposits after the instrument is already in force: the instrument enters
into force for it a fixed number of days after its own deposit (30 for the NATO SOFA and the PfP SOFA, 0 for
both Protocols).  For the first depositors the date is the instrument's general entry into force, which is
never earlier than their deposit plus that lag; so "the later of deposit + lag and the general entry into
force" gives the right date for every State.

NOT MODELLED
- Territorial application (NATO SOFA Art. XX): the registry answers for a State's metropolitan territory;
  extensions to other territories are not recorded - needs a decision by the States concerned.
- North Atlantic Council approval of an accession (NATO SOFA Art. XVIII(3)): assumed where a deposit is recorded.
- Suspension in hostilities (NATO SOFA Art. XV(2)): no suspension is recorded; if one is notified, the
  answer must be reviewed by the legal advisers of the States concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sofadesk.law.cite import Cite, cite


@dataclass(frozen=True, slots=True)
class FinalClauses:
    instrument: str
    # The paragraph requiring ratification (or acceptance, approval) and deposit: signature alone binds no one.
    ratification: Cite
    # Days between a later State's deposit and entry into force for it.
    lag_days: int
    # The paragraph fixing that rule for later States, and the one fixing the general entry into force.
    later_states: Cite
    general: Cite
    # Accession clause, where the instrument has one separate from ratification.
    accession: Cite | None
    denunciation: Cite
    # Years that must pass after the instrument's entry into force before a notice may be given.
    denunciation_wait_years: int
    denunciation_wait: Cite | None
    # An instrument that takes effect for a State only while another is in force for it.
    depends_on: str | None = None
    dependency: Cite | None = None


FINAL_CLAUSES: dict[str, FinalClauses] = {
    "nato-sofa": FinalClauses(
        instrument="nato-sofa",
        ratification=cite("nato-sofa", "XVIII", 1),
        lag_days=30,
        later_states=cite("nato-sofa", "XVIII", 2),
        general=cite("nato-sofa", "XVIII", 2),
        accession=cite("nato-sofa", "XVIII", 3),
        denunciation=cite("nato-sofa", "XIX", 3),
        denunciation_wait_years=4,
        denunciation_wait=cite("nato-sofa", "XIX", 1),
    ),
    "pfp-sofa": FinalClauses(
        instrument="pfp-sofa",
        ratification=cite("pfp-sofa", "V", 2),
        lag_days=30,
        later_states=cite("pfp-sofa", "V", 3),
        general=cite("pfp-sofa", "V", 3),
        accession=None,
        denunciation=cite("pfp-sofa", "VI"),
        denunciation_wait_years=0,
        denunciation_wait=None,
    ),
    "pfp-sofa-ap": FinalClauses(
        instrument="pfp-sofa-ap",
        ratification=cite("pfp-sofa-ap", "II", 2),
        lag_days=0,
        later_states=cite("pfp-sofa-ap", "II", 4),
        general=cite("pfp-sofa-ap", "II", 3),
        accession=None,
        # The Protocol has no denunciation clause of its own; it cannot outlive the Agreement for a State,
        # because it only operates where a State has jurisdiction "according to the provisions of the Agreement".
        denunciation=cite("pfp-sofa", "VI"),
        denunciation_wait_years=0,
        denunciation_wait=None,
        depends_on="pfp-sofa",
        dependency=cite("pfp-sofa-ap", "I"),
    ),
    "pfp-sofa-fap": FinalClauses(
        instrument="pfp-sofa-fap",
        ratification=cite("pfp-sofa-fap", "V", 2),
        lag_days=0,
        later_states=cite("pfp-sofa-fap", "V", 3),
        general=cite("pfp-sofa-fap", "V", 3),
        accession=None,
        denunciation=cite("pfp-sofa-fap", "VI"),
        denunciation_wait_years=0,
        denunciation_wait=None,
        depends_on="pfp-sofa",
        dependency=cite("pfp-sofa-fap", "I"),
    ),
}


def entry_into_force_after_deposit(
    clauses: FinalClauses, deposit: date, general_entry_into_force: date
) -> date:
    """The date the instrument enters into force for a State that deposited on `deposit`."""
    return max(deposit + timedelta(days=clauses.lag_days), general_entry_into_force)


def earliest_after_nato_accession(nat_accession: date) -> date:
    """NATO SOFA Art. XVIII(3): accession is open only to a State that has acceded to the North Atlantic
    Treaty, and takes effect thirty days after deposit; so never before NATO accession + 30 days."""
    return nat_accession + timedelta(days=FINAL_CLAUSES["nato-sofa"].lag_days)


def one_year_after(day: date) -> date:
    """The same calendar day one year later.  A notice received on 29 February takes effect on 1 March,
    the first day that is a full year after it (our reading; no such notice is recorded)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def denunciation_takes_effect(notice_received: date) -> date:
    """NATO SOFA Art. XIX(3), PfP SOFA Art. VI, FAP Art. VI: one year after the depositary receives notice.
    The instrument is no longer in force for that State from this date."""
    return one_year_after(notice_received)


def earliest_valid_notice(clauses: FinalClauses, general_entry_into_force: date) -> date | None:
    """NATO SOFA Art. XIX(1): no notice before four years from the Agreement's entry into force."""
    if not clauses.denunciation_wait_years:
        return None
    g = general_entry_into_force
    try:
        return g.replace(year=g.year + clauses.denunciation_wait_years)
    except ValueError:
        return date(g.year + clauses.denunciation_wait_years, 3, 1)


ENCODED: dict[str, str] = {
    "NATO SOFA Art. XVIII": "coverage, parties, timeline",
    "NATO SOFA Art. XIX": "coverage, parties, timeline",
    "PfP SOFA Art. I": "coverage (the NATO SOFA applied between PfP SOFA parties)",
    "PfP SOFA Art. II(1)": "coverage (partner territory is covered)",
    "PfP SOFA Art. V": "coverage, parties, timeline",
    "PfP SOFA Art. VI": "coverage, parties, timeline",
    "PfP SOFA AP Art. II": "coverage (additional_protocol), parties",
    "PfP SOFA FAP Art. V": "parties, timeline",
    "PfP SOFA FAP Art. VI": "parties, timeline",
}
NOT_MODELLED: dict[str, str] = {}

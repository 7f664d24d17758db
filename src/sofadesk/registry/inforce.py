"""The in-force engine: is an instrument in force for a State on a date, and does the regime apply between two.

For each (instrument, State) the engine works out a Standing once, from the State's recorded acts and the
instrument's final clauses (sofadesk.law.rules.final_clauses):

- `earliest`: the first day the instrument can possibly be in force for the State (None: never, on the
  record - not a party, or signed only);
- `certain_from`: the first day it is certainly in force (None: not established);
- `ends`: the day a denunciation takes effect (None: no denunciation recorded).

Between `earliest` and `certain_from` the answer is unknown, and is said so; it never becomes yes or no.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sofadesk.law.cite import Cite
from sofadesk.law.rules.final_clauses import (
    FINAL_CLAUSES,
    denunciation_takes_effect,
    earliest_after_nato_accession,
    earliest_valid_notice,
    entry_into_force_after_deposit,
)
from sofadesk.law.tri import Tri, and3
from sofadesk.registry.model import Agreement, Fact, Participation, Registry
from sofadesk.registry.shipped import RegistryDataError

Basis = Literal["not_party", "signatory_only", "recorded", "derived", "inferred", "unknown"]
NATO, PFP, AP = "nato-sofa", "pfp-sofa", "pfp-sofa-ap"
_NEVER = 10**7  # an ordinal later than any date


@dataclass(frozen=True, slots=True)
class Standing:
    agreement: str
    state: str
    basis: Basis
    earliest: date | None
    certain_from: date | None
    ends: date | None
    # The fact the entry-into-force date rests on (the recorded date, or the deposit it is derived from).
    basis_fact: Fact | None
    # Why it cannot be in force before `earliest`, where that is a bound rather than a date.
    earliest_reason: str | None
    cites: tuple[Cite, ...]
    participation: Participation | None
    # The instrument's general entry into force: a first depositor's date is this, not deposit + lag.
    general_entry_into_force: date

    def status(self, day: date) -> Tri:
        if self.earliest is None or day < self.earliest:
            return False
        if self.ends is not None and day >= self.ends:
            return False
        if self.certain_from is not None and day >= self.certain_from:
            return True
        return None

    def as_ordinals(self) -> tuple[int, int, int]:
        return (
            self.earliest.toordinal() if self.earliest else _NEVER,
            self.certain_from.toordinal() if self.certain_from else _NEVER,
            self.ends.toordinal() if self.ends else _NEVER,
        )


def _standing(agreement: Agreement, state: str, p: Participation | None) -> Standing:
    clauses = FINAL_CLAUSES[agreement.id]
    general = agreement.general_entry_into_force
    if p is None:
        return Standing(
            agreement.id,
            state,
            "not_party",
            None,
            None,
            None,
            None,
            None,
            (clauses.ratification,),
            p,
            general,
        )
    eif, deposit = p.fact("entry_into_force"), p.fact("deposit")
    ends = _ends(agreement, p)
    if eif is not None and eif.dated and eif.on is not None:
        basis: Basis = "inferred" if eif.date_status == "inferred" else "recorded"
        return Standing(
            agreement.id, p.state, basis, eif.on, eif.on, ends, eif, None, (clauses.later_states,), p, general
        )
    if deposit is not None and deposit.dated and deposit.on is not None:
        on = entry_into_force_after_deposit(clauses, deposit.on, general)
        basis = "inferred" if deposit.date_status == "inferred" else "derived"
        cites: tuple[Cite, ...] = (clauses.later_states,) if on > general else (clauses.general,)
        return Standing(agreement.id, p.state, basis, on, on, ends, deposit, None, cites, p, general)
    if eif is None and deposit is None and p.status == "party":
        # Signed (or declared) only: on the record no instrument was ever deposited.
        return Standing(
            agreement.id,
            p.state,
            "signatory_only",
            None,
            None,
            None,
            p.fact("signature"),
            None,
            (clauses.ratification, clauses.later_states),
            p,
            general,
        )
    earliest, reason, cites = _earliest_bound(agreement, p)
    in_force_by = p.fact("in_force_by")
    certain = in_force_by.on if in_force_by is not None and in_force_by.dated else None
    return Standing(
        agreement.id, p.state, "unknown", earliest, certain, ends, in_force_by, reason, cites, p, general
    )


def _earliest_bound(agreement: Agreement, p: Participation) -> tuple[date, str, tuple[Cite, ...]]:
    """The first day an instrument with an unknown entry-into-force date could be in force for the State."""
    clauses = FINAL_CLAUSES[agreement.id]
    candidates: list[tuple[date, str, tuple[Cite, ...]]] = [
        (agreement.general_entry_into_force, "the instrument's general entry into force", (clauses.general,))
    ]
    signature = p.fact("signature")
    if signature is not None and signature.on is not None and signature.dated:
        candidates.append(
            (
                entry_into_force_after_deposit(clauses, signature.on, agreement.general_entry_into_force),
                "its signature, since ratification follows signature",
                (clauses.later_states,),
            )
        )
    not_before = p.fact("not_before")
    if not_before is not None and not_before.on is not None:
        candidates.append((not_before.on, not_before.note or "a recorded bound", ()))
    nat = p.fact("nat_accession")
    if nat is not None and nat.on is not None and clauses.accession is not None:
        candidates.append(
            (
                earliest_after_nato_accession(nat.on),
                "thirty days after its accession to the North Atlantic Treaty, to which accession is reserved",
                (clauses.accession,),
            )
        )
    return max(candidates, key=lambda c: c[0])


def _ends(agreement: Agreement, p: Participation) -> date | None:
    clauses = FINAL_CLAUSES[agreement.id]
    effective = p.fact("denunciation_effective")
    if effective is not None and effective.on is not None:
        return effective.on
    notice = p.fact("denunciation_notice")
    if notice is None:
        return None
    if notice.on is None:
        raise RegistryDataError(
            f"{agreement.id}: {p.state}: a notice of denunciation without a date cannot be applied; "
            "record its date of receipt or the date it takes effect"
        )
    earliest_notice = earliest_valid_notice(clauses, agreement.general_entry_into_force)
    if earliest_notice is not None and notice.on < earliest_notice:
        raise RegistryDataError(
            f"{agreement.id}: {p.state}: notice of denunciation received {notice.on} is earlier than "
            f"{clauses.denunciation_wait} allows ({earliest_notice})"
        )
    return denunciation_takes_effect(notice.on)


@dataclass(frozen=True, slots=True)
class Answer:
    """The bare answer to the coverage question, before explanation."""

    applies: Tri
    # The instrument through which it applies: None where it does not apply, is unknown, or applies but
    # whether directly (NATO SOFA) or through the PfP SOFA is not established.
    instrument: str | None
    additional_protocol: Tri
    nato: Tri
    pfp: Tri


class InForceEngine:
    """Answers from one registry snapshot.  Standings are computed once; questions are cheap."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._standings: dict[tuple[str, str], Standing] = {}
        for agreement in registry.agreements.values():
            for (aid, code), p in registry.participations.items():
                if aid == agreement.id:
                    self._standings[(aid, code)] = _standing(agreement, code, p)
        # Per State, ordinals of its (NATO SOFA, PfP SOFA, Additional Protocol) standings.
        never = (_NEVER, _NEVER, _NEVER)
        self._fast: dict[str, tuple[tuple[int, int, int], ...]] = {
            code: tuple(
                self._standings[(a, code)].as_ordinals() if (a, code) in self._standings else never
                for a in (NATO, PFP, AP)
            )
            for code in registry.states
        }

    def standing(self, agreement: str, state: str) -> Standing:
        found = self._standings.get((agreement, state))
        if found is not None:
            return found
        return _standing(self.registry.agreements[agreement], state, None)

    def in_force(self, agreement: str, state: str, day: date) -> Tri:
        """Whether `agreement` is in force for `state` on `day`, including any instrument it depends on."""
        own = self.standing(agreement, state).status(day)
        depends_on = self.registry.agreements[agreement].depends_on
        if depends_on is None:
            return own
        return and3(own, self.in_force(depends_on, state, day))

    def answer(self, sending: str, receiving: str, day: date) -> Answer:
        """The coverage question for two States (as alpha-3 codes) on a day."""
        return self.answer_ordinal(sending, receiving, day.toordinal())

    def answer_ordinal(self, sending: str, receiving: str, d: int) -> Answer:
        """`answer` on a proleptic ordinal day.  Works on precomputed ordinals so that bulk use (calendars,
        exercises over many days, benchmarks) stays cheap; a test checks it against `in_force` day by day."""
        s, r = self._fast[sending], self._fast[receiving]
        nato = and3(_st(s[0], d), _st(r[0], d))
        pfp_s, pfp_r = _st(s[1], d), _st(r[1], d)
        pfp = and3(pfp_s, pfp_r)
        # The Additional Protocol operates only where the Agreement is in force for the State.
        ap = and3(and3(_st(s[2], d), pfp_s), and3(_st(r[2], d), pfp_r))
        if nato is True:
            return Answer(True, NATO, ap, nato, pfp)
        if pfp is True:
            # Covered either way; but while a NATO SOFA standing is unknown it is not established whether the
            # NATO SOFA applies directly or only through the PfP SOFA, so no instrument is named.
            return Answer(True, PFP if nato is False else None, ap, nato, pfp)
        return Answer(False if (nato is False and pfp is False) else None, None, ap, nato, pfp)


def _st(span: tuple[int, int, int], d: int) -> Tri:
    if d < span[0] or d >= span[2]:
        return False
    return True if d >= span[1] else None

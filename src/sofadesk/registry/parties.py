"""The States recorded for an agreement, with their dates and (on a date) whether it is in force for each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sofadesk.law.tri import Tri
from sofadesk.registry.explain import standing_sentence
from sofadesk.registry.inforce import Basis, InForceEngine


@dataclass(frozen=True)
class PartyRow:
    code: str
    name: str
    party_status: str  # party, unconfirmed, signatory
    signature: date | None
    deposit: date | None
    # Known (recorded, derived or inferred) entry into force; None where it is not established.
    entry_into_force: date | None
    entry_into_force_basis: Basis
    # Where the date is not established: the first day it could have been in force.
    earliest_possible: date | None
    denunciation_effective: date | None
    in_force: Tri
    explanation: str

    def as_json(self) -> dict[str, object]:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "code": self.code,
            "name": self.name,
            "party_status": self.party_status,
            "signature": iso(self.signature),
            "deposit": iso(self.deposit),
            "entry_into_force": iso(self.entry_into_force),
            "entry_into_force_basis": self.entry_into_force_basis,
            "earliest_possible": iso(self.earliest_possible),
            "denunciation_effective": iso(self.denunciation_effective),
            "in_force": self.in_force,
            "explanation": self.explanation,
        }


def party_rows(engine: InForceEngine, agreement: str, day: date | None) -> list[PartyRow]:
    registry = engine.registry
    rows = []
    for p in registry.parties_of(agreement):
        st = registry.states[p.state]
        s = engine.standing(agreement, p.state)
        signature, deposit = p.fact("signature"), p.fact("deposit")
        established = s.basis in ("recorded", "derived", "inferred")
        rows.append(
            PartyRow(
                code=st.code,
                name=st.display_name,
                party_status="signatory" if s.basis == "signatory_only" else p.status,
                signature=signature.on if signature else None,
                deposit=deposit.on if deposit else None,
                entry_into_force=s.earliest if established else None,
                entry_into_force_basis=s.basis,
                earliest_possible=s.earliest if s.basis == "unknown" else None,
                denunciation_effective=s.ends,
                in_force=engine.in_force(agreement, p.state, day) if day else None,
                explanation=standing_sentence(s, st, day),
            )
        )
    return rows

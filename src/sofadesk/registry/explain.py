"""Reasons in plain words, with citations, for the engine's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sofadesk.law.cite import Cite, cite
from sofadesk.law.finding import Finding
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.law.rules.final_clauses import FINAL_CLAUSES
from sofadesk.law.tri import Tri
from sofadesk.registry.inforce import AP, NATO, PFP, Answer, InForceEngine, Standing
from sofadesk.registry.model import Source, State

TERRITORY_NOTE = (
    "Territorial scope is not modelled: the answer is for the States' metropolitan territory "
    "(NATO SOFA Art. XX(1)); extensions to other territories are not recorded - needs a decision by the "
    "States concerned."
)
ARRANGEMENT_NOTE = (
    "Whether a particular force is in the receiving State by arrangement is not modelled: sending and "
    "receiving forces stays a matter of separate arrangements - needs a decision by the receiving State's "
    "authorities."
)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _inline(note: str | None, default: str = "") -> str:
    """A note fit to sit inside parentheses mid-sentence: one line, no closing full stop."""
    return " ".join((note or default).split()).rstrip(".")


def short(agreement: str) -> str:
    return INSTRUMENTS[agreement].short_name


def standing_sentence(s: Standing, state: State, day: date | None) -> str:
    """One sentence on an instrument's standing for a State, on `day` (or in general when `day` is None)."""
    name, inst = state.display_name, short(s.agreement)
    clauses = FINAL_CLAUSES[s.agreement]
    fact = s.basis_fact
    if s.basis == "not_party":
        return f"{name} is not recorded as a party to the {inst}."
    if s.basis == "signatory_only":
        signed = f" on {long_date(fact.on)}" if fact is not None and fact.on else ""
        return (
            f"{name} signed the {inst}{signed}, but no deposit of an instrument of ratification, acceptance or "
            f"approval is recorded; signature alone does not bring it into force ({clauses.ratification})."
        )
    if s.basis == "unknown":
        assert s.earliest is not None
        head = f"The date on which the {inst} entered into force for {name} is not established"
        if s.participation is not None and s.participation.status == "unconfirmed":
            head += ", nor is it confirmed that it is bound"
        bound = f"It cannot have been in force before {long_date(s.earliest)} ({_inline(s.earliest_reason)})"
        if s.certain_from is not None:
            by_note = _inline(fact.note if fact is not None else None, "a recorded bound")
            bound += f", and it was in force by {long_date(s.certain_from)} at the latest ({by_note})"
        if day is None:
            return f"{head}. {bound}."
        status = s.status(day)
        tail = (
            "so it was not in force on that date"
            if status is False
            else "so it was in force on that date"
            if status is True
            else f"so whether it was in force on {long_date(day)} is unknown"
        )
        return f"{head}. {bound}; {tail}."
    assert s.earliest is not None and fact is not None
    eif = long_date(s.earliest)
    if s.basis == "recorded":
        how = f"recorded: {fact.source.title}" if fact.source else "recorded"
    elif s.basis == "derived":
        kind = fact.instrument_kind or "ratification"
        assert fact.on is not None
        rule = (
            (f"{clauses.lag_days} days after deposit" if clauses.lag_days else "on the date of deposit")
            if s.earliest > s.general_entry_into_force
            else "the instrument's general entry into force"
        )
        how = f"derived from the deposit of its instrument of {kind} on {long_date(fact.on)}: {rule}, {s.cites[0]}"
    else:
        how = f"inferred: {_inline(fact.note)}"
    if fact.origin == "local":  # not the shipped data: say so, and when it was confirmed
        how += f"; {_inline(fact.note)}"
    if day is None or s.status(day) is True:
        text = f"The {inst} has been in force for {name} since {eif} ({how})."
    elif day < s.earliest:
        text = f"The {inst} entered into force for {name} only on {eif} ({how}), after {long_date(day)}."
        signature = s.participation.fact("signature") if s.participation else None
        if signature is not None and signature.on is not None and signature.on <= day:
            text += (
                f" It had been signed on {long_date(signature.on)}, which alone does not bring it into force."
            )
    else:
        text = f"The {inst} entered into force for {name} on {eif} ({how})."
    return text + _end_sentence(s, name, day)


def _end_sentence(s: Standing, name: str, day: date | None) -> str:
    if s.ends is None:
        return ""
    cite_text = FINAL_CLAUSES[s.agreement].denunciation
    if day is not None and day >= s.ends:
        return (
            f" {name} denounced it; the denunciation took effect on {long_date(s.ends)} ({cite_text}), "
            f"so it no longer applied on {long_date(day)}."
        )
    return f" {name} has denounced it; the denunciation takes effect on {long_date(s.ends)} ({cite_text})."


@dataclass(frozen=True)
class Coverage:
    sending: State
    receiving: State
    on: date
    answer: Answer
    finding: Finding[Tri]
    sources: tuple[Source, ...]

    @property
    def additional_protocol_status(self) -> str:
        ap = self.answer.additional_protocol
        return "unknown" if ap is None else ("applies" if ap else "does not apply")

    def as_json(self) -> dict[str, object]:
        a = self.answer
        return {
            "sending_state": {"code": self.sending.code, "name": self.sending.display_name},
            "receiving_state": {"code": self.receiving.code, "name": self.receiving.display_name},
            "on": self.on.isoformat(),
            "applies": a.applies,
            "instrument": a.instrument,
            "instrument_name": short(a.instrument) if a.instrument else None,
            "nato_sofa_directly": a.nato,
            "pfp_sofa": a.pfp,
            "additional_protocol": a.additional_protocol is True,
            "additional_protocol_status": self.additional_protocol_status,
            "reasons": list(self.finding.reasons),
            "citations": self.finding.cite_strings(),
            "not_modelled": list(self.finding.left_to_humans),
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
        }


def explain_coverage(engine: InForceEngine, sending: State, receiving: State, day: date) -> Coverage:
    """The coverage question with its reasons and citations."""
    answer = engine.answer(sending.code, receiving.code, day)
    s_name, r_name, when = sending.display_name, receiving.display_name, long_date(day)
    reasons: list[str] = []
    cites: list[Cite] = []

    if answer.applies is True and answer.instrument == NATO:
        reasons.append(
            f"On {when} the NATO SOFA applies directly between {s_name} (sending State) and {r_name} "
            "(receiving State): it is in force for both."
        )
    elif answer.applies is True and answer.instrument is None:
        unknown = [
            st.display_name for st in (sending, receiving) if engine.in_force(NATO, st.code, day) is None
        ]
        who = " and ".join(unknown)
        reasons.append(
            f"On {when} the NATO SOFA regime applies between {s_name} (sending State) and {r_name} (receiving "
            "State): the PfP SOFA, whose parties apply the NATO SOFA as if all were parties to it, is in force "
            "for both."
        )
        reasons.append(
            f"Whether the NATO SOFA also applies directly between them is not established, because the NATO SOFA "
            f"standing of {who} on that date is not. The instrument is therefore left open: the NATO SOFA's rules "
            "apply either way, but if either State is not a NATO SOFA party, procedures that go to the North "
            "Atlantic Council, its Deputies' Chairman or an arbitrator are replaced by negotiation between the "
            "States concerned (PfP SOFA Art. III); which procedure applies turns on that standing."
        )
        cites.extend([cite(PFP, "I"), cite(PFP, "III")])
    elif answer.applies is True:
        reasons.append(
            f"On {when} the NATO SOFA regime applies between {s_name} (sending State) and {r_name} (receiving "
            "State) through the PfP SOFA, whose parties apply the NATO SOFA as if all were parties to it."
        )
        cites.append(cite(PFP, "I"))
        non_nato = [
            st.display_name for st in (sending, receiving) if engine.in_force(NATO, st.code, day) is not True
        ]
        if non_nato:
            reasons.append(
                f"Because {' and '.join(non_nato)} {'is' if len(non_nato) == 1 else 'are'} not a NATO SOFA party, "
                "NATO SOFA procedures that go to the North Atlantic Council, its Deputies' Chairman or an "
                "arbitrator are replaced by negotiation between the States concerned, and the Agreement covers that State's "
                "territory too."
            )
            cites.extend([cite(PFP, "II", 1), cite(PFP, "III")])
    elif answer.applies is False:
        reasons.append(
            f"On {when} the NATO SOFA regime does not apply between {s_name} and {r_name}: neither the NATO SOFA "
            "nor the PfP SOFA is in force for both of them."
        )
    else:
        reasons.append(
            f"Whether the NATO SOFA regime applies between {s_name} and {r_name} on {when} cannot be established: "
            "a date it depends on is not recorded."
        )

    # Who is sending and who receiving (a transit State counts as receiving) frames every answer.
    cites.extend([cite(NATO, "I", 1, "d"), cite(NATO, "I", 1, "e")])
    sources: dict[str, Source] = {}
    for agreement in (NATO, PFP, AP):
        for st in (sending, receiving):
            standing = engine.standing(agreement, st.code)
            reasons.append(standing_sentence(standing, st, day))
            cites.extend(standing.cites)
            if standing.basis_fact is not None and standing.basis_fact.source is not None:
                sources.setdefault(standing.basis_fact.source.url, standing.basis_fact.source)
            if standing.ends is not None:
                cites.append(FINAL_CLAUSES[agreement].denunciation)
        if agreement == AP:
            cites.append(cite(AP, "I"))

    ap = answer.additional_protocol
    if ap is True:
        reasons.append(
            "The Additional Protocol applies between them: where either has jurisdiction under the Agreement, it "
            "will not carry out a death sentence on the other's force or civilian component members or dependents."
        )
    elif ap is False:
        reasons.append(
            "The Additional Protocol's death-penalty protection does not apply between them, because it is not in "
            "force for both; only the NATO SOFA's own limit on carrying out death sentences remains."
        )
        cites.append(cite(NATO, "VII", 7, "a"))
    else:
        reasons.append("Whether the Additional Protocol applies between them could not be established.")

    for st in (sending, receiving):
        for agreement in (PFP, AP, NATO):
            p = engine.registry.participation(agreement, st.code)
            for d in p.declarations if p else ():
                reasons.append(
                    f"Declaration by {st.display_name} ({short(agreement)}): {' '.join((d.summary or '').split())}"
                )

    finding: Finding[Tri] = Finding(
        value=answer.applies,
        citations=tuple(cites),
        reasons=tuple(reasons),
        left_to_humans=(TERRITORY_NOTE, ARRANGEMENT_NOTE),
    )
    return Coverage(sending, receiving, day, answer, finding, tuple(sources.values()))

"""Reasons in plain words, with citations, for the engine's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sofadesk.law.cite import Cite, cite
from sofadesk.law.finding import Finding
from sofadesk.law.instruments import INSTRUMENTS
from sofadesk.law.messages import Term, code, day, listing, literal, msg, state
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


def _day(value: date) -> Term:
    return day(value, long_date(value))


def _inline(note: str | None, default: str = "") -> str:
    """A note fit to sit inside parentheses mid-sentence: one line, no closing full stop."""
    return " ".join((note or default).split()).rstrip(".")


def short(agreement: str) -> str:
    return INSTRUMENTS[agreement].short_name


def _state(s: State) -> Term:
    return state(s.code, s.display_name)


def standing_sentence(s: Standing, st: State, on: date | None) -> str:
    """One sentence on an instrument's standing for a State, on `on` (or in general when `on` is None)."""
    name, inst = _state(st), code(s.agreement, short(s.agreement))
    clauses = FINAL_CLAUSES[s.agreement]
    fact = s.basis_fact
    if s.basis == "not_party":
        return msg("{state} is not recorded as a party to the {inst}.", state=name, inst=inst)
    if s.basis == "signatory_only":
        ratification = literal(str(clauses.ratification))
        if fact is not None and fact.on:
            return msg(
                "{state} signed the {inst} on {day}, but no deposit of an instrument of ratification, acceptance "
                "or approval is recorded; signature alone does not bring it into force ({rule}).",
                state=name,
                inst=inst,
                day=_day(fact.on),
                rule=ratification,
            )
        return msg(
            "{state} signed the {inst}, but no deposit of an instrument of ratification, acceptance or approval is "
            "recorded; signature alone does not bring it into force ({rule}).",
            state=name,
            inst=inst,
            rule=ratification,
        )
    if s.basis == "unknown":
        assert s.earliest is not None
        unconfirmed = s.participation is not None and s.participation.status == "unconfirmed"
        head = (
            msg(
                "The date on which the {inst} entered into force for {state} is not established, nor is it "
                "confirmed that it is bound",
                inst=inst,
                state=name,
            )
            if unconfirmed
            else msg(
                "The date on which the {inst} entered into force for {state} is not established",
                inst=inst,
                state=name,
            )
        )
        reason = _inline(s.earliest_reason)
        if s.certain_from is not None:
            by_note = _inline(fact.note if fact is not None else None, "a recorded bound")
            bound = msg(
                "It cannot have been in force before {earliest} ({reason}), and it was in force by {certain} at the "
                "latest ({note})",
                earliest=_day(s.earliest),
                reason=reason,
                certain=_day(s.certain_from),
                note=by_note,
            )
        else:
            bound = msg(
                "It cannot have been in force before {earliest} ({reason})",
                earliest=_day(s.earliest),
                reason=reason,
            )
        if on is None:
            return msg("{head}. {bound}.", head=head, bound=bound)
        status = s.status(on)
        tail = (
            msg("so it was not in force on that date")
            if status is False
            else msg("so it was in force on that date")
            if status is True
            else msg("so whether it was in force on {day} is unknown", day=_day(on))
        )
        return msg("{head}. {bound}; {tail}.", head=head, bound=bound, tail=tail)
    assert s.earliest is not None and fact is not None
    eif = _day(s.earliest)
    how: str
    if s.basis == "recorded":
        how = msg("recorded: {source}", source=literal(fact.source.title)) if fact.source else msg("recorded")
    elif s.basis == "derived":
        kind = code(fact.instrument_kind or "ratification")
        assert fact.on is not None
        rule: str = (
            (
                msg("{n} days after deposit", n=clauses.lag_days)
                if clauses.lag_days
                else msg("on the date of deposit")
            )
            if s.earliest > s.general_entry_into_force
            else msg("the instrument's general entry into force")
        )
        how = msg(
            "derived from the deposit of its instrument of {kind} on {day}: {rule}, {cite}",
            kind=kind,
            day=_day(fact.on),
            rule=rule,
            cite=literal(str(s.cites[0])),
        )
    else:
        how = msg("inferred: {note}", note=_inline(fact.note))
    if fact.origin == "local":  # not the shipped data: say so, and when it was confirmed
        how = msg("{how}; {note}", how=how, note=fact.note)
    if on is None or s.status(on) is True:
        text = msg(
            "The {inst} has been in force for {state} since {day} ({how}).",
            inst=inst,
            state=name,
            day=eif,
            how=how,
        )
    elif on < s.earliest:
        text = msg(
            "The {inst} entered into force for {state} only on {day} ({how}), after {on}.",
            inst=inst,
            state=name,
            day=eif,
            how=how,
            on=_day(on),
        )
        signature = s.participation.fact("signature") if s.participation else None
        if signature is not None and signature.on is not None and signature.on <= on:
            text = msg(
                "{text} It had been signed on {day}, which alone does not bring it into force.",
                text=text,
                day=_day(signature.on),
            )
    else:
        text = msg(
            "The {inst} entered into force for {state} on {day} ({how}).",
            inst=inst,
            state=name,
            day=eif,
            how=how,
        )
    ending = _end_sentence(s, name, on)
    return msg("{text}{end}", text=text, end=ending) if ending else text


def _end_sentence(s: Standing, name: Term, on: date | None) -> str:
    if s.ends is None:
        return ""
    cite_text = literal(str(FINAL_CLAUSES[s.agreement].denunciation))
    if on is not None and on >= s.ends:
        return msg(
            " {state} denounced it; the denunciation took effect on {ends} ({cite}), so it no longer applied on {on}.",
            state=name,
            ends=_day(s.ends),
            cite=cite_text,
            on=_day(on),
        )
    return msg(
        " {state} has denounced it; the denunciation takes effect on {ends} ({cite}).",
        state=name,
        ends=_day(s.ends),
        cite=cite_text,
    )


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


def explain_coverage(engine: InForceEngine, sending: State, receiving: State, on: date) -> Coverage:
    """The coverage question with its reasons and citations."""
    answer = engine.answer(sending.code, receiving.code, on)
    s_name, r_name, when = _state(sending), _state(receiving), _day(on)
    reasons: list[str] = []
    cites: list[Cite] = []

    if answer.applies is True and answer.instrument == NATO:
        reasons.append(
            msg(
                "On {day} the NATO SOFA applies directly between {sending} (sending State) and {receiving} "
                "(receiving State): it is in force for both.",
                day=when,
                sending=s_name,
                receiving=r_name,
            )
        )
    elif answer.applies is True and answer.instrument is None:
        unknown = [_state(st) for st in (sending, receiving) if engine.in_force(NATO, st.code, on) is None]
        reasons.append(
            msg(
                "On {day} the NATO SOFA regime applies between {sending} (sending State) and {receiving} (receiving "
                "State): the PfP SOFA, whose parties apply the NATO SOFA as if all were parties to it, is in force "
                "for both.",
                day=when,
                sending=s_name,
                receiving=r_name,
            )
        )
        reasons.append(
            msg(
                "Whether the NATO SOFA also applies directly between them is not established, because the NATO SOFA "
                "standing of {who} on that date is not. The instrument is therefore left open: the NATO SOFA's rules "
                "apply either way, but if either State is not a NATO SOFA party, procedures that go to the North "
                "Atlantic Council, its Deputies' Chairman or an arbitrator are replaced by negotiation between the "
                "States concerned (PfP SOFA Art. III); which procedure applies turns on that standing.",
                who=listing(unknown),
            )
        )
        cites.extend([cite(PFP, "I"), cite(PFP, "III")])
    elif answer.applies is True:
        reasons.append(
            msg(
                "On {day} the NATO SOFA regime applies between {sending} (sending State) and {receiving} (receiving "
                "State) through the PfP SOFA, whose parties apply the NATO SOFA as if all were parties to it.",
                day=when,
                sending=s_name,
                receiving=r_name,
            )
        )
        cites.append(cite(PFP, "I"))
        non_nato = [
            _state(st) for st in (sending, receiving) if engine.in_force(NATO, st.code, on) is not True
        ]
        if non_nato:
            reasons.append(
                msg(
                    "Because {states} is not a NATO SOFA party, NATO SOFA procedures that go to the North Atlantic "
                    "Council, its Deputies' Chairman or an arbitrator are replaced by negotiation between the States "
                    "concerned, and the Agreement covers that State's territory too."
                    if len(non_nato) == 1
                    else "Because {states} are not a NATO SOFA party, NATO SOFA procedures that go to the North "
                    "Atlantic Council, its Deputies' Chairman or an arbitrator are replaced by negotiation between the "
                    "States concerned, and the Agreement covers that State's territory too.",
                    states=listing(non_nato),
                )
            )
            cites.extend([cite(PFP, "II", 1), cite(PFP, "III")])
    elif answer.applies is False:
        reasons.append(
            msg(
                "On {day} the NATO SOFA regime does not apply between {sending} and {receiving}: neither the NATO "
                "SOFA nor the PfP SOFA is in force for both of them.",
                day=when,
                sending=s_name,
                receiving=r_name,
            )
        )
    else:
        reasons.append(
            msg(
                "Whether the NATO SOFA regime applies between {sending} and {receiving} on {day} cannot be "
                "established: a date it depends on is not recorded.",
                day=when,
                sending=s_name,
                receiving=r_name,
            )
        )

    # Who is sending and who receiving (a transit State counts as receiving) frames every answer.
    cites.extend([cite(NATO, "I", 1, "d"), cite(NATO, "I", 1, "e")])
    sources: dict[str, Source] = {}
    for agreement in (NATO, PFP, AP):
        for st in (sending, receiving):
            standing = engine.standing(agreement, st.code)
            reasons.append(standing_sentence(standing, st, on))
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
                    msg(
                        "Declaration by {state} ({inst}): {summary}",
                        state=_state(st),
                        inst=code(agreement, short(agreement)),
                        summary=" ".join((d.summary or "").split()),
                    )
                )

    finding: Finding[Tri] = Finding(
        value=answer.applies,
        citations=tuple(cites),
        reasons=tuple(reasons),
        left_to_humans=(TERRITORY_NOTE, ARRANGEMENT_NOTE),
    )
    return Coverage(sending, receiving, on, answer, finding, tuple(sources.values()))

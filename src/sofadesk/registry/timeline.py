"""A State's timeline across the instruments: every dated act, derived dates said to be derived, unknowns shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sofadesk.law.messages import code, literal, msg
from sofadesk.registry.explain import long_date, short, standing_sentence
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Fact, State

_ACT = {
    "signature": "signed",
    "deposit": "deposited its instrument",
    "entry_into_force": "in force",
    "denunciation_notice": "notice of denunciation received",
    "denunciation_effective": "denunciation takes effect",
    "in_force_by": "in force by this date at the latest",
    "not_before": "cannot be in force before this date",
    "nat_accession": "accession to the North Atlantic Treaty",
    "declaration": "declaration",
}


@dataclass(frozen=True)
class TimelineEvent:
    on: date | None
    agreement: str
    kind: str
    text: str
    basis: str  # recorded (shipped data), local (a confirmed act entered in SOFA Desk), inferred, derived, unknown
    source_title: str | None
    source_url: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.on.isoformat() if self.on else None,
            "agreement": self.agreement,
            "kind": self.kind,
            "text": self.text,
            "basis": self.basis,
            "source": {"title": self.source_title, "url": self.source_url} if self.source_url else None,
        }


def _fact_text(fact: Fact, agreement: str, agreement_code: str) -> str:
    act: str = _ACT[fact.kind]
    if fact.kind == "deposit" and fact.instrument_kind:
        act = msg("deposited its instrument of {kind}", kind=code(fact.instrument_kind))
    parts = {"inst": code(agreement_code, agreement), "act": act}
    template = "{inst}: {act}"
    if fact.place:
        template, parts["place"] = template + " ({place})", literal(fact.place)
    if fact.summary:
        template, parts["summary"] = template + ": {summary}", " ".join(fact.summary.split())
    if fact.note and fact.kind != "declaration":
        template, parts["note"] = template + " - {note}", " ".join(fact.note.split())
    return msg(template, **parts)


def state_timeline(engine: InForceEngine, state: State) -> tuple[list[TimelineEvent], list[str]]:
    """Events in date order (undated ones last), and one summary sentence per instrument."""
    events: list[TimelineEvent] = []
    summaries: list[str] = []
    for p in engine.registry.state_participations(state.code):
        for fact in p.facts:
            events.append(
                TimelineEvent(
                    on=fact.on,
                    agreement=p.agreement,
                    kind=fact.kind,
                    text=_fact_text(fact, short(p.agreement), p.agreement),
                    basis="unknown"
                    if fact.on is None
                    else (
                        "inferred"
                        if fact.date_status == "inferred"
                        else "local"
                        if fact.origin == "local"
                        else "recorded"
                    ),
                    source_title=fact.source.title if fact.source else None,
                    source_url=fact.source.url if fact.source else None,
                )
            )
        standing = engine.standing(p.agreement, state.code)
        if standing.basis == "derived" and standing.earliest is not None:
            events.append(
                TimelineEvent(
                    on=standing.earliest,
                    agreement=p.agreement,
                    kind="entry_into_force",
                    text=msg(
                        "{inst}: in force (derived from the deposit, {cite})",
                        inst=code(p.agreement, short(p.agreement)),
                        cite=literal(str(standing.cites[0])),
                    ),
                    basis="derived",
                    source_title=None,
                    source_url=None,
                )
            )
        if standing.ends is not None and p.fact("denunciation_effective") is None:
            events.append(
                TimelineEvent(
                    on=standing.ends,
                    agreement=p.agreement,
                    kind="denunciation_effective",
                    text=msg(
                        "{inst}: denunciation takes effect (derived: one year after notice)",
                        inst=code(p.agreement, short(p.agreement)),
                    ),
                    basis="derived",
                    source_title=None,
                    source_url=None,
                )
            )
        summaries.append(standing_sentence(standing, state, None))
    events.sort(key=lambda e: (e.on is None, e.on or date.min, e.agreement))
    return events, summaries


__all__ = ["TimelineEvent", "long_date", "state_timeline"]

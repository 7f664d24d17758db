"""NATO SOFA Art. VII(3)(c), (5)-(9) and PfP SOFA Additional Protocol Art. I: what follows once it is known who
may try the offence.

Named steps, in order:
- `double_jeopardy` (8): after acquittal, conviction or pardon by one party, no second trial for the same offence
  in the same territory by another; the sending State may still try a breach of discipline;
- `receiving_state_to_try`: whether the receiving State is to exercise jurisdiction - yes where its jurisdiction
  is exclusive or its own, or where it holds the primary right and does not decline it, or where the sending
  State declines its primary right; no where Art. VII(8) bars it or the sending State keeps its primary right;
  open while the primary right is undetermined;
- `duties`: notification and waiver (3(c)), disposition (6(b)), arrest, notification and custody (5), help with
  investigations (6(a)); the custody rule of 5(c) only where the receiving State is to try the accused;
- `death_sentence`: 7(a) binds the sending State; the Additional Protocol binds a party that has jurisdiction not
  to carry out a death sentence on a member, civilian or dependent from another party - so it protects the
  sending State's people from the receiving State, and does not reach the sending State's own members;
- `trial_rights` (9): the seven rights of a person prosecuted under the receiving State's jurisdiction, listed
  only where the receiving State is to try him.

NOT MODELLED
- Whether a waiver request is granted (3(c)): needs a decision by the State holding the primary right.
- Help with carrying out a sending-State prison sentence (7(b)): a request - needs a decision by the receiving
  State's authorities.
- Military police arrangements (10) and legislation protecting other parties' property and information (11):
  arrangements and undertakings, not decisions on a case.
"""

from __future__ import annotations

from sofadesk.law.cite import Cite, article_cites, cite
from sofadesk.law.rules.art_07_jurisdiction_facts import JurisdictionFacts, JurisdictionKind, Primary, Side

FAIR_TRIAL = (
    ("a", "a prompt and speedy trial"),
    ("b", "to be told the specific charges in advance of trial"),
    ("c", "to be confronted with the witnesses against him"),
    ("d", "compulsory process for witnesses in his favour within the receiving State's jurisdiction"),
    ("e", "legal representation of his choice, or free or assisted representation on local conditions"),
    ("f", "a competent interpreter if he considers it necessary"),
    (
        "g",
        "to communicate with a sending-State representative, present at trial where the court's rules allow",
    ),
)
SENDING_MAY = ("exclusive_sending", "sending_only", "concurrent")
RECEIVING_HAS = ("exclusive_receiving", "receiving_only", "concurrent")


_c = article_cites("nato-sofa", "VII")


# The same seven rights and citations on every decision that states them: built once.
_FAIR_TRIAL_CITES = tuple(_c(9, k) for k, _ in FAIR_TRIAL)
_FAIR_TRIAL_TEXTS = tuple(f"{text} (NATO SOFA Art. VII(9)({k}))" for k, text in FAIR_TRIAL)


def double_jeopardy(
    f: JurisdictionFacts, may_try: list[Side], reasons: list[str], cites: list[Cite]
) -> tuple[Side, ...]:
    t = f.previous_trial
    if t is None:
        return ()
    cites.append(_c(8))
    if t.outcome == "pending":
        reasons.append(
            "A trial by one State is still pending; Art. VII(8) bars a second trial only after acquittal, conviction or pardon."
        )
        return ()
    if not t.same_territory:
        reasons.append(
            "The earlier trial was held in another territory; Art. VII(8) bars a second trial only within the same territory."
        )
        return ()
    other: Side = "receiving_state" if t.by == "sending_state" else "sending_state"
    reasons.append(
        f"The accused was already tried by the {t.by.replace('_', ' ')} ({t.outcome.replace('_', ' ')}): the {other.replace('_', ' ')} may not try him again for the same offence in the same territory (Art. VII(8))."
    )
    if other == "sending_state":
        reasons.append(
            "The sending State may still try a member of its force for a breach of discipline arising from the same act (Art. VII(8))."
        )
    return (other,) if other in may_try else ()


def receiving_state_to_try(
    f: JurisdictionFacts, kind: JurisdictionKind, primary: Primary, barred: tuple[Side, ...]
) -> bool | None:
    if "receiving_state" in barred:
        return False
    if kind in ("exclusive_receiving", "receiving_only"):
        return True
    if kind != "concurrent":
        return False
    if primary == "undetermined":
        return None
    if primary == "receiving_state":
        return not f.primary_state_declines
    return f.primary_state_declines


def duties(
    f: JurisdictionFacts,
    kind: JurisdictionKind,
    primary: Primary,
    to_try: bool | None,
    cites: list[Cite],
) -> tuple[str, ...]:
    a = f.accused
    out: list[str] = []
    if kind == "concurrent" and primary in ("sending_state", "receiving_state"):
        holder, other = ("sending", "receiving") if primary == "sending_state" else ("receiving", "sending")
        if f.primary_state_declines:
            out.append(
                f"The {holder} State, declining to exercise its primary right, must notify the {other} State as soon as practicable (Art. VII(3)(c))."
            )
        if f.waiver_requested:
            out.append(
                f"The {holder} State must give sympathetic consideration to the {other} State's request for a waiver (Art. VII(3)(c))."
            )
        if not (f.primary_state_declines or f.waiver_requested):
            out.append(
                f"Should the {holder} State decide not to exercise its primary right, it must notify the {other} State as "
                f"soon as practicable; it must consider sympathetically any {other}-State request for a waiver (Art. VII(3)(c))."
            )
        cites.append(_c(3, "c"))
    if kind == "concurrent":
        out.append("Both States must notify each other of how the case is disposed of (Art. VII(6)(b)).")
        cites.append(_c(6, "b"))
    if a.arrested_by_receiving_state:
        out.append(
            "The receiving State must promptly notify the sending State's military authorities of the arrest (Art. VII(5)(b))."
        )
        cites.append(_c(5, "b"))
    if a.category != "dependent" and a.in_hands_of == "sending_state":
        if to_try:
            out.append(
                "The accused stays in the sending State's custody until the receiving State charges him (Art. VII(5)(c))."
            )
            cites.append(_c(5, "c"))
        elif to_try is None:
            out.append(
                "If the receiving State comes to try him, the accused, now held by the sending State, stays in its custody until the receiving State charges him (Art. VII(5)(c))."
            )
            cites.append(_c(5, "c"))
    if to_try is None:
        out.append(
            "If the receiving State comes to try him, he has the rights of Art. VII(9): a prompt trial, the charges in advance, confrontation, witnesses, counsel, an interpreter, and a sending-State representative."
        )
        cites.append(_c(9))
    if kind != "none":
        out.append(
            "The States assist each other in arresting the accused and handing him to the State that is to exercise jurisdiction, and with investigation and evidence (Art. VII(5)(a), (6)(a))."
        )
        cites.extend([_c(5, "a"), _c(6, "a")])
    return tuple(out)


def death_sentence(f: JurisdictionFacts, kind: JurisdictionKind, cites: list[Cite]) -> tuple[str, ...]:
    o = f.offence
    rules: list[str] = []
    sending_may = kind in SENDING_MAY and o.sending_state_law_provides_death_penalty
    if sending_may:
        cites.append(_c(7, "a"))
        if o.receiving_state_law_provides_death_penalty_for_similar_case is False:
            rules.append(
                "The sending State may not carry out a death sentence in the receiving State, whose law has no death penalty for a similar case (Art. VII(7)(a))."
            )
        elif o.receiving_state_law_provides_death_penalty_for_similar_case is None:
            rules.append(
                "Whether the sending State may carry out a death sentence in the receiving State depends on whether the receiving State's law provides it for a similar case, which is not stated (Art. VII(7)(a))."
            )
    if f.regime.additional_protocol and kind in RECEIVING_HAS:
        cites.append(cite("pfp-sofa-ap", "I"))
        rules.append(
            "Under the PfP SOFA Additional Protocol, which applies between these States, the receiving State will not carry out a death sentence on the accused, who comes from the other party, where it has jurisdiction under the Agreement (PfP SOFA AP Art. I)."
        )
    if f.regime.additional_protocol and sending_may:
        cites.append(cite("pfp-sofa-ap", "I"))
        rules.append(
            "The Additional Protocol protects persons from another party: it does not reach the sending State's own members, for whom Art. VII(7)(a) decides."
        )
    return tuple(rules)


def trial_rights(to_try: bool | None, cites: list[Cite]) -> tuple[str, ...]:
    """The seven rights, where the receiving State is to try the accused (while that is open, `duties` states
    them as conditional)."""
    if not to_try:
        return ()
    cites.extend(_FAIR_TRIAL_CITES)
    return _FAIR_TRIAL_TEXTS


ENCODED: dict[str, str] = {
    "NATO SOFA Art. VII(3)(c)": "jurisdiction",
    "NATO SOFA Art. VII(5)": "jurisdiction",
    "NATO SOFA Art. VII(6)": "jurisdiction",
    "NATO SOFA Art. VII(7)(a)": "jurisdiction",
    "NATO SOFA Art. VII(8)": "jurisdiction",
    "NATO SOFA Art. VII(9)": "jurisdiction",
    "PfP SOFA AP Art. I": "jurisdiction",
}
NOT_MODELLED: dict[str, str] = {
    "NATO SOFA Art. VII(7)(b)": "Help with carrying out a sending-State prison sentence is a request - needs a "
    "decision by the receiving State's authorities.",
    "NATO SOFA Art. VII(10)": "Military police arrangements are made between the authorities on the ground - "
    "needs a decision by the receiving State's authorities.",
    "NATO SOFA Art. VII(11)": "An undertaking to legislate, not a rule applied to a case.",
}

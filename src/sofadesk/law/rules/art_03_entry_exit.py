"""NATO SOFA Art. III: documents for entry and exit, the absentee report, and removal.

A transit State counts as a receiving State (Art. I(1)(e)), so the same documents serve at every border of a
multi-State transit.

NOT MODELLED
- The receiving State's own entry and departure formalities (III(1)): an input (complied with or not).
- Visa and immigration rules for civilian component members and dependents, who are not exempt: the
  receiving State's law - needs a decision by its immigration authorities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.law.cite import Cite, article_cites, cite
from sofadesk.law.common import Facts, StatesConcerned
from sofadesk.law.finding import Finding
from sofadesk.law.messages import day, literal, msg
from sofadesk.law.tri import Tri

Category = Literal["member_of_force", "civilian_component", "dependent"]


class IdentityCard(Facts):
    issued_by_sending_state: bool = True
    shows_names: bool
    shows_date_of_birth: bool
    shows_rank: bool
    shows_service: bool
    has_photograph: bool
    has_service_number: bool = Field(description="Whether the person has a service number at all.")
    shows_service_number: bool = False


class MovementOrder(Facts):
    kind: Literal["individual", "collective"]
    languages: list[str] = Field(min_length=1, description="ISO 639-1 codes, e.g. ['ru', 'en', 'fr'].")
    issued_by: Literal["sending_state_agency", "nato_agency", "other"]
    certifies_status_and_movement: bool
    countersigned_by_receiving_state: bool = False


class Passport(Facts):
    held: bool
    describes_holder_as_civilian_component_or_dependent: bool = False


class EntryFacts(StatesConcerned):
    category: Category
    receiving_state_is_transit_state: bool = False
    sending_state_languages: list[str] = Field(
        min_length=1, description="Official language(s) of the sending State."
    )
    receiving_state_requires_countersignature: bool = False
    complies_with_entry_formalities: bool | None = Field(
        None, description="The receiving State's formalities (III(1))."
    )
    identity_card: IdentityCard | None = None
    movement_order: MovementOrder | None = None
    passport: Passport | None = None


@dataclass(frozen=True)
class EntryDecision:
    documents_in_order: Tri
    exempt_from_passport_and_visa: bool
    required: tuple[str, ...]
    missing: tuple[str, ...]


_c = article_cites("nato-sofa", "III")


def decide_entry_documents(f: EntryFacts) -> Finding[EntryDecision]:
    cites: list[Cite] = []
    reasons: list[str] = []
    humans: list[str] = []
    if f.receiving_state_is_transit_state:
        cites.append(cite("nato-sofa", "I", 1, "e"))
        reasons.append(
            "The State crossed in transit counts as a receiving State, so the same rules apply at its borders."
        )
    if f.category != "member_of_force":
        cites.append(_c(3))
        required = ("passport describing the holder as a member of the civilian component or a dependent",)
        missing: list[str] = []
        if f.passport is None or not f.passport.held:
            missing.append("passport")
        elif not f.passport.describes_holder_as_civilian_component_or_dependent:
            missing.append("passport entry describing the holder's status")
        reasons.append(
            "Civilian component members and dependents travel on passports that describe them as such; they are not exempt from passport and visa rules."
        )
        humans.append(
            "Visa and immigration requirements: not modelled - needs a decision by the receiving State's immigration authorities under its law."
        )
        return Finding(
            EntryDecision(not missing, False, required, tuple(missing)),
            tuple(cites),
            tuple(reasons),
            tuple(humans),
        )

    cites.extend([_c(1), _c(2, "a"), _c(2, "b")])
    required_list = [
        "personal identity card issued by the sending State (names, date of birth, rank, number if any, service, photograph)",
        "individual or collective movement order in the sending State's language, English and French",
    ]
    missing = []
    card = f.identity_card
    if card is None:
        missing.append("personal identity card")
    else:
        for ok, what in (
            (card.issued_by_sending_state, "identity card issued by the sending State"),
            (card.shows_names, "names on the identity card"),
            (card.shows_date_of_birth, "date of birth on the identity card"),
            (card.shows_rank, "rank on the identity card"),
            (card.shows_service, "service on the identity card"),
            (card.has_photograph, "photograph on the identity card"),
            (not card.has_service_number or card.shows_service_number, "service number on the identity card"),
        ):
            if not ok:
                missing.append(what)
    order = f.movement_order
    if order is None:
        missing.append("movement order")
    else:
        needed = {lang.lower() for lang in f.sending_state_languages} | {"en", "fr"}
        absent = sorted(needed - {lang.lower() for lang in order.languages})
        if absent:
            missing.append(
                msg("movement order language(s): {languages}", languages=literal(", ".join(absent)))
            )
        if order.issued_by == "other":
            missing.append("movement order issued by a sending-State or NATO agency")
        if not order.certifies_status_and_movement:
            missing.append("movement order certifying status as a member of a force and the movement")
        if f.receiving_state_requires_countersignature:
            required_list.append(
                "countersignature of the movement order by the receiving State's representative"
            )
            if not order.countersigned_by_receiving_state:
                missing.append("receiving State's countersignature on the movement order")
    if f.receiving_state_requires_countersignature:
        reasons.append(
            "The receiving State requires movement orders to be countersigned by its representative, as Art. III(2)(b) allows."
        )
    if missing:
        reasons.append(
            "Members of a force need only the identity card and movement order of Art. III(2), shown on demand; on these facts something is missing."
        )
    else:
        reasons.append(
            "The member holds the only documents Art. III(2) allows the receiving State to require."
        )
    in_order: Tri = not missing
    if f.complies_with_entry_formalities is False:
        in_order = False
        reasons.append(
            "The receiving State's entry and departure formalities were not complied with, on which the exemption depends (Art. III(1))."
        )
    elif f.complies_with_entry_formalities is None and not missing:
        in_order = None
        humans.append(
            "The receiving State's own entry and departure formalities: not modelled - needs a decision by its border authorities; the exemption of Art. III(1) depends on them."
        )
    reasons.append(
        "Members of a force are exempt from passport and visa rules, immigration inspection and alien registration, without acquiring any right to residence."
    )
    return Finding(
        EntryDecision(in_order, True, tuple(required_list), tuple(missing)),
        tuple(cites),
        tuple(reasons),
        tuple(humans),
    )


class AbsenteeFacts(Facts):
    category: Literal["member_of_force", "civilian_component"]
    situation: Literal["absent", "left_employment_not_repatriated"]
    since: date = Field(
        description="The first day of absence, counted as day 1 (or the day the person left the sending State's "
        "employ)."
    )
    as_of: date

    @model_validator(mode="after")
    def _order(self) -> AbsenteeFacts:
        if self.as_of < self.since:
            raise ValueError("as_of: earlier than since")
        return self


@dataclass(frozen=True)
class AbsenteeDecision:
    notify_receiving_state: bool
    notify_from: date | None
    days: int  # days of absence up to as_of, both ends counted


def decide_absentee_report(f: AbsenteeFacts) -> Finding[AbsenteeDecision]:
    days = (f.as_of - f.since).days + 1
    if f.situation == "left_employment_not_repatriated":
        return Finding(
            AbsenteeDecision(True, f.since, days),
            (_c(4),),
            (
                "A member who leaves the sending State's employ and is not repatriated must be reported to the receiving State at once, with the particulars it requires.",
            ),
        )
    # "absented himself for more than twenty-one days": `since` is day 1, so the 22nd day of absence - the first
    # on which he has been absent more than twenty-one days - is since + 21 days.
    due = f.since + timedelta(days=21)
    notify = f.as_of >= due
    text = (
        msg(
            "Absent {days} days: more than twenty-one, so the sending State must inform the receiving State.",
            days=days,
        )
        if notify
        else msg(
            "Absent {days} days: the duty to inform the receiving State arises once the absence exceeds twenty-one days, on {due}.",
            days=days,
            due=day(due),
        )
    )
    count = (
        "Days are counted with the first day of absence (since) as day 1; the duty arises on the 22nd day."
    )
    return Finding(AbsenteeDecision(notify, due, days), (_c(4),), (text, count))


class RemovalFacts(Facts):
    person: Literal["member", "former_member", "dependent"]
    measure: Literal["removal_requested", "expulsion_order"]
    national_of_receiving_state: bool
    entered_as_member_or_to_become_one: bool = Field(
        description="For a member or former member: entered as such or to become one; for a dependent: is the "
        "dependent of such a person."
    )


@dataclass(frozen=True)
class RemovalDecision:
    sending_state_must_receive_or_remove: bool


def decide_removal(f: RemovalFacts) -> Finding[RemovalDecision]:
    if f.person == "member" and f.measure != "removal_requested":
        raise ValueError(
            "measure: for a serving member the receiving State requests removal; an expulsion order concerns a former member or a dependent"
        )
    if f.person != "member" and f.measure != "expulsion_order":
        raise ValueError(
            "measure: for a former member or a dependent Art. III(5) speaks of an expulsion order"
        )
    if f.national_of_receiving_state:
        return Finding(
            RemovalDecision(False),
            (_c(5),),
            ("Art. III(5) does not apply to nationals of the receiving State.",),
        )
    if not f.entered_as_member_or_to_become_one:
        return Finding(
            RemovalDecision(False),
            (_c(5),),
            (
                "Art. III(5) covers only persons who entered as members (or to become members) and their dependents.",
            ),
        )
    return Finding(
        RemovalDecision(True),
        (_c(5),),
        (
            "The sending State must take the person back into its territory or otherwise remove them from the receiving State.",
        ),
    )


ENCODED: dict[str, str] = {
    "NATO SOFA Art. III(1)": "entry-documents",
    "NATO SOFA Art. III(2)": "entry-documents",
    "NATO SOFA Art. III(3)": "entry-documents",
    "NATO SOFA Art. III(4)": "absentee-report",
    "NATO SOFA Art. III(5)": "removal",
}
NOT_MODELLED: dict[str, str] = {}

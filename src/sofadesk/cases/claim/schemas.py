"""What a claim holds, and the bodies of the claims API and CLI (the public form's too).  Every text is bounded;
amounts are exact decimals checked against their currency's minor unit when used (money.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sofadesk.cases.bodies import MAX_INT, IsoDate, Strict
from sofadesk.law.common import Certainty, StateCode

Language = Literal["en", "fr", "ru"]
DamageKind = Literal[
    "crops_and_land", "buildings_and_property", "vehicle", "personal_injury", "death", "other"
]
DAMAGE_KINDS: tuple[str, ...] = DamageKind.__args__  # type: ignore[attr-defined]
ClaimantKind = Literal["person", "company", "municipality", "other_body"]
Relation = Literal["none", "member_of_force", "civilian_component", "dependent"]
Amount = Annotated[Decimal, Field(ge=0, max_digits=20, description="Exact decimal, e.g. 1234.50")]
Positive = Annotated[Decimal, Field(gt=0, max_digits=20, description="Exact decimal, e.g. 1234.50")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR")]
Half = Annotated[
    str, Field(pattern=r"^(19[5-9]\d|2[01]\d\d)-H[12]$", description="A half-year, e.g. 2024-H1")
]
Version = Annotated[int, Field(ge=0, le=MAX_INT, description="The version as read (409 if stale).")]
Text4k = Annotated[str, Field(min_length=1, max_length=4000)]


class Claimant(Strict):
    kind: ClaimantKind
    name: str = Field(min_length=1, max_length=200)
    relation: Relation = Field(
        "none",
        description="Whether the claimant is a member of a visiting force or its civilian component, or a "
        "dependent of one, harmed privately (the rules decide what follows).",
    )
    address: str = Field("", max_length=500)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)

    @model_validator(mode="after")
    def _relation(self) -> Claimant:
        if self.relation != "none" and self.kind != "person":
            raise ValueError("relation: only a person is a member, civilian or dependent")
        return self


class Bank(Strict):
    holder: str = Field(min_length=1, max_length=200)
    iban: str = Field(min_length=8, max_length=34, pattern=r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{4,30}$")
    bic: str = Field("", max_length=11, pattern=r"^([A-Z0-9]{8}([A-Z0-9]{3})?)?$")
    bank_name: str = Field("", max_length=200)


class ClaimContent(Strict):
    """What the claimant says: what happened, where, when, who, the damage, the amount asked."""

    receiving_state: StateCode = Field(description="The State where the damage was done.")
    language: Language = "en"
    claimant: Claimant
    occurred_on: IsoDate
    knew_on: IsoDate | None = Field(
        None,
        description="The day the claimant knew a foreign force was involved (default: the day it happened).",
    )
    place: str = Field(min_length=1, max_length=300)
    region: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = Field(min_length=1, max_length=8000)
    damage_kind: DamageKind
    manoeuvre: bool = Field(False, description="Damage done during a manoeuvre or exercise.")
    unit_marks: str | None = Field(None, max_length=300, description="Unit or uniform marks, if known.")
    vehicle_marks: str | None = Field(None, max_length=300, description="Vehicle marks or numbers, if known.")
    amount: Positive
    currency: Currency
    bank: Bank | None = None

    @model_validator(mode="after")
    def _dates(self) -> ClaimContent:
        if self.knew_on is not None and self.knew_on < self.occurred_on:
            raise ValueError("knew_on: earlier than occurred_on")
        return self


class PublicClaim(ClaimContent):
    """The public form: a claim filed without an account."""

    @model_validator(mode="after")
    def _not_future(self) -> PublicClaim:
        if self.occurred_on > date.today():
            raise ValueError("occurred_on: in the future")
        return self


class RouteFacts(Strict):
    """What the receiving State's claims office establishes for the route (NATO SOFA Art. VIII); what is not
    known stays unknown and the answer says what turns on it."""

    act_of: Literal["member_of_force", "civilian_component", "dependent", "unknown"] = "unknown"
    official_duty: Certainty = "unknown"
    force_legally_responsible: bool | None = None
    unauthorised_vehicle_use: Certainty = "no"
    contractual: bool = False
    war_damage: bool = False
    navigation_or_cargo: bool = False
    damage_in_receiving_state: bool = True
    # Cost sharing (VIII(5)(e)): whether the damage is attributable to the States named, and whether the
    # receiving State is itself among those responsible.
    responsibility: Literal["attributable", "not_attributable"] = "attributable"
    receiving_state_responsible: bool = False
    # A claim by a Contracting Party (VIII(1)-(4)).
    harm: Literal["property", "injury_or_death", "salvage"] | None = None
    property_used_by_claimant_armed_services: bool | None = None
    property_owned_by_political_subdivision: bool = False
    property_in_claimant_territory: bool | None = None
    caused_by: (
        Literal["member_or_employee_on_treaty_duties", "service_vehicle_vessel_or_aircraft", "other"] | None
    ) = None
    used_in_connection_with_treaty: bool | None = None
    member_on_official_duty: bool | None = None
    same_incident_party: StateCode | None = None


class ClaimCreate(ClaimContent):
    """A claim entered by the receiving State's claims office (received on paper, or a State's own claim)."""

    claimant_state: StateCode | None = Field(
        None,
        description="For a claim by a Contracting Party (NATO SOFA Art. VIII(1)-(4)): which State claims.",
    )
    received_on: IsoDate | None = Field(None, description="The day it was received (default: today).")
    office: str | None = Field(None, max_length=40)
    incident_id: int | None = Field(None, ge=1, le=MAX_INT)
    sending_states: list[StateCode] = Field(default_factory=list, max_length=10)
    facts: RouteFacts | None = None

    @model_validator(mode="after")
    def _states(self) -> ClaimCreate:
        if len(set(self.sending_states)) != len(self.sending_states):
            raise ValueError("sending_states: a State is listed twice")
        if self.receiving_state in self.sending_states:
            raise ValueError("sending_states: the receiving State is not a sending State")
        return self


class RegisterBody(Strict):
    received_on: IsoDate | None = Field(None, description="The day it was received (default: today).")
    office: str | None = Field(None, max_length=40)
    version: Version


class RouteBody(Strict):
    sending_states: list[StateCode] = Field(min_length=1, max_length=10)
    facts: RouteFacts = Field(default_factory=RouteFacts)
    version: Version

    @model_validator(mode="after")
    def _unique(self) -> RouteBody:
        if len(set(self.sending_states)) != len(self.sending_states):
            raise ValueError("sending_states: a State is listed twice")
        return self


class AssignBody(Strict):
    office: str = Field(min_length=1, max_length=40)
    version: Version


class IncidentBody(Strict):
    incident_id: int = Field(ge=1, le=MAX_INT)
    version: Version


class DatedStep(Strict):
    on: IsoDate | None = Field(None, description="Default: today.")
    version: Version


class NoticeAnswerBody(Strict):
    evidence: Text4k
    duty_certificate: Literal["on_duty", "off_duty", "not_certified"] = "not_certified"
    certificate_on: IsoDate | None = None
    certificate_by: str | None = Field(None, max_length=200)
    on: IsoDate | None = None
    version: Version = Field(description="The notice answer's version as read (409 if stale).")


class RecordBody(Strict):
    own_reference: str | None = Field(None, max_length=60)
    note: str | None = Field(None, max_length=4000)


class ReferBody(Strict):
    question: Literal["official_duty", "vehicle_use", "liability", "distribution"]
    note: str | None = Field(None, max_length=4000)
    on: IsoDate | None = None
    version: Version


class AwardBody(Strict):
    dispute: int = Field(ge=1, le=MAX_INT, description="The referral's id.")
    outcome: Literal["yes", "no", "amount", "agreed"] = Field(
        description="official_duty / vehicle_use: yes or no (was it on duty / unauthorised); liability: amount; "
        "distribution: agreed."
    )
    award_text: Text4k
    amount: Amount | None = None
    currency: Currency | None = None
    on: IsoDate | None = None
    version: Version


class AdjudicateBody(Strict):
    amount: Amount = Field(description="The amount awarded; 0 rejects the claim.")
    currency: Currency
    legal_basis: Text4k
    on: IsoDate
    version: Version


class PaymentBody(Strict):
    amount: Positive
    currency: Currency
    on: IsoDate
    note: str | None = Field(None, max_length=4000)
    version: Version


class PayBody(PaymentBody):
    proposal_on: IsoDate | None = Field(
        None,
        description="The day the particulars and proposed distribution are communicated to the sending "
        "State(s) (VIII(5)(d)); default: the day of payment.",
    )


class JudgmentBody(Strict):
    court: str = Field(min_length=1, max_length=300)
    amount: Amount
    currency: Currency
    on: IsoDate
    final: bool = True
    version: Version


class ShareAnswerBody(Strict):
    decision: Literal["accepted", "contested"]
    note: str | None = Field(None, max_length=4000)
    on: IsoDate | None = Field(None, description="The day of the reply (default: today).")
    version: Version = Field(description="The share decision's version as read (409 if stale).")

    @model_validator(mode="after")
    def _reason(self) -> ShareAnswerBody:
        if self.decision == "contested" and not (self.note and self.note.strip()):
            raise ValueError("note: say why the share is contested")
        return self


class ReproposeBody(Strict):
    sending_states: list[StateCode] | None = Field(None, min_length=1, max_length=10)
    responsibility: Literal["attributable", "not_attributable"] = "attributable"
    receiving_state_responsible: bool = False
    proposal_on: IsoDate | None = None
    version: Version


class AssessBody(Strict):
    amount: Amount
    currency: Currency
    report: Text4k
    on: IsoDate | None = None
    version: Version


class OfferBody(Strict):
    amount: Amount = Field(description="0: no ex gratia payment is offered.")
    currency: Currency
    note: str | None = Field(None, max_length=4000)
    on: IsoDate | None = None
    version: Version = Field(description="The offer decision's version as read (409 if stale).")


class ClaimantAnswerBody(Strict):
    answer: Literal["accepted", "refused"]
    on: IsoDate | None = None
    version: Version


class ClaimCloseBody(Strict):
    reason: str | None = Field(None, max_length=4000)
    version: Version


class ReasonedBody(Strict):
    reason: Text4k
    version: Version


class StatementIssue(Strict):
    sending_state: StateCode
    half: Half
    currency: Currency | None = None
    on: IsoDate | None = Field(None, description="The day it is issued (default: today).")


class ReimbursementBody(Strict):
    amount: Positive
    currency: Currency
    on: IsoDate
    note: str | None = Field(None, max_length=4000)


# --- configuration ------------------------------------------------------------------------------------------


class Source(Strict):
    source_title: str = Field(min_length=1, max_length=1000)
    source_url: str | None = Field(None, max_length=1000, pattern=r"^https?://\S+$")
    note: str | None = Field(None, max_length=4000)


def _everything() -> list[DamageKind | Literal["*", "manoeuvre"]]:
    return ["*"]


class OfficeBody(Strict):
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(None, max_length=1000)
    regions: list[Annotated[str, Field(max_length=40, pattern=r"^[A-Za-z0-9_.*-]+$")]] = Field(
        default_factory=lambda: ["*"], min_length=1, max_length=200
    )
    damage_kinds: list[DamageKind | Literal["*", "manoeuvre"]] = Field(
        default_factory=_everything, min_length=1, max_length=10
    )
    note: str | None = Field(None, max_length=4000)


class ClockBody(Source):
    label: str = Field(min_length=1, max_length=200)
    runs_from: Literal["knowledge", "occurrence", "receipt", "decision"]
    months: int = Field(0, ge=0, le=240)
    days: int = Field(0, ge=0, le=3650)
    kind: Literal["deadline", "opens"] = "deadline"
    damage_kinds: list[DamageKind | Literal["*", "manoeuvre"]] = Field(
        default_factory=_everything, min_length=1, max_length=10
    )
    effect: str = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _length(self) -> ClockBody:
        if not self.months and not self.days:
            raise ValueError("months: a clock runs for some months or days")
        return self


class PeriodBody(Source):
    notice_days: int = Field(ge=1, le=3650)
    answer_days: int = Field(ge=1, le=3650)


class RateBody(Source):
    party: StateCode = Field(description="The party whose Art. VIII(2)(f) amount this converts.")
    from_currency: Currency
    to_currency: Currency
    rate: Positive = Field(description="Units of to_currency for one unit of from_currency.")
    valid_from: IsoDate
    valid_until: IsoDate | None = None
    agreed_by: str = Field(min_length=1, max_length=200, description="Who agreed it, e.g. 'DEU and USA'.")

    @model_validator(mode="after")
    def _dates(self) -> RateBody:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until: earlier than valid_from")
        if self.from_currency == self.to_currency:
            raise ValueError("to_currency: the same as from_currency")
        return self

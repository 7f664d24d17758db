"""What an incident report holds and the bodies of each step (API, CLI files and pages alike).  Every model is
strict: an unknown field is an error naming it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from sofadesk.cases.bodies import MAX_INT, IsoDate, Strict, UtcDateTime
from sofadesk.law.common import StateCode

OffenceType = Literal[
    "traffic",
    "drink_driving",
    "homicide",
    "assault",
    "rape",
    "sexual_other",
    "robbery",
    "theft",
    "property_damage",
    "drugs",
    "security",
    "disorder",
    "other",
]
OFFENCE_TYPES: tuple[str, ...] = OffenceType.__args__  # type: ignore[attr-defined]
# What an offence harmed besides the persons listed as victims (Art. VII(3)(a)(i) asks whether it was solely
# against the sending State's property or security, or its force's people).
Harm = Literal[
    "sending_state_property",
    "sending_state_security",
    "receiving_state_property",
    "third_party_property",
    "public_order",
]
PersonRole = Literal["suspect", "victim", "witness"]
# A victim's or witness's category, relative to the sending State's force.
Category = Literal["member_of_force", "civilian_component", "dependent", "third_party", "unknown"]
Service = Literal["armed_services", "civilian_employee", "spouse", "child", "local_hire", "other"]
ThirdState = Literal["north_atlantic_treaty_party", "partnership_for_peace_state", "other_state"]
Text = str

VERSION = Field(
    default=None, ge=0, le=MAX_INT, description="The incident's version as read; a stale one gets 409."
)


class SuspectFacts(Strict):
    """What NATO SOFA Art. I needs to find a suspect's status; a fact left out is unknown, and the finding
    says what turns on it."""

    service: Service = Field(
        description="armed_services (a serviceman), civilian_employee, spouse or child of "
        "a member, local_hire (Art. IX(4)), other."
    )
    in_receiving_state_on_official_duty: bool | None = Field(
        default=None, description="For armed-services personnel: present in connection with official duties."
    )
    accompanying_the_force: bool | None = None
    employed_by_sending_state_armed_service: bool | None = None
    spouse_or_parent_status: Literal["member_of_force", "civilian_component", "none"] | None = None
    child_depends_on_member_for_support: bool | None = None
    nationality: StateCode | None = Field(default=None, description="ISO 3166-1 alpha-3; omit if stateless.")
    third_state_nationality: ThirdState | None = Field(
        default=None,
        description="Where the nationality is neither State's: which kind of State it is (Art. I(1)(b)).",
    )
    stateless: bool = False
    ordinarily_resident_in_receiving_state: bool = False
    subject_to_sending_state_military_law: bool | None = Field(
        default=None, description="Art. VII(1)(a); taken as true for a member of the force when omitted."
    )


class PersonBody(Strict):
    role: PersonRole
    category: Category = Field(
        default="unknown",
        description="For victims and witnesses; a suspect's category is found from `facts` (Art. I).",
    )
    name: str | None = Field(default=None, max_length=200)
    identifier: str | None = Field(
        default=None, max_length=100, description="Service number, passport or ID number."
    )
    date_of_birth: IsoDate | None = None
    notes: str | None = Field(default=None, max_length=2000)
    facts: SuspectFacts | None = None

    @model_validator(mode="after")
    def _suspect_facts(self) -> PersonBody:
        if self.role == "suspect" and self.facts is None:
            raise ValueError("facts: a suspect needs the facts Art. I asks for (service, nationality, ...)")
        return self


class OffenceBody(Strict):
    description: str = Field(min_length=1, max_length=1000)
    type: OffenceType
    harmed: list[Harm] = Field(default_factory=list, max_length=5)
    minor: bool = Field(default=False, description="A minor offence: a trial observer need not be a lawyer.")


class LawStatementBody(Strict):
    """A State's legal adviser on its own law (Art. VII(1)-(2))."""

    punishable: bool
    security_offence: bool = Field(
        default=False, description="An offence relating to the State's security (VII(2)(c))."
    )
    death_penalty_possible: bool = False
    provision: str | None = Field(default=None, max_length=300, description="e.g. 'StGB s. 229'.")
    version: int | None = VERSION


class IncidentReport(Strict):
    """Body of POST /incidents and the YAML file of `sofadesk incident create`."""

    sending_state: StateCode
    receiving_state: StateCode
    occurred_at: UtcDateTime = Field(description="UTC; a time given without an offset is taken as UTC.")
    place: str = Field(min_length=1, max_length=300)
    summary: str = Field(min_length=1, max_length=8000)
    police_reference: str | None = Field(default=None, max_length=100)
    prosecutor_reference: str | None = Field(default=None, max_length=100)
    offence: OffenceBody
    persons: list[PersonBody] = Field(default_factory=list, max_length=50)
    own_law: LawStatementBody | None = Field(
        default=None, description="The reporting State's statement on its own law."
    )

    @model_validator(mode="after")
    def _states(self) -> IncidentReport:
        if self.sending_state == self.receiving_state:
            raise ValueError("receiving_state: must differ from sending_state")
        return self


class ReportUpdate(Strict):
    version: int | None = VERSION
    occurred_at: UtcDateTime | None = None
    place: str | None = Field(default=None, min_length=1, max_length=300)
    summary: str | None = Field(default=None, min_length=1, max_length=8000)
    police_reference: str | None = Field(default=None, max_length=100)
    prosecutor_reference: str | None = Field(default=None, max_length=100)
    offence: OffenceBody | None = None


class PersonUpdate(PersonBody):
    version: int | None = VERSION


class CertificateBody(Strict):
    on_duty: bool = Field(description="true: done in performance of official duty; false: it was not.")
    signed_by: str = Field(min_length=1, max_length=200, description="The certifying official and office.")
    signed_on: IsoDate
    statement: str | None = Field(default=None, max_length=4000)
    version: int | None = VERSION


class CertificateAnswerBody(Strict):
    answer: Literal["accepted", "contested"]
    note: str | None = Field(default=None, max_length=4000)
    version: int | None = VERSION

    @model_validator(mode="after")
    def _reasons(self) -> CertificateAnswerBody:
        if self.answer == "contested" and not (self.note and self.note.strip()):
            raise ValueError("note: the reasons for contesting the certificate are required")
        return self


class DutyOutcomeBody(Strict):
    outcome: Literal["on_duty", "off_duty"]
    decided_by: str = Field(min_length=1, max_length=300, description="Who decided, e.g. the two ministries.")
    note: str | None = Field(default=None, max_length=4000)
    version: int | None = VERSION


class PrimaryDecisionBody(Strict):
    decision: Literal["exercised", "waived"]
    note: str | None = Field(default=None, max_length=4000)
    version: int | None = VERSION


class CaseNoticeBody(Strict):
    notified_on: IsoDate | None = Field(default=None, description="Defaults to today.")
    version: int | None = VERSION


class StatementBody(Strict):
    statement: str = Field(min_length=1, max_length=4000)
    version: int | None = VERSION


class WaiverRequestBody(Strict):
    reasons: str = Field(min_length=1, max_length=4000)
    version: int | None = VERSION


class WaiverAnswerBody(Strict):
    answer: Literal["granted", "refused"]
    reasons: str = Field(min_length=1, max_length=4000)
    version: int | None = VERSION


class ArrestBody(Strict):
    person: int = Field(ge=1, le=1000, description="The person's number in the case.")
    at: UtcDateTime
    place: str | None = Field(default=None, max_length=300)
    version: int | None = VERSION


class NoticeBody(Strict):
    at: UtcDateTime | None = Field(
        default=None, description="When the notification was given; defaults to now."
    )
    version: int | None = VERSION


class CustodyRequestBody(Strict):
    person: int = Field(ge=1, le=1000)
    reasons: str = Field(min_length=1, max_length=4000)
    version: int | None = VERSION


class CustodyAnswerBody(Strict):
    request: int = Field(ge=1, le=1000)
    answer: Literal["granted", "refused"]
    note: str | None = Field(default=None, max_length=4000)
    version: int | None = VERSION


class VisitBody(Strict):
    person: int = Field(ge=1, le=1000)
    visited_on: IsoDate
    note: str | None = Field(default=None, max_length=2000)
    version: int | None = VERSION


class EndCustodyBody(Strict):
    person: int = Field(ge=1, le=1000)
    reason: Literal["released", "acquitted", "sentence_started"]
    at: UtcDateTime | None = None
    version: int | None = VERSION


class TrialBody(Strict):
    person: int = Field(ge=1, le=1000)
    kind: Literal["criminal", "disciplinary"] = "criminal"
    court: str = Field(min_length=1, max_length=300)
    charges: str = Field(min_length=1, max_length=4000)
    charged_on: IsoDate
    hearings: list[IsoDate] = Field(default_factory=list, max_length=50)
    in_receiving_state_territory: bool = True
    version: int | None = VERSION


CHECKLIST = (
    "prompt_trial",
    "charges_in_advance",
    "confrontation",
    "witnesses",
    "counsel",
    "interpreter",
    "representative",
)
ChecklistItem = Literal[
    "prompt_trial",
    "charges_in_advance",
    "confrontation",
    "witnesses",
    "counsel",
    "interpreter",
    "representative",
]


class ChecklistEntry(Strict):
    met: Literal["yes", "no", "not_applicable"]
    note: str | None = Field(default=None, max_length=1000)


class ObservationBody(Strict):
    trial: int = Field(ge=1, le=1000)
    observer: int = Field(ge=1, le=MAX_INT, description="The observer's id in the sending State's roster.")
    checklist: dict[ChecklistItem, ChecklistEntry] = Field(max_length=7)
    version: int | None = VERSION


Sentence = Literal["none", "fine", "suspended_confinement", "confinement", "death", "other"]


class VerdictBody(Strict):
    trial: int = Field(ge=1, le=1000)
    outcome: Literal["acquitted", "convicted", "dropped", "pardoned"]
    sentence: Sentence = "none"
    detail: str | None = Field(default=None, max_length=2000)
    verdict_on: IsoDate
    version: int | None = VERSION

    @model_validator(mode="after")
    def _sentence(self) -> VerdictBody:
        if self.outcome == "convicted" and self.sentence == "none":
            raise ValueError("sentence: a conviction needs its sentence (fine, confinement, ...)")
        if self.outcome != "convicted" and self.sentence != "none":
            raise ValueError("sentence: only a conviction has a sentence")
        return self


class IncidentCloseBody(Strict):
    disposition: str = Field(
        min_length=1, max_length=4000, description="How the case was disposed of (VII(6)(b))."
    )
    version: int | None = VERSION


class SettingsBody(Strict):
    """A State's configuration for incidents (not law): time limits in its working days, retention in days."""

    contest_working_days: int = Field(default=10, ge=0, le=120)
    waiver_answer_working_days: int = Field(default=10, ge=0, le=120)
    arrest_notice_working_days: int = Field(default=1, ge=0, le=30)
    custody_answer_working_days: int = Field(default=5, ge=0, le=120)
    retention_days: int = Field(default=1826, ge=1, le=36500)


class WaiverPracticeBody(Strict):
    advance_waiver: bool = True
    recall_days: int = Field(default=21, ge=0, le=365)
    recall_likely: list[OffenceType] = Field(default_factory=list, max_length=13)
    source: str = Field(min_length=1, max_length=500, description="Where the practice comes from.")


class ObserverBody(Strict):
    name: str = Field(min_length=1, max_length=200)
    lawyer: bool
    active: bool = True


def today_or(value: date | None) -> date:
    from sofadesk.audit.chain import now

    return value or now().date()

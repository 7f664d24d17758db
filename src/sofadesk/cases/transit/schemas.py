"""What a transit request holds (TransitContent), and the API's create/read/decide bodies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sofadesk.law.common import StateCode
from sofadesk.law.rules.art_11_customs import ItemKind

Mode = Literal["road", "rail", "air", "sea"]
Purpose = Literal["exercise", "training", "transit_to_operation", "other"]
Category = Literal["member_of_force", "civilian_component", "dependent"]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code")]


MAX_INT = 2**31 - 1  # PostgreSQL integer: larger values are refused as input, never a database error


def _no_nul(value: object, path: str = "") -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"{path or 'value'}: contains a NUL character")
    if isinstance(value, dict):
        for k, v in value.items():
            _no_nul(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_nul(v, f"{path}.{i}" if path else str(i))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: object) -> object:
        # Text with NUL characters cannot be stored (PostgreSQL) and is never meaningful here.
        _no_nul(data)
        return data


class DangerousGoods(Strict):
    un_number: str = Field(pattern=r"^UN\d{4}$", examples=["UN0012"])
    proper_shipping_name: str = Field(min_length=1, max_length=200)
    hazard_class: str = Field(pattern=r"^[1-9](\.[1-6])?[A-S]?$", examples=["1.4S", "3"])
    packing_group: Literal["I", "II", "III"] | None = None
    net_explosive_quantity_kg: Decimal | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _explosives_need_neq(self) -> DangerousGoods:
        if self.hazard_class.startswith("1") and self.net_explosive_quantity_kg is None:
            raise ValueError("net_explosive_quantity_kg: required for Class 1 (explosives)")
        return self


class Leg(Strict):
    state: StateCode
    entry_point: str = Field(min_length=1, max_length=200)
    exit_point: str = Field(min_length=1, max_length=200)
    planned_entry: datetime
    planned_exit: datetime
    mode: Mode
    customs_notified_in_advance: bool = False
    dangerous_goods: list[DangerousGoods] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _times(self) -> Leg:
        if self.planned_exit < self.planned_entry:
            raise ValueError("planned_exit: earlier than planned_entry")
        return self


class Person(Strict):
    full_name: str = Field(min_length=1, max_length=200)
    category: Category
    date_of_birth: date | None = None
    rank: str | None = Field(None, max_length=60)
    service: str | None = Field(None, max_length=60)
    service_number: str | None = Field(None, max_length=60)
    identity_card_number: str | None = Field(None, max_length=60)
    photo_on_identity_card: bool = False
    passport_number: str | None = Field(None, max_length=60)
    passport_describes_status: bool = False


class EquipmentLine(Strict):
    description: str = Field(min_length=1, max_length=300)
    kind: ItemKind
    quantity: int = Field(1, ge=1, le=MAX_INT)
    serial_number: str | None = Field(None, max_length=100)
    temporarily_imported: bool = True
    for_exclusive_use_of_force: bool = True


class ArmsLine(Strict):
    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(ge=1, le=MAX_INT)
    ammunition_rounds: int = Field(0, ge=0, le=MAX_INT)
    authorised_by_orders: bool = True


class MovementOrder(Strict):
    kind: Literal["individual", "collective"] = "collective"
    languages: list[Language] = Field(min_length=1)
    issued_by: Literal["sending_state_agency", "nato_agency", "other"] = "sending_state_agency"
    countersigned_by: list[StateCode] = Field(default_factory=list)


class Unit(Strict):
    name: str = Field(min_length=1, max_length=200)
    regularly_constituted: bool = True


class TransitContent(Strict):
    purpose: Purpose
    modes: list[Mode] = Field(min_length=1)
    unit: Unit
    sending_state_languages: list[Language] = Field(min_length=1)
    movement_order: MovementOrder
    certificate_deposited: bool = Field(
        False, description="Art. XI(4) certificate (Form 302) for the equipment."
    )
    legs: list[Leg] = Field(min_length=1, max_length=20)
    personnel: list[Person] = Field(default_factory=list, max_length=20000)
    equipment: list[EquipmentLine] = Field(default_factory=list, max_length=20000)
    arms: list[ArmsLine] = Field(default_factory=list, max_length=5000)

    @model_validator(mode="after")
    def _ordered_legs(self) -> TransitContent:
        for i, (a, b) in enumerate(zip(self.legs, self.legs[1:], strict=False), start=1):
            if b.planned_entry < a.planned_exit:
                raise ValueError(f"legs.{i}.planned_entry: before the previous leg's planned_exit")
        for i, leg in enumerate(self.legs):
            if leg.mode not in self.modes:
                raise ValueError(f"legs.{i}.mode: {leg.mode!r} is not among the request's modes")
        return self


class TransitCreate(TransitContent):
    """Body of POST /transits: the content; the sending State is the requester's own."""


class DecisionBody(Strict):
    decision: Literal["approved", "approved_with_conditions", "more_information", "denied"]
    note: str | None = Field(None, max_length=4000)
    version: int = Field(
        ge=0, le=MAX_INT, description="The decision's version as read; a stale version is refused with 409."
    )

    @model_validator(mode="after")
    def _reasons(self) -> DecisionBody:
        if self.decision != "approved" and not (self.note and self.note.strip()):
            raise ValueError("note: conditions, questions or reasons are required for this decision")
        return self


class CrossingBody(Strict):
    state: StateCode
    kind: Literal["entered", "left"]
    at: datetime
    point: str = Field(min_length=1, max_length=200)


class NoticeRuleBody(Strict):
    lead_time_working_days: int = Field(ge=0, le=120)
    requires_countersignature: bool = False
    restrictions: list[dict[Literal["code", "text"], str]] = Field(default_factory=list, max_length=50)


class ReasonBody(Strict):
    reason: str = Field(min_length=1, max_length=4000)

"""What a transit request holds (TransitContent), and the API's create/read/decide bodies."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sofadesk.cases.bodies import MAX_INT, Strict, UtcDateTime
from sofadesk.cases.force import ForceManifest
from sofadesk.law.common import StateCode

Mode = Literal["road", "rail", "air", "sea"]
Purpose = Literal["exercise", "training", "transit_to_operation", "other"]


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
    planned_entry: UtcDateTime = Field(description="UTC; a time given without an offset is taken as UTC.")
    planned_exit: UtcDateTime = Field(description="UTC; a time given without an offset is taken as UTC.")
    mode: Mode
    customs_notified_in_advance: bool = False
    dangerous_goods: list[DangerousGoods] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _times(self) -> Leg:
        if self.planned_exit < self.planned_entry:
            raise ValueError("planned_exit: earlier than planned_entry")
        return self


class TransitContent(ForceManifest):
    purpose: Purpose
    modes: list[Mode] = Field(min_length=1)
    legs: list[Leg] = Field(min_length=1, max_length=20)

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
    at: UtcDateTime = Field(description="UTC; a time given without an offset is taken as UTC.")
    point: str = Field(min_length=1, max_length=200)


class NoticeRuleBody(Strict):
    lead_time_working_days: int = Field(ge=0, le=120)
    requires_countersignature: bool = False
    restrictions: list[dict[Literal["code", "text"], Annotated[str, Field(max_length=1000)]]] = Field(
        default_factory=list, max_length=50
    )


class ContentUpdate(Strict):
    """A draft's new content, or an amendment, with the version the user read."""

    version: int = Field(ge=0, le=MAX_INT)
    content: TransitContent

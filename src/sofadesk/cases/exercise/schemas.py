"""What an exercise plan holds, and the bodies of the exercise API and CLI."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sofadesk.cases.bodies import MAX_INT, IsoDate, Strict
from sofadesk.cases.force import ForceManifest
from sofadesk.cases.transit.schemas import Leg, Mode
from sofadesk.law.common import StateCode

Purpose = Literal["exercise", "training", "search_and_rescue", "disaster_relief"]
MAX_DAYS = 366  # an exercise longer than a year is a deployment, not an exercise


class Booking(Strict):
    area: str = Field(min_length=1, max_length=40, description="Code of one of the host's training areas.")
    first_day: IsoDate
    last_day: IsoDate
    planned_persons: int = Field(ge=1, le=MAX_INT)

    @model_validator(mode="after")
    def _days(self) -> Booking:
        if self.last_day < self.first_day:
            raise ValueError("last_day: earlier than first_day")
        return self


class ExercisePlan(Strict):
    name: str = Field(min_length=1, max_length=200)
    purpose: Purpose
    starts_on: IsoDate
    ends_on: IsoDate
    description: str = Field("", max_length=4000)
    locations: list[Booking] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _dates(self) -> ExercisePlan:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on: earlier than starts_on")
        if (self.ends_on - self.starts_on).days + 1 > MAX_DAYS:
            raise ValueError(f"ends_on: an exercise lasts at most {MAX_DAYS} days")
        for i, b in enumerate(self.locations):
            if b.first_day < self.starts_on or b.last_day > self.ends_on:
                raise ValueError(f"locations.{i}: booked outside the exercise's dates")
        return self


class PlanUpdate(Strict):
    plan: ExercisePlan
    version: int = Field(ge=0, le=MAX_INT)


class InviteBody(Strict):
    states: list[StateCode] = Field(min_length=1, max_length=60)
    version: int = Field(ge=0, le=MAX_INT, description="The exercise's version as read.")


class ResponseBody(Strict):
    answer: Literal["accepted", "declined"]
    note: str | None = Field(None, max_length=4000)
    version: int = Field(ge=0, le=MAX_INT, description="The invitation's version as read (409 if stale).")

    @model_validator(mode="after")
    def _reason(self) -> ResponseBody:
        if self.answer == "declined" and not (self.note and self.note.strip()):
            raise ValueError("note: a reason is required to decline")
        return self


class ContingentBody(ForceManifest):
    """The contingent a participating State registers: the same person, equipment and arms model as a
    transit request, so the same Art. III and Art. XI checks apply."""


class DischargeLine(Strict):
    line: int = Field(ge=1, le=MAX_INT, description="Certificate line number.")
    re_exported: int = Field(0, ge=0, le=MAX_INT)
    declared: int = Field(0, ge=0, le=MAX_INT, description="Consumed, destroyed or disposed of and declared.")
    declaration: str | None = Field(None, max_length=1000)

    @model_validator(mode="after")
    def _declared_needs_text(self) -> DischargeLine:
        if self.declared and not (self.declaration and self.declaration.strip()):
            raise ValueError(
                "declaration: say what happened to the quantity declared (consumed, destroyed, sold with duty paid...)"
            )
        return self


class DischargeBody(Strict):
    """What has left again (re-exported) or been declared, per certificate line: running totals, not increments."""

    lines: list[DischargeLine] = Field(min_length=1, max_length=20000)
    version: int = Field(ge=0, le=MAX_INT, description="The certificate's version as read (409 if stale).")


class ReportBody(Strict):
    report: str = Field(min_length=1, max_length=20000)


class TrainingAreaBody(Strict):
    name: str = Field(min_length=1, max_length=200)
    capacity_persons: int = Field(ge=1, le=MAX_INT)


class TransitFromContingent(Strict):
    """A transit request to reach the host, built from the registered contingent: only the route is new."""

    modes: list[Mode] = Field(min_length=1)
    legs: list[Leg] = Field(min_length=1, max_length=20)

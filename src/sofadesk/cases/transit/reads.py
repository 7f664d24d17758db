"""What services return about transits: the typed shapes the API, the pages and the CLI all use."""

from __future__ import annotations

from pydantic import BaseModel, Field

from sofadesk.cases.core.reads import Page, SlotRead
from sofadesk.cases.transit.schemas import TransitContent


class CrossingRead(BaseModel):
    state: str
    kind: str
    at: str
    point: str


class TransitRead(BaseModel):
    id: int
    reference: str
    sending_state: str
    status: str
    revision: int
    latest_revision: int
    version: int
    first_entry: str
    last_exit: str
    created_at: str
    updated_at: str
    content: TransitContent
    decisions: list[SlotRead]
    crossings: list[CrossingRead]
    exercise_id: int | None = Field(None, description="The exercise this transit brings a contingent to.")


class TransitSummary(BaseModel):
    id: int
    reference: str
    sending_state: str
    status: str
    revision: int
    first_entry: str
    last_exit: str


class TransitList(Page[TransitSummary]):
    """A page of the transits a State may see."""


class OverdueRead(BaseModel):
    transit: int
    reference: str
    due_on: str | None
    first_entry: str

"""Request-body basics shared by every case kind: strict models (unknown fields refused, no NUL characters),
integer bounds the databases can hold, and the reason body of withdrawals and cancellations."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

MAX_INT = 2**31 - 1  # PostgreSQL integer: larger values are refused as input, never a database error


def _utc(value: datetime) -> datetime:
    """Times in cases are UTC: one given without an offset is taken as UTC, one with an offset is converted.
    They are returned with their offset ("...Z"), as the schema's date-time format says."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_utc)]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # Pydantic would also take a number as a Unix time (0 -> 1970-01-01); a date here is written YYYY-MM-DD.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD, e.g. 2009-06-01")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day)]


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
    # Each text field states its own bound; this one catches any that does not (after-action reports, the
    # longest text a case holds, are 20,000 characters).
    model_config = ConfigDict(extra="forbid", str_max_length=20000)

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: object) -> object:
        # Text with NUL characters cannot be stored (PostgreSQL) and is never meaningful here.
        _no_nul(data)
        return data


class ReasonBody(Strict):
    reason: str = Field(min_length=1, max_length=4000)


class VersionBody(Strict):
    """A step that changes nothing but the case's state carries the version the user read."""

    version: int = Field(ge=0, le=MAX_INT)

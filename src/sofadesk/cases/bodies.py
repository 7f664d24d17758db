"""Request-body basics shared by every case kind: strict models (unknown fields refused, no NUL characters),
integer bounds the databases can hold, and the reason body of withdrawals and cancellations."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class ReasonBody(Strict):
    reason: str = Field(min_length=1, max_length=4000)

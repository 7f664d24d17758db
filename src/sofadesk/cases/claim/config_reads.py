"""What the claims configuration services return: offices, national clocks, periods, conversion rates and
thresholds, each as the receiving State configured it (see config.py)."""

from __future__ import annotations

from pydantic import BaseModel


class OfficeRead(BaseModel):
    state: str
    code: str
    name: str
    address: str | None
    regions: list[str]
    damage_kinds: list[str]
    note: str | None


class ConfiguredClockRead(BaseModel):
    state: str
    code: str
    label: str
    runs_from: str
    months: int
    days: int
    kind: str
    damage_kinds: list[str]
    effect: str
    source_title: str
    source_url: str | None
    note: str | None
    basis: str


class PeriodRead(BaseModel):
    receiving_state: str
    sending_state: str
    notice_days: int
    answer_days: int
    source_title: str
    source_url: str | None
    note: str | None
    basis: str


class RateRead(BaseModel):
    id: int
    party: str
    from_currency: str
    to_currency: str
    rate: str
    valid_from: str
    valid_until: str | None
    agreed_by: str
    source_title: str
    source_url: str | None
    note: str | None


class ThresholdRead(BaseModel):
    """A party's Art. VIII(2)(f) amount as the rules hold it, and the rates recorded for converting it."""

    party: str
    amount: str
    currency: str
    replaced_by_euro: bool
    rates: list[RateRead]
    euro_fixed_rate: str | None
    note: str

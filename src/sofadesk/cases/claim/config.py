"""The claims offices' configuration: competent offices by region and kind of damage, national clocks (periods
set by national implementing law), notice and answer periods per pair of States, and the conversion rates the
parties agreed for the Art. VIII(2)(f) amounts.  Each State's administrator keeps its own; everything is
configuration with its source, shown as such, never as the Agreement.  A rate without a source is refused:
unknown stays unknown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.audit.writer import append
from sofadesk.cases.claim.config_reads import (
    ConfiguredClockRead,
    OfficeRead,
    PeriodRead,
    RateRead,
    ThresholdRead,
)
from sofadesk.cases.claim.models import ClaimClockRow, ClaimOfficeRow, ClaimPeriodRow, ClaimRateRow
from sofadesk.cases.claim.schemas import ClockBody, OfficeBody, PeriodBody, RateBody
from sofadesk.errors import Forbidden, Invalid, NotFound

NATIONAL = "national implementing law (configuration of the receiving State, not the Agreement)"
BILATERAL = "arrangement between the two States (configuration, not the Agreement)"
CODE = r"^[A-Za-z0-9_.-]{1,40}$"


def _admin(user: CurrentUser) -> None:
    user.require("administrator")


def _known_state(session: Session, state: str, field: str) -> None:
    from sofadesk.db.models import StateRow

    if session.get(StateRow, state) is None:
        raise Invalid(field, f"{state!r} is not an ISO 3166-1 alpha-3 code we know")


def office_read(o: ClaimOfficeRow) -> OfficeRead:
    return OfficeRead(
        state=o.state_code,
        code=o.code,
        name=o.name,
        address=o.address,
        regions=list(o.regions),
        damage_kinds=list(o.damage_kinds),
        note=o.note,
    )


def set_office(session: Session, user: CurrentUser, code: str, body: OfficeBody) -> OfficeRead:
    """Record or update one of the user's own State's competent claims offices."""
    _admin(user)
    row = session.get(ClaimOfficeRow, (user.state, code)) or ClaimOfficeRow(state_code=user.state, code=code)
    row.name, row.address, row.regions, row.damage_kinds, row.note = (
        body.name,
        body.address,
        list(body.regions),
        list(body.damage_kinds),
        body.note,
    )
    row.updated_at = now()
    session.add(row)
    append(
        session,
        user.actor,
        "claim_config.office_set",
        "claim_config",
        f"{user.state}:office:{code}",
        body.model_dump(mode="json"),
    )
    return office_read(row)


def offices(session: Session, state: str) -> list[OfficeRead]:
    rows = session.execute(
        select(ClaimOfficeRow).where(ClaimOfficeRow.state_code == state).order_by(ClaimOfficeRow.code)
    ).scalars()
    return [office_read(o) for o in rows]


def office_named(session: Session, state: str, code: str) -> ClaimOfficeRow:
    row = session.get(ClaimOfficeRow, (state, code))
    if row is None:
        raise Invalid(
            "office", f"{state} has no claims office {code!r}; record it first (claim config office)"
        )
    return row


def competent_office(
    session: Session, state: str, region: str | None, damage_kind: str, manoeuvre: bool
) -> ClaimOfficeRow | None:
    """The office for the claim's region and kind of damage: one naming both before one naming either, before
    one that takes everything.  None where nothing is configured."""
    kinds = {damage_kind, *(("manoeuvre",) if manoeuvre else ())}
    candidates: list[tuple[int, str, ClaimOfficeRow]] = []
    for o in session.execute(select(ClaimOfficeRow).where(ClaimOfficeRow.state_code == state)).scalars():
        by_region = region is not None and region in o.regions
        by_kind = bool(kinds & set(o.damage_kinds))
        if (by_region or "*" in o.regions) and (by_kind or "*" in o.damage_kinds):
            candidates.append((-(2 * by_region + by_kind), o.code, o))
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def clock_read(c: ClaimClockRow) -> ConfiguredClockRead:
    return ConfiguredClockRead(
        state=c.state_code,
        code=c.code,
        label=c.label,
        runs_from=c.runs_from,
        months=c.months,
        days=c.days,
        kind=c.kind,
        damage_kinds=list(c.damage_kinds),
        effect=c.effect,
        source_title=c.source_title,
        source_url=c.source_url,
        note=c.note,
        basis=NATIONAL,
    )


def set_clock(session: Session, user: CurrentUser, code: str, body: ClockBody) -> ConfiguredClockRead:
    """Record or update a national clock of the user's own State (as receiving State)."""
    _admin(user)
    row = session.get(ClaimClockRow, (user.state, code)) or ClaimClockRow(state_code=user.state, code=code)
    for field in (
        "label",
        "runs_from",
        "months",
        "days",
        "kind",
        "effect",
        "source_title",
        "source_url",
        "note",
    ):
        setattr(row, field, getattr(body, field))
    row.damage_kinds, row.updated_at = list(body.damage_kinds), now()
    session.add(row)
    append(
        session,
        user.actor,
        "claim_config.clock_set",
        "claim_config",
        f"{user.state}:clock:{code}",
        body.model_dump(mode="json"),
    )
    return clock_read(row)


def clocks(session: Session, state: str) -> list[ConfiguredClockRead]:
    rows = session.execute(
        select(ClaimClockRow).where(ClaimClockRow.state_code == state).order_by(ClaimClockRow.code)
    ).scalars()
    return [clock_read(c) for c in rows]


def clock_rows(session: Session, state: str) -> list[ClaimClockRow]:
    return list(
        session.execute(
            select(ClaimClockRow).where(ClaimClockRow.state_code == state).order_by(ClaimClockRow.code)
        ).scalars()
    )


def period_read(p: ClaimPeriodRow) -> PeriodRead:
    return PeriodRead(
        receiving_state=p.receiving_state,
        sending_state=p.sending_state,
        notice_days=p.notice_days,
        answer_days=p.answer_days,
        source_title=p.source_title,
        source_url=p.source_url,
        note=p.note,
        basis=BILATERAL,
    )


def set_period(session: Session, user: CurrentUser, sending: str, body: PeriodBody) -> PeriodRead:
    """The notice and answer periods between the user's State (as receiving State) and a sending State."""
    _admin(user)
    _known_state(session, sending, "sending_state")
    if sending == user.state:
        raise Invalid("sending_state", "a State is not its own sending State")
    row = session.get(ClaimPeriodRow, (user.state, sending)) or ClaimPeriodRow(
        receiving_state=user.state, sending_state=sending
    )
    for field in ("notice_days", "answer_days", "source_title", "source_url", "note"):
        setattr(row, field, getattr(body, field))
    row.updated_at = now()
    session.add(row)
    append(
        session,
        user.actor,
        "claim_config.period_set",
        "claim_config",
        f"{user.state}:period:{sending}",
        body.model_dump(mode="json"),
    )
    return period_read(row)


def periods(session: Session, state: str) -> list[PeriodRead]:
    """Periods where the State is the receiving or the sending State."""
    rows = session.execute(
        select(ClaimPeriodRow)
        .where((ClaimPeriodRow.receiving_state == state) | (ClaimPeriodRow.sending_state == state))
        .order_by(ClaimPeriodRow.receiving_state, ClaimPeriodRow.sending_state)
    ).scalars()
    return [period_read(p) for p in rows]


def period_between(session: Session, receiving: str, sending: str) -> ClaimPeriodRow | None:
    return session.get(ClaimPeriodRow, (receiving, sending))


def rate_read(r: ClaimRateRow) -> RateRead:
    return RateRead(
        id=r.id,
        party=r.party,
        from_currency=r.from_currency,
        to_currency=r.to_currency,
        rate=r.rate,
        valid_from=r.valid_from.isoformat(),
        valid_until=r.valid_until.isoformat() if r.valid_until else None,
        agreed_by=r.agreed_by,
        source_title=r.source_title,
        source_url=r.source_url,
        note=r.note,
    )


def add_rate(session: Session, user: CurrentUser, body: RateBody) -> RateRead:
    """A conversion rate for a party's Art. VIII(2)(f) amount, agreed by the parties: recorded by an
    administrator of one of the States that agreed it, with its source."""
    from sofadesk.cases.claim.money import exponent
    from sofadesk.law.rules.art_08_party_claims import THRESHOLDS

    _admin(user)
    if body.party not in THRESHOLDS:
        raise Invalid(
            "party", f"Art. VIII(2)(f) lists no amount for {body.party} (it lists {', '.join(THRESHOLDS)})"
        )
    if body.to_currency != THRESHOLDS[body.party][0]:
        raise Invalid("to_currency", f"{body.party}'s amount is in {THRESHOLDS[body.party][0]}")
    if user.state not in body.agreed_by:
        raise Forbidden("record a rate your own State agreed (name it in agreed_by)")
    exponent(body.from_currency)
    row = ClaimRateRow(
        party=body.party,
        from_currency=body.from_currency,
        to_currency=body.to_currency,
        rate=f"{body.rate:f}",
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        agreed_by=body.agreed_by,
        source_title=body.source_title,
        source_url=body.source_url,
        note=body.note,
        updated_by=user.id,
        updated_at=now(),
    )
    session.add(row)
    session.flush()
    append(
        session,
        user.actor,
        "claim_config.rate_added",
        "claim_config",
        f"rate:{row.id}",
        body.model_dump(mode="json"),
    )
    return rate_read(row)


def rate_for(session: Session, party: str, source: str, to: str, day: date) -> ClaimRateRow | None:
    """The agreed rate in force on `day` (the latest that started on or before it)."""
    rows = session.execute(
        select(ClaimRateRow)
        .where(
            ClaimRateRow.party == party,
            ClaimRateRow.from_currency == source,
            ClaimRateRow.to_currency == to,
            ClaimRateRow.valid_from <= day,
        )
        .order_by(ClaimRateRow.valid_from.desc())
    ).scalars()
    for r in rows:
        if r.valid_until is None or r.valid_until >= day:
            return r
    return None


def thresholds(session: Session) -> list[ThresholdRead]:
    """Every Art. VIII(2)(f) amount, the rates recorded for it, and the euro's fixed rate where the amount is in a
    currency the euro replaced.  Where no rate is recorded, the conversion is unknown."""
    from sofadesk.cases.claim.money import EURO_FIXED_RATES
    from sofadesk.law.rules.art_08_party_claims import REPLACED_BY_EURO, THRESHOLDS

    rates = list(
        session.execute(select(ClaimRateRow).order_by(ClaimRateRow.party, ClaimRateRow.valid_from)).scalars()
    )
    out = []
    for party, (currency, amount) in THRESHOLDS.items():
        mine = [rate_read(r) for r in rates if r.party == party]
        fixed = EURO_FIXED_RATES.get(currency)
        note = (
            "no rate agreed by the parties is recorded: converting a claim in another currency is unknown "
            "and left to the parties"
            if not mine
            else "rates as recorded, with their sources"
        )
        out.append(
            ThresholdRead(
                party=party,
                amount=f"{amount:f}",
                currency=currency,
                replaced_by_euro=currency in REPLACED_BY_EURO,
                rates=mine,
                euro_fixed_rate=f"{fixed[0]:f} {currency} per EUR" if fixed else None,
                note=note,
            )
        )
    return out


def delete_rate(session: Session, user: CurrentUser, rate_id: int) -> None:
    _admin(user)
    row = session.get(ClaimRateRow, rate_id)
    if row is None or user.state not in row.agreed_by:
        raise NotFound(f"no rate {rate_id} your State agreed")
    append(
        session,
        user.actor,
        "claim_config.rate_removed",
        "claim_config",
        f"rate:{rate_id}",
        {"party": row.party, "rate": row.rate, "valid_from": row.valid_from.isoformat()},
    )
    session.delete(row)


def decimal_rate(row: ClaimRateRow) -> Decimal:
    return Decimal(row.rate)

"""SQLAlchemy 2 models of the registry.  Column names match sofadesk.registry.rows.TABLES (a test checks)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, ForeignKeyConstraint, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class StateRow(Base):
    __tablename__ = "states"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    official_name: Mapped[str | None] = mapped_column(String(300))
    common_name: Mapped[str | None] = mapped_column(String(200))


class StateAliasRow(Base):
    __tablename__ = "state_aliases"
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))


class AgreementRow(Base):
    __tablename__ = "agreements"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    done_at: Mapped[str] = mapped_column(String(100))
    done_on: Mapped[date] = mapped_column(Date)
    depositary: Mapped[str] = mapped_column(String(200))
    general_entry_into_force: Mapped[date] = mapped_column(Date)
    general_eif_source_title: Mapped[str] = mapped_column(Text)
    general_eif_source_url: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    depends_on: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"))


class ParticipationRow(Base):
    """A State's relation to an agreement: party, or recorded with its status unconfirmed."""

    __tablename__ = "participations"
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class RegistryFactRow(Base):
    """One dated act (signature, deposit, entry into force, declaration...), with its source."""

    __tablename__ = "registry_facts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["agreement_id", "state_code"], ["participations.agreement_id", "participations.state_code"]
        ),
    )
    agreement_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    on_date: Mapped[date | None] = mapped_column(Date)
    date_status: Mapped[str] = mapped_column(String(16))
    instrument_kind: Mapped[str | None] = mapped_column(String(32))
    place: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_title: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)


class RegistryMetaRow(Base):
    __tablename__ = "registry_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RegistryActRow(Base):
    """A dated act of a State entered in SOFA Desk by a registry editor (an accession, a deposit, an entry into
    force, a denunciation, a declaration), with its source.  It changes the answers only once a second editor
    has confirmed it; the shipped data stays the baseline, and a confirmed act is shown as a local one."""

    __tablename__ = "registry_acts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    kind: Mapped[str] = mapped_column(String(32))
    on_date: Mapped[date | None] = mapped_column(Date)
    instrument_kind: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    source_where: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # proposed, confirmed, rejected, withdrawn
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)

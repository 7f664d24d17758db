"""Statistics per State and year in the shape States report them (e.g. the US report on foreign criminal
jurisdiction over its personnel): offences by person category and offence type, exclusive or concurrent, who
held the primary right, jurisdiction reserved or waived by the receiving State (count and share), recalls,
charges dropped, trials and their outcomes; as a read model, CSV and XLSX.  Counted in the database from the
columns every step keeps current (common.refresh), so that a year of 100,000 incidents answers in well under a
second; no personal data is ever read."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.incident.models import IncidentPersonRow, IncidentRow
from sofadesk.cases.incident.reads import CountShare, StatsBlock, StatsRead
from sofadesk.errors import Forbidden

NOTES = [
    "Offences are counted per suspect (a case with two suspects counts twice under 'by_category'); every other "
    "figure counts cases.",
    "Reserved and waived are counted among concurrent cases where the receiving State held the primary right "
    "(NATO SOFA Art. VII(3)(b)); a standing waiver not recalled counts as waived, a recall as reserved.",
    "The primary right and jurisdiction are as last worked out from the facts; 'undetermined' where the facts "
    "do not settle them yet.",
]


def _block(session: Session, where: ColumnElement[bool]) -> StatsBlock:
    i = IncidentRow
    total = int(session.execute(select(func.count()).select_from(i).where(where)).scalar_one())
    by_category: dict[str, dict[str, int]] = {}
    for category, offence, n in session.execute(
        select(IncidentPersonRow.category, i.offence_type, func.count())
        .join(i, i.id == IncidentPersonRow.incident_id)
        .where(where, IncidentPersonRow.role == "suspect")
        .group_by(IncidentPersonRow.category, i.offence_type)
    ):
        by_category.setdefault(category, {})[offence] = int(n)
    kinds = {k or "undetermined": int(n) for k, n in
             session.execute(select(i.jurisdiction_kind, func.count()).where(where).group_by(i.jurisdiction_kind))}  # fmt: skip
    side = case((i.primary_right_state == i.sending_state, "sending_state"),
                (i.primary_right_state == i.receiving_state, "receiving_state"), else_="undetermined")  # fmt: skip
    primary = {k: int(n) for k, n in session.execute(
        select(side, func.count()).where(where, i.jurisdiction_kind == "concurrent").group_by(side))}  # fmt: skip
    held = and_(where, i.jurisdiction_kind == "concurrent", i.primary_right_state == i.receiving_state)
    row = session.execute(select(
        func.count(), func.sum(case((i.waived.is_(True), 1), else_=0)), func.sum(case((i.waived.is_(False), 1), else_=0)),
    ).where(held)).one()  # fmt: skip
    of, waived, reserved = int(row[0]), int(row[1] or 0), int(row[2] or 0)
    sums = session.execute(select(func.sum(case((i.recalled.is_(True), 1), else_=0)),
                                  func.sum(case((i.charges_dropped.is_(True), 1), else_=0)),
                                  func.sum(case((i.tried.is_(True), 1), else_=0))).where(where)).one()  # fmt: skip
    outcomes = {str(k): int(n) for k, n in session.execute(
        select(i.outcome, func.count()).where(where, i.outcome.is_not(None)).group_by(i.outcome))}  # fmt: skip
    return StatsBlock(
        incidents=total, by_category=by_category, by_jurisdiction=kinds,
        primary_right={k: primary.get(k, 0) for k in ("sending_state", "receiving_state", "undetermined")},
        reserved=CountShare(count=reserved, share=round(reserved / of, 4) if of else None),
        waived=CountShare(count=waived, share=round(waived / of, 4) if of else None),
        recalls=int(sums[0] or 0), charges_dropped=int(sums[1] or 0), trials=int(sums[2] or 0), outcomes=outcomes,
    )  # fmt: skip


def statistics(session: Session, user: CurrentUser, state: str, year: int) -> StatsRead:
    """The year's figures for `state`, as sending State and as receiving State; a State asks for its own."""
    if state != user.state:
        raise Forbidden("a State reads its own statistics only")
    days = and_(IncidentRow.occurred_on >= date(year, 1, 1), IncidentRow.occurred_on <= date(year, 12, 31))
    return StatsRead(state=state, year=year, notes=NOTES,
                     as_sending_state=_block(session, and_(IncidentRow.sending_state == state, days)),
                     as_receiving_state=_block(session, and_(IncidentRow.receiving_state == state, days)))  # fmt: skip


def rows(stats: StatsRead) -> list[tuple[str, str, str, Any]]:
    """(as, measure, key, value) lines: the CSV's and the XLSX's content."""
    out: list[tuple[str, str, str, Any]] = []
    for role, block in (
        ("sending_state", stats.as_sending_state),
        ("receiving_state", stats.as_receiving_state),
    ):
        out.append((role, "incidents", "", block.incidents))
        for category, offences in sorted(block.by_category.items()):
            for offence, n in sorted(offences.items()):
                out.append((role, "offences", f"{category}/{offence}", n))
        for measure, values in (("jurisdiction", block.by_jurisdiction), ("primary_right", block.primary_right),
                                ("outcome", block.outcomes)):  # fmt: skip
            for key, n in sorted(values.items()):
                out.append((role, measure, key, n))
        for measure, cs in (("reserved", block.reserved), ("waived", block.waived)):
            out.append((role, measure, "count", cs.count))
            out.append((role, measure, "share", "" if cs.share is None else cs.share))
        for measure in ("recalls", "charges_dropped", "trials"):
            out.append((role, measure, "", getattr(block, measure)))
    return out


def as_csv(stats: StatsRead) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["state", "year", "as", "measure", "key", "value"])
    for line in rows(stats):
        writer.writerow([stats.state, stats.year, *line])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(stats: StatsRead) -> bytes:
    """A workbook: the figures, and a sheet per role with offences by category and a bar chart of them."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Figures"
    ws.append(["state", "year", "as", "measure", "key", "value"])
    for line in rows(stats):
        ws.append([stats.state, stats.year, *line])
    for role, block in (
        ("As sending State", stats.as_sending_state),
        ("As receiving State", stats.as_receiving_state),
    ):
        sheet = wb.create_sheet(role)
        offences = sorted({o for per in block.by_category.values() for o in per})
        sheet.append(["category", *offences])
        for category, per in sorted(block.by_category.items()):
            sheet.append([category, *[per.get(o, 0) for o in offences]])
        if offences and block.by_category:
            chart = BarChart()
            chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
            chart.title = f"{stats.state} {stats.year}: offences by category ({role.lower()})"
            height = len(block.by_category) + 1
            chart.add_data(Reference(sheet, min_col=2, max_col=len(offences) + 1, min_row=1, max_row=height),
                           titles_from_data=True)  # fmt: skip
            chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=height))
            sheet.add_chart(chart, "A" + str(height + 3))
    notes = wb.create_sheet("Notes")
    for note in stats.notes:
        notes.append([note])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

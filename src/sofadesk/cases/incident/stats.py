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

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.incident.models import IncidentRow
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


def _empty() -> dict[str, Any]:
    return {
        "incidents": 0,
        "by_category": {},
        "by_jurisdiction": {},
        "held": 0,
        "waived": 0,
        "reserved": 0,
        "primary_right": {"sending_state": 0, "receiving_state": 0, "undetermined": 0},
        "recalls": 0,
        "charges_dropped": 0,
        "trials": 0,
        "outcomes": {},
    }


def _share(count: int, of: int) -> CountShare:
    return CountShare(count=count, share=round(count / of, 4) if of else None)


def statistics(session: Session, user: CurrentUser, state: str, year: int) -> StatsRead:
    """The year's figures for `state`, as sending State and as receiving State; a State asks for its own.  One
    grouped query per role, over an index holding every column it reads, summed up here."""
    if state != user.state:
        raise Forbidden("a State reads its own statistics only")
    i = IncidentRow
    days = and_(i.occurred_on >= date(year, 1, 1), i.occurred_on <= date(year, 12, 31))
    holder = case(
        (i.primary_right_state == i.sending_state, "sending_state"),
        (i.primary_right_state == i.receiving_state, "receiving_state"),
        else_="undetermined",
    )
    columns = (
        i.jurisdiction_kind,
        holder,
        i.waived,
        i.recalled,
        i.charges_dropped,
        i.tried,
        i.outcome,
        i.offence_type,
        i.suspect_categories,
    )
    blocks = {"sending": _empty(), "receiving": _empty()}
    for side, own in (("sending", i.sending_state), ("receiving", i.receiving_state)):
        b = blocks[side]
        query = select(*columns, func.count()).where(own == state, days).group_by(*columns)
        for kind, held, waived, recalled, dropped, tried, outcome, offence, categories, n in session.execute(
            query
        ):
            n = int(n)
            b["incidents"] += n
            key = kind or "undetermined"
            b["by_jurisdiction"][key] = b["by_jurisdiction"].get(key, 0) + n
            if kind == "concurrent":
                b["primary_right"][held] += n
                if held == "receiving_state":
                    b["held"] += n
                    b["waived"] += n if waived is True else 0
                    b["reserved"] += n if waived is False else 0
            b["recalls"] += n if recalled else 0
            b["charges_dropped"] += n if dropped else 0
            b["trials"] += n if tried else 0
            if outcome:
                b["outcomes"][outcome] = b["outcomes"].get(outcome, 0) + n
            for category in filter(None, (categories or "").split(",")):
                per = b["by_category"].setdefault(category, {})
                per[offence] = per.get(offence, 0) + n

    def block(b: dict[str, Any]) -> StatsBlock:
        return StatsBlock(
            incidents=b["incidents"],
            by_category=b["by_category"],
            by_jurisdiction=b["by_jurisdiction"],
            primary_right=b["primary_right"],
            reserved=_share(b["reserved"], b["held"]),
            waived=_share(b["waived"], b["held"]),
            recalls=b["recalls"],
            charges_dropped=b["charges_dropped"],
            trials=b["trials"],
            outcomes=b["outcomes"],
        )

    return StatsRead(
        state=state,
        year=year,
        notes=NOTES,
        as_sending_state=block(blocks["sending"]),
        as_receiving_state=block(blocks["receiving"]),
    )


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
        for measure, values in (
            ("jurisdiction", block.by_jurisdiction),
            ("primary_right", block.primary_right),
            ("outcome", block.outcomes),
        ):
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
            chart.add_data(
                Reference(sheet, min_col=2, max_col=len(offences) + 1, min_row=1, max_row=height),
                titles_from_data=True,
            )
            chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=height))
            sheet.add_chart(chart, "A" + str(height + 3))
    notes = wb.create_sheet("Notes")
    for note in stats.notes:
        notes.append([note])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

"""Claims documents: the half-yearly statement as PDF (WeasyPrint, from a small template of its own that the web
interface's designer will restyle) and XLSX (openpyxl), the written acknowledgement of receipt as PDF, and the
reports as CSV and XLSX.  WeasyPrint and openpyxl are imported on first use."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from jinja2 import Environment, select_autoescape

from sofadesk.cases.claim.reads import ClaimRead, ReportRead, StatementRead
from sofadesk.cases.claim.texts import receipt

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))

STYLE = """
@page { size: A4; margin: 18mm 15mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: sans-serif; font-size: 9.5pt; color: #111; }
h1 { font-size: 14pt; margin: 0 0 4mm; } p { margin: 1.5mm 0; }
table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
th, td { border-bottom: 0.3pt solid #999; padding: 1mm 1.5mm; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } tfoot td { font-weight: bold; border-top: 0.8pt solid #111; }
.small { font-size: 8pt; color: #444; }
"""

STATEMENT = _ENV.from_string("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Statement {{ s.reference or 'preview' }}</title><style>{{ style | safe }}</style></head><body>
<h1>Statement of claims paid - {{ s.half }}</h1>
<p>From the claims office of {{ s.receiving_state }} (receiving State) to {{ s.sending_state }} (sending State).</p>
<p>Reference: {{ s.reference or 'not issued (preview)' }}{% if s.issued_on %} - issued {{ s.issued_on }}{% endif %}.
Period {{ s.period_start }} to {{ s.period_end }}. Amounts in {{ s.currency }}.</p>
<table><thead><tr><th>Claim</th><th>Damage of</th><th>Kind</th><th>Paid on</th><th class="n">Amount paid</th>
<th>Share</th><th>Accepted</th><th class="n">{{ s.sending_state }}'s share</th></tr></thead><tbody>
{% for l in s.lines %}<tr><td>{{ l.reference }}</td><td>{{ l.occurred_on }}</td><td>{{ l.damage_kind | replace('_', ' ') }}</td>
<td>{{ l.paid_on }}</td><td class="n">{{ l.amount_paid }}</td><td>{{ l.fraction }}</td>
<td>{{ l.accepted_on }}{% if l.acceptance == 'deemed_accepted' %} (deemed){% endif %}</td><td class="n">{{ l.share }}</td></tr>
{% endfor %}</tbody><tfoot><tr><td colspan="7">Total ({{ s.cases }} case(s))</td><td class="n">{{ s.total }} {{ s.currency }}</td></tr></tfoot></table>
<p><strong>Reimbursement request.</strong> {{ s.request }}</p>
<p class="small">Legal basis: {{ s.citations | join('; ') }}. Deemed: no reply within two months of the proposed distribution
(Art. VIII(5)(d)).</p></body></html>""")

RECEIPT = _ENV.from_string("""<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ c.reference }}</title><style>{{ style | safe }}</style></head><body>
<h1>{{ c.reference }}</h1><p>{{ c.claimant.name }}</p><p>{{ text }}</p>
<p class="small">{{ c.place }} - {{ c.occurred_on }} - {{ c.claimed.amount }} {{ c.claimed.currency }}</p>
<p class="small">NATO SOFA Art. VIII(5)(a)</p></body></html>""")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def statement_pdf(s: StatementRead) -> bytes:
    return _pdf(STATEMENT.render(s=s, style=STYLE))


def receipt_pdf(c: ClaimRead) -> bytes:
    """The written acknowledgement of receipt, in the claimant's language, with the date received."""
    day = date.fromisoformat(c.received_on) if c.received_on else date.today()
    text = receipt(c.language, c.receiving_state, c.reference, day)
    return _pdf(RECEIPT.render(c=c, text=text, lang=c.language, style=STYLE))


def _xlsx(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text)


def statement_xlsx(s: StatementRead) -> bytes:
    rows: list[list[Any]] = [
        [
            f"Statement {s.reference or '(preview)'}",
            f"{s.receiving_state} to {s.sending_state}",
            s.half,
            s.currency,
        ],
        [
            "claim",
            "reference",
            "occurred_on",
            "damage_kind",
            "paid_on",
            "amount_paid",
            "fraction",
            "accepted_on",
            "acceptance",
            "share",
        ],
    ]
    rows += [
        [
            x.claim_id,
            x.reference,
            x.occurred_on,
            x.damage_kind,
            x.paid_on,
            _number(x.amount_paid),
            x.fraction,
            x.accepted_on,
            x.acceptance,
            _number(x.share),
        ]
        for x in s.lines
    ]
    rows += [["total", "", "", "", "", "", "", "", "", _number(s.total)], ["request", s.request]]
    return _xlsx([("statement", rows)])


def report_rows(r: ReportRead) -> list[list[Any]]:
    rows: list[list[Any]] = [["state", r.state], ["year", r.year], ["claims received", r.received]]
    rows += [["route", k, v] for k, v in sorted(r.by_route.items())]
    rows += [["status", k, v] for k, v in sorted(r.by_status.items())]
    rows += [["damage_kind", k, v] for k, v in sorted(r.by_damage_kind.items())]
    rows += [["amounts", "currency", "claimed", "awarded", "paid", "reimbursed"]]
    rows += [["amounts", a.currency, a.claimed, a.awarded, a.paid, a.reimbursed] for a in r.amounts]
    for name, d in (
        ("receipt to decision", r.receipt_to_decision),
        ("receipt to payment", r.receipt_to_payment),
    ):
        rows.append(["days", name, d.cases, d.mean_days, d.median_days])
    return rows


def report_csv(r: ReportRead) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "key", "value", "", "", ""])
    for row in report_rows(r):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def report_xlsx(r: ReportRead) -> bytes:
    return _xlsx([(f"claims {r.state} {r.year}", report_rows(r))])

"""Documents as PDF (WeasyPrint): the collective movement order (NATO SOFA Art. III(2)(b)), the customs
certificate for temporarily imported equipment in the manner of NATO Form 302 (Art. XI(4)), and a State's
decision letter on a transit.  Each is rendered from an HTML template of its own in the page's language and
names its legal basis with a link to the official text.

WeasyPrint is imported on first use: it loads Pango, which the rest of the application never needs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.responses import Response

from sofadesk.cases.core.reads import SlotRead
from sofadesk.cases.exercise.reads import CertificateRead, ExerciseRead
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.law.cite import cite
from sofadesk.ui.pages import environment


def _basis(*cites: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"text": c.render(), "url": c.url} for c in (cite(*parts) for parts in cites)]


def _pdf(template: str, language: str, **context: Any) -> bytes:
    from weasyprint import HTML

    html = environment(language).get_template(f"documents/{template}").render(**context)
    return bytes(HTML(string=html).write_pdf())


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})  # fmt: skip


def movement_order(case: TransitRead, issued: datetime, language: str) -> bytes:
    content = case.content
    return _pdf("movement_order.html", language, t=case, c=content, issued=issued,
                basis=_basis(("nato-sofa", "III", "2", "b"), ("nato-sofa", "III", "1"), ("pfp-sofa", "I")),
                members=[p for p in content.personnel if p.category == "member_of_force"],
                civilians=[p for p in content.personnel if p.category != "member_of_force"])  # fmt: skip


def certificate(cert: CertificateRead, exercise: ExerciseRead, language: str) -> bytes:
    return _pdf("certificate.html", language, cert=cert, x=exercise,
                basis=_basis(("nato-sofa", "XI", "4"), ("nato-sofa", "XI", "8"), ("pfp-sofa", "I")))  # fmt: skip


def decision_letter(case: TransitRead, decision: SlotRead, state_name: str, language: str) -> bytes:
    legs = [leg for leg in case.content.legs if leg.state == decision.state]
    return _pdf("decision_letter.html", language, t=case, d=decision, legs=legs, state_name=state_name,
                basis=_basis(("nato-sofa", "III", "1"), ("nato-sofa", "III", "2"), ("nato-sofa", "XI", "10"),
                             ("pfp-sofa", "I")))  # fmt: skip

"""Documents as PDF (WeasyPrint): the collective movement order (NATO SOFA Art. III(2)(b)), the customs
certificate for temporarily imported equipment in the manner of NATO Form 302 (Art. XI(4)), and a State's
decision letter on a transit.  Each is rendered from an HTML template of its own and names its legal basis
with a link to the official text.

Languages are those the Agreement asks for, where SOFA Desk has a catalogue for them:
- the movement order in the sending State's language and in English and French (Art. III(2)(b)), every
  heading and label side by side; a language the order needs but SOFA Desk cannot write yet is named on the
  document (and in the case's checks) rather than claimed;
- a decision letter in the deciding State's language and English;
- the customs certificate in the reader's language and English.

WeasyPrint is imported on first use: it loads Pango, which the rest of the application never needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import Locale
from fastapi.responses import Response
from markupsafe import Markup, escape

from sofadesk.cases.core.reads import SlotRead
from sofadesk.cases.exercise.reads import CertificateRead, ExerciseRead
from sofadesk.cases.transit.reads import TransitRead
from sofadesk.law.cite import cite
from sofadesk.law.messages import listing, msg
from sofadesk.ui import i18n
from sofadesk.ui.pages import environment
from sofadesk.ui.transit_form import official_languages


def _basis(*cites: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"text": c.render(), "url": c.url} for c in (cite(*parts) for parts in cites)]


@dataclass(frozen=True)
class Languages:
    """The languages a document is written in (each with a catalogue), and those it should also be in but
    SOFA Desk cannot write yet."""

    written: tuple[str, ...]
    missing: tuple[str, ...]

    def note(self) -> str | None:
        """What the document says about a language it lacks; None when it lacks none."""
        if not self.missing:
            return None
        return msg(
            "The Agreement asks for this document in {missing} too; SOFA Desk has no text in that language yet, so "
            "this copy is in {written} only and the rest must be added by the issuing authority.",
            missing=listing(language_name(code) for code in self.missing),
            written=listing(language_name(code) for code in self.written),
        )


def language_name(code: str) -> str:
    """A language's name in English (the sentence is translated with its parameters, so the name is a term)."""
    from sofadesk.law.messages import Term

    name = Locale("en").languages.get(code, code)
    return Term(name, "language", code)


def order_languages(sending_state_languages: Iterable[str]) -> Languages:
    """The movement order's languages (Art. III(2)(b)): the sending State's, then English and French."""
    needed = list(dict.fromkeys([*(code.lower() for code in sending_state_languages), "en", "fr"]))
    return Languages(
        tuple(c for c in needed if c in i18n.LANGUAGES), tuple(c for c in needed if c not in i18n.LANGUAGES)
    )


def letter_languages(deciding_state: str) -> Languages:
    """A decision letter's languages: the deciding State's own, and English."""
    needed = list(dict.fromkeys([*official_languages(deciding_state), "en"]))
    written = tuple(c for c in needed if c in i18n.LANGUAGES)
    missing = tuple(c for c in needed if c not in i18n.LANGUAGES)
    # A State with several official languages is written to in the first one SOFA Desk has; the rest is noted.
    return Languages(written, missing if not set(official_languages(deciding_state)) & set(written) else ())


def _side_by_side(languages: tuple[str, ...]) -> dict[str, Any]:
    """Template functions that say a text in every language of the document, one line each."""

    def join(parts: list[tuple[str, str]], inline: bool) -> Markup:
        sep = Markup('<span class="sep"> / </span>') if inline else Markup("<br>")
        return sep.join(Markup('<span lang="{}">{}</span>').format(code, text) for code, text in parts)

    def say(text: str, inline: bool = False, **params: Any) -> Markup:
        parts = []
        for code in languages:
            found = i18n.translations(code).gettext(text)
            parts.append((code, found % params if params else found))
        return join(parts, inline)

    def word(value: str, inline: bool = True) -> Markup:
        return join([(code, i18n.vocabulary(value, code)) for code in languages], inline)

    def sentence(text: object) -> Markup:
        return join([(code, i18n.render(text, code)) for code in languages], False)

    def state(code: str) -> Markup:
        names = dict.fromkeys(i18n.state_name(code, lang) for lang in languages)
        return Markup("{} ({})").format(Markup(" / ").join(escape(n) for n in names), code)

    def columns(text: str) -> Markup:
        return Markup("").join(
            Markup('<p lang="{}">{}</p>').format(code, i18n.translations(code).gettext(text))
            for code in languages
        )

    return {
        "say": say,
        "word": word,
        "sentence": sentence,
        "state": state,
        "columns": columns,
        "doc_languages": languages,
    }


def _pdf(template: str, languages: Languages, **context: Any) -> bytes:
    from weasyprint import HTML

    first = languages.written[0]
    env = environment(first)
    html = env.get_template(f"documents/{template}").render(
        **context, **_side_by_side(languages.written), language_note=languages.note(), lang=first
    )
    return bytes(HTML(string=html).write_pdf())


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def movement_order(case: TransitRead, issued: datetime) -> bytes:
    content = case.content
    decisions = {d.state: d for d in case.decisions}
    conditions = [(d.state, d.status, d.note) for d in case.decisions if d.note and d.note.strip()]
    return _pdf(
        "movement_order.html",
        order_languages(content.sending_state_languages),
        t=case,
        c=content,
        issued=issued,
        decisions=decisions,
        conditions=conditions,
        basis=_basis(("nato-sofa", "III", "2", "b"), ("nato-sofa", "III", "1"), ("pfp-sofa", "I")),
        members=[p for p in content.personnel if p.category == "member_of_force"],
        civilians=[p for p in content.personnel if p.category != "member_of_force"],
    )


def certificate(cert: CertificateRead, exercise: ExerciseRead, language: str) -> bytes:
    languages = Languages(tuple(dict.fromkeys([language, "en"])), ())
    return _pdf(
        "certificate.html",
        languages,
        cert=cert,
        x=exercise,
        basis=_basis(("nato-sofa", "XI", "4"), ("nato-sofa", "XI", "8"), ("pfp-sofa", "I")),
    )


def decision_letter(case: TransitRead, decision: SlotRead) -> bytes:
    legs = [leg for leg in case.content.legs if leg.state == decision.state]
    return _pdf(
        "decision_letter.html",
        letter_languages(decision.state),
        t=case,
        d=decision,
        legs=legs,
        basis=_basis(
            ("nato-sofa", "III", "1"), ("nato-sofa", "III", "2"), ("nato-sofa", "XI", "10"), ("pfp-sofa", "I")
        ),
    )


def order_language_check(case: TransitRead) -> str | None:
    """For the case's checks: the languages the movement order needs that SOFA Desk cannot write."""
    return order_languages(case.content.sending_state_languages).note()

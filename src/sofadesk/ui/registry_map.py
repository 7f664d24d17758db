"""Which States became parties to an agreement, and when: each party's standing on a date (for the map), the
parties in order of entry into force (for the timeline), and the map itself as SVG.

Every answer comes from the in-force engine.  A State whose status on the date is unknown (a date it depends
on is not established) is drawn hatched, never in the colour of yes or of no; a State whose date of entry into
force is unknown is a span on the timeline (between the first day it could have been in force and the day it
certainly was, or "not before" the first), never a point.

The map is framed on the regime's area, Europe and Central Asia; North America (Canada, the United States) is
an inset.  A party with no outline in the map data is marked by a dot at its centre, and one with neither is
named in the map's description: no party disappears.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Literal

from sofadesk.registry.inforce import Basis, InForceEngine
from sofadesk.ui.map_svg import Frame, Projection, aspect, centres, countries, path, visible

Word = Literal["in_force", "not_in_force", "signed", "unknown"]
WORDS: tuple[Word, ...] = ("in_force", "not_in_force", "signed", "unknown")
Drawn = Literal["outline", "inset", "dot", "listed"]

EUROPE: Frame = (-25.0, 34.0, 90.0, 72.0)  # Iceland to Kyrgyzstan, Crete to the North Cape
NORTH_AMERICA: Frame = (-168.0, 15.0, -50.0, 75.0)
COLUMN, MAP_W, PAD = 220, 880, 6
MAP_H = round(MAP_W / aspect(EUROPE))
WIDTH, HEIGHT = COLUMN + MAP_W + PAD, MAP_H + 2 * PAD
INSET = (8.0, 58.0, COLUMN - 16.0, 132.0)  # left, top, width, height
SEA, CONTEXT, CONTEXT_EDGE, EDGE = "#dfeaf5", "#eef0f2", "#b5bcc6", "#3d4a5a"
FILLS: dict[Word, str] = {
    "in_force": "#2e8b57",
    "not_in_force": "#e3a08f",
    "signed": "#f2d16b",
    "unknown": "url(#hatch)",
}


@dataclass(frozen=True)
class MapEntry:
    code: str
    name: str
    word: Word
    drawn: Drawn


@dataclass(frozen=True)
class TimelineRow:
    code: str
    name: str
    basis: Basis
    # Established date (recorded, derived, inferred), or for an unknown one the first day it could have been.
    earliest: date | None
    # For an unknown date: the day it was certainly in force by, when recorded.
    certain_from: date | None
    ends: date | None
    signature: date | None

    @property
    def bounded(self) -> bool:
        return self.basis == "unknown"


def _word(engine: InForceEngine, agreement: str, code: str, day: date) -> Word:
    status = engine.in_force(agreement, code, day)
    if status is None:
        return "unknown"
    if status:
        return "in_force"
    s = engine.standing(agreement, code)
    if s.ends is not None and day >= s.ends:
        return "not_in_force"
    signature = s.participation.fact("signature") if s.participation else None
    if signature is not None and signature.dated and signature.on is not None:
        signed = signature.on <= day
    else:  # signed on an unrecorded date: only said where nothing else was ever deposited
        signed = s.basis == "signatory_only" and day >= engine.registry.agreements[agreement].done_on
    return "signed" if signed and (s.earliest is None or day < s.earliest) else "not_in_force"


def _drawn(code: str) -> Drawn:
    shape = countries().get(code)
    if shape is not None and visible(shape, EUROPE):
        return "outline"
    if shape is not None and visible(shape, NORTH_AMERICA):
        return "inset"
    return "dot" if code in centres() else "listed"


def standings_on(engine: InForceEngine, agreement: str, day: date) -> list[MapEntry]:
    """Every party recorded for `agreement`, in name order, with its standing on `day` and how it is drawn."""
    registry = engine.registry
    entries = []
    for p in registry.parties_of(agreement):
        name, word = registry.states[p.state].display_name, _word(engine, agreement, p.state, day)
        entries.append(MapEntry(p.state, name, word, _drawn(p.state)))
    return entries


def entry_timeline(engine: InForceEngine, agreement: str) -> list[TimelineRow]:
    """The parties in order of (earliest possible) entry into force; signatories without a deposit last."""
    rows = []
    for p in engine.registry.parties_of(agreement):
        s = engine.standing(agreement, p.state)
        signature = p.fact("signature")
        signed = signature.on if signature is not None and signature.dated else None
        certain = s.certain_from if s.basis == "unknown" else None
        name = engine.registry.states[p.state].display_name
        rows.append(TimelineRow(p.state, name, s.basis, s.earliest, certain, s.ends, signed))
    return sorted(rows, key=lambda r: (r.earliest is None, r.earliest or date.max, r.name))


def change_years(rows: Iterable[TimelineRow]) -> list[tuple[int, date]]:
    """Each year in which some party's standing changed, with the last change that year: the map on that day
    shows the year's outcome."""
    last: dict[int, date] = {}
    for r in rows:
        for day in (r.signature, r.earliest, r.certain_from, r.ends):
            if day is not None and day > last.get(day.year, date.min):
                last[day.year] = day
    return sorted(last.items())


def _fill_attrs(word: Word) -> str:
    return f'fill="{FILLS[word]}" stroke="{EDGE}" stroke-width="0.8"'


def _lines(text: str, x: float, y: float, size: int = 11, width: int = 30) -> tuple[str, int]:
    """`text` wrapped at about `width` characters as <text> with one <tspan> per line; and the line count."""
    wrapped = textwrap.wrap(text, width) or [""]
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if i == 0 else size + 2}">{escape(line)}</tspan>'
        for i, line in enumerate(wrapped)
    )
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-family="sans-serif" fill="#1b1b1b">{spans}</text>',
        len(wrapped),
    )


def _shapes(
    entries: Mapping[str, MapEntry],
    frame: Frame,
    project: Projection,
    names: Mapping[str, str],
    kind: Drawn,
    out: list[str],
) -> None:
    """The countries visible in `frame`: parties in their standing's fill, the others as context.  A party is
    identified (id="state-XXX") where it is drawn as `kind`, so that each id is used once."""
    drawn_parties = []
    for code, country in sorted(countries().items()):
        if not visible(country, frame):
            continue
        entry = entries.get(code)
        if entry is None:
            out.append(
                f'<path d="{path(country, project)}" fill="{CONTEXT}" stroke="{CONTEXT_EDGE}" stroke-width="0.5"/>'
            )
        else:
            drawn_parties.append((entry, country))
    for entry, country in drawn_parties:  # over the context, so their edges are not overdrawn
        ident = f'id="state-{entry.code}" ' if entry.drawn == kind else ""
        out.append(
            f'<path {ident}class="{entry.word}" d="{path(country, project)}" {_fill_attrs(entry.word)}>'
            f"<title>{escape(entry.name)}: {escape(names[entry.word])}</title></path>"
        )


def draw(
    entries: Iterable[MapEntry],
    names: Mapping[str, str],
    title: str,
    subtitle: str,
    inset_title: str,
    dot_note: str,
) -> str:
    """The SVG text.  `names` labels each Word in the legend and description (in the page's language); the
    legend's last entry is for States not recorded as parties (`names["other"]`)."""
    by_code = {e.code: e for e in entries}
    main = Projection(EUROPE, MAP_W, MAP_H, COLUMN, PAD)
    ix, iy, iw, ih = INSET
    inset = Projection(NORTH_AMERICA, iw, ih, ix, iy)
    groups = {w: [e.name for e in by_code.values() if e.word == w] for w in WORDS}
    desc = " ".join(f"{names[w]}: {', '.join(groups[w])}." for w in WORDS if groups[w])
    dots = [e for e in by_code.values() if e.drawn == "dot"]
    listed = [e for e in by_code.values() if e.drawn == "listed"]
    if dots:
        desc += f" {dot_note}: {', '.join(e.name for e in dots)}."
    if listed:
        desc += f" {names['listed']}: {', '.join(e.name for e in listed)}."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(title)} – {escape(subtitle)}</title>',
        f'<desc id="map-desc">{escape(desc)}</desc>',
        '<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><rect width="2.5" height="6" fill="#5b4a9e"/></pattern>',
        f'<clipPath id="main-clip"><rect x="{COLUMN}" y="{PAD}" width="{MAP_W}" height="{MAP_H}"/></clipPath>',
        f'<clipPath id="inset-clip"><rect x="{ix}" y="{iy}" width="{iw}" height="{ih}"/></clipPath></defs>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<rect x="{COLUMN}" y="{PAD}" width="{MAP_W}" height="{MAP_H}" fill="{SEA}" stroke="{CONTEXT_EDGE}"/>',
        '<g clip-path="url(#main-clip)">',
    ]
    _shapes(by_code, EUROPE, main, names, "outline", out)
    for e in dots:
        lon, lat = centres()[e.code]
        x, y = main(lon, lat)
        out.append(
            f'<circle id="state-{e.code}" class="{e.word}" cx="{x:.1f}" cy="{y:.1f}" r="6" {_fill_attrs(e.word)}>'
            f"<title>{escape(e.name)}: {escape(names[e.word])}</title></circle>"
            f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="10" font-family="sans-serif" '
            f'fill="{EDGE}">{escape(e.code)}</text>'
        )
    out.append("</g>")
    text, n = _lines(title, 8, 20, 13, 26)
    out.append(text)
    out.append(_lines(subtitle, 8, 22 + n * 15, 12, 30)[0])
    out.append(
        f'<rect x="{ix}" y="{iy}" width="{iw}" height="{ih}" fill="{SEA}" stroke="{CONTEXT_EDGE}"/>'
        f'<g clip-path="url(#inset-clip)">'
    )
    _shapes(by_code, NORTH_AMERICA, inset, names, "inset", out)
    out.append("</g>")
    y = iy + ih + 14
    out.append(_lines(inset_title, 8, y, 10, 36)[0])
    y += 24
    for fill, label in [*((FILLS[w], names[w]) for w in WORDS), (CONTEXT, names["other"])]:
        out.append(
            f'<rect x="8" y="{y - 11}" width="16" height="14" fill="{fill}" stroke="{EDGE}" stroke-width="0.8"/>'
        )
        text, n = _lines(label, 30, y, 11, 30)
        out.append(text)
        y += n * 13 + 9
    if dots:
        out.append(f'<circle cx="16" cy="{y - 4}" r="5" fill="#ffffff" stroke="{EDGE}"/>')
        out.append(_lines(dot_note, 30, y, 11, 30)[0])
    out.append("</svg>")
    return "\n".join(out)

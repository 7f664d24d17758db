"""A transit's route as an SVG map, drawn offline from the country shapes shipped in the `countryinfo` package
(GeoJSON, one low-resolution outline per country).  Each State crossed is coloured by its decision; the
sending State is outlined; the route runs through the States' centres in leg order, numbered by leg.

Outlines and projection come from `map_svg`, shared with the registry map.  The view is framed on the States
crossed; a State wider than 60 degrees (Russia, say) does not set the frame when smaller ones are on the route,
so a Riga - Termez map shows the corridor, not Chukotka.
"""

from __future__ import annotations

from html import escape

from sofadesk.ui.map_svg import Country, Frame, Projection, countries, path, visible

WIDTH, HEIGHT, MARGIN_DEG = 640, 400, 2.0
COLOURS = {
    "approved": "#2e8b57",
    "approved_with_conditions": "#8fc17a",
    "more_information": "#e0a526",
    "denied": "#c0392b",
    "pending": "#9fb3c8",
}
SENDING, CONTEXT = "#d9dde3", "#eef0f2"


def _frame(shapes: list[Country]) -> Frame:
    small = [c for c in shapes if c.box[2] - c.box[0] <= 60] or shapes
    x0 = min(c.box[0] for c in small) - MARGIN_DEG
    y0 = min(c.box[1] for c in small) - MARGIN_DEG
    x1 = max(c.box[2] for c in small) + MARGIN_DEG
    y1 = max(c.box[3] for c in small) + MARGIN_DEG
    return x0, y0, x1, y1


def _nodes(
    route: list[str], shapes: dict[str, Country], frame: Frame
) -> list[tuple[int, tuple[float, float]]]:
    """Where each leg's number goes: the State's centre; for a State too wide to frame the view (its centre
    may lie far outside it), midway between its neighbours on the route, kept inside the frame."""
    centres: list[tuple[float, float] | None] = [
        shapes[s].centre if s in shapes and shapes[s].box[2] - shapes[s].box[0] <= 60 else None for s in route
    ]
    nodes = []
    for i, state in enumerate(route):
        if state not in shapes:
            continue
        centre = centres[i]
        if centre is None:
            around = [
                c
                for c in (centres[i - 1] if i else None, centres[i + 1] if i + 1 < len(route) else None)
                if c
            ]
            centre = (
                (sum(c[0] for c in around) / len(around), sum(c[1] for c in around) / len(around))
                if around
                else shapes[state].centre
            )
        x0, y0, x1, y1 = frame
        nodes.append((i + 1, (min(max(centre[0], x0 + 1), x1 - 1), min(max(centre[1], y0 + 1), y1 - 1))))
    return nodes


def draw(
    sending: str, route: list[str], status: dict[str, str], status_names: dict[str, str] | None = None
) -> str:
    """The SVG text of a route (the States crossed, in order) coloured by each State's decision.  States with no
    shape in the package are listed in the map's description instead."""
    shapes = countries()
    names = status_names or {}
    on_route = [shapes[s] for s in dict.fromkeys(route) if s in shapes]
    missing = [s for s in dict.fromkeys(route) if s not in shapes]
    frame = _frame(on_route) if on_route else (-10.0, 35.0, 60.0, 70.0)
    project = Projection(frame, WIDTH, HEIGHT)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="map-title map-desc">',
        '<title id="map-title">Route: ' + escape(" – ".join(route)) + "</title>",
        '<desc id="map-desc">'
        + escape(
            "; ".join(
                f"{s}: {names.get(status.get(s, 'pending'), status.get(s, 'pending'))}"
                for s in dict.fromkeys(route)
            )
        )
        + (escape(f"; not drawn (no outline): {', '.join(missing)}") if missing else "")
        + "</desc>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dfeaf5"/>',
    ]
    for code, country in sorted(shapes.items()):
        if code in route or not visible(country, frame):
            continue
        fill = SENDING if code == sending else CONTEXT
        out.append(f'<path d="{path(country, project)}" fill="{fill}" stroke="#b5bcc6" stroke-width="0.6"/>')
    for country in on_route:
        word = status.get(country.code, "pending")
        out.append(
            f'<path d="{path(country, project)}" fill="{COLOURS.get(word, COLOURS["pending"])}" '
            f'stroke="#3d4a5a" stroke-width="1"><title>{escape(country.name)}: '
            f"{escape(names.get(word, word))}</title></path>"
        )
    numbered = [(n, project(*lon_lat)) for n, lon_lat in _nodes(route, shapes, frame)]
    if len(numbered) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for _, (x, y) in numbered)
        out.append(
            f'<polyline points="{line}" fill="none" stroke="#13294b" stroke-width="2.5" '
            'stroke-dasharray="6 4"/>'
        )
    for n, (x, y) in numbered:
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#13294b"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" font-family="sans-serif" fill="#fff" '
            f'text-anchor="middle">{n}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)

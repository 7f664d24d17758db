"""The planner's alternatives on one SVG map: every State on a permitted route shaded, each route a line through
its States' centres in order.  Routes are told apart without colour alone: each has its own dash pattern and
its letter (A, B, ...) in a badge on every one of its segments and in the legend; colour only adds to that.

Outlines, projection and the framing (a State wider than 60 degrees does not set the frame) are the route map's
(sofadesk.ui.route_map, map_svg)."""

from __future__ import annotations

import math
from html import escape
from itertools import pairwise

from sofadesk.ui.map_svg import Projection, countries, path, visible
from sofadesk.ui.route_map import _frame, _nodes

WIDTH, HEIGHT = 640, 400
# (colour, dash pattern): dark enough on the pale map for a 3:1 contrast; the dash is what tells them apart.
STYLES = (
    ("#13294b", ""),
    ("#8b1a1a", "10 5"),
    ("#1b5e20", "2 4"),
    ("#4a148c", "14 4 3 4"),
    ("#7a4100", "6 3 6 9"),
    ("#004d61", "1 6"),
    ("#5d4037", "18 6"),
    ("#37474f", "4 2 1 2"),
)
ON_ROUTE, CONTEXT = "#c9d6e3", "#eef0f2"


def draw(routes: list[tuple[str, list[str]]], title: str, description: str) -> str:
    """The SVG text of the alternatives: (letter, States in order) each; `title` and `description` are the
    page's words for it (the description lists each route as text)."""
    shapes = countries()
    used = list(dict.fromkeys(s for _, states in routes for s in states))
    on_route = [shapes[s] for s in used if s in shapes]
    frame = _frame(on_route) if on_route else (-10.0, 35.0, 60.0, 70.0)
    project = Projection(frame, WIDTH, HEIGHT)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="plan-map-title plan-map-desc" class="sd-plan-map">',
        f'<title id="plan-map-title">{escape(title)}</title><desc id="plan-map-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#dfeaf5"/>',
    ]
    for code, country in sorted(shapes.items()):
        if visible(country, frame):
            fill = ON_ROUTE if code in used else CONTEXT
            out.append(
                f'<path d="{path(country, project)}" fill="{fill}" stroke="#8a96a3" stroke-width="0.6">'
                f"<title>{escape(country.name)}</title></path>"
            )
    badges: list[str] = []
    for n, (letter, states) in enumerate(routes):
        colour, dash = STYLES[n % len(STYLES)]
        points = [project(*lon_lat) for _, lon_lat in _nodes(states, shapes, frame)]
        # Routes sharing a border would hide each other: each is shifted a little, by its place in the list.
        shift = (n - (len(routes) - 1) / 2) * 3.0
        points = [(x + shift, y + shift) for x, y in points]
        if len(points) < 2:
            continue
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"{dashes} '
            f'stroke-linejoin="round"><title>{escape(letter)}: {escape(" – ".join(states))}</title></polyline>'
        )
        for (x0, y0), (x1, y1) in pairwise(points):
            # The badge sits along the segment at a place of its own, so badges of routes sharing it do not meet.
            f = 0.3 + 0.4 * ((n * 0.37) % 1.0)
            x, y = x0 + (x1 - x0) * f, y0 + (y1 - y0) * f
            badges.append(_badge(x, y, letter, colour))
    out += badges
    out.append(_legend(routes))
    out.append("</svg>")
    return "\n".join(out)


def _badge(x: float, y: float, letter: str, colour: str) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#fff" stroke="{colour}" stroke-width="2"/>'
        f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold" font-family="sans-serif" '
        f'fill="{colour}" text-anchor="middle">{escape(letter)}</text>'
    )


def _legend(routes: list[tuple[str, list[str]]]) -> str:
    rows = len(routes)
    height = 18 * rows + 8
    top = HEIGHT - height - 6
    out = [
        f'<rect x="6" y="{top}" width="{min(WIDTH - 12, 300)}" height="{height}" fill="#fff" '
        'fill-opacity="0.9" stroke="#8a96a3"/>'
    ]
    for n, (letter, states) in enumerate(routes):
        colour, dash = STYLES[n % len(STYLES)]
        y = top + 14 + 18 * n
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="14" y1="{y - 4}" x2="54" y2="{y - 4}" stroke="{colour}" stroke-width="3"{dashes}/>'
        )
        label = f"{letter}: {' – '.join(states)}"
        out.append(
            f'<text x="62" y="{y}" font-size="11" font-family="sans-serif" fill="#1b1b1b">'
            f"{escape(label[: math.floor(WIDTH / 7)])}</text>"
        )
    return "".join(out)

"""The parties-over-time chart as SVG: one step line per agreement for the States certainly in force, a
lighter band above it up to those possibly in force (a date unknown), a year axis and a legend.  Drawn by hand
because it is forty lines of SVG; a plotting library would add megabytes to the interface for one chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from sofadesk.registry.chart import Point

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 760, 340, 44, 28, 12, 150
COLOURS = ("#13294b", "#2e8b57", "#c0392b", "#8a5a00")


def draw(series: dict[str, list[Point]], title: str, until: date) -> str:
    first = min((s[0].on for s in series.values() if s), default=date(1953, 1, 1))
    top = max((p.in_force + p.unknown for s in series.values() for p in s), default=1) or 1
    span = (until - first).days or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: date) -> float:
        return LEFT + (d - first).days / span * plot_w

    def y(n: float) -> float:
        return TOP + plot_h - n / top * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{LEFT + plot_w}" y2="{y(0):.1f}" stroke="#555"/>',
    ]
    for n in range(0, top + 1, max(1, top // 5)):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(n) + 4:.1f}" font-size="11" text-anchor="end">{n}</text>'
            f'<line x1="{LEFT}" y1="{y(n):.1f}" x2="{LEFT + plot_w}" y2="{y(n):.1f}" stroke="#e3e6ea"/>'
        )
    for year in range(first.year + (10 - first.year % 10) % 10, until.year + 1, 10):
        px = x(date(year, 1, 1))
        out.append(
            f'<text x="{px:.1f}" y="{HEIGHT - 8}" font-size="11" text-anchor="middle">{year}</text>'
            f'<line x1="{px:.1f}" y1="{y(0):.1f}" x2="{px:.1f}" y2="{y(0) + 4:.1f}" stroke="#555"/>'
        )
    for i, (name, points) in enumerate(series.items()):
        if not points:
            continue
        colour = COLOURS[i % len(COLOURS)]
        ends = [*points[1:], Point(until, points[-1].in_force, points[-1].unknown)]
        certain = "".join(
            f"L{x(a.on):.1f},{y(a.in_force):.1f}L{x(b.on):.1f},{y(a.in_force):.1f}"
            for a, b in zip(points, ends, strict=True)
        )
        upper = [
            f"{x(a.on):.1f},{y(a.in_force + a.unknown):.1f} {x(b.on):.1f},{y(a.in_force + a.unknown):.1f}"
            for a, b in zip(points, ends, strict=True)
        ]
        lower = [
            f"{x(b.on):.1f},{y(a.in_force):.1f} {x(a.on):.1f},{y(a.in_force):.1f}"
            for a, b in reversed(list(zip(points, ends, strict=True)))
        ]
        if any(p.unknown for p in points):
            out.append(f'<polygon points="{" ".join(upper + lower)}" fill="{colour}" fill-opacity="0.18"/>')
        out.append(f'<path d="M{certain[1:]}" fill="none" stroke="{colour}" stroke-width="2"/>')
        ly = TOP + 16 + i * 20
        out.append(
            f'<line x1="{WIDTH - RIGHT + 12}" y1="{ly}" x2="{WIDTH - RIGHT + 32}" y2="{ly}" stroke="{colour}" stroke-width="3"/>'
            f'<text x="{WIDTH - RIGHT + 38}" y="{ly + 4}" font-size="12">{escape(name)}: {points[-1].in_force}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


BAR, GAP, LABELS, LEGEND = 22, 10, 230, 170
STACK_COLOURS = (
    "#13294b",
    "#2e8b57",
    "#c0392b",
    "#8a5a00",
    "#5c3d99",
    "#00687d",
    "#b3416b",
    "#4d5a00",
    "#7a4100",
    "#3d4551",
    "#005ea2",
    "#8b0a03",
    "#216e1f",
)


def bars(rows: list[tuple[str, dict[str, int]]], names: dict[str, str], title: str) -> str:
    """Horizontal stacked bars: one bar per row (its label, then its count per series), the series in the
    order of `names` (their labels), with a count axis and a legend.  Used for the incident statistics
    (offences by person category, stacked by offence type)."""
    series = [key for key in names if any(values.get(key) for _, values in rows)]
    top = max((sum(values.values()) for _, values in rows), default=0) or 1
    plot_w = WIDTH - LABELS - LEGEND
    height = TOP + len(rows) * (BAR + GAP) + BOTTOM + max(0, len(series) * 18 - len(rows) * (BAR + GAP))
    step = max(1, -(-top // 5))

    def x(n: float) -> float:
        return LABELS + n / top * plot_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    axis_y = TOP + len(rows) * (BAR + GAP)
    for n in range(0, top + 1, step):
        out.append(
            f'<line x1="{x(n):.1f}" y1="{TOP}" x2="{x(n):.1f}" y2="{axis_y}" stroke="#e3e6ea"/>'
            f'<text x="{x(n):.1f}" y="{axis_y + 16}" font-size="11" text-anchor="middle">{n}</text>'
        )
    for r, (label, values) in enumerate(rows):
        y = TOP + r * (BAR + GAP)
        out.append(
            f'<text x="{LABELS - 8}" y="{y + BAR / 2 + 4:.1f}" font-size="12" text-anchor="end">{escape(label)}</text>'
        )
        start = 0
        for s, key in enumerate(series):
            n = values.get(key, 0)
            if n:
                out.append(
                    f'<rect x="{x(start):.1f}" y="{y}" width="{x(start + n) - x(start):.1f}" height="{BAR}" '
                    f'fill="{STACK_COLOURS[s % len(STACK_COLOURS)]}"><title>{escape(label)}, '
                    f"{escape(names[key])}: {n}</title></rect>"
                )
                start += n
        out.append(f'<text x="{x(start) + 4:.1f}" y="{y + BAR / 2 + 4:.1f}" font-size="11">{start}</text>')
    out.append(f'<line x1="{LABELS}" y1="{TOP}" x2="{LABELS}" y2="{axis_y}" stroke="#555"/>')
    for s, key in enumerate(series):
        ly = TOP + 8 + s * 18
        out.append(
            f'<rect x="{WIDTH - LEGEND + 12}" y="{ly - 9}" width="12" height="12" fill="{STACK_COLOURS[s % len(STACK_COLOURS)]}"/>'
            f'<text x="{WIDTH - LEGEND + 30}" y="{ly + 1}" font-size="12">{escape(names[key])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def count_bars(values: Sequence[tuple[str, float]], title: str) -> str:
    """A horizontal bar chart of counts by name (the claims report's routes), with each count written at its
    bar's end so the chart reads without colour or a legend."""
    row, label_w, width = 28, 260, 760
    top = max((v for _, v in values), default=0) or 1
    height = TOP + row * max(1, len(values)) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="bars-title">',
        f'<title id="bars-title">{escape(title)}</title>',
    ]
    for i, (name, value) in enumerate(values):
        y, w = TOP + i * row, (width - label_w - 60) * value / top
        out.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 10}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="12">{value:g}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)

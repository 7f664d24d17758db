"""Country outlines and a projection for the interface's SVG maps (the route map, the registry map), drawn
offline from the country shapes shipped in the `countryinfo` package (GeoJSON, one low-resolution outline per
country).

Projection: equirectangular with the longitude scaled by the cosine of the view's middle latitude, which is
faithful enough for a regional sketch and needs no projection library.  A frame is (west, south, east, north)
in degrees; a projection fits it, centred, into a box of the SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

Ring = list[tuple[float, float]]
Frame = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    centre: tuple[float, float]  # (lon, lat)

    @property
    def box(self) -> Frame:
        lons = [p[0] for r in self.rings for p in r]
        lats = [p[1] for r in self.rings for p in r]
        return min(lons), min(lats), max(lons), max(lats)


def _rings(geometry: dict[str, Any]) -> list[Ring]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    # Outer rings only: lakes and enclaves are below the resolution of the sketch.
    return [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons if polygon]


@cache
def countries() -> dict[str, Country]:
    """Every country with an outline in the package, by ISO 3166-1 alpha-3 code."""
    return {c.code: c for c in _all() if c.rings}


@cache
def centres() -> dict[str, tuple[float, float]]:
    """Every country's centre (lon, lat), outlined or not: some (Hungary, Serbia, Montenegro in countryinfo
    1.0.1) have a centre but no outline, and a map can still mark them."""
    return {c.code: c.centre for c in _all()}


@cache
def _all() -> tuple[Country, ...]:
    from countryinfo import all_countries

    found: list[Country] = []
    for c in all_countries():
        try:
            code, shape, latlng = c.iso(3), c.geo_json(), c.latlng()
        except (KeyError, ValueError, TypeError):  # an entry without ISO code or shape: nothing to draw
            continue
        if not latlng or len(latlng) < 2:
            continue
        features = shape.get("features") if shape else None
        rings = [r for f in features or () for r in _rings(f["geometry"])]
        # Parts beyond the antimeridian (Chukotka) are dropped rather than wrapped: they would stretch the frame.
        if any(x > 0 for r in rings for x, _ in r):
            rings = [r for r in rings if not all(x < -100 for x, _ in r)]
        found.append(
            Country(code, c.name(), tuple(tuple(r) for r in rings), (float(latlng[1]), float(latlng[0])))
        )
    return tuple(found)


class Projection:
    """Fits `frame` into the box (left, top, width, height) of the SVG, centred, keeping its proportions."""

    def __init__(
        self, frame: Frame, width: float, height: float, left: float = 0.0, top: float = 0.0
    ) -> None:
        x0, y0, x1, y1 = frame
        self.k = math.cos(math.radians((y0 + y1) / 2))
        span_x, span_y = (x1 - x0) * self.k, y1 - y0
        self.scale = min(width / span_x, height / span_y)
        self.x0, self.y1 = x0, y1
        self.dx = left + (width - span_x * self.scale) / 2
        self.dy = top + (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.dx + (lon - self.x0) * self.k * self.scale, self.dy + (self.y1 - lat) * self.scale)


def aspect(frame: Frame) -> float:
    """Width over height of `frame` once projected."""
    x0, y0, x1, y1 = frame
    return (x1 - x0) * math.cos(math.radians((y0 + y1) / 2)) / (y1 - y0)


def path(country: Country, project: Projection) -> str:
    """The country's outline as SVG path data; steps under a pixel are dropped."""
    parts = []
    for ring in country.rings:
        points: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= 1.0:
                points.append((x, y))
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def visible(country: Country, frame: Frame) -> bool:
    x0, y0, x1, y1 = country.box
    return not (x1 < frame[0] or x0 > frame[2] or y1 < frame[1] or y0 > frame[3])

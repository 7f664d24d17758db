"""How long a force spends in each State of a route: an estimate from distances and configured speeds, or the
time the request gives.  Configuration, not law, and shown as such.

The estimate:
- each State is represented by a point: its capital (from `countryinfo`), or its centroid where the package
  has no capital; the origin and the destination by the request's points where it gives them;
- consecutive points are joined by a great-circle line, lengthened by a detour factor for the mode (roads and
  railways do not run straight), and travelled at the mode's speed per day of movement, halts included;
- the border is taken halfway along that line, so the time in a State is half of the segment it is entered
  by plus half of the segment it is left by (the origin: half the first; the destination: half the last).
The mode of a segment is the fastest of the request's modes that its link allows.

NOT MODELLED: waits at borders, transhipment (gauge changes, ports), timetables, the real line of a road or
railway - needs a decision by the movement officer, who can give each State's time instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sofadesk.cases.transit.schemas import Mode

# Configuration: planning figures, not measurements.  Per day of movement, halts included.
SPEED_KM_PER_DAY: Mapping[Mode, float] = {"road": 350.0, "rail": 500.0, "sea": 550.0, "air": 6000.0}
DETOUR: Mapping[Mode, float] = {"road": 1.3, "rail": 1.3, "sea": 1.2, "air": 1.05}
EARTH_RADIUS_KM = 6371.0088
MINUTES_PER_DAY = 1440

PlaceBasis = Literal["capital", "centroid", "given"]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    basis: PlaceBasis


@cache
def places() -> dict[str, Place]:
    """Each State's point: its capital, else its centroid (countryinfo).  Built once per process."""
    from countryinfo import all_countries

    found: dict[str, Place] = {}
    for c in all_countries():
        try:
            code = c.iso(3)
        except (KeyError, ValueError, TypeError):
            continue
        capital, centre = _pair(_safe(c, "capital_latlng")), _pair(_safe(c, "latlng"))
        if capital is not None:
            found[code] = Place(str(_safe(c, "capital") or code), *capital, "capital")
        elif centre is not None:
            found[code] = Place(f"centre of {code}", *centre, "centroid")
    return found


def _pair(value: object) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None


def _safe(country: object, attribute: str) -> object:
    try:
        return getattr(country, attribute)()
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def great_circle_km(a: Place, b: Place) -> float:
    return _great_circle_km(a.lat, a.lon, b.lat, b.lon)


@cache
def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def fastest(allowed: Sequence[Mode], speeds: Mapping[Mode, float]) -> Mode:
    return max(allowed, key=lambda m: (speeds[m], m))


@dataclass(frozen=True, slots=True)
class LegTime:
    minutes: int  # time in the State, whole minutes, so that schedules add up exactly
    km: float | None  # distance along the route in the State, where estimated
    basis: Literal["estimate", "given"]


def leg_times(
    route: Sequence[str],
    points: Sequence[Place | None],
    segment_modes: Sequence[Mode],
    speeds: Mapping[Mode, float],
    given_days: Mapping[str, float],
) -> tuple[list[LegTime], list[str]]:
    """Each State's time on the route, and the States whose time can be neither estimated (no point) nor
    taken from the request.  `points[i]` stands for `route[i]`; `segment_modes[i]` is the mode from
    `route[i]` to `route[i + 1]`."""
    seg_km: list[float | None] = []
    seg_days: list[float | None] = []
    for i, mode in enumerate(segment_modes):
        a, b = points[i], points[i + 1]
        km = great_circle_km(a, b) * DETOUR[mode] if a is not None and b is not None else None
        seg_km.append(km)
        seg_days.append(km / speeds[mode] if km is not None else None)
    times: list[LegTime] = []
    missing: list[str] = []
    for i, state in enumerate(route):
        halves = [j for j in (i - 1, i) if 0 <= j < len(segment_modes)]
        known = all(seg_km[j] is not None for j in halves)
        km = sum(seg_km[j] or 0.0 for j in halves) / 2 if known else None
        if state in given_days:
            times.append(LegTime(round(given_days[state] * MINUTES_PER_DAY), km, "given"))
        elif known:
            days = sum(seg_days[j] or 0.0 for j in halves) / 2
            times.append(LegTime(round(days * MINUTES_PER_DAY), km, "estimate"))
        else:
            times.append(LegTime(0, None, "estimate"))
            missing.append(state)
    return times, missing

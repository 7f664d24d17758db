"""Training-area deconfliction: two exercises booking the same area on overlapping days.

Days are whole and inclusive: a booking of 1-5 May and one of 5-9 May overlap on 5 May; 1-5 May and 6-9 May
only touch, and do not clash.  The sweep sorts each area's bookings by first day and keeps those still running,
so it costs O(n log n) for n bookings plus the number of clashes reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Booking:
    id: int
    exercise_id: int
    area_id: int
    first_day: date
    last_day: date


@dataclass(frozen=True)
class Clash:
    area_id: int
    earlier: Booking
    later: Booking
    first_day: date  # first day both are booked
    last_day: date  # last day both are booked

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def find_clashes(bookings: Iterable[Booking]) -> list[Clash]:
    """Every pair of bookings of one area, by different exercises, sharing at least one day."""
    by_area: dict[int, list[Booking]] = defaultdict(list)
    for b in bookings:
        by_area[b.area_id].append(b)
    clashes: list[Clash] = []
    for area_id, items in by_area.items():
        items.sort(key=lambda b: (b.first_day, b.last_day, b.id))
        running: list[Booking] = []
        for b in items:
            # Drop bookings that ended before this one starts: they cannot clash with it or any later one.
            running = [r for r in running if r.last_day >= b.first_day]
            for r in running:
                if r.exercise_id != b.exercise_id:
                    clashes.append(Clash(area_id, r, b, b.first_day, min(r.last_day, b.last_day)))
            running.append(b)
    return clashes

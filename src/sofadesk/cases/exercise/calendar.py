"""A State's exercise calendar as iCalendar (RFC 5545), for any calendar program.

One all-day event per exercise (DTEND is the day after the last day, as the RFC counts it); the host's own
calendar also gets one event per training-area booking, so planners see the areas' occupation.
"""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar, Event

from sofadesk.audit.chain import now
from sofadesk.cases.exercise.reads import ExerciseRead

STATUS = {"proposed": "TENTATIVE", "cancelled": "CANCELLED"}  # everything else is confirmed


def _event(uid: str, summary: str, first: date, last: date, status: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now())
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    event.add("summary", summary)
    event.add("status", STATUS.get(status, "CONFIRMED"))
    return event


def exercise_calendar(state: str, exercises: list[ExerciseRead]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//SOFA Desk//Exercise calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"SOFA Desk exercises - {state}")
    for x in exercises:
        first, last = date.fromisoformat(x.starts_on), date.fromisoformat(x.ends_on)
        event = _event(f"{x.reference}@sofadesk", f"{x.name} ({x.reference})", first, last, x.status)
        areas = [b.area_name for b in x.locations]
        event.add("location", "; ".join(dict.fromkeys(areas)) or x.host_state)
        event.add("categories", [x.purpose])
        who = ", ".join(f"{p.state} ({p.status})" for p in x.participants) or "none yet"
        event.add("description", f"Host: {x.host_state}. Status: {x.status}. Participants: {who}.")
        cal.add_component(event)
        if x.host_state == state:
            for b in x.locations:
                area = _event(
                    f"{x.reference}-booking-{b.id}@sofadesk",
                    f"{b.area_name} booked: {x.name}",
                    date.fromisoformat(b.first_day),
                    date.fromisoformat(b.last_day),
                    x.status,
                )
                area.add("location", b.area_name)
                area.add("related-to", f"{x.reference}@sofadesk")
                cal.add_component(area)
    data: bytes = cal.to_ical()
    return data

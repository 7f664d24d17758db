"""Exercise checks that need no database: coverage per day, deconfliction, the re-export balance, the
jurisdiction quick reference and the calendar."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from icalendar import Calendar

from sofadesk.cases.exercise.calendar import exercise_calendar
from sofadesk.cases.exercise.certificates import apply_discharge, balance, certificate_lines, serial_number
from sofadesk.cases.exercise.coverage import DayRange, day_ranges, participant_coverage
from sofadesk.cases.exercise.deconfliction import Booking, find_clashes
from sofadesk.cases.exercise.demo_data import contingent
from sofadesk.cases.exercise.jurisdiction import quick_reference
from sofadesk.cases.exercise.schemas import ContingentBody, DischargeLine, ExercisePlan
from sofadesk.errors import Invalid
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.model import Registry
from tests.law.test_registry_cases import with_assumptions

SEP17, OCT5 = date(2007, 9, 17), date(2007, 10, 5)


# --- coverage -------------------------------------------------------------------------------------------


def test_russia_is_flagged_for_the_days_before_its_entry_into_force(engine: InForceEngine) -> None:
    # The PfP SOFA entered into force for Russia on 27 September 2007 (30 days after its deposit, Art. V(3)).
    c = participant_coverage(engine, "DEU", "RUS", SEP17, OCT5)
    assert c.status == "flag"
    assert [r.as_json() for r in c.not_covered] == [
        {"first": "2007-09-17", "last": "2007-09-26", "text": "17-26 September 2007"}
    ]
    assert "enters into force during the exercise" in c.message
    assert "17-26 September 2007" in c.message
    # The rule that decides it: entry into force 30 days after deposit.
    assert "PfP SOFA Art. V(3)" in c.citations and "NATO SOFA Art. I(1)(e)" in c.citations


def test_a_participant_covered_throughout_is_ok_with_its_basis(engine: InForceEngine) -> None:
    c = participant_coverage(engine, "DEU", "USA", SEP17, OCT5)
    assert (c.status, c.not_covered, c.unknown) == ("ok", (), ())
    assert c.citations == ("NATO SOFA Art. I(1)(e)", "NATO SOFA Art. XVIII(2)")


def test_the_day_of_entry_into_force_is_covered(engine: InForceEngine) -> None:
    c = participant_coverage(engine, "DEU", "RUS", date(2007, 9, 27), date(2007, 9, 30))
    assert c.status == "ok"
    c = participant_coverage(engine, "DEU", "RUS", date(2007, 9, 26), date(2007, 9, 27))
    assert [r.text() for r in c.not_covered] == ["26 September 2007"]


def test_a_denunciation_taking_effect_mid_exercise_flags_the_days_after(shipped: Registry) -> None:
    # Hypothetical: Russia's denunciation of the PfP SOFA takes effect on 1 October 2007.
    assumed = with_assumptions(shipped, [{"agreement": "pfp-sofa", "state": "RUS",
                                          "denunciation_notice": date(2006, 10, 1),
                                          "denunciation_effective": date(2007, 10, 1)}])  # fmt: skip
    c = participant_coverage(InForceEngine(assumed), "DEU", "RUS", date(2007, 9, 28), date(2007, 10, 3))
    assert c.status == "flag"
    assert [r.text() for r in c.not_covered] == ["1-3 October 2007"]
    assert "ends during the exercise" in c.message


def test_a_state_not_in_the_registry_is_unknown(engine: InForceEngine) -> None:
    assert participant_coverage(engine, "DEU", "XXX", SEP17, OCT5).status == "unknown"


def test_day_ranges_join_consecutive_days_and_name_them() -> None:
    days = [date(2027, 1, d) for d in (1, 2, 3, 7)] + [date(2027, 1, 31), date(2027, 2, 1)]
    assert [r.text() for r in day_ranges(days)] == [
        "1-3 January 2027",
        "7 January 2027",
        "31 January - 1 February 2027",
    ]
    assert DayRange(date(2027, 12, 31), date(2028, 1, 1)).text() == "31 December 2027 - 1 January 2028"


# --- deconfliction --------------------------------------------------------------------------------------


def _b(id_: int, exercise: int, area: int, first: int, last: int) -> Booking:
    return Booking(id_, exercise, area, date(2027, 5, first), date(2027, 5, last))


def test_touching_bookings_do_not_clash_but_one_shared_day_does() -> None:
    assert find_clashes([_b(1, 1, 7, 1, 5), _b(2, 2, 7, 6, 9)]) == []
    (clash,) = find_clashes([_b(1, 1, 7, 1, 5), _b(2, 2, 7, 5, 9)])
    assert (clash.first_day, clash.last_day, clash.days) == (date(2027, 5, 5), date(2027, 5, 5), 1)


def test_overlaps_are_reported_once_per_pair_with_the_shared_days() -> None:
    clashes = find_clashes([_b(1, 1, 7, 1, 20), _b(2, 2, 7, 5, 9), _b(3, 3, 7, 8, 25), _b(4, 4, 8, 1, 31)])
    pairs = {(c.earlier.exercise_id, c.later.exercise_id): (c.first_day.day, c.last_day.day) for c in clashes}
    assert pairs == {(1, 2): (5, 9), (1, 3): (8, 20), (2, 3): (8, 9)}


def test_an_exercise_does_not_clash_with_itself_nor_across_areas() -> None:
    assert find_clashes([_b(1, 1, 7, 1, 5), _b(2, 1, 7, 3, 9), _b(3, 2, 8, 1, 9)]) == []


def test_the_sweep_agrees_with_comparing_every_pair() -> None:
    import random

    rng = random.Random(7)
    bookings = []
    for i in range(400):
        first = rng.randrange(0, 120)
        bookings.append(Booking(i, rng.randrange(60), rng.randrange(12), date(2027, 1, 1) + timedelta(days=first),
                                date(2027, 1, 1) + timedelta(days=first + rng.randrange(0, 15))))  # fmt: skip
    expected = {
        frozenset((a.id, b.id))
        for a in bookings for b in bookings
        if a.id < b.id and a.area_id == b.area_id and a.exercise_id != b.exercise_id
        and a.first_day <= b.last_day and b.first_day <= a.last_day
    }  # fmt: skip
    found = [frozenset((c.earlier.id, c.later.id)) for c in find_clashes(bookings)]
    assert len(found) == len(set(found)) and set(found) == expected


# --- certificates and re-export -------------------------------------------------------------------------


def _lines() -> list[dict[str, object]]:
    return certificate_lines(ContingentBody.model_validate(contingent("USA", equipment_lines=3)))


def test_only_temporarily_imported_equipment_goes_on_the_certificate() -> None:
    data = contingent("USA", equipment_lines=3)
    data["equipment"][1]["temporarily_imported"] = False
    lines = certificate_lines(ContingentBody.model_validate(data))
    assert [(line["line"], line["quantity"]) for line in lines] == [(1, 2), (2, 4)]
    assert serial_number("DEU", "USA", 2007, 42) == "F302-DEU-USA-2007-000042"


def test_the_balance_is_what_was_imported_less_what_left_or_was_declared() -> None:
    lines = _lines()
    record = apply_discharge(lines, {}, [DischargeLine(line=1, re_exported=1),
                                         DischargeLine(line=2, re_exported=1, declared=2, declaration="fuel consumed")])  # fmt: skip
    assert [b.outstanding for b in balance(lines, record)] == [1, 0, 4]
    record = apply_discharge(
        lines, record, [DischargeLine(line=1, re_exported=2), DischargeLine(line=3, re_exported=4)]
    )
    assert all(b.outstanding == 0 for b in balance(lines, record))


def test_more_leaving_than_came_in_or_an_unknown_line_is_refused_with_its_place() -> None:
    with pytest.raises(Invalid) as exc:
        apply_discharge(
            _lines(), {}, [DischargeLine(line=1, re_exported=1), DischargeLine(line=2, re_exported=9)]
        )
    assert exc.value.errors[0]["field"] == "lines.1" and "exceed the 3 imported" in exc.value.detail
    with pytest.raises(Invalid) as exc:
        apply_discharge(_lines(), {}, [DischargeLine(line=4, re_exported=1)])
    assert exc.value.errors[0]["field"] == "lines.0.line"
    with pytest.raises(ValueError, match="declaration"):
        DischargeLine(line=1, declared=1)


# --- plan, jurisdiction, calendar -----------------------------------------------------------------------


def test_a_plan_books_areas_only_within_its_dates() -> None:
    base = {"name": "X", "purpose": "training", "starts_on": "2027-05-01", "ends_on": "2027-05-10"}
    with pytest.raises(ValueError, match=r"locations\.0: booked outside"):
        ExercisePlan.model_validate({**base, "locations": [{"area": "A", "first_day": "2027-04-30",
                                                            "last_day": "2027-05-02", "planned_persons": 5}]})  # fmt: skip
    with pytest.raises(ValueError, match="ends_on: earlier than starts_on"):
        ExercisePlan.model_validate({**base, "ends_on": "2027-04-01"})


def test_the_quick_reference_gives_each_participant_its_primary_rights(engine: InForceEngine) -> None:
    usa, rus, nowhere = quick_reference(engine, "DEU", ["USA", "RUS", "XXX"], SEP17, OCT5)
    assert (usa["on_duty"]["primary_right"], usa["off_duty"]["primary_right"]) == ("USA", "DEU")
    assert "NATO SOFA Art. VII(3)(a)(ii)" in usa["on_duty"]["citations"]
    assert "NATO SOFA Art. VII(3)(b)" in usa["off_duty"]["citations"]
    # Russia only from the day the Agreement applies.
    assert rus["as_of"] == "2007-09-27" and "27 September 2007" in rus["note"]
    assert (rus["on_duty"]["primary_right"], rus["off_duty"]["primary_right"]) == ("RUS", "DEU")
    assert nowhere["on_duty"] is None and "No allocation" in nowhere["note"]


def _read(data: Any) -> Any:
    """Just the attributes of a read model that the calendar uses."""
    if isinstance(data, dict):
        return SimpleNamespace(**{k: _read(v) for k, v in data.items()})
    if isinstance(data, list):
        return [_read(v) for v in data]
    return data


def test_the_calendar_parses_with_a_real_icalendar_parser() -> None:
    exercise = {"reference": "EX-DEU-2007-00001", "name": "VILNIUS BRIDGE 2007", "host_state": "DEU",
                "status": "approved", "purpose": "search_and_rescue", "starts_on": "2007-09-17",
                "ends_on": "2007-10-05", "participants": [{"state": "RUS", "status": "registered"}],
                "locations": [{"id": 3, "area_name": "Grafenwoehr", "first_day": "2007-09-17", "last_day": "2007-09-20"}]}  # fmt: skip
    cancelled = {**exercise, "reference": "EX-DEU-2007-00002", "status": "cancelled", "locations": []}
    host = Calendar.from_ical(exercise_calendar("DEU", [_read(exercise), _read(cancelled)]))
    events = {str(e["UID"]): e for e in host.walk("VEVENT")}
    main = events["EX-DEU-2007-00001@sofadesk"]
    assert main.decoded("DTSTART") == date(2007, 9, 17)
    assert main.decoded("DTEND") == date(2007, 10, 6)  # the day after the last day
    assert str(main["STATUS"]) == "CONFIRMED" and "RUS (registered)" in str(main["DESCRIPTION"])
    assert str(events["EX-DEU-2007-00002@sofadesk"]["STATUS"]) == "CANCELLED"
    assert events["EX-DEU-2007-00001-booking-3@sofadesk"].decoded("DTEND") == date(2007, 9, 21)
    # A participant's calendar has the exercise but not the host's area bookings.
    guest = Calendar.from_ical(exercise_calendar("RUS", [_read(exercise)]))
    assert [str(e["UID"]) for e in guest.walk("VEVENT")] == ["EX-DEU-2007-00001@sofadesk"]

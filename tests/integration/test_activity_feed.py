"""The dashboards' activity feed, on SQLite and PostgreSQL: the newest events of the cases a State owns or is
concerned by and of its own officials, newest first, nothing else; a target that is not a case (a training
area, "DEU/...") never breaks it; and it looks no further back than its window of the log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import acting_as
from sofadesk.cases.core.audit import recent_visible
from sofadesk.cases.core.models import CasePartyRow
from sofadesk.cases.exercise import service as exercise_service
from sofadesk.cases.exercise.demo_data import AREAS, plan
from sofadesk.cases.exercise.schemas import ExercisePlan, TrainingAreaBody
from sofadesk.cases.transit import service as transit_service
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.models import TransitRow
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.ui import activity
from tests.conftest import BACKENDS, demo_sessions, fresh_url, submitted_transit


@pytest.fixture(params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path: Path, pg_schema_factory: object
) -> Iterator[dict[str, object]]:
    """A transit of the United States through Latvia, Russia, Kazakhstan and Uzbekistan (submitted), then
    Germany's training areas recorded (events whose target is not a case: "DEU/GRF"), then a German exercise
    draft."""
    url = fresh_url(request.param, tmp_path, pg_schema_factory)
    engine, sessions, inforce = demo_sessions(url)
    with sessions() as session, session.begin():
        usa = acting_as(session, "usa.requester")
        content = TransitContent.model_validate(riga_termez(date.today() + timedelta(days=40)))
        transit = submitted_transit(session, usa, content, inforce)
    with sessions() as session, session.begin():
        planner = acting_as(session, "deu.planner")
        for code, (name, capacity) in AREAS.items():  # training areas: events whose target is not a case
            exercise_service.set_training_area(
                session, planner, code, TrainingAreaBody(name=name, capacity_persons=capacity)
            )
        exercise = exercise_service.create(session, planner, ExercisePlan.model_validate(plan()))
    yield {
        "sessions": sessions,
        "transit": str(transit.id),
        "exercise": str(exercise.id),
        "inforce": inforce,
        "url": url,
    }
    engine.dispose()


def _feed(world: dict[str, object], username: str, **kw: int) -> list[tuple[str, str, str]]:
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session:
        return [
            (e.target_type, e.target_id, e.action)
            for e in recent_visible(session, acting_as(session, username), **kw)
        ]


def test_a_state_concerned_sees_the_case_events_and_nothing_of_other_cases(world: dict[str, object]) -> None:
    feed = _feed(world, "rus.approver")
    assert feed and {(t, i) for t, i, _ in feed} == {("transit", world["transit"])}
    assert any(action.endswith("submitted") for _, _, action in feed)


def test_the_owner_sees_its_cases_and_its_officials_events_newest_first(world: dict[str, object]) -> None:
    feed = _feed(world, "deu.planner")
    assert ("exercise", world["exercise"]) in {(t, i) for t, i, _ in feed}
    assert ("transit", world["transit"]) not in {(t, i) for t, i, _ in feed}  # Germany is not concerned
    assert all(t != "training_area" for t, _, _ in feed)  # not a case: not in a case feed
    usa = _feed(world, "usa.requester")
    assert {(t, i) for t, i, _ in usa} == {("transit", world["transit"])}
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session:
        ids = [e.id for e in recent_visible(session, acting_as(session, "usa.requester"))]
    assert ids == sorted(ids, reverse=True)


def test_the_feed_stops_at_its_window_and_at_its_limit(world: dict[str, object]) -> None:
    # The newest two events are Germany's (the exercise draft, a training area): Russia has none of them.
    assert _feed(world, "rus.approver", window=2) == []
    assert len(_feed(world, "rus.approver", limit=1)) == 1


def _dashboard_feed(world: dict[str, object], username: str) -> list[tuple[str, str, str]]:
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session:
        return [
            (e.target_type, e.target_id, e.action)
            for e in activity.feed(session, acting_as(session, username))
        ]


def _amend_transit(world: dict[str, object], unit: str) -> None:
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session, session.begin():
        usa = acting_as(session, "usa.requester")
        case = session.get(TransitRow, int(str(world["transit"])))
        assert case is not None
        content = riga_termez(date.today() + timedelta(days=40))
        content["unit"]["name"] = unit
        transit_service.amend(
            session, usa, case.id, TransitContent.model_validate(content), case.version, world["inforce"]
        )


def test_a_kept_feed_is_extended_by_the_events_written_since_and_only_for_the_states_that_see_them(
    world: dict[str, object],
) -> None:
    activity.forget()
    assert _dashboard_feed(world, "rus.approver") == _feed(world, "rus.approver")
    germany = _dashboard_feed(world, "deu.planner")
    _amend_transit(world, "Rail detachment, amended")
    after = _dashboard_feed(world, "rus.approver")
    assert after[0] == ("transit", world["transit"], "transit.amended")  # the new event first
    assert after == _feed(world, "rus.approver")  # as a walk from the head finds it
    assert _dashboard_feed(world, "deu.planner") == germany  # Germany is not concerned by the transit


def test_a_kept_feed_costs_one_key_lookup_while_nothing_is_written(world: dict[str, object]) -> None:
    activity.forget()
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    first = _dashboard_feed(world, "rus.approver")
    sent: list[str] = []
    with sessions() as session:
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", lambda *args: sent.append(args[2]))
        again = [
            (e.target_type, e.target_id, e.action)
            for e in activity.feed(session, acting_as(session, "rus.approver"))
        ]
    assert again == first
    assert [s for s in sent if "audit" in s] == [s for s in sent if "audit_head" in s] and len(
        [s for s in sent if "audit" in s]
    ) == 1


def test_a_kept_feed_is_walked_afresh_after_refresh(
    world: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A State made a party to a case after its events sees them only from a walk from the head: at the latest
    REFRESH seconds after its feed was last walked."""
    activity.forget()
    assert ("transit", world["transit"]) not in {(t, i) for t, i, _ in _dashboard_feed(world, "deu.planner")}
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session, session.begin():  # Germany concerned, no event written
        session.add(
            CasePartyRow(
                kind="transit",
                case_id=int(str(world["transit"])),
                state_code="DEU",
                since=datetime(2026, 1, 1),
            )
        )
    kept = _dashboard_feed(world, "deu.planner")
    assert ("transit", world["transit"]) not in {(t, i) for t, i, _ in kept}  # the kept feed, until REFRESH
    monkeypatch.setattr(activity, "REFRESH", 0.0)
    assert ("transit", world["transit"]) in {(t, i) for t, i, _ in _dashboard_feed(world, "deu.planner")}


def test_an_extended_feed_keeps_to_the_window_of_a_walk_from_the_head(
    world: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines kept from an earlier walk leave the feed once the log has grown past them by the window, as a walk
    from the new head would find."""
    activity.forget()
    monkeypatch.setattr(activity, "WINDOW", 4)
    assert _dashboard_feed(world, "rus.approver") != []  # the transit's events, within the newest four
    sessions: sessionmaker[Session] = world["sessions"]  # type: ignore[assignment]
    with sessions() as session, session.begin():  # three events Russia may not see
        planner = acting_as(session, "deu.planner")
        for code, (name, capacity) in list(AREAS.items())[:3]:
            exercise_service.set_training_area(
                session, planner, code, TrainingAreaBody(name=name, capacity_persons=capacity + 1)
            )
    assert _dashboard_feed(world, "rus.approver") == _feed(world, "rus.approver", window=4) == []


def test_a_log_that_is_not_the_kept_one_grown_is_walked_afresh(world: dict[str, object]) -> None:
    """A kept feed is extended only when the log still holds its head with the same hash (a database restored
    from a copy, or another one at the same address, is walked from its head)."""
    activity.forget()
    _dashboard_feed(world, "rus.approver")
    (key, kept), *_ = activity._KEPT.items()
    stranger = activity.Item(
        0, "2026-01-01T00:00:00", "x", "RUS", "transit.submitted", "transit", "0", "X", "/"
    )
    activity._KEPT[key] = activity._Kept((kept.head[0], "not this log"), kept.walked_at, (stranger,))
    _amend_transit(world, "Rail detachment, amended again")
    assert _dashboard_feed(world, "rus.approver") == _feed(world, "rus.approver")

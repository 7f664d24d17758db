"""Keyset pages and bounded counts (issue 18), on SQLite and PostgreSQL: walking a list by its cursors never
skips or repeats a row while other transactions insert rows between the page fetches; a count stops at its
bound and the pages say "more than N" (in English, French and Russian); the decisions a State must take come
in the same order, and are counted the same, as a brute-force computation over every slot."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from sofadesk.accounts.models import UserRow
from sofadesk.accounts.service import acting_as
from sofadesk.audit.chain import now
from sofadesk.cases.core import listing, pending, slots
from sofadesk.cases.core.kinds import registered
from sofadesk.cases.core.models import CaseSlotRow
from sofadesk.cases.exercise.models import ExerciseRow
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.models import TransitRow
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.errors import Invalid
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.integration.test_web_pages import signed_in

STAMP = datetime(2026, 11, 30, 12, 0)


@pytest.fixture(params=BACKENDS, scope="module")
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
       pg_schema_factory: object) -> Iterator[tuple[str, dict[str, str], Engine]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("keyset"), pg_schema_factory)
    tokens = demo_database(url)
    engine = make_engine(url)
    yield url, tokens, engine
    engine.dispose()


def _user_id(engine: Engine, username: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(UserRow.id).where(UserRow.username == username)).scalar_one())


def add_transits(engine: Engine, days: list[date], status: str, revision: int = 1) -> list[int]:
    """Transits written straight to the table in their own committed transaction (another client's)."""
    creator = _user_id(engine, "usa.requester")
    marker = random.getrandbits(40)
    rows = [{"reference": f"KS-{marker}-{n}", "sending_state": "USA", "status": status, "revision": revision,
             "version": 1, "first_entry": d, "last_exit": d + timedelta(days=10), "created_by": creator,
             "created_at": STAMP, "updated_at": STAMP} for n, d in enumerate(days)]  # fmt: skip
    with engine.begin() as conn:
        return [r[0] for r in conn.execute(insert(TransitRow).returning(TransitRow.id), rows)]


def _list(url_engine: Engine, status: str | None, cursor: str | None, limit: int = 7) -> Any:
    with session_factory(url_engine)() as session:
        return transits.list_visible(session, acting_as(session, "usa.requester"), status=status, limit=limit,
                                     cursor=cursor)  # fmt: skip


def _order(engine: Engine, status: str) -> list[int]:
    """Brute force: every row of the status, in the list's order computed here."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(TransitRow.id, TransitRow.first_entry).where(TransitRow.status == status)
        ).all()
    return [r.id for r in sorted(rows, key=lambda r: (r.first_entry, r.id))]


def test_it_never_skips_or_repeats_a_row_when_rows_are_inserted_between_pages(db: Any) -> None:
    _url, _tokens, engine = db
    rng, status, start = random.Random(18), "ks-walk", date(2027, 3, 1)
    # Few distinct days: most rows tie on the first sort key, so the id decides their place.
    original = add_transits(engine, [start + timedelta(days=rng.randrange(6)) for _ in range(40)], status)
    seen: list[int] = []
    before: list[
        int
    ] = []  # inserted where the walk had already passed: a keyset walk does not go back for them
    after: list[int] = []  # inserted ahead of the walk: it must find them
    cursor = None
    while True:
        found = _list(engine, status, cursor)
        seen += [t.id for t in found.items]
        if found.next_cursor is None:
            break
        last = date.fromisoformat(found.items[-1].first_entry)
        before += add_transits(engine, [last - timedelta(days=1), start - timedelta(days=1)], status)
        # The same day as the last row shown: a larger id, so after it; and a later day.
        after += add_transits(engine, [last, last + timedelta(days=2)], status)
        cursor = found.next_cursor
    assert len(seen) == len(set(seen)), "a row came twice"
    assert set(original) <= set(seen), "a row present all along was skipped"
    assert set(after) <= set(seen), "a row inserted ahead of the walk was skipped"
    assert not set(before) & set(seen)
    assert seen == [i for i in _order(engine, status) if i in set(seen)], (
        "the pages are not in the list's order"
    )
    # Walking again, forwards and then back by the previous cursors, gives every row now stored, once, in order.
    forward, cursor = [], None
    while True:
        found = _list(engine, status, cursor)
        forward.append(found)
        if found.next_cursor is None:
            break
        cursor = found.next_cursor
    everything = _order(engine, status)
    assert [t.id for page in forward for t in page.items] == everything
    backward, cursor = [], forward[-1].previous_cursor
    while cursor is not None:
        found = _list(engine, status, cursor)
        backward = [t.id for t in found.items] + backward
        cursor = found.previous_cursor
    assert backward + [t.id for t in forward[-1].items] == everything
    assert forward[0].previous_cursor is None


def test_it_refuses_a_cursor_it_did_not_give(db: Any) -> None:
    _url, _tokens, engine = db
    for cursor in ("not-a-cursor", "WyJuIiwgWzFdXQ", "WyJ4IixbIjIwMjctMDEtMDEiLDFdXQ"):
        with pytest.raises(Invalid):
            _list(engine, "ks-walk", cursor)


def test_it_counts_exactly_up_to_the_bound_then_says_more(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _url, _tokens, engine = db
    monkeypatch.setattr(listing, "COUNT_BOUND", 5)
    add_transits(engine, [date(2027, 5, 1)] * 5, "ks-bound")
    exact = _list(engine, "ks-bound", None, limit=3)
    assert (exact.total, exact.total_exact) == (5, True)
    add_transits(engine, [date(2027, 5, 2)], "ks-bound")  # N + 1 rows
    bounded = _list(engine, "ks-bound", None, limit=3)
    assert (bounded.total, bounded.total_exact) == (5, False)


def test_the_api_pages_by_cursor_and_the_pages_say_more_than_n(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, tokens, engine = db
    add_transits(engine, [date(2027, 6, 1) + timedelta(days=n % 3) for n in range(61)], "withdrawn")
    with TestClient(create_app(url)) as api:
        headers = {"Authorization": f"Bearer {tokens['usa.requester']}"}
        ids, cursor = [], None
        while True:
            r = api.get("/api/v1/transits", params={"status": "withdrawn", "limit": 9, **({"cursor": cursor} if cursor else {})},
                        headers=headers)  # fmt: skip
            assert r.status_code == 200, r.text
            ids += [t["id"] for t in r.json()["items"]]
            cursor = r.json()["next_cursor"]
            if cursor is None:
                break
        assert ids == _order(engine, "withdrawn")
        refused = api.get("/api/v1/transits", params={"cursor": "bm90IGEgY3Vyc29y"}, headers=headers)
        assert refused.status_code == 422
        monkeypatch.setattr(listing, "COUNT_BOUND", 60)
        client = signed_in(api.app, "usa.requester")
        for language, said in (("en", "50 of more than 60"), ("fr", "50 sur plus de 60"), ("ru", "50 из более чем 60")):  # fmt: skip
            client.cookies.set("sofadesk_lang", language)
            html = client.get("/transits?status=withdrawn").text
            assert said in html
            following = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
            second = client.get(following).text
            assert 'rel="prev"' in second and 'rel="next"' not in second
        monkeypatch.setattr(listing, "COUNT_BOUND", 61)
        client.cookies.set("sofadesk_lang", "en")
        assert "50 of 61" in client.get("/transits?status=withdrawn").text


def test_the_pending_list_and_counts_match_a_brute_force_computation(db: Any) -> None:
    _url, _tokens, engine = db
    rng, today, state = random.Random(7), now().date(), "KST"
    transit_ids = add_transits(engine, [date(2027, 7, 1)] * 30, "submitted", revision=2)
    planner = _user_id(engine, "deu.planner")
    with engine.begin() as conn:
        exercise_ids = [r[0] for r in conn.execute(insert(ExerciseRow).returning(ExerciseRow.id), [
            {"reference": f"KS-X-{rng.getrandbits(40)}-{n}", "host_state": "DEU", "name": f"KS {n}", "purpose": "training",
             "status": "planned", "starts_on": date(2027, 8, 1), "ends_on": date(2027, 8, 9), "plan": {}, "revision": 1,
             "version": 1, "created_by": planner, "created_at": STAMP, "updated_at": STAMP} for n in range(20)])]  # fmt: skip
    dues = [today - timedelta(days=3), today - timedelta(days=1), today, today + timedelta(days=2), None]
    cases = [("transit", i, 2) for i in transit_ids] + [("exercise", i, 1) for i in exercise_ids]
    slots_rows = []
    for n in range(160):
        kind, case_id, current = rng.choice(cases)
        slots_rows.append({"kind": kind, "case_id": case_id, "revision": rng.choice([current, current, current + 5]),
                           "subject": f"s{n}", "state_code": rng.choice([state, state, state, "KSU"]),
                           "status": rng.choice(["pending", "pending", "pending", "approved"]), "due_on": rng.choice(dues),
                           "opened_at": STAMP, "version": 1})  # fmt: skip
    with engine.begin() as conn:
        slot_ids = [r[0] for r in conn.execute(insert(CaseSlotRow).returning(CaseSlotRow.id), slots_rows)]
    current = {(k, i): r for k, i, r in cases}
    expected = sorted(
        ((s["due_on"] is None, s["due_on"] or date.min, s["kind"], s["case_id"], sid), s["subject"])
        for sid, s in zip(slot_ids, slots_rows, strict=True)
        if s["state_code"] == state
        and s["status"] == "pending"
        and s["revision"] == current[(s["kind"], s["case_id"])]
    )
    wanted = [(k[2], k[3], subject) for k, subject in expected]
    assert len(wanted) > 30
    kinds = [k for k in registered() if k.name in ("transit", "exercise")]
    with session_factory(engine)() as session:
        walked, cursor, pages = [], None, []
        while True:
            page = pending.page(session, state, kinds=kinds, limit=7, cursor=cursor)
            pages.append(page)
            walked += [(p.kind, p.case_id, p.subject) for p in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert walked == wanted
        back, cursor = [], pages[-1].previous_cursor
        while cursor is not None:
            page = pending.page(session, state, kinds=kinds, limit=7, cursor=cursor)
            back = [(p.kind, p.case_id, p.subject) for p in page.items] + back
            cursor = page.previous_cursor
        assert back + [(p.kind, p.case_id, p.subject) for p in pages[-1].items] == wanted
        assert [(p.kind, p.case_id, p.subject) for p in slots.pending_for(session, state, kinds=kinds, limit=10, offset=5)] == wanted[5:15]  # fmt: skip
        overdue = [w for w, (k, _s) in zip(wanted, expected, strict=True) if not k[0] and k[1] < today]
        assert [(p.kind, p.case_id, p.subject) for p in slots.pending_for(session, state, kinds=kinds, overdue_only=True)] == overdue  # fmt: skip
        assert slots.pending_count(session, state, kinds=kinds) == len(wanted)
        assert slots.pending_count(session, state, kinds=kinds, overdue_only=True) == len(overdue)
        assert slots.pending_count(session, state, kinds=kinds, bound=len(wanted)) == len(wanted)
        assert slots.pending_count(session, state, kinds=kinds, bound=len(wanted) - 1) == len(
            wanted
        )  # bound + 1
        assert slots.pending_count(session, state, kinds=kinds, bound=10) == 11

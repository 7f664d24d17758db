"""Search for a rare word from the trigram index (PostgreSQL, migration 0014): the cases whose *current* revision
holds the word, of those the State may see, found through the index rather than by reading every visible
case's revision; a word in many cases still walks the list newest first.  SQLite has no such index: the same
answers come from the walk (tests/integration/test_web_findability.py covers both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from sofadesk.accounts.service import acting_as
from sofadesk.cases.transit import service
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.cases.transit.models import TransitRow
from sofadesk.cases.transit.schemas import TransitContent
from sofadesk.db.engine import make_engine
from sofadesk.search import candidates
from sofadesk.search import service as search
from tests.conftest import demo_sessions, fresh_url, submitted_transit


def _content(unit: str, days: int) -> TransitContent:
    content = riga_termez(date.today() + timedelta(days=days))
    content["unit"]["name"] = unit
    return TransitContent.model_validate(content)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[dict[str, Any]]:
    url = fresh_url("postgresql", tmp_path_factory.mktemp("trgm"), pg_schema_factory)
    engine, factory, inforce = demo_sessions(url)
    ids: dict[str, int] = {}
    with factory() as session, session.begin():
        usa, deu = acting_as(session, "usa.requester"), acting_as(session, "deu.planner")

        def filed(user: Any, unit: str, days: int) -> Any:
            return submitted_transit(session, user, _content(unit, days), inforce)

        for n in range(40):  # the common word: "detachment" in every one of these units' names
            filed(usa, f"Rail detachment {n}", 40 + n)
        ids["rare"] = filed(usa, "Quartermaster Zephyrine Company", 30).id
        amended = filed(usa, "Zephyrine Signals Platoon", 31)
        # Its current revision no longer names the word; its first one still does.
        service.amend(session, usa, amended.id, _content("Signals Platoon", 31), amended.version, inforce)
        ids["amended"] = amended.id
        # Germany's request through Latvia, Russia, Kazakhstan and Uzbekistan: the United States is not concerned.
        ids["german"] = filed(deu, "Zephyrine Guards", 32).id
    with engine.connect() as conn:
        # This schema's tables only: a bare ANALYZE visits every schema of the database (every test's), and
        # with many of them runs out of lock slots.
        conn.exec_driver_sql("ANALYZE case_revisions, transits, exercises")
    yield {"sessions": factory, "ids": ids, "url": url}
    engine.dispose()


def test_a_rare_word_finds_the_visible_cases_whose_current_revision_holds_it(seeded: dict[str, Any]) -> None:
    with seeded["sessions"]() as session:
        assert candidates.trigram_ready(session)
        usa, deu = acting_as(session, "usa.requester"), acting_as(session, "deu.planner")
        ids = seeded["ids"]
        assert [h.id for h in search.search(session, usa, "zephyrine")] == [ids["rare"]]
        assert [h.id for h in search.search(session, deu, "ZEPHYRINE")] == [ids["german"]]
        assert [h.id for h in search.search(session, usa, "Signals Platoon")] == [ids["amended"]]
        assert search.search(session, usa, "no such unit anywhere") == []
        # One kind only, in one statement of its own; a kind no one registered finds nothing.
        assert [h.id for h in search.search(session, usa, "zephyrine", kind="transit")] == [ids["rare"]]
        assert search.search(session, usa, "zephyrine", kind="exercise") == []
        assert search.search(session, usa, "zephyrine", kind="no-such-kind") == []
        reference = session.get(TransitRow, ids["rare"]).reference
        assert [h.id for h in search.search(session, usa, reference)] == [ids["rare"]]
        assert search.search(session, usa, session.get(TransitRow, ids["german"]).reference) == []


def test_a_search_of_every_kind_is_a_few_statements_not_a_few_per_kind(seeded: dict[str, Any]) -> None:
    """The trigram lookups of every kind in one statement, every kind's search in another (with the planner's
    setting for text matches set and reset around the lookup): the round trips do not grow with the kinds."""
    from sofadesk.cases.core.kinds import registered

    assert len(registered()) >= 4
    candidates.forget_common_words()
    sent: list[str] = []
    with seeded["sessions"]() as session:
        usa = acting_as(session, "usa.requester")
        assert candidates.trigram_ready(session)  # asked once per database, before the statements counted
        bind = session.connection()
        listener = lambda *args: sent.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
        event.listen(bind, "before_cursor_execute", listener)
        try:
            assert [h.id for h in search.search(session, usa, "Zephyrine")] == [seeded["ids"]["rare"]]
            rare = list(sent)
            sent.clear()
            found = search.search(session, usa, "Russia", ["RUS"])  # a State: references and names looked up
        finally:
            event.remove(bind, "before_cursor_execute", listener)
    assert len(found) == 42  # the United States' 42 transits, each through Russia
    assert [s.split()[0] for s in rare] == ["SET", "SELECT", "RESET", "SELECT"]
    assert len(sent) == 2 and all(s.startswith("SELECT") for s in sent)


def test_a_state_in_few_cases_is_looked_up_in_the_parties_index_and_only_visible_cases_are_found(
    seeded: dict[str, Any],
) -> None:
    """The cases concerning a State, when few, come from the parties' and owners' indexes (not a walk of the
    whole list); candidates the searching State may not see (Germany's transit) are never found."""
    from sofadesk.cases.transit.kind import KIND

    candidates.forget_common_words()
    ids = seeded["ids"]
    with seeded["sessions"]() as session:
        usa, deu = acting_as(session, "usa.requester"), acting_as(session, "deu.planner")
        concerning = candidates.candidates(session, [KIND], "Russia", False, ["RUS"])["transit"]
        assert concerning is not None and len(concerning) == 43 and ids["german"] in concerning
        found = [h.id for h in search.search(session, usa, "Russia", ["RUS"])]
        assert len(found) == 42 and ids["german"] not in found
        assert [h.id for h in search.search(session, deu, "Russia", ["RUS"])] == [ids["german"]]
        saved = candidates.FEW
        try:  # past FEW the list is walked: the same answer
            candidates.FEW = 10
            candidates.forget_common_words()
            assert candidates.candidates(session, [KIND], "Russia", False, ["RUS"]) == {"transit": None}
            assert [h.id for h in search.search(session, usa, "Russia", ["RUS"])] == found
        finally:
            candidates.FEW = saved
            candidates.forget_common_words()


def test_a_rare_word_is_looked_up_in_the_index_and_a_common_one_walks_the_list(
    seeded: dict[str, Any],
) -> None:
    from sofadesk.cases.transit.kind import KIND

    candidates.forget_common_words()
    ids = seeded["ids"]
    with seeded["sessions"]() as session:
        # The rare case and Germany's: the amended one's first revision holds the word, its current one not.
        assert candidates.candidates(session, [KIND], "Zephyrine", True, []) == {
            "transit": frozenset({ids["rare"], ids["german"]})
        }
        # Each kind's revisions have their own partial index over their text (with forty-odd revisions the
        # planner rightly prefers the (kind, case) key; at 100,000 it picks the trigram index: BENCHMARKS.md).
        definitions = session.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'case_revisions' AND schemaname = current_schema()"
            )
        ).all()
        trigram = {name: d for name, d in definitions if "gin_trgm_ops" in d}
        assert set(trigram) == {
            f"ix_case_revisions_{k}_trgm" for k in ("transit", "exercise", "incident", "claim")
        }
        assert "WHERE ((kind)::text = 'transit'::text)" in trigram["ix_case_revisions_transit_trgm"]
        usa = acting_as(session, "usa.requester")
        common = search.search(session, usa, "detachment", limit=50)
        assert len(common) == 40
        # Past FEW matching revisions the index's answer is not used: the walk finds them newest first.
        saved = candidates.FEW
        try:
            candidates.FEW = 10
            assert candidates.candidates(session, [KIND], "detachment", True, []) == {"transit": None}
            assert [h.id for h in search.search(session, usa, "detachment", limit=50)] == [
                h.id for h in common
            ]
        finally:
            candidates.FEW = saved
        # A word found common is remembered so (whatever its case): the walk at once, the same answer.
        assert candidates.candidates(session, [KIND], "DETACHMENT", True, []) == {"transit": None}
        assert [h.id for h in search.search(session, usa, "detachment", limit=50)] == [h.id for h in common]
        # Not for another kind, nor for the references and names alone (a State's or a reference's search).
        assert candidates.candidates(session, [KIND], "detachment", False, []) == {"transit": frozenset()}
        candidates.forget_common_words()
        assert len(candidates.candidates(session, [KIND], "detachment", True, [])["transit"] or ()) == 40


def test_upgrading_again_makes_indexes_a_past_upgrade_could_not(seeded: dict[str, Any]) -> None:
    from sofadesk.db import search_indexes
    from sofadesk.db.migrate import upgrade

    engine = make_engine(seeded["url"])
    try:
        with engine.begin() as conn:
            search_indexes.drop(conn)  # as if pg_trgm had not been there when the migration ran
        with engine.connect() as conn:
            present = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%_trgm'"
            assert conn.scalar(text(present)) == 0
        upgrade(engine)
        upgrade(engine)  # and again: nothing to do
        with engine.connect() as conn:
            assert conn.scalar(text(present)) == len(search_indexes.NAMES)
    finally:
        engine.dispose()


def _trigram_scans(url: str) -> int:
    """How many times the transit revisions' trigram index has been scanned (asked from another connection)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = (
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE schemaname = current_schema() "
                "AND indexrelname = 'ix_case_revisions_transit_trgm'"
            )
            return int(conn.scalar(text(query)))
    finally:
        engine.dispose()


UNSTEERED = (
    "EXPLAIN SELECT case_id, number FROM case_revisions WHERE kind = 'transit' "
    "AND CAST(content AS VARCHAR) ILIKE '%Zephyrine%' LIMIT 101"
)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object) -> Iterator[dict[str, Any]]:
    """The demo database with 600 more transit revisions, each a copy of a demo transit's (a few kilobytes of
    JSON, kept out of line), analysed: the size at which the planner, pricing a match as any operator call,
    reads every revision rather than use the trigram index."""
    url = fresh_url("postgresql", tmp_path_factory.mktemp("trgm-grown"), pg_schema_factory)
    engine, factory, inforce = demo_sessions(url)
    with factory() as session, session.begin():  # one transit of a case that is there, from Riga
        submitted_transit(
            session, acting_as(session, "usa.requester"), _content("Rail detachment", 40), inforce
        )
    content = _content("US Army sustainment rail detachment", 40).model_dump(mode="json")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO case_revisions (kind, case_id, number, content, created_by, created_at) "
                "SELECT 'transit', 1000000 + n, 1, CAST(:content AS json), (SELECT min(id) FROM users), now() "
                "FROM generate_series(1, 600) AS n"
            ),
            {"content": json.dumps(content)},
        )
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE case_revisions")
    yield {"sessions": factory, "url": url}
    engine.dispose()


def test_a_rare_word_is_read_from_the_index_where_the_planner_would_read_every_revision(
    grown: dict[str, Any],
) -> None:
    """Priced as any operator call, a match over 600-odd revisions' text looks cheaper than the index's answer,
    and the planner reads them all (66 ms at 1,000 transits against 1-2 ms from the index).  The lookup prices
    it as what it is and reads the index; the connection's planner settings are as they were afterwards."""
    from sofadesk.cases.transit.kind import KIND

    before = _trigram_scans(grown["url"])
    with grown["sessions"]() as session:
        plan = "\n".join(session.execute(text(UNSTEERED)).scalars())
        assert "ix_case_revisions_transit_trgm" not in plan  # the premise: unpriced, every revision is read
        candidates.forget_common_words()
        assert candidates.candidates(session, [KIND], "Zephyrine", True, []) == {"transit": frozenset()}
        saved = candidates.FEW
        try:  # the transit filed from Riga
            candidates.FEW = 0
            assert candidates.candidates(session, [KIND], "Riga", True, []) == {"transit": None}  # past FEW
        finally:
            candidates.FEW = saved
        assert session.execute(text("SHOW cpu_operator_cost")).scalar() == "0.0025"
        session.execute(text("SELECT pg_stat_force_next_flush()"))
        session.commit()
    assert _trigram_scans(grown["url"]) == before + 2


def test_the_planner_is_reset_after_a_failed_statement_in_either_kind_of_session(
    grown: dict[str, Any],
) -> None:
    from sofadesk.db.engine import read_session_factory
    from sofadesk.db.planner import TEXT_MATCH_OPERATOR_COST, text_match_priced

    engine = make_engine(grown["url"])
    try:
        for factory in (grown["sessions"], read_session_factory(engine)):
            with factory() as session:
                with pytest.raises(Exception, match="division by zero"), text_match_priced(session):
                    priced = session.execute(text("SHOW cpu_operator_cost")).scalar()
                    assert float(priced) == TEXT_MATCH_OPERATOR_COST
                    session.execute(text("SELECT 1 / 0"))
                session.rollback()
                assert session.execute(text("SHOW cpu_operator_cost")).scalar() == "0.0025"
                with text_match_priced(session):
                    with text_match_priced(session):  # nested (search prices every kind's lookups at once)
                        pass
                    priced = session.execute(text("SHOW cpu_operator_cost")).scalar()
                    assert float(priced) == TEXT_MATCH_OPERATOR_COST  # only the outermost block resets
                assert session.execute(text("SHOW cpu_operator_cost")).scalar() == "0.0025"
    finally:
        engine.dispose()

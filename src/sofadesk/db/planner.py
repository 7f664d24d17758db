"""Planner settings for the few statements PostgreSQL plans badly by itself: a text match over case revisions
priced at what it costs, and one generic plan for the open decisions' statements.

A case revision's content is a few kilobytes of JSON kept out of line (TOAST).  The planner prices matching a
pattern against it like any operator call (`cpu_operator_cost`, 0.0025 units a row), but each row's match
fetches, decompresses and casts the content first: about 66 µs a revision measured here, where the trigram
index's whole answer cost 1.3 ms for some 1,650 units.  So, left to itself, it read every revision rather
than use the index, by a sequential scan or along the (kind, case) key, until the table grew past a few
thousand revisions: 66 ms against 1-2 ms for a word in no case at 1,000 transits (`EXPLAIN ANALYZE`,
BENCHMARKS.md, issue 18).  A statement that matches text in the content runs inside `text_match_priced`,
which sets the operator's price near the measured one for that statement.

The open decisions' page and count (cases/core/pending.py) are one UNION ALL of a branch per kind, dated and
undated, each an index walk with a limit.  PostgreSQL kept planning them afresh for every execution (a custom
plan for the values given) at 1.2 and 2 ms of their 2.8 and 4.8 ms at 100,000 transits, where the one generic
plan, the same index walks, runs in 1.6 and 2.8 ms (measured on one connection, 30 executions each).  They run
inside `generic_plans`.  The activity feed was measured too and is better left to PostgreSQL's choice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sofadesk.db import direct

# In the planner's units (a sequential page read is 1): a match over one revision's text counted at some tens
# of units instead of a fraction of one.  With two operators a row (the cast and the match), reading every
# revision then costs more than the index's answer from about a hundred revisions on.
TEXT_MATCH_OPERATOR_COST = 10
_PRICED = text(f"SET cpu_operator_cost = {TEXT_MATCH_OPERATOR_COST}")
_RESET = text("RESET cpu_operator_cost")
# On the session's info while a block is open: an inner block is then a no-op.
_PRICING = "sofadesk.text_match_priced"


_GENERIC = text("SET plan_cache_mode = force_generic_plan")
_AUTO = text("RESET plan_cache_mode")
_GENERIC_PLANS = "sofadesk.generic_plans"


@contextmanager
def text_match_priced(session: Session) -> Iterator[None]:
    """Plan the statements run inside with operator calls priced as matches over revision text (PostgreSQL;
    elsewhere nothing changes).

    The setting is the connection's, not the transaction's (read sessions run without one), so it is reset on
    the way out, on the same connection, before it can go back to the pool: nothing inside may end the
    session's transaction (a commit or rollback would return the connection with the setting on).  Should a
    statement inside fail within a transaction, the reset cannot run (the transaction is aborted), and need
    not: rolling back that transaction undoes the SET made in it.  Blocks nest: only the outermost sets and
    resets."""
    with _connection_setting(session, _PRICING, _PRICED, _RESET):
        yield


@contextmanager
def generic_plans(session: Session) -> Iterator[None]:
    """Run the prepared statements inside on their generic plan (PostgreSQL; elsewhere nothing changes), under
    the same rules as `text_match_priced`."""
    with _connection_setting(session, _GENERIC_PLANS, _GENERIC, _AUTO):
        yield


@contextmanager
def _connection_setting(session: Session, key: str, on: Any, off: Any) -> Iterator[None]:
    if session.get_bind().dialect.name != "postgresql" or session.info.get(key):
        yield
        return
    connection = session.connection()
    # Sent by the driver itself: through SQLAlchemy the two settings were a twentieth of a dashboard's CPU.
    direct.run(connection, on)
    session.info[key] = True
    try:
        yield
    except BaseException:
        with suppress(SQLAlchemyError):  # the database's refusal, or a connection already failed
            direct.run(connection, off)
        raise
    finally:
        session.info.pop(key, None)
    direct.run(connection, off)

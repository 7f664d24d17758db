"""The case engine's shared tables: the States concerned by a case, per-State decisions ("slots") and the content
of each revision, for every case kind; and the index of the provisions each audit event relied on.  Transit parties, decisions and revisions and exercise invitations move
into them; nothing is lost: every row is copied before the old tables and columns go.

Two rules of the engine change what is copied: a transit's draft is seen by its sending State alone, so the
States crossed become parties of submitted transits only; an invitation's answer is the invitation slot's, so
who answered and when moves there (a declined invitation's note with it) and leaves the participants table.

Revision ID: 20261130_0007
Revises: 20261130_0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "20261130_0007"
down_revision = "20261130_0006"
branch_labels = None
depends_on = None

ANSWER = {
    "invited": "pending",
    "declined": "declined",
    "accepted": "accepted",
    "registered": "accepted",
    "reported": "accepted",
    "lapsed": "lapsed",
}


def _create_tables() -> None:
    op.create_table(
        "case_parties",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "case_id", "state_code"),
    )
    with op.batch_alter_table("case_parties", schema=None) as batch_op:
        batch_op.create_index("ix_case_parties_state", ["state_code", "kind", "case_id"], unique=False)
    op.create_table(
        "case_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "case_id", "number"),
    )
    op.create_table(
        "case_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("carried_over_from", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "case_id", "revision", "subject", "state_code"),
    )
    with op.batch_alter_table("case_slots", schema=None) as batch_op:
        batch_op.create_index("ix_case_slots_case", ["kind", "case_id", "revision"], unique=False)
        batch_op.create_index(
            "ix_case_slots_state_status_due", ["state_code", "status", "due_on"], unique=False
        )


# The tables as this migration knows them (not the application's models, which will change): JSON columns are
# typed so that content is read and written as JSON on both databases.
CASE_REVISIONS = sa.table(
    "case_revisions",
    sa.column("kind"),
    sa.column("case_id"),
    sa.column("number"),
    sa.column("content", sa.JSON),
    sa.column("created_by"),
    sa.column("created_at"),
)
TRANSIT_REVISIONS = sa.table(
    "transit_revisions",
    sa.column("transit_id"),
    sa.column("number"),
    sa.column("content", sa.JSON),
    sa.column("created_by"),
    sa.column("created_at"),
)
EXERCISES = sa.table(
    "exercises",
    sa.column("id"),
    sa.column("plan", sa.JSON),
    sa.column("starts_on", sa.Date),
    sa.column("created_by"),
    sa.column("created_at"),
)


def _insert(conn: Any, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        columns = list(rows[0])
        conn.execute(sa.table(table, *(sa.column(c) for c in columns)).insert(), rows)


def _copy_transits(conn: Any) -> None:
    transits = {
        r.id: r
        for r in conn.execute(
            sa.text("SELECT id, sending_state, status, created_at, submitted_at FROM transits")
        )
    }
    revisions = conn.execute(sa.select(TRANSIT_REVISIONS)).all()
    if revisions:
        conn.execute(
            CASE_REVISIONS.insert(),
            [
                {
                    "kind": "transit",
                    "case_id": r.transit_id,
                    "number": r.number,
                    "content": r.content,
                    "created_by": r.created_by,
                    "created_at": r.created_at,
                }
                for r in revisions
            ],
        )
    parties = []
    for p in conn.execute(sa.text("SELECT transit_id, state_code FROM transit_parties")):
        t = transits[p.transit_id]
        if p.state_code != t.sending_state and t.status != "draft":
            parties.append(
                {
                    "kind": "transit",
                    "case_id": t.id,
                    "state_code": p.state_code,
                    "since": t.submitted_at or t.created_at,
                }
            )
    _insert(conn, "case_parties", parties)
    slots = []
    for d in conn.execute(
        sa.text(
            "SELECT transit_id, revision, state_code, status, note, due_on, decided_by, decided_at, carried_over_from, "
            "version FROM transit_decisions"
        )
    ):
        t = transits[d.transit_id]
        slots.append(
            {
                "kind": "transit",
                "case_id": t.id,
                "revision": d.revision,
                "subject": "leg_decision",
                "state_code": d.state_code,
                "status": d.status,
                "note": d.note,
                "due_on": d.due_on,
                "opened_at": t.submitted_at or t.created_at,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at,
                "carried_over_from": d.carried_over_from,
                "version": d.version,
            }
        )
    _insert(conn, "case_slots", slots)


def _copy_exercises(conn: Any) -> None:
    exercises = {r.id: r for r in conn.execute(sa.select(EXERCISES))}
    if exercises:
        conn.execute(
            CASE_REVISIONS.insert(),
            [
                {
                    "kind": "exercise",
                    "case_id": x.id,
                    "number": 1,
                    "content": x.plan,
                    "created_by": x.created_by,
                    "created_at": x.created_at,
                }
                for x in exercises.values()
            ],
        )
    parties, slots = [], []
    for p in conn.execute(
        sa.text(
            "SELECT exercise_id, state_code, status, invited_at, responded_by, responded_at, note, version "
            "FROM exercise_participants"
        )
    ):
        x = exercises[p.exercise_id]
        parties.append(
            {"kind": "exercise", "case_id": x.id, "state_code": p.state_code, "since": p.invited_at}
        )
        answer = ANSWER.get(p.status) or ("accepted" if p.responded_at else "withdrawn")
        slots.append(
            {
                "kind": "exercise",
                "case_id": x.id,
                "revision": 1,
                "subject": "invitation",
                "state_code": p.state_code,
                "status": answer,
                "note": p.note if p.status == "declined" else None,
                "due_on": x.starts_on - timedelta(days=1),
                "opened_at": p.invited_at,
                "decided_by": p.responded_by,
                "decided_at": p.responded_at,
                "carried_over_from": None,
                "version": p.version,
            }
        )
    _insert(conn, "case_parties", parties)
    _insert(conn, "case_slots", slots)
    conn.execute(sa.text("UPDATE exercise_participants SET note = NULL WHERE status = 'declined'"))


def _citations() -> None:
    """The provisions each event relied on, as an index (audit_citations), filled for the events already written."""
    import json

    from sofadesk.audit.writer import filed_under

    op.create_table(
        "audit_citations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("citation", sa.String(length=80), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["audit_events.id"]),
        sa.PrimaryKeyConstraint("event_id", "citation"),
    )
    with op.batch_alter_table("audit_citations", schema=None) as batch_op:
        batch_op.create_index("ix_audit_citations_citation_event", ["citation", "event_id"], unique=False)
    conn = op.get_bind()
    rows = [
        {"event_id": e.id, "citation": text, "direct": direct}
        for e in conn.execute(sa.text("SELECT id, citations FROM audit_events WHERE citations <> '[]'"))
        for text, direct in filed_under(json.loads(e.citations))
    ]
    _insert(conn, "audit_citations", rows)


def upgrade() -> None:
    _create_tables()
    _citations()
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
    conn = op.get_bind()
    _copy_transits(conn)
    _copy_exercises(conn)
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.alter_column("revision", server_default=None)
    with op.batch_alter_table("exercise_participants", schema=None) as batch_op:
        batch_op.drop_column("responded_at")
        batch_op.drop_column("responded_by")
    with op.batch_alter_table("transit_decisions", schema=None) as batch_op:
        for name in (
            "ix_transit_decisions_due_on",
            "ix_transit_decisions_state_code",
            "ix_transit_decisions_status",
            "ix_transit_decisions_transit_id",
        ):
            batch_op.drop_index(name)
    op.drop_table("transit_decisions")
    with op.batch_alter_table("transit_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_transit_parties_state_code")
    op.drop_table("transit_parties")
    with op.batch_alter_table("transit_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_transit_revisions_transit_id")
    op.drop_table("transit_revisions")


def downgrade() -> None:
    with op.batch_alter_table("audit_citations", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_citations_citation_event")
    op.drop_table("audit_citations")
    op.create_table(
        "transit_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["transit_id"], ["transits.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transit_id", "number"),
    )
    with op.batch_alter_table("transit_revisions", schema=None) as batch_op:
        batch_op.create_index("ix_transit_revisions_transit_id", ["transit_id"], unique=False)
    op.create_table(
        "transit_parties",
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["transit_id"], ["transits.id"]),
        sa.PrimaryKeyConstraint("transit_id", "state_code"),
    )
    with op.batch_alter_table("transit_parties", schema=None) as batch_op:
        batch_op.create_index("ix_transit_parties_state_code", ["state_code"], unique=False)
    op.create_table(
        "transit_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transit_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("carried_over_from", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["transit_id"], ["transits.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transit_id", "revision", "state_code"),
    )
    with op.batch_alter_table("transit_decisions", schema=None) as batch_op:
        for name, column in (
            ("ix_transit_decisions_due_on", "due_on"),
            ("ix_transit_decisions_state_code", "state_code"),
            ("ix_transit_decisions_status", "status"),
            ("ix_transit_decisions_transit_id", "transit_id"),
        ):
            batch_op.create_index(name, [column], unique=False)
    with op.batch_alter_table("exercise_participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("responded_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("responded_at", sa.DateTime(), nullable=True))
    conn = op.get_bind()
    back = conn.execute(sa.select(CASE_REVISIONS).where(CASE_REVISIONS.c.kind == "transit")).all()
    if back:
        conn.execute(
            TRANSIT_REVISIONS.insert(),
            [
                {
                    "transit_id": r.case_id,
                    "number": r.number,
                    "content": r.content,
                    "created_by": r.created_by,
                    "created_at": r.created_at,
                }
                for r in back
            ],
        )
    conn.execute(
        sa.text("INSERT INTO transit_parties (transit_id, state_code) SELECT id, sending_state FROM transits")
    )
    conn.execute(
        sa.text(
            "INSERT INTO transit_parties (transit_id, state_code) SELECT DISTINCT s.case_id, s.state_code "
            "FROM case_slots s JOIN transits t ON t.id = s.case_id WHERE s.kind = 'transit' "
            "AND s.state_code <> t.sending_state"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO transit_decisions (transit_id, revision, state_code, status, note, due_on, "
            "decided_by, decided_at, carried_over_from, version) SELECT case_id, revision, state_code, "
            "status, note, due_on, decided_by, decided_at, carried_over_from, version FROM case_slots "
            "WHERE kind = 'transit'"
        )
    )
    for s in conn.execute(
        sa.text(
            "SELECT case_id, state_code, decided_by, decided_at, note, status FROM case_slots "
            "WHERE kind = 'exercise' AND subject = 'invitation'"
        )
    ).all():
        conn.execute(
            sa.text(
                "UPDATE exercise_participants SET responded_by = :by, responded_at = :at, "
                "note = COALESCE(note, :note) WHERE exercise_id = :x AND state_code = :state"
            ),
            {
                "by": s.decided_by,
                "at": s.decided_at,
                "note": s.note if s.status == "declined" else None,
                "x": s.case_id,
                "state": s.state_code,
            },
        )
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.drop_column("revision")
    for table, indexes in (
        ("case_slots", ("ix_case_slots_case", "ix_case_slots_state_status_due")),
        ("case_parties", ("ix_case_parties_state",)),
        ("case_revisions", ()),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(name)
        op.drop_table(table)

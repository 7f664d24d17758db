"""The exercise commands of the CLI, on the embedded database and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import BACKENDS, fresh_url

Run = Any
EXAMPLES = Path(__file__).parents[2] / "examples" / "exercise"
USERS = (("deu.plan", "DEU", ["planner"]), ("deu.app", "DEU", ["approver"]), ("rus.app", "RUS", ["approver"]),
         ("rus.plan", "RUS", ["planner", "requester"]), ("lva.app", "LVA", ["approver"]))  # fmt: skip


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_cli_hosts_an_exercise_to_registered_contingents(
    backend: str, run_cli: Run, tmp_path: Path, pg_schema_factory: object
) -> None:
    url = None if backend == "sqlite" else fresh_url(backend, tmp_path, pg_schema_factory)

    def cli(*args: str) -> Any:
        return run_cli(*args, database_url=url) if url else run_cli(*args)

    if url:  # a configured database is set up by its operator, as the README says
        assert cli("db", "upgrade").exit_code == 0 and cli("db", "seed").exit_code == 0
    for user, state, roles in USERS:
        assert (
            cli("users", "add", user, "--state", state, *[x for r in roles for x in ("--role", r)]).exit_code
            == 0
        )
    for code in ("GRF", "HFS"):
        r = cli("exercise", "area", code, "--as", "deu.plan", "--name", f"Area {code}", "--capacity", "2000")
        assert r.exit_code == 0, r.stderr
    created = cli("exercise", "create", "--file", str(EXAMPLES / "plan.yaml"), "--as", "deu.plan", "--json")
    assert created.exit_code == 0, created.stderr
    xid = str(json.loads(created.stdout)["id"])
    assert cli("exercise", "approve", xid, "--as", "deu.app").exit_code == 0
    assert cli("exercise", "invite", xid, "RUS", "--as", "deu.plan").exit_code == 0
    shown = cli("exercise", "show", xid, "--as", "lva.app")
    assert (shown.exit_code, shown.stderr.strip()) == (2, f"Error: no exercise {xid}")
    declined = cli("exercise", "respond", xid, "--as", "rus.app", "--answer", "declined")
    assert declined.exit_code == 2 and "note: a reason is required to decline" in declined.stderr
    assert cli("exercise", "respond", xid, "--as", "rus.app", "--answer", "accepted").exit_code == 0
    people = tmp_path / "people.csv"
    people.write_text(
        "full_name,category,passport_number,passport_describes_status\nIvan Petrov,civilian_component,P1,yes\n"
    )
    registered = cli("exercise", "register", xid, "--file", str(EXAMPLES / "contingent.yaml"),
                     "--personnel", str(people), "--as", "rus.plan")  # fmt: skip
    assert registered.exit_code == 0, registered.stderr
    assert "1 person," in registered.stdout and "Customs certificate F302-DEU-RUS-2007-" in registered.stdout
    checks = cli("exercise", "checks", xid, "--as", "deu.plan")
    assert "does not apply on 17-26 September 2007" in checks.stdout and "1 flag(s)" in checks.stdout
    (flag,) = json.loads(cli("exercise", "checks", xid, "--as", "deu.plan", "--json").stdout)["coverage"]
    assert "PfP SOFA Art. V(3)" in flag["citations"]
    jurisdiction = json.loads(cli("exercise", "jurisdiction", xid, "--as", "rus.app", "--json").stdout)
    assert (
        jurisdiction[0]["on_duty"]["primary_right"] == "RUS"
        and jurisdiction[0]["off_duty"]["primary_right"] == "DEU"
    )
    participants = cli("exercise", "participants", xid, "--as", "rus.app")
    assert "RUS  registered" in participants.stdout and "1 participant(s)" in participants.stdout
    ics = tmp_path / "rus.ics"
    assert cli("exercise", "calendar", "--as", "rus.app", "-o", str(ics)).exit_code == 0
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert "VILNIUS BRIDGE 2007" in str(event["SUMMARY"])
    assert cli("exercise", "start", xid, "--as", "deu.plan").exit_code == 0
    early = cli("exercise", "close", xid, "--as", "deu.plan")
    assert early.exit_code == 2 and "cannot be closed" in early.stderr
    assert cli("exercise", "finish", xid, "--as", "deu.plan").exit_code == 0
    assert (
        cli("exercise", "report", xid, "--as", "rus.plan", "--text", "Joint search completed").exit_code == 0
    )
    due = cli("exercise", "close", xid, "--as", "deu.plan")
    assert due.exit_code == 2 and "not yet re-exported or declared" in due.stderr
    serial = json.loads(cli("exercise", "show", xid, "--as", "rus.plan", "--json").stdout)["participants"][0][
        "certificate"
    ]
    other = cli(
        "exercise", "discharge", xid, serial, "--file", str(EXAMPLES / "discharge.yaml"), "--as", "deu.plan"
    )
    assert (
        other.exit_code == 2 and f"no certificate {serial}" in other.stderr
    )  # only the sending State accounts
    done = cli(
        "exercise", "discharge", xid, serial, "--file", str(EXAMPLES / "discharge.yaml"), "--as", "rus.plan"
    )
    assert done.exit_code == 0 and f"Certificate {serial}: balanced" in done.stdout
    assert cli("exercise", "close", xid, "--as", "deu.plan").exit_code == 0
    listed = cli("exercise", "list", "--as", "rus.app")
    assert "closed" in listed.stdout and "1 exercise(s)" in listed.stdout
    assert cli("audit", "verify").stdout.startswith("Audit chain intact")

"""The transit commands of the CLI, on the embedded database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from sofadesk.cases.transit.demo_data import riga_termez

Run = Any


def _setup(run_cli: Run, tmp_path: Path) -> Path:
    for user, state, roles in (("usa.req", "USA", ["requester"]), ("rus.app", "RUS", ["approver"]),
                               ("lva.app", "LVA", ["approver"]), ("kaz.app", "KAZ", ["approver"]),
                               ("uzb.app", "UZB", ["approver"]), ("deu.obs", "DEU", ["observer"])):  # fmt: skip
        args = ["users", "add", user, "--state", state] + [x for r in roles for x in ("--role", r)]
        assert run_cli(*args).exit_code == 0
    request = tmp_path / "request.yaml"
    request.write_text(yaml.safe_dump(riga_termez(date.today() + timedelta(days=30))))
    return request


def test_the_cli_files_submits_and_decides_a_transit(run_cli: Run, tmp_path: Path) -> None:
    request = _setup(run_cli, tmp_path)
    people = tmp_path / "people.csv"
    people.write_text(
        "full_name,category,passport_number,passport_describes_status\nAnna,civilian_component,P1,yes\n"
    )
    created = run_cli(
        "transit", "create", "--file", str(request), "--personnel", str(people), "--as", "usa.req", "--json"
    )
    assert created.exit_code == 0, created.stderr
    tid = json.loads(created.stdout)["id"]
    assert json.loads(created.stdout)["content"]["personnel"][0]["full_name"] == "Anna"
    assert run_cli("transit", "submit", str(tid), "--as", "usa.req").exit_code == 0
    for who in ("rus.app", "lva.app", "kaz.app", "uzb.app"):
        r = run_cli("transit", "decide", str(tid), "--as", who, "--decision", "approved")
        assert r.exit_code == 0, r.stderr
    shown = json.loads(run_cli("transit", "show", str(tid), "--as", "rus.app", "--json").stdout)
    assert shown["status"] == "permitted"
    listed = run_cli("transit", "list", "--as", "kaz.app")
    assert "permitted" in listed.stdout and "1 transit(s)" in listed.stdout
    checks = run_cli("transit", "checks", str(tid), "--as", "rus.app")
    assert "restriction" not in checks.stdout and "coverage" in checks.stdout
    assert run_cli("audit", "verify").stdout.startswith("Audit chain intact")


def test_the_cli_hides_a_transit_from_a_state_not_concerned_and_refuses_bad_input(
    run_cli: Run, tmp_path: Path
) -> None:
    request = _setup(run_cli, tmp_path)
    tid = json.loads(
        run_cli("transit", "create", "--file", str(request), "--as", "usa.req", "--json").stdout
    )["id"]
    hidden = run_cli("transit", "show", str(tid), "--as", "deu.obs")
    assert hidden.exit_code == 2 and f"no transit {tid}" in hidden.stderr
    denied = run_cli("transit", "decide", str(tid), "--as", "rus.app", "--decision", "denied")
    assert denied.exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("purpose: parade\n")
    r = run_cli("transit", "create", "--file", str(bad), "--as", "usa.req")
    assert r.exit_code == 2 and "purpose" in r.stderr and "Traceback" not in r.stderr
    assert run_cli("transit", "show", "1", "--as", "nobody").exit_code == 2
    assert run_cli("users", "add", "x", "--state", "XXX", "--role", "observer").exit_code == 2
    assert run_cli("users", "add", "y", "--state", "USA", "--role", "king").exit_code == 2

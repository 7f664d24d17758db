"""The incident commands of the CLI on the embedded database, with the example reports: the contract the
acceptance checks use (`create|show --json` print the case with `id`, `status` and `jurisdiction` carrying the
same `value`, `citations` and `reasons` as `sofadesk law decide jurisdiction --json`), and each step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "incident"
Run = Any


def _users(run_cli: Run) -> None:
    for user, state, role in (("usa.legal", "USA", "legal_adviser"), ("deu.legal", "DEU", "legal_adviser"),
                              ("pol.legal", "POL", "legal_adviser"), ("usa.admin", "USA", "administrator"),
                              ("deu.obs", "DEU", "observer")):  # fmt: skip
        assert run_cli("users", "add", user, "--state", state, "--role", role).exit_code == 0


def test_the_cli_carries_the_training_accident_from_report_to_verdict(run_cli: Run, tmp_path: Path) -> None:
    _users(run_cli)
    created = run_cli(
        "incident",
        "create",
        "--file",
        str(EXAMPLES / "training-accident.yaml"),
        "--as",
        "usa.legal",
        "--json",
    )
    assert created.exit_code == 0, created.stderr
    case = json.loads(created.stdout)
    assert {"id", "status", "jurisdiction"} <= set(case) and case["status"] == "reported"
    assert {"value", "citations", "reasons"} <= set(case["jurisdiction"])
    iid = str(case["id"])
    assert run_cli("incident", "law", iid, "--punishable", "--as", "deu.legal").exit_code == 0
    step = run_cli("incident", "certify", iid, "--signed-by", "Col. Hayes, SJA", "--signed-on", "2007-10-03",
                   "--as", "usa.legal", "--json")  # fmt: skip
    shown = json.loads(step.stdout)
    assert shown["jurisdiction"]["value"]["primary_right"] == "sending_state"
    # The same answer as the law's own command on the same facts.
    law = json.loads(run_cli("law", "decide", "jurisdiction", "--facts", str(ROOT / "examples/facts/jurisdiction--convoy.yaml"),
                             "--json").stdout)  # fmt: skip
    assert (
        set(law) >= {"value", "citations", "reasons"}
        and law["value"].keys() == shown["jurisdiction"]["value"].keys()
    )
    contest = run_cli(
        "incident", "contest", iid, "--note", "He had left the route", "--as", "deu.legal", "--json"
    )
    assert json.loads(contest.stdout)["official_duty"]["official_duty"] == "disputed"
    settled = run_cli("incident", "settle-duty", iid, "--outcome", "on_duty", "--decided-by", "Both ministries",
                      "--as", "usa.legal", "--json")  # fmt: skip
    assert json.loads(settled.stdout)["primary_right"]["holder"] == "USA"
    asked = run_cli(
        "incident", "waiver-request", iid, "--reasons", "A German was injured", "--as", "deu.legal"
    )
    assert asked.exit_code == 0 and "waiver_answer" in asked.stdout
    answered = run_cli("incident", "waiver-answer", iid, "--answer", "granted", "--reasons", "Agreed",
                       "--as", "usa.legal", "--json")  # fmt: skip
    assert json.loads(answered.stdout)["primary_right"]["trying_state"] == "DEU"
    tried = run_cli("incident", "trial", iid, "--person", "1", "--court", "AG Weiden", "--charges", "StGB s. 229",
                    "--charged-on", "2007-11-05", "--hearing", "2008-01-14", "--as", "deu.legal", "--json")  # fmt: skip
    assert json.loads(tried.stdout)["status"] == "in_proceedings"
    assert run_cli("incident", "observer", "--name", "Maj. Ortiz", "--as", "usa.admin").exit_code == 0
    observed = run_cli("incident", "observe", iid, "--trial", "1", "--observer", "1", "--item", "interpreter=yes",
                       "--item", "counsel=no:not told of his right", "--as", "usa.legal", "--json")  # fmt: skip
    assert any(f["code"] == "fair_trial_guarantee_not_met" for f in json.loads(observed.stdout)["flags"])
    verdict = run_cli("incident", "verdict", iid, "--trial", "1", "--outcome", "convicted", "--sentence", "fine",
                      "--on", "2008-01-14", "--as", "deu.legal", "--json")  # fmt: skip
    assert json.loads(verdict.stdout)["status"] == "tried"
    again = run_cli("incident", "trial", iid, "--person", "1", "--court", "Court-martial", "--charges", "art. 111",
                    "--charged-on", "2008-02-01", "--as", "usa.legal")  # fmt: skip
    assert again.exit_code == 2 and "VII(8)" in again.stderr
    hidden = run_cli("incident", "show", iid, "--as", "pol.legal")
    assert hidden.exit_code == 2 and "no incident" in hidden.stderr
    redacted = json.loads(run_cli("incident", "show", iid, "--as", "deu.obs", "--json").stdout)
    assert redacted["personal_data"] == "redacted" and redacted["persons"][0]["name"] is None
    stats = run_cli("incident", "stats", "--state", "USA", "--year", "2007", "--as", "usa.legal", "--json",
                    "--csv", str(tmp_path / "s.csv"), "--xlsx", str(tmp_path / "s.xlsx"))  # fmt: skip
    assert stats.exit_code == 0, stats.stderr
    assert "member_of_force/traffic" in (tmp_path / "s.csv").read_text()
    assert load_workbook(tmp_path / "s.xlsx")["Figures"].max_row > 5
    closed = run_cli("incident", "close", iid, "--disposition", "Fine paid", "--as", "deu.legal")
    assert closed.exit_code == 0
    purge = run_cli("incident", "purge")
    assert purge.exit_code == 0 and "erased personal data of 0" in purge.stdout
    assert run_cli("audit", "verify").stdout.startswith("Audit chain intact")


def test_the_cli_refuses_a_bad_report_naming_the_field(run_cli: Run, tmp_path: Path) -> None:
    _users(run_cli)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sending_state: USA\nreceiving_state: USA\noccurred_at: 2009-02-30T10:00\n")
    result = run_cli("incident", "create", "--file", str(bad), "--as", "usa.legal")
    assert result.exit_code == 2 and "occurred_at" in result.stderr and "place" in result.stderr
    off = run_cli(
        "incident", "create", "--file", str(EXAMPLES / "off-duty-traffic.yaml"), "--as", "pol.legal"
    )
    assert off.exit_code == 2 and "sending or its receiving State" in off.stderr
    settings = run_cli("incident", "settings", "DEU", "--as", "deu.legal")
    assert settings.exit_code == 0 and "configuration, not law" in settings.stdout

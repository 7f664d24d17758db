"""The command line through its real entry point: answers, errors, exit codes, both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import CliResult

Run = Any


def test_it_answers_russia_usa_on_the_day_of_signature_as_not_applying(run_cli: Run) -> None:
    r: CliResult = run_cli("coverage", "RUS", "USA", "--on", "2005-04-21", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["applies"], data["instrument"], data["additional_protocol"]) == (False, None, False)
    assert "PfP SOFA Art. V(3)" in data["citations"]
    assert any("signed on 21 April 2005" in x for x in data["reasons"])


def test_it_answers_russia_usa_in_2008_through_the_pfp_sofa(run_cli: Run) -> None:
    r = run_cli("coverage", "Russia", "United States", "--on", "2008-01-01", "--json")
    data = json.loads(r.stdout)
    assert (data["applies"], data["instrument"], data["additional_protocol_status"]) == (
        True,
        "pfp-sofa",
        "does not apply",
    )
    assert data["sending_state"] == {"code": "RUS", "name": "Russian Federation"}
    assert {"PfP SOFA Art. I", "PfP SOFA Art. V(3)"} <= set(data["citations"])
    assert data["not_modelled"] and data["sources"]


def test_it_prints_a_readable_answer_without_json(run_cli: Run) -> None:
    r = run_cli("coverage", "ru", "us", "--on", "2008-01-01")
    assert r.exit_code == 0
    assert "NATO SOFA regime applies: YES - through the PfP SOFA" in r.stdout
    assert "Citations:" in r.stdout


def test_it_reports_null_where_a_date_is_unknown(run_cli: Run) -> None:
    # Iceland: no record of its NATO SOFA ratification, and not yet a PfP SOFA party in 2007.
    data = json.loads(run_cli("coverage", "USA", "ISL", "--on", "2007-05-01", "--json").stdout)
    assert data["applies"] is None and data["instrument"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("coverage", "Rusia", "USA"), "'Rusia' is not a State we know"),
        (("coverage", "RUS", "Atlantis"), "receiving State: 'Atlantis'"),
        (("coverage", "RUS", "USA", "--on", "2008-13-01"), "--on: '2008-13-01' is not a valid date"),
        (("coverage", "RUS", "USA", "--on", "yesterday"), "YYYY-MM-DD"),
        (("coverage", "RUS", "RU"), "both RUS"),
        (("parties", "warsaw-pact"), "'warsaw-pact' is not an agreement we know"),
        (("timeline", "Narnia"), "'Narnia' is not a State we know"),
    ],
)
def test_it_rejects_bad_input_with_exit_code_2_and_no_traceback(
    run_cli: Run, args: tuple[str, ...], message: str
) -> None:
    r = run_cli(*args)
    assert r.exit_code == 2
    assert message in " ".join(r.stderr.split())
    assert "Traceback" not in r.stderr + r.stdout


def test_an_error_is_one_line_on_a_narrow_terminal(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich would wrap a message at the terminal's width, putting newlines into it (a claim test matching a
    long refusal failed whenever the error console had been made before COLUMNS was set)."""
    from sofadesk.cli import output

    monkeypatch.setattr(output.err, "width", 30)
    r = run_cli("timeline", "A State with a long made-up name")
    assert r.exit_code == 2
    error = next(line for line in r.stderr.splitlines() if line.startswith("Error:"))
    assert "'A State with a long made-up name' is not a State we know" in error


def test_it_suggests_the_state_meant(run_cli: Run) -> None:
    r = run_cli("coverage", "Rusia", "USA")
    assert "RUS (Russian Federation)" in " ".join(r.stderr.split())


def test_it_lists_the_parties_of_an_agreement_on_a_date(run_cli: Run) -> None:
    data = json.loads(run_cli("parties", "pfp-sofa", "--on", "2008-01-01", "--json").stdout)
    by_code = {p["code"]: p for p in data["parties"]}
    assert by_code["RUS"]["in_force"] is True and by_code["RUS"]["entry_into_force"] == "2007-09-27"
    assert (
        by_code["SWE"]["entry_into_force_basis"] == "derived"
        and by_code["SWE"]["entry_into_force"] == "1996-12-13"
    )
    assert by_code["CHE"]["entry_into_force"] == "2003-05-09" and by_code["CHE"]["in_force"] is True
    # Serbia deposited on 3 September 2015 (Austrian notice BGBl. III Nr. 86/2019): not yet bound in 2008.
    assert by_code["SRB"]["in_force"] is False and by_code["SRB"]["entry_into_force"] == "2015-10-03"
    assert len(data["parties"]) >= 45


def test_it_shows_a_parties_table(run_cli: Run) -> None:
    r = run_cli("parties", "AP")
    assert r.exit_code == 0 and "PfP SOFA AP" in r.stdout and "Russian Federation" in r.stdout


def test_it_shows_russias_timeline_in_date_order(run_cli: Run) -> None:
    data = json.loads(run_cli("timeline", "Russia", "--json").stdout)
    dated = [e["date"] for e in data["events"] if e["date"]]
    assert dated == sorted(dated)
    assert dated[0] == "2005-04-21"
    assert any(
        e["date"] is None and e["kind"] == "deposit" for e in data["events"]
    )  # unknown, shown as unknown
    assert any("2007" in s for s in data["summary"])


def test_the_demo_tours_vilnius_and_2007(run_cli: Run) -> None:
    r = run_cli("demo", "--no-serve")
    assert r.exit_code == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "21 April 2005 NO" in text and "27 September 2007 YES" in text
    assert "Russia and Germany, 1 January 2008: applies" in text
    assert "Official duty yes: primary right sending_state" in text
    assert "Official duty disputed: primary right undetermined" in text
    assert "Riga - Russia - Kazakhstan - Termez" in text and "rus.approver" in text and "sd_" in text


def test_db_commands_upgrade_seed_and_report_status(run_cli: Run, empty_db_url: str) -> None:
    assert run_cli("db", "upgrade", database_url=empty_db_url).exit_code == 0
    r = run_cli("coverage", "RUS", "USA", database_url=empty_db_url)
    assert r.exit_code == 2 and "sofadesk db seed" in r.stderr
    first = run_cli("db", "seed", database_url=empty_db_url)
    assert first.exit_code == 0 and "added" in first.stdout
    again = run_cli("db", "seed", database_url=empty_db_url)
    assert "already up to date" in again.stdout
    status = run_cli("db", "status", database_url=empty_db_url)
    assert "Registry data: current" in status.stdout
    data = json.loads(
        run_cli("coverage", "RUS", "USA", "--on", "2008-01-01", "--json", database_url=empty_db_url).stdout
    )
    assert data["applies"] is True


def test_a_configured_database_without_schema_is_an_error_not_a_setup(
    run_cli: Run, empty_db_url: str
) -> None:
    r = run_cli("coverage", "RUS", "USA", database_url=empty_db_url)
    assert r.exit_code == 2 and "sofadesk db upgrade" in r.stderr


def test_an_unreachable_database_is_a_clear_error(run_cli: Run) -> None:
    r = run_cli("coverage", "RUS", "USA", database_url="postgresql://nobody@127.0.0.1:1/none")
    assert r.exit_code == 2 and "cannot connect" in r.stderr and "Traceback" not in r.stderr


def test_the_installed_command_runs_cold_in_a_fresh_process(tmp_path: object) -> None:
    env = {**os.environ, "SOFADESK_DATA_DIR": str(tmp_path)}
    env.pop("SOFADESK_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "sofadesk", "coverage", "RUS", "USA", "--on", "2007-09-27", "--json"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["applies"] is True
    assert "Setting up the embedded database" in done.stderr
    bad = subprocess.run(
        [*cmd[:4], "Nowhere", "USA"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/none", "mysql+nodriver://x/y", "not a url"])
def test_db_commands_report_an_unusable_database_clearly(run_cli: Run, url: str) -> None:
    for command in ("upgrade", "seed"):
        r = run_cli("db", command, database_url=url)
        assert r.exit_code == 2, (command, url, r.stderr)
        assert "Error:" in r.stderr and "Traceback" not in r.stderr + r.stdout

"""The claim commands of the CLI, on the embedded database and on PostgreSQL, with the example files: the contract
the acceptance checks use (`claim create|show|pay|answer|statement --json`), the public form's submit and follow,
the refusals (exit 2, one line naming what was wrong)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKENDS, fresh_url

Run = Any
EXAMPLES = Path(__file__).parents[2] / "examples" / "claim"
USERS = (("deu.office", "DEU", ["legal_adviser"]), ("usa.office", "USA", ["legal_adviser", "approver"]),
         ("ita.office", "ITA", ["legal_adviser"]), ("pol.office", "POL", ["legal_adviser"]))  # fmt: skip


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_cli_carries_a_claim_to_the_statement(
    backend: str, run_cli: Run, tmp_path: Path, pg_schema_factory: object
) -> None:
    url = None if backend == "sqlite" else fresh_url(backend, tmp_path, pg_schema_factory)

    def cli(*args: str) -> Any:
        return run_cli(*args, database_url=url) if url else run_cli(*args)

    def ok(*args: str) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    if url:
        assert cli("db", "upgrade").exit_code == 0 and cli("db", "seed").exit_code == 0
    for user, state, roles in USERS:
        assert (
            cli("users", "add", user, "--state", state, *[x for r in roles for x in ("--role", r)]).exit_code
            == 0
        )
    made = ok("claim", "create", "--file", str(EXAMPLES / "crop-damage.yaml"), "--as", "deu.office")
    cid = str(made["id"])
    assert (made["status"], made["route"]) == ("registered", "official_duty_to_be_decided")
    hidden = cli("claim", "show", cid, "--as", "usa.office")
    assert (hidden.exit_code, hidden.stderr.strip()) == (2, f"Error: no claim {cid}")
    ok("claim", "notify", cid, "--as", "deu.office", "--on", "2025-02-10")
    shown = ok("claim", "respond", cid, "--as", "usa.office", "--evidence", "Exercise log", "--certificate", "on_duty",
               "--on", "2025-02-20")  # fmt: skip
    assert shown["route"] == "receiving_state_adjudicates"
    ok("claim", "adjudicate", cid, "--as", "deu.office", "--amount", "6400.00", "--currency", "EUR", "--basis",
       "Renewal of the turf", "--on", "2025-03-03")  # fmt: skip
    wrong = cli(
        "claim",
        "pay",
        cid,
        "--as",
        "deu.office",
        "--amount",
        "6400",
        "--currency",
        "USD",
        "--on",
        "2025-03-10",
    )
    assert wrong.exit_code == 2 and "USD is not DEU's currency on 2025-03-10" in wrong.stderr
    paid = ok(
        "claim",
        "pay",
        cid,
        "--as",
        "deu.office",
        "--amount",
        "6400.00",
        "--currency",
        "EUR",
        "--on",
        "2025-03-10",
    )
    assert [{k: s[k] for k in ("state", "amount", "currency")} for s in paid["shares"]] == [
        {"state": "DEU", "amount": "1600.00", "currency": "EUR"}, {"state": "USA", "amount": "4800.00", "currency": "EUR"}]  # fmt: skip
    ok("claim", "answer", cid, "--as", "usa.office", "--decision", "accepted", "--on", "2025-03-24")
    shown = ok("claim", "show", cid, "--as", "usa.office")
    assert {k: shown[k] for k in ("id", "status", "route")} == {"id": int(cid), "status": "accepted",
                                                                 "route": "receiving_state_adjudicates"}  # fmt: skip
    statement = ok(
        "claim",
        "statement",
        "--receiving",
        "DEU",
        "--sending",
        "USA",
        "--half",
        "2025-H1",
        "--as",
        "usa.office",
    )
    assert (statement["total"], statement["cases"], statement["lines"][0]["share"]) == (
        "4800.00",
        1,
        "4800.00",
    )
    pdf = tmp_path / "statement.pdf"
    issued = ok("claim", "statement", "--receiving", "DEU", "--sending", "USA", "--half", "2025-H1", "--as", "deu.office",
                "--issue", "--pdf", str(pdf))  # fmt: skip
    assert issued["reference"] == "ST-DEU-USA-2025-H1-EUR" and pdf.read_bytes().startswith(b"%PDF")
    again = cli(
        "claim",
        "statement",
        "--receiving",
        "DEU",
        "--sending",
        "USA",
        "--half",
        "2025-H1",
        "--as",
        "deu.office",
        "--issue",
    )
    assert again.exit_code == 2 and "no accepted share" in again.stderr
    assert ok("claim", "balances", "--as", "usa.office")[0]["outstanding"] == "4800.00"
    assert ok("claim", "scan")["deemed_accepted"] == 0

    contract = ok("claim", "create", "--file", str(EXAMPLES / "contract-claim.yaml"), "--as", "deu.office")
    assert contract["route"] == "outside_the_agreement"
    refused = cli("claim", "pay", str(contract["id"]), "--as", "deu.office", "--amount", "18400", "--currency", "EUR",
                  "--on", "2025-04-01")  # fmt: skip
    assert refused.exit_code == 2 and "not paid and shared under NATO SOFA Art. VIII(5)" in refused.stderr
    assert (
        ok("claim", "refuse", str(contract["id"]), "--as", "deu.office", "--reason", "A contract claim")[
            "status"
        ]
        == "refused"
    )

    lire = ok("claim", "create", "--file", str(EXAMPLES / "lire-claim.yaml"), "--as", "ita.office")
    decimals = cli("claim", "pay", str(lire["id"]), "--as", "ita.office", "--amount", "1000.5", "--currency", "ITL",
                   "--on", "2001-06-15")  # fmt: skip
    assert decimals.exit_code == 2 and "ITL has no minor unit" in decimals.stderr
    lire = ok(
        "claim",
        "pay",
        str(lire["id"]),
        "--as",
        "ita.office",
        "--amount",
        "1000001",
        "--currency",
        "ITL",
        "--on",
        "2001-06-15",
    )
    assert {s["state"]: s["amount"] for s in lire["shares"]} == {"ITA": "250000", "USA": "750001"}

    filed = ok("claim", "submit", "--file", str(EXAMPLES / "public-claim.yaml"))
    followed = ok("claim", "follow", filed["reference"], "--key", filed["key"])
    assert followed["status"] == "submitted" and followed["reference"] == filed["reference"]
    wrong_key = cli("claim", "follow", filed["reference"], "--key", "x" * 43)
    assert wrong_key.exit_code == 2 and "no claim" in wrong_key.stderr
    listed = ok("claim", "list", "--as", "pol.office")
    assert listed["total"] == 0


def test_the_example_files_are_valid() -> None:
    import yaml

    from sofadesk.cases.claim.schemas import ClaimCreate, ClockBody, PublicClaim

    for name, model in (("public-claim", PublicClaim), ("crop-damage", ClaimCreate), ("contract-claim", ClaimCreate),
                        ("lire-claim", ClaimCreate), ("clock-filing", ClockBody)):  # fmt: skip
        model.model_validate(yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")))

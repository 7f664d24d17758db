"""`sofadesk route plan` on an embedded database seeded with the demo's notice rules (Russia: non-lethal only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import demo_database

Run = Any
RIGA_TERMEZ = ["--from", "LVA", "--to", "Uzbekistan", "--depart", "2009-06-01", "--sending", "USA", "--mode", "rail",
               "--submitted", "2009-05-15"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('route') / 'demo.db'}"
    demo_database(url)
    return url


def test_it_plans_riga_termez_in_2009_with_the_recorded_notice_rules(run_cli: Run, demo_url: str) -> None:
    r = run_cli(
        "route", "plan", *RIGA_TERMEZ, "--to-point", "Termez=37.22,67.28", "--json", database_url=demo_url
    )
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    best = data["routes"][0]
    assert (best["states"], best["rank"], best["permitted"]) == (["LVA", "RUS", "KAZ", "UZB"], 1, True)
    assert best["decisions_due"] == "2009-05-29"  # Russia's 10 working days, read from the database
    assert best["legs"][1]["restrictions"][0]["code"] == "non_lethal_cargo_only"
    assert best["legs"][-1]["exit_point"] == "Termez"
    excluded = [x for x in data["routes"] if not x["permitted"]]
    belarus = next(x for x in excluded if x["states"] == ["LVA", "BLR", "RUS", "KAZ", "UZB"])
    assert belarus["reasons"][0]["kind"] == "not_covered" and "PfP SOFA Art. V(3)" in belarus["citations"]


def test_an_armed_profile_finds_no_covered_route_and_says_why(
    run_cli: Run, demo_url: str, tmp_path: Path
) -> None:
    profile = tmp_path / "armed.yaml"
    profile.write_text(
        "personnel:\n  member_of_force: 40\narms:\n  - description: Rifles\n    quantity: 40\n"
    )
    r = run_cli("route", "plan", *RIGA_TERMEZ, "--profile", str(profile), database_url=demo_url)
    assert r.exit_code == 0, r.stderr
    # The words, not the layout: rich wraps long lines at the console's width, which the worker decides.
    said = " ".join(r.stdout.split())
    assert "No covered route from Latvia to Uzbekistan" in said
    assert "Excluded routes" in said
    assert "it carries arms, so the force does not meet it" in said


def test_it_prints_the_ranked_routes_and_the_chosen_routes_legs(run_cli: Run, demo_url: str) -> None:
    r = run_cli("route", "plan", *RIGA_TERMEZ, database_url=demo_url)
    assert r.exit_code == 0, r.stderr
    assert "Covered routes, soonest arrival first" in r.stdout
    assert "Route 1: LVA - RUS - KAZ - UZB, leg by leg" in r.stdout
    assert "10 working days, due 2009-05-29" in r.stdout


def test_a_given_route_is_planned_alone(run_cli: Run, demo_url: str) -> None:
    r = run_cli("route", "plan", *RIGA_TERMEZ, "--route", "LVA,Russia,KAZ,UZB", "--days", "RUS=4", "--json",
                database_url=demo_url)  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (route,) = json.loads(r.stdout)["routes"]
    assert (
        route["explicit"] and route["legs"][1]["days"] == 4 and route["legs"][1]["duration_basis"] == "given"
    )


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--from", "Atlantis"], "--from"),
        (["--via", "XYZ"], "--via"),
        (["--depart", "2009-02-30"], "--depart"),
        (["--max-states", "12"], "--max-states"),
        (["--mode", "bicycle"], "--mode"),
        (["--avoid", "UZB"], "--avoid"),
        (["--route", "RUS,UZB"], "--route"),
        (["--to-point", "Termez"], "--to-point"),
        (["--days", "RUS=long"], "--days"),
    ],
)
def test_bad_input_is_a_one_line_error_naming_the_option(
    run_cli: Run, demo_url: str, extra: list[str], named: str
) -> None:
    r = run_cli("route", "plan", *RIGA_TERMEZ, *extra, database_url=demo_url)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert named in r.stderr and "Traceback" not in r.stderr


def test_a_bad_profile_names_the_field(run_cli: Run, demo_url: str, tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text("arms: yes\ndangerous_goods_classes: [explosive]\nweapons: 3\n")
    r = run_cli("route", "plan", *RIGA_TERMEZ, "--profile", str(profile), database_url=demo_url)
    assert r.exit_code == 2
    assert "--profile" in r.stderr and "dangerous_goods_classes.0" in r.stderr and "weapons" in r.stderr

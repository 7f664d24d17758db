"""`sofadesk law ...` through the real entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

Run = Any

CRASH = {
    "sending_state": "USA",
    "receiving_state": "RUS",
    "accused": {"category": "member_of_force", "subject_to_sending_state_military_law": True},
    "offence": {
        "description": "Fatal collision during a convoy",
        "date": "2009-06-15",
        "punishable_by_sending_state": True,
        "punishable_by_receiving_state": True,
        "solely_against": "other",
        "official_duty": "yes",
    },
}


def write(tmp_path: Path, data: Any, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data))
    return path


def test_it_decides_jurisdiction_with_the_regime_from_the_registry(run_cli: Run, tmp_path: Path) -> None:
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, CRASH)), "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["value"]["primary_right"] == "sending_state"
    assert "NATO SOFA Art. VII(3)(a)(ii)" in data["citations"]
    assert data["reasons"][0].startswith("Regime on 2009-06-15 from the registry")


def test_it_reads_json_facts_and_prints_text(run_cli: Run, tmp_path: Path) -> None:
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, CRASH, "facts.json")))
    assert r.exit_code == 0 and "primary_right: sending_state" in r.stdout and "Citations:" in r.stdout


def test_it_refuses_when_the_agreement_did_not_apply_on_that_date(run_cli: Run, tmp_path: Path) -> None:
    early = {**CRASH, "offence": {**CRASH["offence"], "date": "2005-04-21"}}
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, early)))
    assert r.exit_code == 2 and "does not apply between USA and RUS on 21 April 2005" in " ".join(
        r.stderr.split()
    )


def test_an_explicit_regime_needs_no_registry(run_cli: Run, tmp_path: Path) -> None:
    facts = {**CRASH, "regime": {"instrument": "nato-sofa", "additional_protocol": False}}
    data = json.loads(
        run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, facts)), "--json").stdout
    )
    assert data["value"]["jurisdiction"] == "concurrent"


def test_it_decides_a_claim_share_exactly(run_cli: Run, tmp_path: Path) -> None:
    facts = {"receiving_state": "DEU", "amount": "100.00", "currency": "EUR", "basis": "attributable",
             "responsible_states": ["USA", "GBR", "FRA"]}  # fmt: skip
    data = json.loads(
        run_cli("law", "decide", "claim-share", "--facts", str(write(tmp_path, facts)), "--json").stdout
    )
    assert [s["amount"] for s in data["value"]["shares"]] == ["14.29", "28.57", "28.57", "28.57"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sending_state: [unclosed", "is not valid YAML or JSON at line 1"),
        ("- just\n- a list\n", "facts: expected a mapping"),
        ("receiving_state: DEU\ncurrency: EUR\nbasis: guess\n", "basis: Input should be"),
    ],
)
def test_bad_facts_files_are_clear_errors(run_cli: Run, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(content)
    r = run_cli("law", "decide", "claim-share", "--facts", str(path))
    assert r.exit_code == 2 and message in " ".join(r.stderr.split()) and "Traceback" not in r.stderr


def test_a_missing_facts_file_and_an_unknown_kind_are_errors(run_cli: Run, tmp_path: Path) -> None:
    assert (
        "is not a readable file"
        in run_cli("law", "decide", "customs", "--facts", str(tmp_path / "no.yaml")).stderr
    )
    r = run_cli("law", "decide", "tort", "--facts", "x")
    assert r.exit_code == 2 and "'tort' is not a decision kind" in r.stderr


def test_the_regime_needs_a_date(run_cli: Run, tmp_path: Path) -> None:
    facts = {"sending_state": "USA", "receiving_state": "RUS", "claimant": "third_party", "harm": "property",
             "official_duty": "yes"}  # fmt: skip
    r = run_cli("law", "decide", "claim-route", "--facts", str(write(tmp_path, facts)))
    assert r.exit_code == 2 and "event_date: needed to work out the regime" in r.stderr


def test_it_prints_a_json_schema_for_each_kind(run_cli: Run) -> None:
    schema = json.loads(run_cli("law", "schema", "jurisdiction").stdout)
    assert "accused" in schema["properties"] and "offence" in schema["required"]
    assert json.loads(run_cli("law", "kinds", "--json").stdout)[0]["kind"] == "jurisdiction"


def test_every_kind_prints_a_schema_with_the_new_facts(run_cli: Run) -> None:
    for kind in json.loads(run_cli("law", "kinds", "--json").stdout):
        r = run_cli("law", "schema", kind["kind"])
        assert r.exit_code == 0 and json.loads(r.stdout)["type"] == "object", kind
    route = json.loads(run_cli("law", "schema", "claim-route").stdout)["properties"]
    assert route["act_of"]["enum"] == ["member_of_force", "civilian_component", "dependent", "unknown"]
    assert "disputed" in route["unauthorised_vehicle_use"]["enum"] and "same_incident_party" in route
    assert "dependent" in route["claimant"]["enum"]
    status = json.loads(run_cli("law", "schema", "status").stdout)
    assert "third_state_nationality" in json.dumps(
        status
    ) and "national_of_state_outside_the_regime" not in json.dumps(status)


def test_coverage_lists_every_paragraph_and_none_unaccounted(run_cli: Run) -> None:
    rows = json.loads(run_cli("law", "coverage", "--json").stdout)
    assert not [r for r in rows if r["status"] == "unaccounted"]
    by = {r["citation"]: r for r in rows}
    assert by["NATO SOFA Art. VII(3)(a)(ii)"]["status"] == "encoded"
    assert by["NATO SOFA Art. XIV(1)"]["status"] == "not_modelled" and by["NATO SOFA Art. XIV(1)"]["detail"]
    text = run_cli("law", "coverage", "--instrument", "pfp-sofa").stdout
    assert "0 unaccounted" in text


def test_coverage_links_every_paragraph_to_an_anchor_that_exists_in_the_reading_record(run_cli: Run) -> None:
    record = (Path(__file__).parents[2] / "docs" / "law-reading.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', record))
    rows = json.loads(run_cli("law", "coverage", "--json").stdout)
    links = [r["reading"] for r in rows]
    assert all(link.startswith("docs/law-reading.md#") for link in links)
    assert not [link for link in links if link.split("#", 1)[1] not in anchors]
    assert {r["citation"]: r["reading"] for r in rows}["NATO SOFA Art. VIII(5)(d)"] == (
        "docs/law-reading.md#nato-sofa-art-viii-5-d"
    )
    text = " ".join(run_cli("law", "coverage", "--instrument", "pfp-sofa-ap").stdout.split())
    assert "docs/law-reading.md#pfp-sofa-ap-art-i" in text


def test_the_reading_record_command_prints_the_committed_record(run_cli: Run) -> None:
    r = run_cli("law", "reading-record")
    assert r.exit_code == 0
    assert r.stdout == (Path(__file__).parents[2] / "docs" / "law-reading.md").read_text(encoding="utf-8")


def test_explain_gives_our_summary_and_the_official_link(run_cli: Run) -> None:
    data = json.loads(run_cli("law", "explain", "NATO SOFA Art. VIII(5)(e)", "--json").stdout)
    assert data["official_url"].startswith("https://www.nato.int/")
    assert "75 per cent" in " ".join(s["summary"] for s in data["sub_provisions"])
    data = json.loads(run_cli("law", "explain", "NATO SOFA Art. VIII(5)(d)", "--json").stdout)
    assert (
        data["reading"] == "docs/law-reading.md#nato-sofa-art-viii-5-d"
        and "29 February 2024" in data["reading_note"]
    )
    assert any("late" in c["name"] for c in data["cases"]) and data["treatment"].startswith("Encoded")
    text = " ".join(run_cli("law", "explain", "PfP SOFA AP Art. I").stdout.split())
    assert (
        "Our reading:" in text and "Legal cases (" in text and "Reading record: docs/law-reading.md#" in text
    )
    r = run_cli("law", "explain", "NATO SOFA Art. XXV")
    assert r.exit_code == 2 and "not a provision in our article map" in r.stderr


EXAMPLES = sorted((Path(__file__).parents[2] / "examples" / "facts").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_shipped_examples_decide(run_cli: Run, path: Path) -> None:
    kind = path.stem.split("--")[0]  # examples are named <kind>--<topic>.yaml
    r = run_cli("law", "decide", kind, "--facts", str(path), "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["citations"]


# Issue 11 item 9: bad facts files for `law decide` are clear errors naming the field, exit code 2.


def test_an_impossible_date_is_an_error_naming_the_field(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(CRASH).replace("2009-06-15", "2009-02-30"))
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(path))
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "Internal error" not in said, said
    assert "offence.date: '2009-02-30' is not a date; write it as YYYY-MM-DD" in said


def test_a_date_written_day_first_is_an_error_naming_the_field(run_cli: Run, tmp_path: Path) -> None:
    facts = {**CRASH, "offence": {**CRASH["offence"], "date": "15/06/2009"}}
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, facts)))
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "offence.date: '15/06/2009' is not a date" in said, said
    assert "needed to work out the regime" not in said


def test_an_impossible_date_in_a_kind_without_regime_names_the_field(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("category: member_of_force\nsituation: absent\nsince: 2009-02-30\nas_of: 2009-03-30\n")
    r = run_cli("law", "decide", "absentee-report", "--facts", str(path))
    assert r.exit_code == 2 and "since: '2009-02-30' is not a date" in " ".join(r.stderr.split())


def test_a_state_given_by_name_is_refused_with_its_code_suggested(run_cli: Run, tmp_path: Path) -> None:
    facts = {**CRASH, "sending_state": "Russia", "receiving_state": "USA"}
    r = run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, facts)))
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "sending_state: 'Russia' is not an ISO 3166-1 alpha-3 code" in said, said
    assert "did you mean RUS (Russian Federation)?" in said


def test_states_in_a_list_are_checked_the_same_way(run_cli: Run, tmp_path: Path) -> None:
    facts = {"receiving_state": "DEU", "amount": "100.00", "currency": "EUR", "basis": "attributable",
             "responsible_states": ["USA", "Britain"]}  # fmt: skip
    r = run_cli("law", "decide", "claim-share", "--facts", str(write(tmp_path, facts)))
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "responsible_states.1: 'Britain'" in said and "GBR" in said, said


def test_facts_of_another_kind_are_recognised(run_cli: Run, tmp_path: Path) -> None:
    r = run_cli("law", "decide", "claim-route", "--facts", str(write(tmp_path, CRASH)))
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and "look like jurisdiction facts, not claim-route facts" in said, said
    assert "accused, offence are not fields of claim-route" in said and "event_date" not in said
    assert "sofadesk law decide jurisdiction --facts" in said


def test_the_shared_reader_keeps_a_malformed_date_as_text(tmp_path: Path) -> None:
    """The YAML reader transit and exercise files share keeps a malformed date as text, so that the model it is
    validated against names its field instead of the reader failing without one."""
    from sofadesk.cli.files import read_yaml

    path = tmp_path / "t.yaml"
    path.write_text("when: 2009-02-30\nok: 2009-02-28\n")
    data = read_yaml(path, "--file")
    assert data["when"] == "2009-02-30" and str(data["ok"]) == "2009-02-28"


def test_where_the_registry_leaves_the_instrument_open_the_same_answer_is_given_with_that_said(
    run_cli: Run, tmp_path: Path
) -> None:
    """Latvia in 2005: the PfP SOFA certainly applies, Latvia's NATO SOFA date is open; the primary right is the
    same under either instrument."""
    facts = {**CRASH, "receiving_state": "LVA", "offence": {**CRASH["offence"], "date": "2005-06-15"}}
    data = json.loads(
        run_cli("law", "decide", "jurisdiction", "--facts", str(write(tmp_path, facts)), "--json").stdout
    )
    assert data["value"]["primary_right"] == "sending_state" and "alternatives" not in data
    assert "decided under each possible regime" in data["reasons"][0]
    assert any("same answer follows under every regime" in r for r in data["reasons"])


def test_where_the_open_instrument_changes_the_answer_each_possibility_is_given(
    run_cli: Run, tmp_path: Path
) -> None:
    """A disputed official duty goes to the arbitrator between NATO SOFA parties, to negotiation under PfP SOFA
    Art. III otherwise: with Latvia's NATO SOFA standing open in 2005, both are shown and no value is claimed."""
    facts = {"sending_state": "USA", "receiving_state": "LVA", "event_date": "2005-06-15",
             "claimant": "third_party", "harm": "property", "official_duty": "disputed", "act_of": "member_of_force"}  # fmt: skip
    r = run_cli("law", "decide", "claim-route", "--facts", str(write(tmp_path, facts)), "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["value"] is None and len(data["alternatives"]) == 2
    by_instrument = {a["regime"]["instrument"]: a for a in data["alternatives"]}
    assert "PfP SOFA Art. III" in by_instrument["pfp-sofa"]["citations"]
    assert "PfP SOFA Art. III" not in by_instrument["nato-sofa"]["citations"]
    text = run_cli("law", "decide", "claim-route", "--facts", str(write(tmp_path, facts))).stdout
    assert "If the regime is nato-sofa" in text and "If the regime is pfp-sofa" in text

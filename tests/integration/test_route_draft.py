"""From plan to case (issue 19): the planner over the API, and a planned route filed as a transit draft - by the
API and by `sofadesk route plan --draft`.  Riga to Termez in 2009, with the demo's notice rules (Russia: ten
working days, non-lethal cargo only).  On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

EXAMPLE = Path(__file__).parents[2] / "examples" / "transit" / "request.yaml"
PLAN = {"origin": "LVA", "destination": "UZB", "depart": "2009-06-01", "submitted": "2009-05-15",
        "modes": ["rail"], "destination_point": {"name": "Termez", "lat": 37.22, "lon": 67.28}}  # fmt: skip


def manifest(**changes: Any) -> dict[str, Any]:
    """The example request's force, without its legs and modes (the route gives them)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return {**{k: v for k, v in data.items() if k not in ("legs", "modes")}, **changes}


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def post(self, who: str, path: str, body: Any, **headers: str) -> httpx.Response:
        return self.client.post(f"/api/v1{path}", json=body,
                                headers={"Authorization": f"Bearer {self.tokens[who]}", **headers})  # fmt: skip

    def get(self, who: str, path: str) -> httpx.Response:
        return self.client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {self.tokens[who]}"})


@pytest.fixture(params=BACKENDS, scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schema_factory: object) -> Iterator[tuple[Api, str]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("route"), pg_schema_factory)
    tokens = demo_database(url)
    with TestClient(create_app(url)) as client:
        yield Api(client, tokens), url


def test_the_api_plans_riga_termez_and_explains_the_excluded_routes(site: tuple[Api, str]) -> None:
    api, _ = site
    r = api.post("usa.requester", "/routes/plan", {**PLAN, "sending_state": "USA"})
    assert r.status_code == 200, r.text
    routes = r.json()["routes"]
    best = routes[0]
    assert (best["states"], best["rank"], best["decisions_due"]) == (
        ["LVA", "RUS", "KAZ", "UZB"],
        1,
        "2009-05-29",
    )
    belarus = next(x for x in routes if x["states"] == ["LVA", "BLR", "RUS", "KAZ", "UZB"])
    assert not belarus["permitted"] and "PfP SOFA Art. V(3)" in belarus["citations"]
    bad = api.post("usa.requester", "/routes/plan", {**PLAN, "destination": "LVA"})
    assert bad.status_code == 422 and "the same State as the origin" in bad.text


def test_the_best_route_becomes_a_draft_with_its_legs_and_days(site: tuple[Api, str]) -> None:
    api, _ = site
    plan = api.post("usa.requester", "/routes/plan", {**PLAN, "sending_state": "USA"}).json()["routes"][0]
    made = api.post("usa.requester", "/routes/draft", {"plan": PLAN, "manifest": manifest()})
    assert made.status_code == 201, made.text
    transit = made.json()
    assert made.headers["location"] == f"/api/v1/transits/{transit['id']}"
    assert (transit["status"], transit["sending_state"]) == ("draft", "USA")
    legs = transit["content"]["legs"]
    assert [leg["state"] for leg in legs] == plan["states"]  # the United States' own territory is not crossed
    assert legs[1]["planned_entry"].startswith(plan["legs"][1]["entry_at"][:16])
    assert legs[-1]["exit_point"] == "Termez" and transit["content"]["modes"] == ["rail"]
    assert transit["content"]["unit"]["name"] == manifest()["unit"]["name"]
    created = api.get("usa.requester", f"/transits/{transit['id']}/timeline").json()[0]
    assert created["action"] == "transit.created"
    assert created["details"]["planned_route"]["states"] == plan["states"]
    assert created["details"]["planned_route"]["earliest_departure"] == plan["earliest_departure"]
    # A draft is the sending State's alone: Russia does not see it.
    assert api.get("rus.approver", f"/transits/{transit['id']}").status_code == 404


def test_a_repeated_draft_request_with_its_key_files_one_draft(site: tuple[Api, str]) -> None:
    api, _ = site
    body = {"plan": PLAN, "rank": 1, "manifest": manifest()}
    first = api.post("usa.requester", "/routes/draft", body, **{"Idempotency-Key": "route-draft-1"})
    again = api.post("usa.requester", "/routes/draft", body, **{"Idempotency-Key": "route-draft-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]


def test_the_draft_is_planned_for_the_force_in_its_manifest(site: tuple[Api, str]) -> None:
    """The example force carries no arms; with rifles in the manifest, Russia's non-lethal restriction rules
    out every route through it, so there is nothing to file - whatever profile the plan itself named."""
    api, _ = site
    armed = manifest(arms=[{"description": "Rifles", "quantity": 40, "ammunition_rounds": 0}])
    refused = api.post("usa.requester", "/routes/draft", {"plan": PLAN, "manifest": armed})
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "plan" and "no route can be permitted" in refused.text
    named = api.post("usa.requester", "/routes/draft",
                     {"plan": PLAN, "route": ["LVA", "RUS", "KAZ", "UZB"], "manifest": armed})  # fmt: skip
    assert named.status_code == 422 and "carries arms" in named.text


def test_refusals_say_what_is_wrong_and_file_nothing(site: tuple[Api, str]) -> None:
    api, _ = site
    before = api.get("usa.requester", "/transits?status=draft").json()["total"]
    cases = [
        ({"plan": {**PLAN, "sending_state": "DEU"}, "manifest": manifest()}, 422, "plan.sending_state"),
        ({"plan": PLAN, "rank": 99, "manifest": manifest()}, 422, "rank"),
        ({"plan": PLAN, "route": ["LVA", "BLR", "RUS", "KAZ", "UZB"], "manifest": manifest()}, 422, "route"),
        (
            {"plan": PLAN, "rank": 1, "route": ["LVA", "RUS", "KAZ", "UZB"], "manifest": manifest()},
            422,
            "route",
        ),
    ]
    for body, code, field in cases:
        r = api.post("usa.requester", "/routes/draft", body)
        assert r.status_code == code, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert field in {e["field"] for e in r.json()["errors"]}, r.text
    assert (
        api.post("lva.approver", "/routes/draft", {"plan": PLAN, "manifest": manifest()}).status_code == 403
    )
    assert api.get("usa.requester", "/transits?status=draft").json()["total"] == before


def test_the_cli_files_a_planned_route_and_the_draft_can_then_be_edited(
    run_cli: Any, site: tuple[Api, str], tmp_path: Path
) -> None:
    _, url = site
    r = run_cli("route", "plan", "--from", "LVA", "--to", "UZB", "--depart", "2009-06-01", "--submitted",
                "2009-05-15", "--mode", "rail", "--draft", "1", "--manifest", str(EXAMPLE), "--as", "usa.requester",
                database_url=url)  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "a draft filed from route 1: LVA - RUS - KAZ - UZB" in r.stdout
    assert "dangerous goods" in r.stdout
    transit_id = r.stdout.split("(id ")[1].split(")")[0]
    shown = json.loads(run_cli("transit", "show", transit_id, "--as", "usa.requester", "--json",
                               database_url=url).stdout)  # fmt: skip
    # The requester adds the diesel the example carries to the Russian leg, as the draft's note asks.
    content = shown["content"]
    content["legs"][1]["dangerous_goods"] = yaml.safe_load(EXAMPLE.read_text())["legs"][1]["dangerous_goods"]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(content))
    r = run_cli("transit", "update", transit_id, "--file", str(edited), "--as", "usa.requester", "--json",
                database_url=url)  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["content"]["legs"][1]["dangerous_goods"][0]["un_number"] == "UN1202"
    missing = run_cli("route", "plan", "--from", "LVA", "--to", "UZB", "--depart", "2009-06-01", "--draft", "1",
                      database_url=url)  # fmt: skip
    assert missing.exit_code != 0 and "--draft needs --manifest FILE" in missing.stderr
    stale = run_cli("transit", "update", transit_id, "--file", str(edited), "--as", "usa.requester", "--version",
                    "1", database_url=url)  # fmt: skip
    assert stale.exit_code != 0 and "version" in stale.stderr.lower()

"""Registry updates in the application: a State's act is entered by one registry editor and takes effect only
when a second confirms it (both in the audit trail); every process sees it within seconds; confirming lists and
tells the open cases whose coverage it changes.  On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sofadesk.accounts.service import create_user, issue_token
from sofadesk.cases.exercise.demo_data import seed_exercise_demo
from sofadesk.cases.transit.demo_data import riga_termez
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url
from tests.servers import free_port

ICELAND = {"agreement": "nato-sofa", "state": "ISL", "kind": "deposit", "date": "2007-03-05",
           "instrument_kind": "ratification", "source_title": "Test notice of deposit (hypothetical, for the test)",
           "source_url": "https://example.org/notice", "source_where": "point 2"}  # fmt: skip


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def call(self, who: str, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.client.request(method, f"/api/v1{path}", headers={"Authorization": f"Bearer {self.tokens[who]}"},
                                   **kw)  # fmt: skip

    def coverage(self, sending: str, receiving: str, on: str) -> dict[str, Any]:
        r = self.call(
            "usa.requester", "GET", f"/registry/coverage?sending={sending}&receiving={receiving}&on={on}"
        )
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


def editors(url: str, tokens: dict[str, str]) -> None:
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        for username, state in (
            ("usa.registry", "USA"),
            ("rus.registry", "RUS"),
        ):  # deu.registry is the demo's
            tokens[username] = issue_token(session, create_user(session, None, state, username, username,
                                                                ["registry_editor"]))  # fmt: skip
        seed_exercise_demo(session)
    engine.dispose()


@pytest.fixture(params=BACKENDS, scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schema_factory: object) -> Iterator[tuple[Api, str]]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("acts"), pg_schema_factory)
    tokens = demo_database(url)
    editors(url, tokens)
    with TestClient(create_app(url)) as client:
        yield Api(client, tokens), url


def test_an_act_takes_effect_only_when_a_second_editor_confirms_it(site: tuple[Api, str]) -> None:
    api, _ = site
    assert api.coverage("USA", "ISL", "2007-05-01")["applies"] is None
    assert (
        api.call("usa.requester", "POST", "/registry/acts", json=ICELAND).status_code == 403
    )  # not an editor
    bad = api.call("usa.registry", "POST", "/registry/acts", json={**ICELAND, "date": None})
    assert bad.status_code == 422 and "date of the act is needed" in bad.text
    act = api.call("usa.registry", "POST", "/registry/acts", json=ICELAND)
    assert act.status_code == 201 and act.json()["status"] == "proposed"
    assert api.coverage("USA", "ISL", "2007-05-01")["applies"] is None  # entered, not yet in effect
    own = api.call("usa.registry", "POST", f"/registry/acts/{act.json()['id']}/confirm")
    assert own.status_code == 403 and "four eyes" in own.json()["detail"]
    done = api.call("deu.registry", "POST", f"/registry/acts/{act.json()['id']}/confirm")
    assert done.status_code == 200, done.text
    assert done.json()["act"]["status"] == "confirmed" and done.json()["act"]["decided_by"] == "deu.registry"
    answer = api.coverage("USA", "ISL", "2007-05-01")
    assert answer["applies"] is True and answer["instrument"] == "nato-sofa"
    assert any("Entered in SOFA Desk as act" in r for r in answer["reasons"])  # shown as a local act
    again = api.call("rus.registry", "POST", f"/registry/acts/{act.json()['id']}/confirm")
    assert again.status_code == 409
    listed = api.call("usa.requester", "GET", "/registry/acts?status=confirmed").json()
    assert [a["id"] for a in listed] == [act.json()["id"]]


def test_an_act_can_be_rejected_or_withdrawn_and_then_never_takes_effect(site: tuple[Api, str]) -> None:
    api, _ = site
    body = {**ICELAND, "state": "SWE", "date": "2024-02-01", "kind": "entry_into_force"}
    first = api.call("usa.registry", "POST", "/registry/acts", json=body).json()
    rejected = api.call(
        "deu.registry", "POST", f"/registry/acts/{first['id']}/reject", json={"reason": "Wrong date"}
    )
    assert rejected.json()["status"] == "rejected" and rejected.json()["reason"] == "Wrong date"
    second = api.call("usa.registry", "POST", "/registry/acts", json=body).json()
    withdrawn = api.call(
        "usa.registry", "POST", f"/registry/acts/{second['id']}/reject", json={"reason": "Typo"}
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.call("deu.registry", "POST", f"/registry/acts/{second['id']}/confirm").status_code == 409
    assert api.coverage("SWE", "USA", "2024-07-01")["instrument"] is None


def test_a_denunciation_mid_movement_is_listed_before_it_is_entered_and_told_once_confirmed(
    site: tuple[Api, str],
) -> None:
    api, _ = site
    start = date.today() + timedelta(days=40)
    t = api.call("usa.requester", "POST", "/transits", json=riga_termez(start)).json()
    assert (
        api.call(
            "usa.requester", "POST", f"/transits/{t['id']}/submit", json={"version": t["version"]}
        ).status_code
        == 200
    )
    effective = start + timedelta(days=3)
    denunciation = {"agreement": "pfp-sofa", "state": "RUS", "kind": "denunciation_effective",
                    "date": effective.isoformat(), "source_title": "Hypothetical notice, for the test",
                    "source_url": "https://example.org/denunciation"}  # fmt: skip
    preview = api.call("rus.approver", "POST", "/registry/impact", json=denunciation)
    assert preview.status_code == 200, preview.text
    cases = {(c["kind"], c["case_id"]): c for c in preview.json()}
    transit = cases[("transit", t["id"])]
    assert transit["changes"][0]["first"] == effective.isoformat()
    assert ["RUS", "USA"] in [c["between"] for c in transit["changes"]]  # each run names its pair of States
    assert (transit["changes"][0]["before"], transit["changes"][0]["after"]) == (True, False)
    assert api.call("deu.observer", "POST", "/registry/impact", json=denunciation).json() == [] or all(
        "DEU" in c["states"]
        for c in api.call("deu.observer", "POST", "/registry/impact", json=denunciation).json()
    )  # another State sees none of Russia's and the United States' transits
    act = api.call("usa.registry", "POST", "/registry/acts", json=denunciation).json()
    confirmed = api.call("deu.registry", "POST", f"/registry/acts/{act['id']}/confirm").json()
    assert ("transit", t["id"]) not in {
        (c["kind"], c["case_id"]) for c in confirmed["impact"]
    }  # not Germany's
    timeline = api.call("usa.requester", "GET", f"/transits/{t['id']}/timeline").json()
    changed = [e for e in timeline if e["action"] == "registry.coverage_changed"]
    assert len(changed) == 1 and changed[0]["details"]["act"] == act["id"] and changed[0]["citations"]
    # Written in a batch, the events still chain and are filed under the provision they rely on (Art. XX).
    assert api.call("usa.requester", "GET", "/audit/verify").json()["intact"] is True
    used = api.call(
        "usa.requester", "GET", "/law/used", params={"citation": changed[0]["citations"][0]}
    ).json()
    assert ("transit", t["id"], "registry.coverage_changed") in {
        (e["kind"], e["case_id"], e["action"]) for e in used
    }
    told = api.call("usa.requester", "GET", "/notifications?limit=200").json()["items"]
    assert [i for i in told if i["event"] == "registry.coverage_changed" and i["case_id"] == t["id"]]
    checks = api.call("rus.approver", "GET", f"/transits/{t['id']}/checks").json()["checks"]
    assert any(c["kind"] == "coverage" and c["status"] == "flag" and c["state"] == "RUS" for c in checks)


def test_the_exercise_where_russia_takes_part_is_among_the_cases_a_denunciation_changes(
    site: tuple[Api, str],
) -> None:
    api, _ = site
    early = {"agreement": "pfp-sofa", "state": "RUS", "kind": "denunciation_effective", "date": "2007-10-01",
             "source_title": "Hypothetical notice, for the test", "source_url": "https://example.org/d"}  # fmt: skip
    found = api.call("deu.planner", "POST", "/registry/impact", json=early).json()
    exercise = next(c for c in found if c["kind"] == "exercise")
    assert exercise["changes"][0]["first"] == "2007-10-01" and exercise["changes"][0]["last"] == "2007-10-05"


def test_every_process_sees_a_confirmed_act_within_seconds_without_a_restart(
    site: tuple[Api, str], tmp_path: Path
) -> None:
    api, url = site
    ports = [free_port(), free_port()]
    env = {**os.environ, "SOFADESK_DATABASE_URL": url}
    servers = [subprocess.Popen([str(Path(sys.executable).parent / "sofadesk"), "serve", "--port", str(p)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in ports]  # fmt: skip
    try:
        token = api.tokens["usa.requester"]
        ask = "/api/v1/registry/coverage?sending=USA&receiving=LTU&on=2005-01-01"

        def applies(port: int) -> Any:
            r = httpx.get(
                f"http://127.0.0.1:{port}{ask}", headers={"Authorization": f"Bearer {token}"}, timeout=10
            )
            return r.json()["nato_sofa_directly"]

        for port in ports:
            deadline = time.monotonic() + 30
            while True:
                try:
                    assert applies(port) is None  # Lithuania's NATO SOFA date is bounded only
                    break
                except (httpx.HTTPError, KeyError):
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.2)
        act = {"agreement": "nato-sofa", "state": "LTU", "kind": "entry_into_force", "date": "2004-06-01",
               "source_title": "Hypothetical notice, for the test", "source_url": "https://example.org/ltu"}  # fmt: skip
        headers = {"Authorization": f"Bearer {api.tokens['usa.registry']}"}
        made = httpx.post(
            f"http://127.0.0.1:{ports[0]}/api/v1/registry/acts", json=act, headers=headers, timeout=10
        )
        act_id = made.json()["id"]
        confirmed = httpx.post(f"http://127.0.0.1:{ports[0]}/api/v1/registry/acts/{act_id}/confirm", timeout=30,
                               headers={"Authorization": f"Bearer {api.tokens['deu.registry']}"})  # fmt: skip
        assert confirmed.status_code == 200, confirmed.text
        began = time.monotonic()
        while applies(ports[1]) is not True:
            assert time.monotonic() - began < 5, "the other process did not reload the registry within 5 s"
            time.sleep(0.1)
    finally:
        for s in servers:
            s.terminate()
            s.wait(timeout=20)

"""Incidents through the REST API, on SQLite and PostgreSQL: report, finding, steps, visibility to third States
(404), redaction by role, attachments checked by size and content, configuration kept by administrators, the
way back from the law, statistics as JSON, CSV and XLSX, and erasure after retention with the audit chain
still intact."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from sofadesk.accounts.service import create_user, issue_token
from sofadesk.audit.chain import verify
from sofadesk.cases.core.notices import scheduled
from sofadesk.cases.incident.models import IncidentRow
from sofadesk.cases.incident.privacy import purge
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.web.app import create_app
from tests.conftest import BACKENDS, demo_database, fresh_url

ROOT = Path(__file__).parents[2]
EXTRA = (("usa.legal", "USA", ["legal_adviser"]), ("deu.legal", "DEU", ["legal_adviser"]),
         ("pol.legal", "POL", ["legal_adviser"]), ("deu.admin", "DEU", ["administrator"]))  # fmt: skip


class Api:
    def __init__(self, client: TestClient, tokens: dict[str, str], url: str) -> None:
        self.client, self.tokens, self.url = client, tokens, url

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        return self.client.request(
            method, f"/api/v1{path}", headers={"Authorization": f"Bearer {self.tokens[who]}"}, **kw
        )

    def report(self, name: str = "off-duty-traffic", who: str = "deu.legal") -> dict[str, Any]:
        body = yaml.safe_load((ROOT / "examples" / "incident" / f"{name}.yaml").read_text())
        body["occurred_at"] = str(body["occurred_at"]).replace(" ", "T")
        for p in body["persons"]:
            if "date_of_birth" in p:
                p["date_of_birth"] = str(p["date_of_birth"])
        r = self.call(who, "POST", "/incidents", json=body)
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]


@pytest.fixture(params=BACKENDS, scope="module")
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
        pg_schema_factory: object) -> Iterator[Api]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("incident-api"), pg_schema_factory)
    tokens = demo_database(url)
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        for username, state, roles in EXTRA:
            tokens[username] = issue_token(
                session, create_user(session, None, state, username, username, roles)
            )
    engine.dispose()
    with TestClient(create_app(url)) as client:
        yield Api(client, tokens, url)


def test_it_reports_an_incident_with_its_finding_and_carries_it_to_the_waiver(api: Api) -> None:
    i = api.report()
    assert i["status"] == "reported" and i["reported_by_state"] == "DEU"
    assert {"value", "citations", "reasons", "turns_on"} <= set(i["jurisdiction"])
    assert i["jurisdiction"]["value"] is None and any("USA's law" in t for t in i["jurisdiction"]["turns_on"])
    assert (
        i["persons"][0]["category"] == "member_of_force" and i["persons"][0]["name"] == "Pvt. Jordan Miller"
    )
    r = api.call("usa.legal", "PUT", f"/incidents/{i['id']}/law", json={"punishable": True})
    assert r.status_code == 200 and r.json()["jurisdiction"]["value"]["jurisdiction"] == "concurrent"
    r = api.call("usa.legal", "POST", f"/incidents/{i['id']}/duty-certificates",
                 json={"on_duty": False, "signed_by": "SJA", "signed_on": "2024-03-18"})  # fmt: skip
    assert r.json()["primary_right"]["holder"] == "DEU"
    assert "NATO SOFA Art. VII(3)(b)" in r.json()["jurisdiction"]["citations"]
    r = api.call(
        "usa.legal", "POST", f"/incidents/{i['id']}/waiver-requests", json={"reasons": "Court-martial ready"}
    )
    assert r.status_code == 200, r.text
    slot = next(d for d in r.json()["decisions"] if d["subject"] == "waiver_answer")
    assert slot["state"] == "DEU" and slot["status"] == "pending" and slot["due_on"]
    again = api.call("usa.legal", "POST", f"/incidents/{i['id']}/waiver-requests", json={"reasons": "again"})
    assert again.status_code == 409
    wrong = api.call("usa.legal", "POST", f"/incidents/{i['id']}/waiver-requests/answer",
                     json={"answer": "granted", "reasons": "x"})  # fmt: skip
    assert wrong.status_code == 403
    r = api.call("deu.legal", "POST", f"/incidents/{i['id']}/waiver-requests/answer",
                 json={"answer": "granted", "reasons": "No major German interest"})  # fmt: skip
    assert r.json()["primary_right"]["trying_state"] == "USA"
    used = api.call("usa.legal", "GET", "/law/used", params={"citation": "NATO SOFA Art. VII(3)(c)"}).json()
    assert any(e["kind"] == "incident" and e["case_id"] == i["id"] for e in used)
    timeline = api.call("deu.legal", "GET", f"/incidents/{i['id']}/timeline").json()
    assert [e["action"] for e in timeline][:2] == ["incident.reported", "incident.state_law"]
    assert "Miller" not in str(timeline)  # the audit trail names persons by number only


def test_a_third_state_gets_404_and_other_roles_see_personal_data_redacted(api: Api) -> None:
    i = api.report()
    assert api.call("pol.legal", "GET", f"/incidents/{i['id']}").status_code == 404
    assert api.call("pol.legal", "GET", f"/incidents/{i['id']}/timeline").status_code == 404
    assert all(x["id"] != i["id"] for x in api.call("pol.legal", "GET", "/incidents").json()["items"])
    seen = api.call("deu.observer", "GET", f"/incidents/{i['id']}").json()
    assert seen["personal_data"] == "redacted"
    assert all(p["name"] is None and p["identifier"] is None for p in seen["persons"])
    assert (
        seen["jurisdiction"] == api.call("deu.legal", "GET", f"/incidents/{i['id']}").json()["jurisdiction"]
    )
    step = api.call("deu.observer", "PUT", f"/incidents/{i['id']}/law", json={"punishable": True})
    assert step.status_code == 403


def test_attachments_are_checked_by_content_and_size_and_opened_by_legal_advisers(api: Api) -> None:
    i = api.report()
    bad = api.call("deu.legal", "POST", f"/incidents/{i['id']}/attachments",
                   files={"file": ("report.pdf", b"MZ\x90\x00binary", "application/pdf")})  # fmt: skip
    assert bad.status_code == 422 and "PDF" in bad.text
    big = api.call("deu.legal", "POST", f"/incidents/{i['id']}/attachments",
                   files={"file": ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "text/plain")})  # fmt: skip
    assert big.status_code in (413, 422)
    ok = api.call("deu.legal", "POST", f"/incidents/{i['id']}/attachments",
                  files={"file": ("police.pdf", b"%PDF-1.4\n%test\n", "application/pdf")})  # fmt: skip
    assert ok.status_code == 200, ok.text
    a = ok.json()["attachments"][0]
    assert a["media_type"] == "application/pdf" and a["available"]
    got = api.call("usa.legal", "GET", f"/incidents/{i['id']}/attachments/1")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert api.call("deu.observer", "GET", f"/incidents/{i['id']}/attachments/1").status_code == 403
    assert api.call("pol.legal", "GET", f"/incidents/{i['id']}/attachments/1").status_code == 404


def test_configuration_is_kept_by_each_states_administrator_and_shown_as_such(api: Api) -> None:
    shown = api.call("deu.legal", "GET", "/states/DEU/incident-settings").json()
    assert shown["basis"] == "configuration" and shown["contest_working_days"] == 10
    body = {"contest_working_days": 15, "waiver_answer_working_days": 10, "arrest_notice_working_days": 1,
            "custody_answer_working_days": 5, "retention_days": 365}  # fmt: skip
    assert api.call("deu.legal", "PUT", "/states/DEU/incident-settings", json=body).status_code == 403
    assert api.call("deu.admin", "PUT", "/states/USA/incident-settings", json=body).status_code == 403
    r = api.call("deu.admin", "PUT", "/states/DEU/incident-settings", json=body)
    assert r.status_code == 200 and r.json()["configured"] and r.json()["contest_working_days"] == 15
    p = api.call("deu.admin", "PUT", "/incident-waiver-practices/GBR",
                 json={"recall_days": 21, "recall_likely": ["homicide"], "source": "SA Art. 19"})  # fmt: skip
    assert p.status_code == 200 and p.json()["basis"] == "configuration"
    assert any(
        x["sending_state"] == "GBR" for x in api.call("usa.legal", "GET", "/incident-waiver-practices").json()
    )
    o = api.call("usa.admin", "POST", "/trial-observers", json={"name": "Maj. Ortiz", "lawyer": True})
    assert o.status_code == 201 and o.json()["state"] == "USA"


def test_statistics_come_as_json_csv_and_xlsx_for_the_states_own_figures(api: Api) -> None:
    i = api.report("training-accident", "usa.legal")
    api.call("deu.legal", "PUT", f"/incidents/{i['id']}/law", json={"punishable": True})
    api.call("usa.legal", "POST", f"/incidents/{i['id']}/duty-certificates",
             json={"on_duty": True, "signed_by": "SJA", "signed_on": "2007-10-03"})  # fmt: skip
    s = api.call("usa.legal", "GET", "/incidents/statistics", params={"state": "USA", "year": 2007})
    assert s.status_code == 200, s.text
    block = s.json()["as_sending_state"]
    assert block["incidents"] >= 1 and block["by_category"]["member_of_force"]["traffic"] >= 1
    assert block["primary_right"]["sending_state"] >= 1
    assert (
        api.call(
            "deu.legal", "GET", "/incidents/statistics", params={"state": "USA", "year": 2007}
        ).status_code
        == 403
    )
    csv = api.call("usa.legal", "GET", "/incidents/statistics.csv", params={"state": "USA", "year": 2007})
    assert csv.headers["content-type"].startswith("text/csv") and b"member_of_force/traffic" in csv.content
    xlsx = api.call("usa.legal", "GET", "/incidents/statistics.xlsx", params={"state": "USA", "year": 2007})
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert "Figures" in wb.sheetnames and wb["As sending State"]._charts


def test_erasure_after_retention_is_an_audit_event_and_the_chain_stays_intact(api: Api) -> None:
    i = api.report()
    r = api.call("deu.legal", "POST", f"/incidents/{i['id']}/close", json={"disposition": "No prosecution"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["retention_until"]
    engine = make_engine(api.url)
    with session_factory(engine)() as session, session.begin():
        row = session.get(IncidentRow, i["id"])
        assert row is not None and row.closed_at is not None
        # The server's scheduled scan (every 15 minutes) runs the same erasure as `sofadesk incident purge`.
        scheduled(session, row.closed_at + timedelta(days=36500 + 1))
        assert session.get(IncidentRow, i["id"]).erased_at is not None  # type: ignore[union-attr]
        assert purge(session, row.closed_at + timedelta(days=36500 + 2)).erased == []  # nothing left to erase
    with session_factory(engine)() as session:
        assert verify(session).intact
    engine.dispose()
    seen = api.call("deu.legal", "GET", f"/incidents/{i['id']}").json()
    assert seen["personal_data"] == "erased" and all(p["name"] is None for p in seen["persons"])
    events = api.call("deu.legal", "GET", f"/incidents/{i['id']}/timeline").json()
    assert events[-1]["action"] == "incident.personal_data_erased" and events[-1]["actor"] == "retention"
    assert api.call("deu.legal", "GET", "/audit/verify").json()["intact"]

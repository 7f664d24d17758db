"""Whole incidents a lawyer can read (tests/scenarios/incident/*.yaml), carried step by step through the same
service calls as the API and the CLI, on SQLite and PostgreSQL.  After each step the finding, the primary
right, what is due from whom, the flags and the citations of the step's audit event are checked; a step that
the law refuses (double jeopardy, no jurisdiction) names its reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sofadesk.accounts.service import acting_as, create_user
from sofadesk.cases.incident import schemas, service
from sofadesk.cases.incident.reads import IncidentRead
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.errors import DomainError
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry
from tests.conftest import BACKENDS, demo_database, fresh_url

ROOT = Path(__file__).parents[2]
SCENARIOS = sorted((ROOT / "tests" / "scenarios" / "incident").glob("*.yaml"))
USERS = (("usa.legal", "USA", ["legal_adviser"]), ("deu.legal", "DEU", ["legal_adviser"]),
         ("rus.legal", "RUS", ["legal_adviser"]), ("pol.legal", "POL", ["legal_adviser"]),
         ("deu.admin", "DEU", ["administrator"]))  # fmt: skip
STEPS: dict[str, tuple[Any, Any]] = {
    "state_law": (service.state_law, schemas.LawStatementBody),
    "certify": (service.certify, schemas.CertificateBody),
    "answer_certificate": (service.answer_certificate, schemas.CertificateAnswerBody),
    "settle_duty": (service.settle_duty, schemas.DutyOutcomeBody),
    "decide_primary": (service.decide_primary, schemas.PrimaryDecisionBody),
    "notify_case": (service.notify_case, schemas.CaseNoticeBody),
    "recall_waiver": (service.recall_waiver, schemas.StatementBody),
    "request_waiver": (service.request_waiver, schemas.WaiverRequestBody),
    "answer_waiver": (service.answer_waiver, schemas.WaiverAnswerBody),
    "arrest": (service.arrest, schemas.ArrestBody),
    "notify_arrest": (service.notify_arrest, schemas.NoticeBody),
    "request_custody": (service.request_custody, schemas.CustodyRequestBody),
    "answer_custody": (service.answer_custody, schemas.CustodyAnswerBody),
    "visit": (service.visit, schemas.VisitBody),
    "end_custody": (service.end_custody, schemas.EndCustodyBody),
    "trial": (service.trial, schemas.TrialBody),
    "observe": (service.observe, schemas.ObservationBody),
    "verdict": (service.verdict, schemas.VerdictBody),
    "close": (service.close, schemas.IncidentCloseBody),
}


class Site:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = session_factory(self.engine)
        with self.sessions() as session:
            self.inforce = InForceEngine(load_registry(session.connection()))


@pytest.fixture(params=BACKENDS, scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schema_factory: object) -> Iterator[Site]:  # fmt: skip
    url = fresh_url(request.param, tmp_path_factory.mktemp("incidents"), pg_schema_factory)
    demo_database(url)
    s = Site(url)
    with s.sessions() as session, session.begin():
        for username, state, roles in USERS:
            create_user(session, None, state, username, username, roles)
    yield s
    s.engine.dispose()


def _plain(data: Any) -> Any:
    """YAML dates as the ISO strings the bodies take."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def report(site: Site, spec: dict[str, Any]) -> int:
    data = spec.get("report") or yaml.safe_load((ROOT / spec["file"]).read_text())
    body = schemas.IncidentReport.model_validate(_plain(data))
    with site.sessions() as session, session.begin():
        return service.create(session, acting_as(session, spec["as"]), body, site.inforce).id


def take(site: Site, incident_id: int, step: dict[str, Any]) -> None:
    data = _plain(step.get("with") or {})
    with site.sessions() as session, session.begin():
        user = acting_as(session, step["as"])
        if step["do"] == "add_observer":
            service.add_observer(session, user, schemas.ObserverBody.model_validate(data))
        elif step["do"] == "waiver_practice":
            sending = data.pop("sending_state")
            service.set_waiver_practice(
                session, user, sending, schemas.WaiverPracticeBody.model_validate(data)
            )
        else:
            fn, model = STEPS[step["do"]]
            fn(session, user, incident_id, model.model_validate(data), site.inforce)


def look(site: Site, incident_id: int, username: str) -> tuple[IncidentRead, list[str]]:
    with site.sessions() as session:
        user = acting_as(session, username)
        events = service.timeline(session, user, incident_id)
        return service.read_visible(session, user, incident_id), events[-1].citations


def check(r: IncidentRead, cited: list[str], expect: dict[str, Any], where: str) -> None:
    value = r.jurisdiction.value or {}
    got = {
        "status": r.status, "jurisdiction": value.get("jurisdiction"), "primary_right": r.primary_right.holder,
        "trying_state": r.primary_right.trying_state, "official_duty": r.official_duty.official_duty,
        "waiver": r.primary_right.decision, "receiving_state_to_try": value.get("receiving_state_to_try"),
        "barred": value.get("barred_from_trying"),
        "standing": r.primary_right.standing.state if r.primary_right.standing else None,
        "outcome": (r.trials[-1].sentence or r.trials[-1].outcome) if r.trials else None,
    }  # fmt: skip
    for key, wanted in expect.items():
        if key in got:
            assert got[key] == wanted, (
                f"{where}: {key} is {got[key]!r}, expected {wanted!r}\n{r.jurisdiction.reasons}"
            )
        elif key == "turns_on":
            for text in wanted:
                assert any(text in t for t in r.jurisdiction.turns_on), (
                    f"{where}: turns on {r.jurisdiction.turns_on}"
                )
        elif key == "cites":
            for c in wanted:
                assert c in cited, f"{where}: the step's audit event cites {cited}, not {c}"
        elif key == "flags":
            codes = {f.code for f in r.flags}
            assert set(wanted) <= codes, f"{where}: flags {codes}"
        elif key == "no_flags":
            assert not set(wanted) & {f.code for f in r.flags}, f"{where}: flags {[f.code for f in r.flags]}"
        elif key == "due":
            slot = next(
                (d for d in r.decisions if d.state == wanted["state"] and d.subject == wanted["subject"]),
                None,
            )
            assert slot is not None and slot.status == "pending", f"{where}: decisions {r.decisions}"
            if "overdue" in wanted:
                assert slot.overdue is wanted["overdue"]
        else:
            raise AssertionError(f"{where}: unknown expectation {key!r}")


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_a_whole_incident(site: Site, path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    assert spec["name"] and spec["steps"]
    incident_id = report(site, spec["report"])
    r, cited = look(site, incident_id, spec["report"]["as"])
    check(r, cited, spec.get("expect", {}), "report")
    for n, step in enumerate(spec["steps"], start=1):
        where = f"step {n} ({step['do']} by {step['as']})"
        if "refused" in step:
            with pytest.raises(DomainError) as refused:
                take(site, incident_id, step)
            assert step["refused"] in refused.value.detail, f"{where}: {refused.value.detail}"
            continue
        take(site, incident_id, step)
        r, cited = look(site, incident_id, step["as"] if step["do"] not in ("add_observer", "waiver_practice")
                        else spec["report"]["as"])  # fmt: skip
        check(r, cited, step.get("expect", {}), where)

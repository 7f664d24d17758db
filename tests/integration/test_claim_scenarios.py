"""Whole claims, as a lawyer reads them: each file in tests/scenarios/claim/ is one claim from filing to the end,
step by step (who does what, on which day), with what must follow - the status, the route, each State's share to
the minor unit, when a distribution is accepted (or deemed accepted), the half-yearly statement and its total,
who may see the claim, and the steps that must be refused and why.  Run on SQLite and PostgreSQL.

A step names the user (`as`) and the action (`do`) with its fields as the API takes them; `version` is filled
in from what the user would have read.  `expect_error` makes the step one that must be refused, with words of
the refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import acting_as, create_user
from sofadesk.cases.claim import schemas, service
from sofadesk.cases.claim.kind import COST_SHARE, EX_GRATIA_OFFER, NOTICE_ANSWER
from sofadesk.cases.claim.models import ClaimRow
from sofadesk.cases.claim.records import slot_of
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.errors import DomainError
from sofadesk.registry.inforce import InForceEngine
from tests.conftest import BACKENDS, demo_database, fresh_url

SCENARIOS = sorted((Path(__file__).parents[1] / "scenarios" / "claim").glob("*.yaml"))
SLOTS = {"answer_notice": NOTICE_ANSWER, "answer_share": COST_SHARE, "offer": EX_GRATIA_OFFER}
BODIES = {
    "register": "RegisterBody", "route": "RouteBody", "answer_notice": "NoticeAnswerBody", "refer": "ReferBody",
    "award": "AwardBody", "adjudicate": "AdjudicateBody", "advance": "PaymentBody", "judgment": "JudgmentBody",
    "pay": "PayBody", "answer_share": "ShareAnswerBody", "repropose": "ReproposeBody", "assess": "AssessBody",
    "offer": "OfferBody", "claimant_answer": "ClaimantAnswerBody", "ex_gratia_paid": "DatedStep",
}  # fmt: skip
WITH_ENGINE = ("route", "answer_notice", "refer", "award")


@pytest.fixture(params=BACKENDS, scope="module")
def factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_schema_factory: object
) -> Iterator[sessionmaker[Session]]:
    from sofadesk.cases.claim.demo_data import seed_config, seed_users

    url = fresh_url(request.param, tmp_path_factory.mktemp("claims"), pg_schema_factory)
    demo_database(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        seed_users(session)
        seed_config(session)
        for username, state in (("ita.claims", "ITA"), ("rus.claims", "RUS"), ("fra.claims", "FRA")):
            create_user(session, None, state, username, username, ["legal_adviser", "approver"])
        create_user(session, None, "FRA", "fra.admin", "fra.admin", ["administrator"])
    yield sessions
    engine.dispose()


def _claim_id(session: Session, reference: str) -> int:
    from sqlalchemy import select

    return int(session.execute(select(ClaimRow.id).where(ClaimRow.reference == reference)).scalar_one())


def _act(session: Session, engine: InForceEngine, step: dict[str, Any], claim_id: int | None) -> int | None:
    """Run one step; returns the claim's id (set by the first step)."""
    # YAML 1.1 reads a bare `on:` key as true: here it is the day of the step.
    fields = {
        ("on" if k is True else k): v
        for k, v in step.items()
        if k not in ("do", "as", "expect_error", "why", "expect")
    }
    action = step["do"]
    if action == "submit":
        made = service.submit(session, schemas.PublicClaim.model_validate(fields), [])
        return _claim_id(session, made.reference)
    if action == "scan":
        service.scan_deemed(session, datetime.combine(fields["on"], time()))
        return claim_id
    user = acting_as(session, step["as"])
    if action == "create":
        claim = service.create(session, user, schemas.ClaimCreate.model_validate(fields), engine)
        session.flush()
        return int(claim.id)
    if action == "add_rate":
        service.add_rate(session, user, schemas.RateBody.model_validate(fields))
        return claim_id
    if action == "issue_statement":
        service.issue_statement(session, user, schemas.StatementIssue.model_validate(fields))
        return claim_id
    assert claim_id is not None, "the first step files the claim"
    claim = session.get(ClaimRow, claim_id)
    assert claim is not None
    if action in ("refuse", "waive", "withdraw", "close"):
        getattr(service, action)(session, user, claim_id, fields.get("reason"), claim.version)
        return claim_id
    if action == "notify":
        service.notify(session, user, claim_id, fields.get("on"), claim.version)
        return claim_id
    if action == "award" and fields.get("dispute") == "latest":
        fields["dispute"] = max(d.id for d in service.read(session, user, claim).disputes)
    if action in SLOTS:
        slot = slot_of(session, claim, SLOTS[action], user.state)
        fields.setdefault("version", slot.version if slot else 0)
    fields.setdefault("version", claim.version)
    try:  # what the API would refuse with 422
        body = getattr(schemas, BODIES[action]).model_validate(fields)
    except ValidationError as exc:
        raise DomainError(
            "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        ) from None
    call = getattr(service, action)
    call(session, user, claim_id, body, engine) if action in WITH_ENGINE else call(
        session, user, claim_id, body
    )
    return claim_id


def _check(session: Session, expect: dict[str, Any], claim_id: int) -> None:
    owner = acting_as(session, expect.get("read_as", "deu.claims"))
    c = service.read_visible(session, owner, claim_id)
    where = f"{c.reference}: "
    if "status" in expect:
        assert c.status == expect["status"], where + c.status
    if "route" in expect:
        assert c.route == expect["route"], where + f"{c.route} {c.routing.reasons if c.routing else ''}"
    shares = {s.state: s for s in c.shares}
    for state, amount in expect.get("shares", {}).items():
        assert shares[state].amount == str(amount), where + f"{state} {shares[state].amount}"
    if "shares" in expect:
        assert set(shares) == set(expect["shares"]), where + str(set(shares))
        assert sum(int(s.amount.replace(".", "")) for s in c.shares) == int(c.paid.amount.replace(".", ""))  # type: ignore[union-attr]
    for key in ("share_status", "accepted_on", "half", "reply_ends_on"):
        for state, value in expect.get(key, {}).items():
            got = getattr(shares[state], "status" if key == "share_status" else key)
            assert got == (str(value) if value is not None else None), where + f"{key} {state} {got}"
    for text in expect.get("citations_include", []):
        assert c.routing is not None and text in c.routing.citations, where + str(
            c.routing and c.routing.citations
        )
    for text in expect.get("reasons_include", []):
        assert c.routing is not None and any(text in r for r in c.routing.reasons), where + str(
            c.routing and c.routing.reasons
        )
    timeline = service.timeline(session, owner, claim_id)
    for action in expect.get("events_include", []):
        assert action in [e.action for e in timeline], where + str([e.action for e in timeline])
    if "statement" in expect:
        st = expect["statement"]
        found = service.statement(session, owner, st["receiving"], st["sending"], st["half"])
        assert (found.total, found.cases) == (str(st["total"]), st["cases"]), (
            where + f"{found.total} {found.cases}"
        )
        assert sum(int(x.share.replace(".", "")) for x in found.lines) == int(found.total.replace(".", ""))
        assert (found.reference is not None) == st.get("issued", False)
    for username in expect.get("visible_to", []):
        service.read_visible(session, acting_as(session, username), claim_id)
    for username in expect.get("not_visible_to", []):
        with pytest.raises(DomainError, match="no claim"):
            service.read_visible(session, acting_as(session, username), claim_id)
    for wanted, got in zip(expect.get("disputes", []), c.disputes, strict=False):
        assert {k: getattr(got, k) for k in wanted} == wanted, where + str(got)
    if "next_due" in expect:
        got = c.next_due.on if c.next_due else None
        assert got == (str(expect["next_due"]) if expect["next_due"] else None), where + str(c.next_due)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_claim_goes_as_the_scenario_says(
    path: Path, factory: sessionmaker[Session], engine: InForceEngine
) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    claim_id: int | None = None
    for i, step in enumerate(scenario["steps"]):
        label = f"{path.name} step {i + 1} ({step['do']})"
        if "expect_error" in step:
            with factory() as session, pytest.raises(DomainError) as refused, session.begin():
                _act(session, engine, step, claim_id)
            assert step["expect_error"] in refused.value.detail, f"{label}: {refused.value.detail}"
            continue
        with factory() as session, session.begin():
            try:
                claim_id = _act(session, engine, step, claim_id)
            except DomainError as exc:
                raise AssertionError(f"{label} was refused: {exc.detail}") from None
        if "expect" in step:
            with factory() as session:
                assert claim_id is not None
                _check(session, step["expect"], claim_id)
    assert claim_id is not None
    with factory() as session:
        _check(session, scenario.get("expect", {}), claim_id)

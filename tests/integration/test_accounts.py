"""Accounts: login, administrators limited to their own State, token revocation within the cache window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sofadesk.accounts import service as accounts
from sofadesk.cases.transit.demo_data import PASSWORD
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.errors import Forbidden, Unauthorized
from sofadesk.web.app import create_app
from tests.conftest import demo_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    yield url, demo_database(url)


def test_a_password_gives_a_token_and_a_wrong_one_does_not(db: tuple[str, dict[str, str]]) -> None:
    url, _ = db
    with TestClient(create_app(url)) as client:
        ok = client.post("/api/v1/auth/tokens", json={"username": "rus.approver", "password": PASSWORD})
        assert ok.status_code == 201 and ok.json()["user"]["state"] == "RUS"
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {ok.json()['token']}"})
        assert me.json()["roles"] == ["approver", "observer"]
        for body in (
            {"username": "rus.approver", "password": "wrong"},
            {"username": "nobody", "password": PASSWORD},
        ):
            r = client.post("/api/v1/auth/tokens", json=body)
            assert r.status_code == 401 and r.json()["detail"] == "wrong username or password"


def test_an_administrator_manages_only_its_own_states_users(db: tuple[str, dict[str, str]]) -> None:
    url, tokens = db
    with TestClient(create_app(url)) as client:
        admin = {"Authorization": f"Bearer {tokens['rus.admin']}"}
        created = client.post(
            "/api/v1/users", headers=admin, json={"username": "rus.legal", "roles": ["legal_adviser"]}
        )
        assert created.status_code == 201 and created.json()["state"] == "RUS"
        listed = client.get("/api/v1/users", headers=admin).json()
        assert {u["state"] for u in listed} == {"RUS"} and "rus.legal" in {u["username"] for u in listed}
        approver = {"Authorization": f"Bearer {tokens['rus.approver']}"}
        assert (
            client.post(
                "/api/v1/users", headers=approver, json={"username": "x", "roles": ["observer"]}
            ).status_code
            == 403
        )
        bad = client.post("/api/v1/users", headers=admin, json={"username": "rus.king", "roles": ["king"]})
        assert bad.status_code == 422 and "unknown role" in bad.json()["detail"]
    engine = make_engine(url)
    with session_factory(engine)() as session, session.begin():
        rus_admin = accounts.acting_as(session, "rus.admin")
        with pytest.raises(Forbidden, match="own State"):
            accounts.create_user(session, rus_admin, "USA", "usa.spy", "", ["observer"])
    engine.dispose()


def test_a_revoked_token_is_refused_once_the_cache_window_passes(
    db: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, tokens = db
    engine = make_engine(url)
    token = tokens["kaz.approver"]
    with session_factory(engine)() as session:
        assert accounts.user_for_token(session, token).state == "KAZ"
    with engine.begin() as conn:
        conn.execute(text("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP"))
    with session_factory(engine)() as session:
        assert accounts.user_for_token(session, token).state == "KAZ"  # still cached (documented window)
        monkeypatch.setattr(accounts, "TOKEN_CACHE_SECONDS", 0.0)
        with pytest.raises(Unauthorized):
            accounts.user_for_token(session, token)
    engine.dispose()

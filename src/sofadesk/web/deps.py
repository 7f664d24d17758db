"""Request-scoped dependencies: the database session and the authenticated user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import CurrentUser, user_for_token
from sofadesk.cases.errors import Unauthorized
from sofadesk.registry.inforce import InForceEngine

bearer = HTTPBearer(
    auto_error=False, description="An API token (sofadesk users add --token, or POST /api/v1/auth/tokens)."
)


@contextmanager
def unit_of_work(request: Request) -> Iterator[Session]:
    """One transaction per use case: committed if the block succeeds, rolled back otherwise."""
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> CurrentUser:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("send an API token: Authorization: Bearer <token>")
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:  # read-only lookup; usually answered from the short-lived token cache
        return user_for_token(session, credentials.credentials)


def inforce(request: Request) -> InForceEngine:
    engine: InForceEngine = request.app.state.inforce
    return engine


CurrentActor = Annotated[CurrentUser, Depends(current_user)]
EngineDep = Annotated[InForceEngine, Depends(inforce)]

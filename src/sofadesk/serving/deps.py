"""Request-scoped dependencies: the database session and the authenticated user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from sofadesk.accounts.service import CurrentUser, cached_user, user_for_token
from sofadesk.errors import Invalid, Unauthorized
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


@contextmanager
def read_only(request: Request) -> Iterator[Session]:
    """A session for a request that only reads (see sofadesk.db.engine.read_session_factory)."""
    factory: sessionmaker[Session] = request.app.state.read_sessions
    with factory() as session:
        yield session


async def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> CurrentUser:
    """Async so that the usual case, a token checked in the last few seconds, costs no trip through the thread
    pool; only a cache miss goes to the database (in a worker thread: the database driver blocks)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("send an API token: Authorization: Bearer <token>")
    token = credentials.credentials
    known = cached_user(token)
    if known is not None:
        return known

    def lookup() -> CurrentUser:
        factory: sessionmaker[Session] = request.app.state.sessions
        with factory() as session:
            return user_for_token(session, token)

    return await anyio.to_thread.run_sync(lookup)


async def inforce(request: Request) -> InForceEngine:
    engine: InForceEngine = request.app.state.inforce
    return engine


CurrentActor = Annotated[CurrentUser, Depends(current_user)]
EngineDep = Annotated[InForceEngine, Depends(inforce)]


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def known_query_only(request: Request) -> None:
    """Refuse query parameters an operation does not declare: a misspelt filter (?staus=draft) would otherwise be
    ignored silently and the answer look like a filtered one."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    unknown = sorted(set(request.query_params) - _query_names(dependant))
    if unknown:
        known = ", ".join(sorted(_query_names(dependant))) or "none"
        raise Invalid(f"query.{unknown[0]}", f"not a parameter of this operation (its parameters: {known})")

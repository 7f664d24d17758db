"""The FastAPI application: same service functions as the CLI, one transaction per request."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sofadesk import __version__
from sofadesk.config import Settings
from sofadesk.db.engine import make_engine, session_factory
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry
from sofadesk.web import problems
from sofadesk.web.routes_accounts import router as accounts_router
from sofadesk.web.routes_exercise import router as exercise_router
from sofadesk.web.routes_transit import router as transit_router

THREADS = int(os.environ.get("SOFADESK_API_THREADS", "8"))


def create_app(database_url: str | None = None) -> FastAPI:
    url = database_url or Settings.from_env().database_url
    engine = make_engine(url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # Sync endpoints run in a thread pool; more threads than this only contend for the GIL (measured).
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield
        engine.dispose()

    app = FastAPI(
        title="SOFA Desk API",
        version=__version__,
        description="Transit and exercise cases under the NATO SOFA / PfP SOFA regime. Errors are application/problem+json.",
        lifespan=lifespan,
    )
    app.state.sessions = session_factory(engine)
    with engine.connect() as conn:
        app.state.inforce = InForceEngine(load_registry(conn))
    problems.install(app)
    app.include_router(accounts_router, prefix="/api/v1")
    app.include_router(transit_router, prefix="/api/v1")
    app.include_router(exercise_router, prefix="/api/v1")

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

"""The FastAPI application: same service functions as the CLI, one transaction per request."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sofadesk import __version__, ui
from sofadesk.accounts.service import prepare_sign_in
from sofadesk.acts.reload import RegistryRefresh
from sofadesk.cases.core import notices
from sofadesk.cases.core.kinds import import_object
from sofadesk.cases.kinds import SHIPPED
from sofadesk.config import Settings, SmtpSettings
from sofadesk.db.engine import make_engine, read_session_factory, session_factory
from sofadesk.notifications.background import BackgroundSender
from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry, registry_version
from sofadesk.serving import problems
from sofadesk.serving.deps import known_query_only
from sofadesk.serving.limits import BodyLimit
from sofadesk.serving.routing import guarded
from sofadesk.serving.security import SecurityHeaders, install_docs
from sofadesk.ui.routes import routers as ui_routers
from sofadesk.web.routes_accounts import router as accounts_router
from sofadesk.web.routes_audit import router as audit_router
from sofadesk.web.routes_law import router as law_router
from sofadesk.web.routes_notifications import router as notifications_router
from sofadesk.web.routes_registry import router as registry_router
from sofadesk.web.routes_route import router as route_router

# Sync endpoints run in a thread pool per worker process.  Two threads per worker gave the best figures on
# PostgreSQL under load (benchmarks/bench_transit.py: 1, 2, 4 and 8 measured; more threads only contend for
# the GIL with the event loop, which lengthens the tail of the latency distribution).
THREADS = int(os.environ.get("SOFADESK_API_THREADS", "2"))


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["reachable", "unreachable"]


def create_app(database_url: str | None = None) -> FastAPI:
    url = database_url or Settings.from_env().database_url
    smtp = SmtpSettings.from_env()  # a bad value stops the start with a message naming the variable
    engine = make_engine(url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        prepare_sign_in()
        # Everything built at start-up (registry, in-force engine, routes, models) lives as long as the process:
        # moving it out of the collector's reach keeps full collections short, which is what a request's tail
        # latency waits on under load.
        gc.collect()
        gc.freeze()
        # Requests allocate many short-lived objects: collecting the youngest generation every 50,000 net
        # allocations instead of 700 spares most collections (measured: read p99 down, decisions up) while
        # reference cycles are still reclaimed.
        gc.set_threshold(50_000, 20, 20)
        # E-mail notifications go out from a thread of their own (when SMTP is configured), never a request's.
        app.state.mail_sender.start()
        yield
        app.state.mail_sender.stop()
        engine.dispose()

    app = FastAPI(
        title="SOFA Desk API",
        version=__version__,
        description="Transit and exercise cases under the NATO SOFA / PfP SOFA regime. Errors are application/problem+json.",
        lifespan=lifespan,
        # One schema per model, not "-Input" and "-Output" variants: generated clients (openapi-python-client)
        # drop models whose two variants collide under one name.
        separate_input_output_schemas=False,
        # Operations named after their functions (create_transit, decide_transit, ...): the names a generated
        # client gives its calls.
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,
        redoc_url=None,
    )
    app.state.sessions = session_factory(engine)
    app.state.read_sessions = read_session_factory(engine)
    app.state.mail_sender = BackgroundSender(app.state.sessions, smtp, scan=notices.scheduled)
    with engine.connect() as conn:
        app.state.inforce = InForceEngine(load_registry(conn))
        app.state.registry_version = registry_version(conn)
    problems.install(app)
    app.add_middleware(RegistryRefresh)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    install_docs(app)
    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems.problem_media_types(default_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    # The API of every case kind the kinds list names, besides accounts and the law.
    kind_routers = [import_object(f"{k.api}:router") for k in SHIPPED if k.api]
    for router in (
        accounts_router,
        audit_router,
        law_router,
        registry_router,
        route_router,
        notifications_router,
        *kind_routers,
    ):
        # Each skipped at once by a request for another resource (a decision no longer tries every route first),
        # and each included in the application itself: a level of inclusion costs a match (serving.routing).
        app.include_router(
            guarded(router, under="/api/v1"), prefix="/api/v1", dependencies=[Depends(known_query_only)]
        )
    for pages in ui_routers:
        app.include_router(pages)
    app.mount("/static", StaticFiles(directory=Path(ui.__file__).parent / "static"), name="static")

    @app.get(
        "/health",
        tags=["service"],
        response_model=Health,
        responses={503: {"model": Health, "description": "The database cannot be reached."}},
    )
    def health() -> Response:
        """Whether the service can serve requests: it answers and its database does."""
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"},
                503,
                headers={"Retry-After": str(problems.RETRY_AFTER_SECONDS)},
            )
        return JSONResponse({"status": "ok", "database": "reachable"})

    return app

"""Every process sees a confirmed act within a second or so, without a restart.

The registry (and the in-force engine built from it) is held by each process.  A middleware asks the database
for the registry's version at most once a second - a request in between pays one clock reading - and when it
has changed (an act was confirmed, on any process or node) builds the registry again and swaps it in; requests
already running keep the engine they started with.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import anyio.to_thread
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Receive, Scope, Send

from sofadesk.registry.inforce import InForceEngine
from sofadesk.registry.store import load_registry, registry_version

log = logging.getLogger("sofadesk.registry")
EVERY_SECONDS = 1.0
_swap = threading.Lock()


def refresh_registry(app: Any, force: bool = False) -> bool:
    """Reload the registry if its version changed (or `force`); True if it did."""
    with _swap, app.state.read_sessions() as session:
        conn = session.connection()
        version = registry_version(conn)
        if version == app.state.registry_version and not force:
            return False
        app.state.inforce = InForceEngine(load_registry(conn))
        app.state.registry_version = version
    log.info("registry reloaded at version %s", version)
    return True


class RegistryRefresh:
    def __init__(self, app: ASGIApp, every: float = EVERY_SECONDS) -> None:
        self.app, self.every, self.checked = app, every, 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            moment = time.monotonic()
            if moment - self.checked >= self.every:
                self.checked = moment
                try:
                    await anyio.to_thread.run_sync(refresh_registry, scope["app"])
                except SQLAlchemyError:  # the database away: the request itself will say so (503)
                    log.warning("could not check the registry's version", exc_info=True)
        await self.app(scope, receive, send)

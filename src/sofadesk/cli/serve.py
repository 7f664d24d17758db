"""`sofadesk serve`: the REST API on a local address."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_api(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from sofadesk.config import Settings
    from sofadesk.db.bootstrap import open_registry

    settings = Settings.from_env()
    open_registry(settings)  # set up the embedded database, or say what a configured one is missing
    # Worker processes each build the app from the environment (the same database settings).
    uvicorn.run(
        "sofadesk.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning" if workers > 1 else "info",
    )


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the REST API (OpenAPI documentation at /docs)."""
    serve_api(host, port, workers)

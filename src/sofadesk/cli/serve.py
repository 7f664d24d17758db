"""`sofadesk serve`: the REST API on a local address."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_api(host: str, port: int) -> None:
    import uvicorn

    from sofadesk.config import Settings
    from sofadesk.registry.access import open_registry
    from sofadesk.web.app import create_app

    settings = Settings.from_env()
    open_registry(settings)  # set up the embedded database, or say what a configured one is missing
    uvicorn.run(create_app(settings.database_url), host=host, port=port, log_level="info")


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
) -> None:
    """Serve the REST API (OpenAPI documentation at /docs)."""
    serve_api(host, port)

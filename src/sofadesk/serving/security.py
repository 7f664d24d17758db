"""Security headers on every response, and the API documentation page served from vendored files.

The pages load scripts, styles and images from this server only and are never framed: no inline script or
style is needed anywhere (htmx runs under this policy with its eval features and injected indicator style
turned off in base.html's htmx-config).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sofadesk import __version__

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in HEADERS if h[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


DOCS_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SOFA Desk API {__version__}</title>
<link rel="stylesheet" href="/static/swagger-ui-5.32.0.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger-ui-5.32.0-bundle.js"></script><script src="/static/api-docs.js"></script>
</body></html>"""


def install_docs(app: FastAPI) -> None:
    """/docs with Swagger UI from this server (FastAPI's own page loads it from a CDN, with an inline script)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

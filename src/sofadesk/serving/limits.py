"""A bound on the size of every request body, enforced before any of it is parsed.

Multipart uploads are spooled to disk by the form parser before a route sees them, so the bound has to sit in
front of the application: a declared Content-Length over it is refused at once; a body sent without one
(chunked) is counted as it arrives and refused when it passes the bound.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sofadesk.cases.manifests import MAX_BYTES
from sofadesk.serving.problems import problem

# The largest manifest upload plus room for the form's other fields and the multipart framing.
MAX_BODY = MAX_BYTES + 256 * 1024


class BodyTooLarge(HTTPException):
    """Raised from inside body parsing: FastAPI passes HTTPExceptions raised there through unchanged."""

    def __init__(self) -> None:
        super().__init__(413, f"Request body larger than {MAX_BODY:,} bytes")


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            detail = (
                f"the request body is larger than {self.limit:,} bytes (the largest upload is {MAX_BYTES:,})"
            )
            await problem(413, "Request body too large", detail)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counted, send)

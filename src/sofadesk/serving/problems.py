"""Errors as RFC 9457 problem details (application/problem+json), with field paths."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from sofadesk.errors import DomainError

MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SOFA Desk - unavailable</title>
<link rel="stylesheet" href="/static/sofadesk.css"></head><body><main id="main"><h1>SOFA Desk is unavailable</h1>
<p>Its database cannot be reached. Nothing you sent was changed. Please try again in a few seconds.</p>
<p lang="fr">La base de données est injoignable ; rien n'a été modifié. Réessayez dans quelques secondes.</p>
<p lang="ru">База данных недоступна; ничего не изменено. Повторите попытку через несколько секунд.</p>
</main></body></html>"""
log = logging.getLogger("sofadesk.api")


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


# What any API operation may answer besides its success: every one is a problem body.  400: a body that is
# not JSON; 413: a body over the size bound (web.limits); 503: the database cannot be reached.
ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": Problem, "content": {MEDIA_TYPE: {}}} for s in statuses}


ERRORS = error_responses(*ERROR_STATUSES)


def problem_media_types(spec: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files a response model under application/json; an error body is application/problem+json
    (RFC 9457), and a generated client parses it only if the document says so.  Moves the schema there."""
    for path in spec.get("paths", {}).values():
        for operation in path.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if (
                    code.isdigit()
                    and int(code) >= 400
                    and MEDIA_TYPE in content
                    and "application/json" in content
                ):
                    content[MEDIA_TYPE] = content.pop("application/json")
    return spec


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "errors": errors or []}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _loc(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


# A model's own checks name the field they are about at the head of their message ("legs.2.planned_entry: before
# the previous leg's planned_exit"); the error then points at that field rather than at the whole model.
_NAMED = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)


def _error(loc: tuple[Any, ...], message: str) -> dict[str, str]:
    field = _loc(loc)
    named = _NAMED.match(message)
    if named:
        field = named[1] if field == "body" else f"{field}.{named[1]}"
        message = named[2]
    return {"field": field, "message": message}


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else exc.headers
        return problem(exc.status, exc.title, exc.detail, exc.errors, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_error(tuple(e["loc"]), str(e["msg"]).removeprefix("Value error, ")) for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return problem(422, "Invalid request", detail, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Keep the exception's headers: a 405 must say which methods are allowed (Allow).
        return problem(exc.status_code, str(exc.detail), str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(DisconnectionError)
    @app.exception_handler(PoolTimeout)
    async def _database_unavailable(request: Request, exc: Exception) -> Response:
        # The database is down, restarting or overloaded: nothing was applied (the transaction did not commit),
        # and the client may try again shortly.
        log.warning("%s %s: database unavailable (%s)", request.method, request.url.path, type(exc).__name__)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        detail = "the database cannot be reached; nothing was changed; try again in a few seconds"
        if not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(UNAVAILABLE_PAGE, status_code=503, headers=headers)
        return problem(503, "Service unavailable", detail, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(
        request: Request, exc: Exception
    ) -> JSONResponse:  # never a traceback to the client
        # ...but always one in the server's log, for whoever operates it.
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return problem(500, "Internal error", f"{type(exc).__name__}; the request was not applied")

"""Domain errors, raised by any layer (accounts, cases, registry use cases) and mapped to HTTP problem responses by
the API and pages and to exit code 2 by the CLI.  At the package root: everything below the edges may raise them."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    title = "Bad request"
    headers: dict[str, str] | None = None  # e.g. Retry-After on a 429

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class Invalid(DomainError):
    status = 422
    title = "Invalid request"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", [{"field": field, "message": message}])


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class Unauthorized(DomainError):
    status = 401
    title = "Unauthorized"


class Conflict(DomainError):
    status = 409
    title = "Conflict"

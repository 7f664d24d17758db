"""Response helpers shared by every case router: pre-built JSON, and creates that may be safely repeated."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.audit.chain import now
from sofadesk.cases.core.models import IdempotencyKeyRow
from sofadesk.errors import Conflict, Invalid
from sofadesk.serving.deps import unit_of_work


def json_response(data: object, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A service's read model (or a list of them, or plain JSON data), serialised once: no second validation
    pass on the way out."""
    if isinstance(data, BaseModel):
        text = data.model_dump_json()
    elif isinstance(data, list) and all(isinstance(d, BaseModel) for d in data):
        text = "[" + ",".join(d.model_dump_json() for d in data) + "]"
    else:
        text = json.dumps(data, separators=(",", ":"))
    return Response(text, status_code=status_code, media_type="application/json", headers=headers)


def idempotent_create(
    request: Request,
    user: CurrentUser,
    idempotency_key: str | None,
    body: BaseModel,
    create: Callable[[Session], dict[str, Any]],
    location: str,
) -> Response:
    """Run `create` in one transaction and answer 201.  With an Idempotency-Key, a repeat of the same body by
    the same user gets the first answer again (and creates nothing); the same key with another body is refused.
    `location` is a format string given the created case's id."""
    digest = hashlib.sha256(f"{request.url.path}\n{body.model_dump_json()}".encode()).hexdigest()
    try:
        with unit_of_work(request) as session:
            if idempotency_key:
                seen = session.get(IdempotencyKeyRow, (user.id, idempotency_key))
                if seen is not None:
                    if seen.request_hash != digest:
                        raise Invalid("Idempotency-Key", "already used with a different request body")
                    first = json.loads(seen.body)
                    return Response(
                        seen.body,
                        status_code=seen.status_code,
                        media_type="application/json",
                        headers={"Idempotent-Replay": "true", "Location": location.format(first["id"])},
                    )
            data = create(session)
            text = json.dumps(data, separators=(",", ":"))
            if idempotency_key:
                session.add(
                    IdempotencyKeyRow(
                        user_id=user.id,
                        key=idempotency_key,
                        request_hash=digest,
                        status_code=201,
                        body=text,
                        created_at=now(),
                    )
                )
    except IntegrityError:
        raise Conflict("a request with this Idempotency-Key is being processed; retry it") from None
    return Response(
        text,
        status_code=201,
        media_type="application/json",
        headers={"Location": location.format(data["id"])},
    )

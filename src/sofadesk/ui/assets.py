"""The pages' stylesheets, scripts and icons (`/assets/...`): the vendored design system (USWDS, see
static/NOTICE), htmx and our own files, served from the package's static folder, gzip-compressed once per
process when the browser accepts it, and cached by the browser.

Each page names an asset with its content hash (`asset("sofadesk.css")` -> `/assets/sofadesk.css?v=1a2b3c4d`),
so a browser may keep it for a year and still gets the new file the moment it changes.  Only files under the
static folder, with a known type, are served; anything else is a 404.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from sofadesk.errors import NotFound

STATIC = Path(__file__).parent / "static"
TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
}
COMPRESSIBLE = {".css", ".js", ".svg"}
YEAR = 365 * 86400
router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str
    etag: str


@cache
def load(name: str) -> Asset | None:
    """The file `name` under static/ (read and compressed once), or None where there is no such file."""
    path = (STATIC / name).resolve()
    if STATIC.resolve() not in path.parents or path.suffix not in TYPES or not path.is_file():
        return None
    body = path.read_bytes()
    packed = gzip.compress(body, compresslevel=9, mtime=0) if path.suffix in COMPRESSIBLE else None
    return Asset(body, packed, TYPES[path.suffix], '"' + hashlib.sha256(body).hexdigest()[:16] + '"')


def url(name: str) -> str:
    """The address of an asset, with its content hash so that a cached copy is never stale."""
    found = load(name)
    if found is None:
        raise FileNotFoundError(name)
    return f"/assets/{name}?v={found.etag.strip(chr(34))[:8]}"


@router.get("/assets/{name:path}")
def asset(request: Request, name: Annotated[str, PathParam(max_length=200)]) -> Response:
    found = load(name)
    if found is None:
        raise NotFound(f"no asset {name!r}")
    headers = {
        "ETag": found.etag,
        "Vary": "Accept-Encoding",
        "Cache-Control": f"public, max-age={YEAR}, immutable"
        if "v" in request.query_params
        else "public, max-age=3600",
    }
    if request.headers.get("if-none-match") == found.etag:
        return Response(status_code=304, headers=headers)
    if found.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            found.gzipped, media_type=found.media_type, headers={**headers, "Content-Encoding": "gzip"}
        )
    return Response(found.body, media_type=found.media_type, headers=headers)

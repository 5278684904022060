"""Service errors as HTTP answers, and the error responses every route declares in its OpenAPI entry.

NotAuthenticated -> 401 (with ``WWW-Authenticate: Bearer``), PermissionDenied -> 403, NotFound -> 404,
Conflict -> 409, ValidationFailed -> 422 in FastAPI's own shape (``{"detail": [{"loc": ["body", field], ...}]}``)
so a client parses one format whether FastAPI or the service refused the input.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from well_ops.services.errors import (
    DATABASE_UNAVAILABLE,
    NotAuthenticated,
    ValidationFailed,
    WellOpsError,
    database_unavailable,
)


class ErrorOut(BaseModel):
    """A refusal with a message for people."""

    detail: str


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationOut(BaseModel):
    """Invalid input: one entry per field (``loc`` names it, e.g. ``["body", "name"]``)."""

    detail: list[FieldError]


_DESCRIPTIONS = {
    401: "Not logged in: missing, expired or revoked bearer token.",
    403: "The role of the token's user may not do this.",
    404: "No such record.",
    409: "Conflict: a duplicate, a record still referenced by others, or a concurrent change.",
    422: "Invalid input; `detail[].loc` names each field.",
    429: "Too many attempts; retry after `Retry-After` seconds.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` declaration of a route for the given error status codes."""
    return {code: {"model": ValidationOut if code == 422 else ErrorOut, "description": _DESCRIPTIONS[code]}
            for code in codes}


READ = responses(401, 403, 422)  # list / view endpoints
ITEM = responses(401, 403, 404, 422)  # one record
WRITE = responses(401, 403, 404, 409, 422)  # create / update / delete


def validation_detail(errors: dict[str, str], where: str = "body") -> list[dict[str, Any]]:
    """FastAPI's 422 ``detail`` list from a service's ``{"field": "message"}``."""
    return [{"loc": [where] if field == "__all__" else [where, field], "msg": msg, "type": "value_error"}
            for field, msg in errors.items()]


def query_error(field: str, message: str) -> RequestValidationError:
    """A 422 naming a query parameter (e.g. an unknown ``sort`` field)."""
    return RequestValidationError([{"loc": ("query", field), "msg": message, "type": "value_error"}])


async def _wellops_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WellOpsError)
    if isinstance(exc, ValidationFailed):
        return JSONResponse({"detail": validation_detail(exc.errors)}, status_code=422)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, NotAuthenticated) else None
    return JSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=headers)


async def _data_error(_request: Request, _exc: Exception) -> JSONResponse:
    """A value the database cannot store (e.g. an id beyond the INTEGER range) is bad input, not a server fault."""
    detail = [{"loc": ["body"], "msg": "a value is out of the range the database accepts", "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """The database is down or restarting: 503 with Retry-After, so clients (SCADA feeds) retry the same batch,
    which is idempotent. The request's transaction was rolled back, nothing of it was stored. Any other database
    error of these classes (e.g. SQLite's "no such table") is a server fault: 500."""
    if not database_unavailable(exc):
        return JSONResponse({"detail": "Internal server error"}, status_code=500)
    return JSONResponse({"detail": DATABASE_UNAVAILABLE}, status_code=503, headers={"Retry-After": "5"})


async def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's own HTTP errors, except 400: the framework's answer to a body it cannot parse (not UTF-8, a broken
    multipart form; the routes raise no 400 of their own) becomes 422 like malformed JSON, in the same shape."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        detail = [{"loc": ["body"], "msg": f"the body could not be parsed: {exc.detail}", "type": "value_error"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(WellOpsError, _wellops_error)
    app.add_exception_handler(sa.exc.DataError, _data_error)
    for unavailable in (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError):
        app.add_exception_handler(unavailable, _database_unavailable)
    app.add_exception_handler(StarletteHTTPException, _http_error)

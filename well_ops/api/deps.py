"""Who is calling: a bearer token resolved against the same ``login_sessions`` table as the browser's cookie.

API logins (kind ``api``) and admin-issued machine tokens (kind ``machine``) are both accepted; revocation,
expiry and deactivation take effect on the next request, as in the UI.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from well_ops.services import auth as auth_service
from well_ops.services.context import ANONYMOUS, Actor
from well_ops.services.errors import NotAuthenticated

MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns: a larger one is refused as input, never sent to the database

bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <token>` from `POST /api/auth/login` "
                                                  "or an admin-issued machine token.")


def bearer_token(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """The raw token of the ``Authorization: Bearer`` header, or NotAuthenticated."""
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated("Send Authorization: Bearer <token> (POST /api/auth/login gives one).")
    return credentials.credentials


def current_actor(token: str = Depends(bearer_token)) -> Actor:
    """The user behind the token, or NotAuthenticated (401) when it is unknown, expired or revoked."""
    actor = auth_service.actor_for_token(ANONYMOUS, token)
    if actor.user_id is None:
        raise NotAuthenticated("The token is invalid, expired or revoked: log in again.")
    return actor


def item_id(item_id: int = Path(ge=1, le=MAX_ID, description="The record's id.")) -> int:
    """A record id from the path (within the INTEGER range)."""
    return item_id


MAX_JSON_INT = 2**53  # larger integers lose precision in JavaScript clients and overflow the database's columns


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"numbers must be finite (got {text[:20]})")
    return value


def _bounded_int(text: str) -> int:
    if len(text) > 17 or abs(int(text)) > MAX_JSON_INT:
        raise ValueError(f"integers must lie within +/-2^53 (got {text[:20]}...)")
    return int(text)


def _refuse(text: str) -> float:
    raise ValueError(f"numbers must be finite (got {text})")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


async def check_json_body(request: Request) -> None:
    """Refuse JSON values no column can hold, before any validation: NaN, Infinity and floats beyond the double
    range (Python's parser accepts them; stored, they would break every JSON answer holding them), integers beyond
    +/-2^53, and NUL characters in strings (PostgreSQL text cannot hold them)."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    if request.headers.get("content-type", "").lower().startswith(("multipart/", "application/x-www-form-urlencoded")):
        return  # a form (file upload): its route has parsed and size-limited it; reading it again would fail
    body = await request.body()
    if not body:
        return
    try:
        data = json.loads(body, parse_float=_finite, parse_int=_bounded_int, parse_constant=_refuse)
    except json.JSONDecodeError:
        return  # FastAPI has already refused malformed JSON
    except ValueError as exc:
        raise RequestValidationError([{"loc": ("body",), "msg": str(exc), "type": "value_error"}]) from None
    if _has_nul(data):
        raise RequestValidationError([{"loc": ("body",), "msg": "text must not contain NUL characters",
                                       "type": "value_error"}])

"""Who is calling: a bearer token resolved against the same ``login_sessions`` table as the browser's cookie.

API logins (kind ``api``) and admin-issued machine tokens (kind ``machine``) are both accepted; revocation,
expiry and deactivation take effect on the next request, as in the UI.
"""

from __future__ import annotations

from fastapi import Depends, Path
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

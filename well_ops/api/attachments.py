"""Task attachment downloads: the one authorised way to read an attachment's bytes.

Files are stored privately (never under Reflex's public ``/_upload``). The route accepts the API's bearer token or,
for a same-origin browser, the app's session cookie (``wellops_session``, SameSite=Strict); either way the token is
resolved against the database and ``attachment_content`` checks the permission.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from well_ops.api.deps import bearer, item_id
from well_ops.api.errors import ITEM
from well_ops.api.resource_routes import describe
from well_ops.services import auth as auth_service
from well_ops.services import tasks
from well_ops.services.context import ANONYMOUS, Actor
from well_ops.services.errors import NotAuthenticated

SESSION_COOKIE = "wellops_session"

router = APIRouter(prefix="/attachments", tags=["tasks"])


def bearer_or_cookie_actor(request: Request,
                           credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Actor:
    """The user behind the bearer token, else behind the session cookie; NotAuthenticated (401) otherwise."""
    token = credentials.credentials if credentials is not None else request.cookies.get(SESSION_COOKIE, "")
    if not token:
        raise NotAuthenticated("Log in, or send Authorization: Bearer <token>.")
    actor = auth_service.actor_for_token(ANONYMOUS, token[:500])
    if actor.user_id is None:
        raise NotAuthenticated("The token is invalid, expired or revoked: log in again.")
    return actor


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get("/{item_id}", response_class=Response, name="download_attachment", summary="Download an attachment",
            responses={**ITEM, 200: {"description": "The file's bytes, as a download.",
                                     "content": {"application/octet-stream": {}}}},
            description=describe(tasks.attachment_content, "attachment.read",
                                 "Authenticates with the bearer token or the browser's session cookie."))
def download_attachment(key: int = Depends(item_id), actor: Actor = Depends(bearer_or_cookie_actor)) -> Response:
    filename, content_type, data = tasks.attachment_content(actor, key)
    return Response(data, media_type=content_type, headers={
        "Content-Disposition": content_disposition(filename), "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store", "Content-Security-Policy": "default-src 'none'; sandbox",
    })

"""Log in for a bearer token, log out, and who am I.

Login attempts are limited per client IP and per e-mail (see ``ratelimit``): the 11th within a minute gets 429
with ``Retry-After``. Behind that, the service's account lockout (5 failures -> 15 min) still applies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from well_ops.api import examples as ex
from well_ops.api.deps import bearer_token, current_actor
from well_ops.api.errors import responses
from well_ops.api.ratelimit import LOGIN_ATTEMPTS_PER_MINUTE, client_ip, login_limiter
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.models.users import Role, SessionKind
from well_ops.services import auth as auth_service
from well_ops.services.context import ANONYMOUS, Actor

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class Me(BaseModel):
    """The user behind a token, with the permissions of their role."""

    id: int
    email: str
    full_name: str
    role: Role
    team_id: int | None = None
    permissions: list[str]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: Me


def _me(actor: Actor) -> Me:
    assert actor.user_id is not None and actor.role is not None
    return Me(id=actor.user_id, email=actor.email, full_name=actor.full_name, role=actor.role,
              team_id=actor.team_id, permissions=sorted(ROLE_PERMISSIONS[actor.role]))


@router.post("/login", response_model=TokenOut, name="login", summary="Log in for a bearer token",
             responses=responses(401, 422, 429),
             description=f"{auth_service.login.__doc__} Opens an API session (same table as browser sessions); "
                         f"send the token as `Authorization: Bearer <token>`. At most {LOGIN_ATTEMPTS_PER_MINUTE} "
                         "attempts per minute per client IP and per e-mail, then 429 with `Retry-After`.")
def login(request: Request, body: LoginIn = Body(openapi_examples=ex.LOGIN)) -> Any:
    ip = client_ip(request.client.host if request.client else None, request.headers.get("x-forwarded-for", ""))
    wait = login_limiter.hit(f"ip:{ip}", f"email:{body.email.strip().lower()}")
    if wait is not None:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "Too many login attempts: try again later.",
                            headers={"Retry-After": str(wait)})
    result = auth_service.login(ANONYMOUS, body.email, body.password, kind=SessionKind.api)
    if not result.ok or result.expires_at is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, result.message, headers={"WWW-Authenticate": "Bearer"})
    return TokenOut(access_token=result.token, expires_at=result.expires_at, user=_me(result.actor))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, response_class=Response, name="logout",
             summary="Log out (revoke this token)", responses=responses(401),
             description=f"{auth_service.logout.__doc__} The token is refused from the next request on.")
def logout(token: str = Depends(bearer_token), _actor: Actor = Depends(current_actor)) -> Response:
    auth_service.logout(ANONYMOUS, token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=Me, name="me", summary="Who am I", responses=responses(401),
            description="The user behind the bearer token and the permissions of their role.")
def me(actor: Actor = Depends(current_actor)) -> Any:
    return _me(actor)

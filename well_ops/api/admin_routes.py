"""Administration: users and the machine tokens of SCADA / ERP clients."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Response, status
from pydantic import BaseModel, Field

from well_ops.api import examples as ex
from well_ops.api.deps import MAX_ID, current_actor, item_id
from well_ops.api.errors import READ, WRITE
from well_ops.api.listing import Page, PageParams, page_params, paginate, sort_doc
from well_ops.api.resource_routes import ItemRoutes, add_item_routes, describe
from well_ops.models.users import Role, UserCreate, UserRead, UserUpdate
from well_ops.services import api_tokens, users
from well_ops.services.api_tokens import MAX_DAYS, ApiTokenRead, IssuedApiToken
from well_ops.services.context import Actor

users_router = APIRouter(prefix="/users", tags=["users"])
tokens_router = APIRouter(prefix="/admin/api-tokens", tags=["admin"])

USER_SORT = ("id", "email", "full_name", "role", "is_active", "last_login_at")


@users_router.get("", response_model=Page[UserRead], name="list_users", summary="List users", responses=READ,
                  description=describe(users.list_users, "user.read", sort_doc(USER_SORT)))
def list_users(search: str = Query("", max_length=100, description="Part of the e-mail or name."),
               role: Role | None = None, is_active: bool | None = None,
               team_id: int | None = Query(None, ge=1, le=MAX_ID),
               page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = users.list_users(actor, search=search, role=role.value if role else "")
    return paginate(rows, page, USER_SORT, {"is_active": is_active, "team_id": team_id})


def _deactivate(actor: Actor, user_id: int) -> None:
    """Deactivate a user (users are never deleted: the audit trail names them); their sessions end at once."""
    users.update_user(actor, user_id, {"is_active": False})


add_item_routes(users_router, ItemRoutes(
    "user", "a user", "user", UserRead, UserCreate, UserUpdate, users.get_user, users.create_user, users.update_user,
    _deactivate, ex.USER_CREATE, ex.USER_UPDATE,
    notes={"delete_permission": "user.write", "delete_summary": "Deactivate a user"}))


class ApiTokenIn(BaseModel):
    """Who the machine acts as, a label naming the client, and how long the token lives."""

    user_id: int = Field(ge=1, le=MAX_ID)
    label: str = Field(min_length=1, max_length=120)
    days: int = Field(default=365, ge=1, le=MAX_DAYS)


@tokens_router.post("", response_model=IssuedApiToken, status_code=status.HTTP_201_CREATED, name="issue_api_token",
                    summary="Issue a machine token", responses=WRITE,
                    description=describe(api_tokens.issue_api_token, "api_token.write",
                                         "Store `token` now: it is shown only in this response. The client sends "
                                         "it as `Authorization: Bearer <token>` and acts with the user's role."))
def issue_token(body: ApiTokenIn = Body(openapi_examples=ex.API_TOKEN), actor: Actor = Depends(current_actor)) -> Any:
    return api_tokens.issue_api_token(actor, body.user_id, body.label, body.days)


@tokens_router.get("", response_model=list[ApiTokenRead], name="list_api_tokens", summary="List machine tokens",
                   responses=READ, description=describe(api_tokens.list_api_tokens, "api_token.read"))
def list_tokens(actor: Actor = Depends(current_actor)) -> Any:
    return api_tokens.list_api_tokens(actor)


@tokens_router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
                      name="revoke_api_token", summary="Revoke a machine token", responses=WRITE,
                      description=describe(api_tokens.revoke_api_token, "api_token.write"))
def revoke_token(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    api_tokens.revoke_api_token(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

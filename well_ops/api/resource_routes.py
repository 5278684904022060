"""The create / get / update / delete routes of a resource, generated from its schemas and service functions.

Each route is an adapter: FastAPI validates the body against the resource's Create/Update schema (for the OpenAPI
document and an early 422), the service validates again, checks the permission and writes the audit row. The list
route of each resource is written by hand (its filters differ) next to the call of ``add_item_routes``.

(No ``from __future__ import annotations`` here: FastAPI reads the body type from the closure at definition time.)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Body, Depends, Response, status

from well_ops.api.deps import current_actor, item_id
from well_ops.api.errors import ITEM, WRITE
from well_ops.services.context import Actor


@dataclass(frozen=True)
class ItemRoutes:
    """What the generated routes of one resource call and show."""

    name: str  # snake_case, for operation ids: "rig", "consumable"
    label: str  # for people, with its article: "a rig", "equipment"
    permission: str  # the resource part of the permission: "rig" -> rig.read / rig.write / rig.delete
    read: type
    create: type
    update: type
    get_fn: Callable[..., Any]
    create_fn: Callable[..., Any]
    update_fn: Callable[..., Any]
    delete_fn: Callable[..., Any] | None
    create_examples: dict[str, Any]
    update_examples: dict[str, Any]
    # extra description per action (create / get / update / delete), or "delete_summary" / "delete_permission"
    notes: dict[str, str] = field(default_factory=dict)


def describe(fn: Callable[..., Any], permission: str, note: str = "") -> str:
    """A route description: the service's one-line docstring, the permission it needs, an optional note."""
    doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
    return " ".join(p for p in (doc, f"Requires the permission `{permission}`.", note) if p)


def example(summary: str, value: Any) -> dict[str, Any]:
    """One entry of ``openapi_examples``."""
    return {"summary": summary, "value": value}


def add_item_routes(router: APIRouter, spec: ItemRoutes) -> None:
    """Add ``POST ""``, ``GET /{item_id}``, ``PATCH /{item_id}`` and ``DELETE /{item_id}`` to ``router``."""
    create_schema, update_schema, read_schema = spec.create, spec.update, spec.read
    perm = spec.permission

    @router.post("", response_model=read_schema, status_code=status.HTTP_201_CREATED, name=f"create_{spec.name}",
                 summary=f"Create {spec.label}", responses=WRITE,
                 description=describe(spec.create_fn, f"{perm}.write", spec.notes.get("create", "")))
    def create(body: create_schema = Body(openapi_examples=spec.create_examples),  # type: ignore[valid-type]
               actor: Actor = Depends(current_actor)) -> Any:
        return spec.create_fn(actor, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    @router.get("/{item_id}", response_model=read_schema, name=f"get_{spec.name}", summary=f"Get {spec.label}",
                responses=ITEM, description=describe(spec.get_fn, f"{perm}.read", spec.notes.get("get", "")))
    def get(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
        return spec.get_fn(actor, key)

    @router.patch("/{item_id}", response_model=read_schema, name=f"update_{spec.name}",
                  summary=f"Update {spec.label}", responses=WRITE,
                  description=describe(spec.update_fn, f"{perm}.write",
                                       spec.notes.get("update", "Send only the fields to change.")))
    def update(key: int = Depends(item_id),
               body: update_schema = Body(openapi_examples=spec.update_examples),  # type: ignore[valid-type]
               actor: Actor = Depends(current_actor)) -> Any:
        return spec.update_fn(actor, key, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    if spec.delete_fn is None:
        return
    delete_fn = spec.delete_fn

    @router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
                   name=f"delete_{spec.name}", summary=spec.notes.get("delete_summary", f"Delete {spec.label}"),
                   responses=WRITE,
                   description=describe(delete_fn, spec.notes.get("delete_permission", f"{perm}.delete"),
                                        spec.notes.get("delete", "")))
    def delete(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
        delete_fn(actor, key)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

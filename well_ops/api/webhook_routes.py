"""Administration of outgoing webhooks: receivers, their events, and the delivery log.

Deliveries are signed ``X-WellOps-Signature: sha256=<HMAC-SHA256 of "{timestamp}.{body}">`` with the receiver's
secret; see ``docs/api.md`` for the payload and a verification sample.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Response, status
from pydantic import BaseModel, Field

from well_ops.api.deps import current_actor, item_id
from well_ops.api.errors import ITEM, READ, WRITE
from well_ops.api.examples import one
from well_ops.api.listing import Page, PageParams, page_params, paginate, sort_doc
from well_ops.api.resource_routes import describe
from well_ops.services import webhooks
from well_ops.services.context import Actor
from well_ops.services.webhooks import CreatedWebhook, DeliveryRead, WebhookRead

router = APIRouter(prefix="/admin/webhooks", tags=["admin"])

Event = Literal["task.created", "task.updated", "task.status_changed", "integrity.alert_raised", "maasp.exceeded",
                "sap.detected", "snapshot.category_changed", "campaign.milestone_reached"]  # = webhooks.EVENTS
DeliveryStatus = Literal["pending", "delivered", "failed"]
DELIVERY_SORT = ("id", "created_at", "status", "attempts", "next_attempt_at", "event")

WEBHOOK_CREATE = one("Task changes to the ERP", {
    "url": "https://erp.example.com/hooks/wellops", "events": ["task.created", "task.status_changed"],
    "secret": "a-long-random-shared-secret-0042"})
WEBHOOK_UPDATE = one("Pause it", {"is_active": False})


class WebhookIn(BaseModel):
    """A receiver: where to post, which events, and the shared secret (generated when omitted)."""

    url: str = Field(min_length=1, max_length=2000, description="http:// or https:// only.")
    events: list[Event] = Field(min_length=1, max_length=len(webhooks.EVENTS))
    secret: str | None = Field(None, min_length=webhooks.SECRET_MIN, max_length=webhooks.SECRET_MAX,
                               description="The HMAC key; returned in this response only, masked afterwards.")
    is_active: bool = True


class WebhookPatch(BaseModel):
    """Only the fields sent are changed."""

    url: str | None = Field(None, min_length=1, max_length=2000)
    events: list[Event] | None = Field(None, min_length=1, max_length=len(webhooks.EVENTS))
    secret: str | None = Field(None, min_length=webhooks.SECRET_MIN, max_length=webhooks.SECRET_MAX)
    is_active: bool | None = None


@router.get("", response_model=list[WebhookRead], name="list_webhooks", summary="List webhooks", responses=READ,
            description=describe(webhooks.list_webhooks, "webhook.read", "Secrets are masked."))
def list_webhooks(actor: Actor = Depends(current_actor)) -> Any:
    return webhooks.list_webhooks(actor)


@router.post("", response_model=CreatedWebhook, status_code=status.HTTP_201_CREATED, name="create_webhook",
             summary="Register a webhook", responses=WRITE,
             description=describe(webhooks.create_webhook, "webhook.write",
                                  "Store `secret` now: later answers show it masked."))
def create_webhook(body: WebhookIn = Body(openapi_examples=WEBHOOK_CREATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return webhooks.create_webhook(actor, body.model_dump(exclude_unset=True))


@router.patch("/{item_id}", response_model=WebhookRead, name="update_webhook", summary="Update a webhook",
              responses=WRITE, description=describe(webhooks.update_webhook, "webhook.write"))
def update_webhook(key: int = Depends(item_id), body: WebhookPatch = Body(openapi_examples=WEBHOOK_UPDATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return webhooks.update_webhook(actor, key, changes)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               name="delete_webhook", summary="Delete a webhook", responses=WRITE,
               description=describe(webhooks.delete_webhook, "webhook.delete"))
def delete_webhook(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    webhooks.delete_webhook(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{item_id}/deliveries", response_model=Page[DeliveryRead], name="list_webhook_deliveries",
            summary="A webhook's delivery log", responses=ITEM,
            description=describe(webhooks.list_deliveries, "webhook.read",
                                 "The 1000 newest. " + sort_doc(DELIVERY_SORT)))
def list_deliveries(key: int = Depends(item_id), delivery_status: DeliveryStatus | None = Query(None, alias="status"),
                    page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    rows = webhooks.list_deliveries(actor, key, status=delivery_status, limit=1000)
    return paginate(rows, page, DELIVERY_SORT)

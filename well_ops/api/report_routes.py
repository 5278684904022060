"""Daily drilling reports: a report is saved whole (header and every line list) by the service.

``PUT`` replaces a report; ``PATCH`` merges the given top-level fields into the stored report (a list given
replaces that whole list) and saves the result through the same service call, so the same rules apply.
"""

from __future__ import annotations

import typing
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Response, status
from pydantic import BaseModel

from well_ops.api import examples as ex
from well_ops.api.deps import MAX_ID, current_actor, item_id
from well_ops.api.errors import ITEM, READ, WRITE
from well_ops.api.listing import Page, PageParams, check_sort, page_params
from well_ops.api.resource_routes import describe
from well_ops.models.schemas_reports import DailyReportIn, DailyReportRead, DailyReportSummary
from well_ops.services import reports
from well_ops.services.context import Actor

router = APIRouter(prefix="/daily-reports", tags=["daily reports"])

REPORT_SORT = ("-report_date",)  # the service pages in SQL, newest first


@router.get("", response_model=Page[DailyReportSummary], name="list_daily_reports", summary="List daily reports",
            responses=READ,
            description=describe(reports.list_reports, "report.read",
                                 "Paged by the database, newest first: `sort` accepts only `-report_date`."))
def list_reports(well_id: int | None = Query(None, ge=1, le=MAX_ID, description="Reports of this well."),
                 page: PageParams = Depends(page_params), actor: Actor = Depends(current_actor)) -> Any:
    check_sort(page, REPORT_SORT)
    return reports.list_reports(actor, well_id=well_id, limit=page.limit, offset=page.offset)


@router.post("", response_model=DailyReportRead, status_code=status.HTTP_201_CREATED, name="create_daily_report",
             summary="Create a daily report", responses=WRITE,
             description=describe(reports.create_report, "report.write",
                                  "Clock times run 06:00 to 06:00 next day; `report_number` and "
                                  "`distance_drilled_m` are computed."))
def create_report(body: DailyReportIn = Body(openapi_examples=ex.REPORT_CREATE),
                  actor: Actor = Depends(current_actor)) -> Any:
    return reports.create_report(actor, body.model_dump(exclude_unset=True))


@router.get("/{item_id}", response_model=DailyReportRead, name="get_daily_report", summary="Get a daily report",
            responses=ITEM, description=describe(reports.get_report, "report.read"))
def get_report(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return reports.get_report(actor, key)


@router.put("/{item_id}", response_model=DailyReportRead, name="replace_daily_report",
            summary="Replace a daily report", responses=WRITE,
            description=describe(reports.update_report, "report.write"))
def replace_report(key: int = Depends(item_id), body: DailyReportIn = Body(openapi_examples=ex.REPORT_CREATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return reports.update_report(actor, key, body.model_dump(exclude_unset=True))


@router.patch("/{item_id}", response_model=DailyReportRead, name="update_daily_report",
              summary="Update a daily report", responses=WRITE,
              description=describe(reports.update_report, "report.write",
                                   "Send only the top-level fields to change (fields of `DailyReportIn`); a list "
                                   "given replaces that whole list."))
def patch_report(key: int = Depends(item_id), body: dict[str, Any] = Body(openapi_examples=ex.REPORT_PATCH),
                 actor: Actor = Depends(current_actor)) -> Any:
    current = _as_input(reports.get_report(actor, key), DailyReportIn)
    return reports.update_report(actor, key, current | body)


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               name="delete_daily_report", summary="Delete a daily report", responses=WRITE,
               description=describe(reports.delete_report, "report.delete"))
def delete_report(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    reports.delete_report(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _as_input(read: BaseModel, schema: type[BaseModel]) -> dict[str, Any]:
    """The fields of ``schema`` (an input model) taken from ``read`` (its read model), list items included."""
    data = read.model_dump(mode="json")
    out: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if name not in data:
            continue
        item_schema = _list_item_model(info.annotation)
        value = data[name]
        if item_schema is not None and isinstance(value, list):
            fields = item_schema.model_fields
            value = [{k: v for k, v in item.items() if k in fields} for item in value]
        out[name] = value
    return out


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (arg,) = typing.get_args(annotation)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None

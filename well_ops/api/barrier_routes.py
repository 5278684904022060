"""Well integrity, part 2: barrier envelopes, elements and tests; the well's integrity snapshot (latest, history,
refresh); the fleet view; the risk matrix.

Architecture, annuli and MAASP are in ``integrity_routes.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response, status

from well_ops.api import integrity_models as ex
from well_ops.api.deps import current_actor, item_id
from well_ops.api.errors import ITEM, READ, WRITE
from well_ops.api.integrity_models import RefreshIn, RiskCellIn
from well_ops.api.resource_routes import describe
from well_ops.models.schemas_barriers import (
    BarrierElementCreate,
    BarrierElementRead,
    BarrierElementUpdate,
    BarrierTestCreate,
    BarrierTestRead,
    RiskCellRead,
)
from well_ops.services import integrity
from well_ops.services.context import Actor
from well_ops.services.errors import NotFound
from well_ops.services.integrity.views_fleet import BarrierOverview, FleetView, OverdueTest, SnapshotView, TestOutcome

barriers_router = APIRouter(tags=["integrity: barriers"])
snapshots_router = APIRouter(tags=["integrity: snapshots, fleet, risk"])


# ------------------------------------------------------------------------------------------------- barriers


@barriers_router.get("/wells/{item_id}/barriers", response_model=BarrierOverview, name="get_well_barriers",
                     summary="A well's barrier envelopes and elements", responses=ITEM,
                     description=describe(integrity.barrier_overview, "barrier.read"))
def barrier_overview(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.barrier_overview(actor, key)


@barriers_router.post("/barrier-elements", response_model=BarrierElementRead, status_code=status.HTTP_201_CREATED,
                      name="create_barrier_element", summary="Add a barrier element", responses=WRITE,
                      description=describe(integrity.create_element, "barrier.write", "`well_id` in the body."))
def create_element(body: BarrierElementCreate = Body(openapi_examples=ex.ELEMENT_CREATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return integrity.create_element(actor, body.model_dump(exclude_unset=True))


@barriers_router.patch("/barrier-elements/{item_id}", response_model=BarrierElementRead,
                       name="update_barrier_element", summary="Update a barrier element", responses=WRITE,
                       description=describe(integrity.update_element, "barrier.write",
                                            "Send only the fields to change."))
def update_element(key: int = Depends(item_id),
                   body: BarrierElementUpdate = Body(openapi_examples=ex.ELEMENT_UPDATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return integrity.update_element(actor, key, body.model_dump(exclude_unset=True))


@barriers_router.delete("/barrier-elements/{item_id}", status_code=status.HTTP_204_NO_CONTENT,
                        response_class=Response, name="delete_barrier_element", summary="Delete a barrier element",
                        responses=WRITE, description=describe(integrity.delete_element, "barrier.delete"))
def delete_element(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    integrity.delete_element(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@barriers_router.post("/barrier-elements/{item_id}/tests", response_model=TestOutcome,
                      status_code=status.HTTP_201_CREATED, name="record_barrier_test",
                      summary="Record a barrier test", responses=WRITE,
                      description=describe(integrity.record_test, "barrier.write",
                                           "Inflow tests with `delta_p_over_z_bar`, `volume_m3`, `duration_min` and "
                                           "`temperature_c` get their leak rate computed (API RP 14B) and judged; "
                                           "pressure and functional tests need `result`. Answers the test, the "
                                           "element after it and the task raised by a failure."))
def record_test(key: int = Depends(item_id), body: BarrierTestCreate = Body(openapi_examples=ex.TEST_CREATE),
                actor: Actor = Depends(current_actor)) -> Any:
    return integrity.record_test(actor, key, body.model_dump(exclude_unset=True))


@barriers_router.get("/barrier-elements/{item_id}/tests", response_model=list[BarrierTestRead],
                     name="list_barrier_tests", summary="A barrier element's tests", responses=ITEM,
                     description=describe(integrity.list_tests, "barrier.read"))
def list_tests(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.list_tests(actor, key)


@barriers_router.get("/integrity/overdue-tests", response_model=list[OverdueTest], name="list_overdue_tests",
                     summary="Barrier tests past due", responses=READ,
                     description=describe(integrity.overdue_tests, "barrier.read"))
def overdue_tests(today: date | None = Query(None, description="The day to judge from (default: today, UTC)."),
                  actor: Actor = Depends(current_actor)) -> Any:
    return integrity.overdue_tests(actor, today)


# ------------------------------------------------------------------------------------- snapshots, fleet, risk


@snapshots_router.get("/wells/{item_id}/integrity", response_model=SnapshotView, name="get_well_integrity",
                      summary="A well's latest integrity snapshot", responses=ITEM,
                      description=describe(integrity.snapshot_history, "integrity.read",
                                           "The latest only: envelopes, guideline 117 category, green / amber / "
                                           "red, utilisation, SAP, risk. 404 when none is stored yet."))
def latest_snapshot(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    rows = integrity.snapshot_history(actor, key, limit=1)
    if not rows:
        raise NotFound(f"No integrity snapshot is stored for well {key} yet.")
    return rows[0]


@snapshots_router.get("/wells/{item_id}/integrity/history", response_model=list[SnapshotView],
                      name="list_well_integrity_history", summary="A well's integrity snapshots", responses=ITEM,
                      description=describe(integrity.snapshot_history, "integrity.read"))
def snapshot_history(key: int = Depends(item_id),
                     limit: int = Query(200, ge=1, le=2000, description="How many, newest first."),
                     actor: Actor = Depends(current_actor)) -> Any:
    return integrity.snapshot_history(actor, key, limit=limit)


@snapshots_router.post("/wells/{item_id}/integrity/refresh", response_model=SnapshotView,
                       name="refresh_well_integrity", summary="Recompute a well's integrity state now",
                       responses=WRITE,
                       description=describe(integrity.refresh_snapshot, "integrity.write",
                                            "`stored` says whether a new snapshot row was written."))
def refresh(key: int = Depends(item_id), body: RefreshIn = Body(openapi_examples=ex.REFRESH),
            actor: Actor = Depends(current_actor)) -> Any:
    return integrity.refresh_snapshot(actor, key, body.reason)


@snapshots_router.get("/integrity/fleet", response_model=FleetView, name="get_integrity_fleet",
                      summary="The integrity fleet view", responses=READ,
                      description=describe(integrity.fleet, "integrity.read"))
def fleet(actor: Actor = Depends(current_actor)) -> Any:
    return integrity.fleet(actor)


@snapshots_router.get("/integrity/risk-matrix", response_model=list[RiskCellRead], name="get_risk_matrix",
                      summary="The risk matrix", responses=READ,
                      description=describe(integrity.risk_matrix, "integrity.read"))
def risk_matrix(actor: Actor = Depends(current_actor)) -> Any:
    return integrity.risk_matrix(actor)


@snapshots_router.put("/integrity/risk-matrix/cells/{likelihood}/{consequence}", response_model=RiskCellRead,
                      name="set_risk_cell", summary="Change one cell of the risk matrix", responses=WRITE,
                      description=describe(integrity.set_risk_cell, "settings.write",
                                           "Every well's snapshot is refreshed with the new matrix."))
def set_risk_cell(likelihood: int = Path(ge=1, le=5, description="The likelihood, 1-5."),
                  consequence: int = Path(ge=1, le=5, description="The consequence, 1-5."),
                  body: RiskCellIn = Body(openapi_examples=ex.RISK_CELL),
                  actor: Actor = Depends(current_actor)) -> Any:
    return integrity.set_risk_cell(actor, likelihood, consequence, body.category.value, body.score)

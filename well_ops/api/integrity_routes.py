"""Well integrity, part 1: the architecture (casing, cement, tubing, completion, shoe strength, reservoir), annuli,
manual critical points, MAASP (stored result, recompute, what-if, drilling phase) and the SAP verdict.

Every write recomputes the well's MAASP in the same transaction (see ``services/integrity``). Barriers, snapshots,
the fleet and the risk matrix are in ``barrier_routes.py``. Pressure readings: ``measurement_routes.py``.

(No ``from __future__ import annotations`` here: ``_part_routes`` gives FastAPI body types from a closure.)
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Response, status

from well_ops.api import integrity_models as ex
from well_ops.api.deps import current_actor, item_id
from well_ops.api.errors import ITEM, WRITE
from well_ops.api.integrity_models import ComputeIn, WhatIfIn
from well_ops.api.resource_routes import describe
from well_ops.models.schemas_annuli import (
    AnnulusCreate,
    AnnulusRead,
    AnnulusUpdate,
    CriticalPointCreate,
    CriticalPointRead,
    CriticalPointUpdate,
)
from well_ops.models.schemas_integrity import (
    CasingStringCreate,
    CasingStringRead,
    CasingStringUpdate,
    CementIntervalCreate,
    CementIntervalRead,
    CementIntervalUpdate,
    CompletionElementCreate,
    CompletionElementRead,
    CompletionElementUpdate,
    FormationStrengthUpdate,
    ReservoirRead,
    ReservoirUpdate,
    TubingStringCreate,
    TubingStringRead,
    TubingStringUpdate,
)
from well_ops.services import integrity
from well_ops.services.context import Actor
from well_ops.services.integrity.views import DrillingMaaspView, MaaspView, SapView, WellArchitecture

architecture_router = APIRouter(tags=["integrity: architecture"])
annuli_router = APIRouter(tags=["integrity: annuli and MAASP"])

UNITS = ("`unit_system`: \"si\" (default) or \"oilfield\" (the same field names carry ft, in, psi, psi/ft, lb/ft; "
         "converted to SI before validation). Answers are SI. The well's MAASP is recomputed.")


def _part_routes(router: APIRouter, path: str, name: str, label: str, read: type, create_schema: type,
                 update_schema: type,
                 fns: tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]],
                 examples: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """``POST path``, ``PATCH path/{item_id}``, ``DELETE path/{item_id}`` of one architecture table."""
    create_fn, update_fn, delete_fn = fns

    @router.post(path, response_model=read, status_code=status.HTTP_201_CREATED, name=f"create_{name}",
                 summary=f"Add {label}", responses=WRITE,
                 description=describe(create_fn, "integrity.write", "`well_id` in the body. " + UNITS))
    def create(body: create_schema = Body(openapi_examples=examples[0]),  # type: ignore[valid-type]
               actor: Actor = Depends(current_actor)) -> Any:
        return create_fn(actor, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    @router.patch(f"{path}/{{item_id}}", response_model=read, name=f"update_{name}", summary=f"Update {label}",
                  responses=WRITE,
                  description=describe(update_fn, "integrity.write", "Send only the fields to change. " + UNITS))
    def patch(key: int = Depends(item_id), body: update_schema = Body(openapi_examples=examples[1]),  # type: ignore
              actor: Actor = Depends(current_actor)) -> Any:
        return update_fn(actor, key, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    @router.delete(f"{path}/{{item_id}}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
                   name=f"delete_{name}", summary=f"Delete {label}", responses=WRITE,
                   description=describe(delete_fn, "integrity.delete"))
    def delete(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
        delete_fn(actor, key)
        return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------------------------ architecture


@architecture_router.get("/wells/{item_id}/architecture", response_model=WellArchitecture,
                         name="get_well_architecture", summary="A well's architecture", responses=ITEM,
                         description=describe(integrity.get_architecture, "integrity.read"))
def get_architecture(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.get_architecture(actor, key)


_part_routes(architecture_router, "/casings", "casing", "a casing string", CasingStringRead, CasingStringCreate,
             CasingStringUpdate, (integrity.create_casing, integrity.update_casing, integrity.delete_casing),
             (ex.CASING_CREATE, ex.CASING_UPDATE))
_part_routes(architecture_router, "/cement-intervals", "cement_interval", "a cement interval", CementIntervalRead,
             CementIntervalCreate, CementIntervalUpdate,
             (integrity.create_cement, integrity.update_cement, integrity.delete_cement),
             (ex.CEMENT_CREATE, ex.CEMENT_UPDATE))
_part_routes(architecture_router, "/tubing-strings", "tubing_string", "a tubing string", TubingStringRead,
             TubingStringCreate, TubingStringUpdate,
             (integrity.create_tubing, integrity.update_tubing, integrity.delete_tubing),
             (ex.TUBING_CREATE, ex.TUBING_UPDATE))
_part_routes(architecture_router, "/completion-elements", "completion_element", "a completion element",
             CompletionElementRead, CompletionElementCreate, CompletionElementUpdate,
             (integrity.create_completion_element, integrity.update_completion_element,
              integrity.delete_completion_element), (ex.COMPLETION_CREATE, ex.COMPLETION_UPDATE))


@architecture_router.put("/casings/{item_id}/formation-strength", response_model=CasingStringRead,
                         name="set_formation_strength", summary="Set the formation strength at a casing shoe",
                         responses=WRITE,
                         description=describe(integrity.set_formation_strength, "integrity.write",
                                              "`null` clears it. " + UNITS))
def set_formation_strength(key: int = Depends(item_id),
                           body: FormationStrengthUpdate = Body(openapi_examples=ex.FORMATION),
                           actor: Actor = Depends(current_actor)) -> Any:
    return integrity.set_formation_strength(actor, key, body.model_dump(exclude_unset=True))


@architecture_router.put("/wells/{item_id}/reservoir", response_model=ReservoirRead, name="set_well_reservoir",
                         summary="Set a well's reservoir pressure and gradient", responses=WRITE,
                         description=describe(integrity.set_reservoir, "integrity.write", UNITS))
def set_reservoir(key: int = Depends(item_id), body: ReservoirUpdate = Body(openapi_examples=ex.RESERVOIR),
                  actor: Actor = Depends(current_actor)) -> Any:
    return integrity.set_reservoir(actor, key, body.model_dump(exclude_unset=True))


@architecture_router.get("/wells/{item_id}/drilling-maasp", response_model=DrillingMaaspView,
                         name="get_drilling_maasp", summary="Drilling-phase MAASP at the deepest shoe",
                         responses=ITEM,
                         description=describe(integrity.drilling_maasp, "integrity.read",
                                              "`error` says what is missing (shoe strength, mud weight)."))
def drilling_maasp(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.drilling_maasp(actor, key)


# ---------------------------------------------------------------------------------------------------- annuli


@annuli_router.get("/wells/{item_id}/annuli", response_model=list[AnnulusRead], name="list_well_annuli",
                   summary="A well's annuli", responses=ITEM,
                   description=describe(integrity.list_annuli, "integrity.read"))
def list_annuli(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.list_annuli(actor, key)


@annuli_router.post("/annuli", response_model=AnnulusRead, status_code=status.HTTP_201_CREATED,
                    name="create_annulus", summary="Add an annulus", responses=WRITE,
                    description=describe(integrity.create_annulus, "integrity.write",
                                         "`well_id` in the body; one inner string (casing or tubing). " + UNITS))
def create_annulus(body: AnnulusCreate = Body(openapi_examples=ex.ANNULUS_CREATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return integrity.create_annulus(actor, body.model_dump(exclude_unset=True))


@annuli_router.get("/annuli/{item_id}", response_model=AnnulusRead, name="get_annulus", summary="Get an annulus",
                   responses=ITEM, description=describe(integrity.get_annulus, "integrity.read"))
def get_annulus(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.get_annulus(actor, key)


@annuli_router.patch("/annuli/{item_id}", response_model=AnnulusRead, name="update_annulus",
                     summary="Update an annulus", responses=WRITE,
                     description=describe(integrity.update_annulus, "integrity.write",
                                          "Send only the fields to change. " + UNITS))
def update_annulus(key: int = Depends(item_id), body: AnnulusUpdate = Body(openapi_examples=ex.ANNULUS_UPDATE),
                   actor: Actor = Depends(current_actor)) -> Any:
    return integrity.update_annulus(actor, key, body.model_dump(exclude_unset=True))


@annuli_router.delete("/annuli/{item_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
                      name="delete_annulus", summary="Delete an annulus", responses=WRITE,
                      description=describe(integrity.delete_annulus, "integrity.delete",
                                           "An annulus with readings: 409 unless `delete_readings=true`."))
def delete_annulus(key: int = Depends(item_id),
                   delete_readings: bool = Query(False, description="Delete its pressure readings with it."),
                   actor: Actor = Depends(current_actor)) -> Response:
    integrity.delete_annulus(actor, key, delete_readings=delete_readings)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@annuli_router.post("/critical-points", response_model=CriticalPointRead, status_code=status.HTTP_201_CREATED,
                    name="add_critical_point", summary="Add a manual critical point", responses=WRITE,
                    description=describe(integrity.add_critical_point, "integrity.write",
                                         "`annulus_id` in the body; MAASP_i = safety_factor x limit - G x TVD. "
                                         + UNITS))
def add_critical_point(body: CriticalPointCreate = Body(openapi_examples=ex.POINT_CREATE),
                       actor: Actor = Depends(current_actor)) -> Any:
    return integrity.add_critical_point(actor, body.model_dump(exclude_unset=True))


@annuli_router.patch("/critical-points/{item_id}", response_model=CriticalPointRead, name="update_critical_point",
                     summary="Update a manual critical point", responses=WRITE,
                     description=describe(integrity.update_critical_point, "integrity.write",
                                          "Derived points (from the architecture) are 409. " + UNITS))
def update_critical_point(key: int = Depends(item_id),
                          body: CriticalPointUpdate = Body(openapi_examples=ex.POINT_UPDATE),
                          actor: Actor = Depends(current_actor)) -> Any:
    return integrity.update_critical_point(actor, key, body.model_dump(exclude_unset=True))


@annuli_router.delete("/critical-points/{item_id}", status_code=status.HTTP_204_NO_CONTENT,
                      response_class=Response, name="delete_critical_point",
                      summary="Delete a manual critical point", responses=WRITE,
                      description=describe(integrity.delete_critical_point, "integrity.delete"))
def delete_critical_point(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Response:
    integrity.delete_critical_point(actor, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------------------------------------ MAASP, SAP


@annuli_router.get("/annuli/{item_id}/maasp", response_model=MaaspView, name="get_annulus_maasp",
                   summary="An annulus' MAASP: value, limiting point, per-point table", responses=ITEM,
                   description=describe(integrity.maasp_view, "integrity.read",
                                        "`maasp_bar` / `maasp_psi`, `limiting_point`, `points` (MAASP_i per "
                                        "critical point with its formula), `inputs`, `method_version`, and the "
                                        "change from the previous stored result. `error` says why there is none."))
def get_maasp(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.maasp_view(actor, key)


@annuli_router.post("/annuli/{item_id}/maasp/what-if", response_model=MaaspView, name="maasp_what_if",
                    summary="MAASP with some inputs changed (not saved)", responses=ITEM,
                    description=describe(integrity.what_if, "integrity.read",
                                         "Nothing is stored; compared with the latest stored result."))
def what_if(key: int = Depends(item_id), body: WhatIfIn = Body(openapi_examples=ex.WHAT_IF),
            actor: Actor = Depends(current_actor)) -> Any:
    return integrity.what_if(actor, key, body.model_dump(exclude_none=True))


@annuli_router.post("/annuli/{item_id}/maasp/compute", response_model=MaaspView, name="compute_annulus_maasp",
                    summary="Recompute and store an annulus' MAASP", responses=WRITE,
                    description=describe(integrity.compute_annulus, "integrity.write",
                                         "Always stores a new result with the reason; 422 when it cannot be "
                                         "computed (`error` of the GET says why)."))
def compute(key: int = Depends(item_id), body: ComputeIn = Body(openapi_examples=ex.COMPUTE),
            actor: Actor = Depends(current_actor)) -> Any:
    return integrity.compute_annulus(actor, key, body.reason)


@annuli_router.get("/annuli/{item_id}/sap", response_model=SapView, name="get_annulus_sap",
                   summary="Sustained annulus pressure verdict", responses=ITEM,
                   description=describe(integrity.evaluate_sap, "integrity.read",
                                        "Over the configured recent window; a detection raises (once) the "
                                        "`sap_detected` task, as the scheduled integrity scan does."))
def get_sap(key: int = Depends(item_id), actor: Actor = Depends(current_actor)) -> Any:
    return integrity.evaluate_sap(actor, key)

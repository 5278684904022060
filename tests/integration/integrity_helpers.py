"""Builders for the integrity tests: the worked-example platform well of docs/integrity.md, readings, elements."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session, col, func, select

from well_ops.models.barriers import BarrierElement, BarrierElementKind, BarrierEnvelope, BarrierStatus, EnvelopeKind
from well_ops.models.drilling import Well, WellStatus, WellType
from well_ops.models.integrity import (
    Annulus,
    AnnulusCriticalPoint,
    AnnulusName,
    CasingKind,
    CasingString,
    CompletionElement,
    CompletionElementKind,
    TubingString,
)
from well_ops.models.tasks import Task, TaskStatus

_seq = itertools.count(1)
T0 = datetime(2026, 1, 5, 0, 0, tzinfo=timezone.utc)


@dataclass
class Platform:
    well: Well
    conductor: CasingString
    surface: CasingString
    production: CasingString
    tubing: TubingString
    ann_a: Annulus
    ann_b: Annulus


def _add(session: Session, *rows: Any) -> None:
    session.add_all(rows)
    session.commit()


def make_platform(session: Session, *, manual_b: bool = True, **well: Any) -> Platform:
    """The docs/integrity.md worked example: surface 13-3/8, production 9-5/8, 5-1/2 tubing, packer 2910 m TVD."""
    n = next(_seq)
    w = Well(name=f"Integrity Well {n}", well_type=WellType.producer, status=WellStatus.producing,
             spud_date=date(2019, 3, 2), production_start_date=date(2019, 7, 1), measured_depth_m=3650, tvd_m=3120,
             reservoir_pressure_bar=330, reservoir_tvd_m=3050, reservoir_gradient_bar_per_m=0.108, is_manned=True,
             water_depth_m=350, fluid_type="oil", **well)
    _add(session, w)
    conductor = CasingString(well_id=w.id, name="30in conductor", kind=CasingKind.conductor, od_mm=762, id_mm=711,
                             top_md_m=0, bottom_md_m=450, top_tvd_m=0, bottom_tvd_m=450, burst_rating_bar=90,
                             collapse_rating_bar=40)
    surface = CasingString(well_id=w.id, name="13-3/8in surface", kind=CasingKind.surface, od_mm=339.7, id_mm=315.3,
                           top_md_m=0, bottom_md_m=1500, top_tvd_m=0, bottom_tvd_m=1480, burst_rating_bar=370,
                           collapse_rating_bar=180, shoe_frac_gradient_bar_per_m=0.165, top_of_cement_md_m=400,
                           top_of_cement_tvd_m=400)
    production = CasingString(well_id=w.id, name="9-5/8in production", kind=CasingKind.production, od_mm=244.5,
                              id_mm=220.5, top_md_m=0, bottom_md_m=3600, top_tvd_m=0, bottom_tvd_m=3080,
                              burst_rating_bar=650, collapse_rating_bar=430, shoe_frac_gradient_bar_per_m=0.185,
                              top_of_cement_md_m=2600, top_of_cement_tvd_m=2300)
    tubing = TubingString(well_id=w.id, name="5-1/2in tubing", od_mm=139.7, id_mm=121.4, weight_kg_per_m=29.8,
                          top_md_m=0, bottom_md_m=3400, bottom_tvd_m=2950, burst_rating_bar=620,
                          collapse_rating_bar=590)
    _add(session, conductor, surface, production, tubing)
    _add(session,
         CompletionElement(well_id=w.id, kind=CompletionElementKind.packer, name="Production packer",
                           depth_md_m=3350, depth_tvd_m=2910, pressure_rating_bar=345),
         CompletionElement(well_id=w.id, kind=CompletionElementKind.wellhead_section, name="Tubing head spool",
                           depth_md_m=0, depth_tvd_m=0, pressure_rating_bar=345))
    ann_a = Annulus(well_id=w.id, name=AnnulusName.A, inner_tubing_id=tubing.id, outer_casing_id=production.id,
                    fluid_type="inhibited brine", fluid_gradient_bar_per_m=0.1177, backup_fluid_gradient_bar_per_m=0.1,
                    mop_bar=60, is_fixed_platform=True)
    ann_b = Annulus(well_id=w.id, name=AnnulusName.B, inner_casing_id=production.id, outer_casing_id=surface.id,
                    fluid_type="degraded mud", fluid_gradient_bar_per_m=0.118, backup_fluid_gradient_bar_per_m=0.1,
                    mop_bar=40, is_fixed_platform=True)
    _add(session, ann_a, ann_b)
    if manual_b:
        _add(session, AnnulusCriticalPoint(annulus_id=ann_b.id, name="Surface casing shoe", tvd_m=1480,
                                           pressure_limit_bar=244, source="manual"))
    return Platform(w, conductor, surface, production, tubing, ann_a, ann_b)


def make_element(session: Session, well: Well, envelope: EnvelopeKind, status: BarrierStatus = BarrierStatus.ok,
                 kind: BarrierElementKind = BarrierElementKind.packer, **overrides: Any) -> BarrierElement:
    env = session.exec(select(BarrierEnvelope).where(BarrierEnvelope.well_id == well.id,
                                                     BarrierEnvelope.kind == envelope)).first()
    if env is None:
        env = BarrierEnvelope(well_id=well.id, kind=envelope)
        _add(session, env)
    values: dict[str, Any] = {"well_id": well.id, "envelope_id": env.id, "kind": kind,
                              "name": f"{kind.value} {next(_seq)}", "status": status}
    values.update(overrides)
    element = BarrierElement(**values)
    _add(session, element)
    return element


def hourly(n: int, pressure: Any, start: datetime = T0, **extra: Any) -> list[dict[str, Any]]:
    """n readings one hour apart; ``pressure`` is a number or a function of the index."""
    return [{"measured_at": start + timedelta(hours=i), "pressure_bar": pressure(i) if callable(pressure) else pressure,
             **extra} for i in range(n)]


def open_tasks(session: Session, trigger: str, key: str) -> list[Task]:
    session.expire_all()
    return list(session.exec(select(Task).where(Task.trigger_type == trigger, Task.trigger_key == key,
                                                col(Task.status).in_([TaskStatus.backlog, TaskStatus.in_progress,
                                                                      TaskStatus.blocked]))))


def count(session: Session, model: type, *where: Any) -> int:
    query = select(func.count()).select_from(model)
    for w in where:
        query = query.where(w)
    return int(session.exec(query).one())

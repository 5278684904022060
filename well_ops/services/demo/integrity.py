"""Demo integrity data: a producing platform well with its architecture, annuli, readings and barriers."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

from well_ops.models.barriers import (
    BarrierElement,
    BarrierElementKind,
    BarrierEnvelope,
    BarrierStatus,
    EnvelopeKind,
    RiskCellCategory,
    RiskMatrixCell,
)
from well_ops.models.drilling import Well, WellStatus, WellType
from well_ops.models.integrity import (
    Annulus,
    AnnulusCriticalPoint,
    AnnulusMeasurement,
    AnnulusName,
    CasingKind,
    CasingString,
    CementInterval,
    CementQuality,
    CompletionElement,
    CompletionElementKind,
    CriticalPointKind,
    TubingString,
)
from well_ops.services import integrity
from well_ops.services.context import Context
from well_ops.services.demo.drilling import World


def _default_risk_cells() -> list[RiskMatrixCell]:
    """A 5x5 matrix: category by likelihood x consequence (documented in docs/integrity.md)."""
    cells = []
    for lik in range(1, 6):
        for con in range(1, 6):
            product = lik * con
            cat = (
                RiskCellCategory.low
                if product <= 4
                else RiskCellCategory.medium
                if product <= 9
                else RiskCellCategory.high
                if product <= 16
                else RiskCellCategory.extreme
            )
            cells.append(RiskMatrixCell(likelihood=lik, consequence=con, category=cat, score=round(product * 4)))
    return cells


def _load(ctx: Context, world: World) -> None:
    ctx.session.add_all(_default_risk_cells())
    campaign = world.campaigns[0]
    well = Well(
        name="Snorre A-12",
        field="Snorre",
        country="Norway",
        well_type=WellType.producer,
        status=WellStatus.producing,
        campaign_id=campaign.id,
        latitude=61.45,
        longitude=2.14,
        spud_date=date(2019, 3, 2),
        completion_date=date(2019, 6, 20),
        production_start_date=date(2019, 7, 1),
        target_depth_md_m=3650,
        measured_depth_m=3650,
        tvd_m=3120,
        planned_days=90,
        fluid_type="oil",
        reservoir_pressure_bar=330,
        reservoir_tvd_m=3050,
        reservoir_gradient_bar_per_m=0.108,
        is_manned=True,
        water_depth_m=350,
    )
    ctx.session.add(well)
    ctx.session.flush()
    s = ctx.session
    conductor = CasingString(
        well_id=well.id,
        name="30in conductor",
        kind=CasingKind.conductor,
        od_mm=762,
        id_mm=711,
        weight_kg_per_m=461.0,
        top_md_m=0,
        bottom_md_m=450,
        top_tvd_m=0,
        bottom_tvd_m=450,
        burst_rating_bar=90,
        collapse_rating_bar=40,
        grade="X52",
    )
    surface = CasingString(
        well_id=well.id,
        name="13-3/8in surface",
        kind=CasingKind.surface,
        od_mm=339.7,
        id_mm=315.3,
        grade="L80",
        weight_kg_per_m=101.2,
        top_md_m=0,
        bottom_md_m=1500,
        top_tvd_m=0,
        bottom_tvd_m=1480,
        burst_rating_bar=370,
        collapse_rating_bar=180,
        shoe_frac_gradient_bar_per_m=0.165,
        top_of_cement_md_m=400,
        top_of_cement_tvd_m=400,
    )
    production = CasingString(
        well_id=well.id,
        name="9-5/8in production",
        kind=CasingKind.production,
        od_mm=244.5,
        id_mm=220.5,
        grade="P110",
        weight_kg_per_m=79.6,
        top_md_m=0,
        bottom_md_m=3600,
        top_tvd_m=0,
        bottom_tvd_m=3080,
        burst_rating_bar=650,
        collapse_rating_bar=430,
        shoe_frac_gradient_bar_per_m=0.185,
        top_of_cement_md_m=2600,
        top_of_cement_tvd_m=2300,
    )
    s.add_all([conductor, surface, production])
    s.flush()
    s.add_all(
        [
            CementInterval(
                well_id=well.id,
                casing_string_id=surface.id,
                top_md_m=400,
                bottom_md_m=1500,
                top_tvd_m=400,
                bottom_tvd_m=1480,
                quality=CementQuality.good,
            ),
            CementInterval(
                well_id=well.id,
                casing_string_id=production.id,
                top_md_m=2600,
                bottom_md_m=3600,
                top_tvd_m=2300,
                bottom_tvd_m=3080,
                quality=CementQuality.fair,
            ),
        ]
    )
    tubing = TubingString(
        well_id=well.id,
        name="5-1/2in production tubing",
        od_mm=139.7,
        id_mm=121.4,
        grade="13Cr80",
        weight_kg_per_m=29.8,
        top_md_m=0,
        bottom_md_m=3400,
        bottom_tvd_m=2950,
        burst_rating_bar=620,
        collapse_rating_bar=590,
    )
    s.add(tubing)
    s.flush()
    s.add_all(
        [
            CompletionElement(
                well_id=well.id,
                kind=CompletionElementKind.sssv,
                name="TRSCSSV",
                depth_md_m=420,
                depth_tvd_m=420,
                pressure_rating_bar=690,
            ),
            CompletionElement(
                well_id=well.id,
                kind=CompletionElementKind.packer,
                name="Production packer",
                depth_md_m=3350,
                depth_tvd_m=2910,
                pressure_rating_bar=345,
            ),
            CompletionElement(
                well_id=well.id,
                kind=CompletionElementKind.wellhead_section,
                name="Tubing head spool",
                depth_md_m=0,
                depth_tvd_m=0,
                pressure_rating_bar=345,
            ),
        ]
    )
    ann_a = Annulus(
        well_id=well.id,
        name=AnnulusName.A,
        inner_tubing_id=tubing.id,
        outer_casing_id=production.id,
        fluid_type="inhibited brine",
        fluid_gradient_bar_per_m=0.1177,
        backup_fluid_gradient_bar_per_m=0.1,
        mop_bar=60,
        is_fixed_platform=True,
    )
    ann_b = Annulus(
        well_id=well.id,
        name=AnnulusName.B,
        inner_casing_id=production.id,
        outer_casing_id=surface.id,
        fluid_type="degraded mud",
        fluid_gradient_bar_per_m=0.118,
        backup_fluid_gradient_bar_per_m=0.1,
        mop_bar=40,
        is_fixed_platform=True,
    )
    s.add_all([ann_a, ann_b])
    s.flush()
    s.add(
        AnnulusCriticalPoint(
            annulus_id=ann_a.id,
            name="Wellhead outlet valve",
            kind=CriticalPointKind.manual,
            tvd_m=0,
            pressure_limit_bar=345,
            source="manual",
        )
    )
    s.add(
        AnnulusCriticalPoint(
            annulus_id=ann_b.id,
            name="Surface casing shoe",
            kind=CriticalPointKind.manual,
            tvd_m=1480,
            pressure_limit_bar=244,
            source="manual",
        )
    )
    _readings(ctx, ann_a.id, base=22.0, amplitude=3.0)
    _readings(ctx, ann_b.id, base=8.0, amplitude=1.0)
    _barriers(ctx, well.id, ann_a.id)
    ctx.session.flush()
    integrity.recompute_well(ctx, well.id, "demo data")  # MAASP, MAWOP and the first snapshot
    world.wells.append(well)


def _readings(ctx: Context, annulus_id: int | None, base: float, amplitude: float) -> None:
    start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) - timedelta(days=14)
    for h in range(0, 14 * 24, 2):
        at = start + timedelta(hours=h)
        ctx.session.add(
            AnnulusMeasurement(
                annulus_id=annulus_id,
                measured_at=at,
                source="scada",
                pressure_bar=round(base + amplitude * math.sin(h / 12 * math.pi) + h * 0.01, 2),
                temperature_c=round(45 + 4 * math.sin(h / 12 * math.pi), 1),
            )
        )


def _barriers(ctx: Context, well_id: int | None, annulus_a: int | None) -> None:
    primary = BarrierEnvelope(well_id=well_id, kind=EnvelopeKind.primary, status=BarrierStatus.ok)
    secondary = BarrierEnvelope(well_id=well_id, kind=EnvelopeKind.secondary, status=BarrierStatus.degraded)
    ctx.session.add_all([primary, secondary])
    ctx.session.flush()
    now = datetime.now(timezone.utc)
    for env, kind, name, status, interval, tested_days_ago in [
        (primary, BarrierElementKind.sssv, "TRSCSSV", BarrierStatus.ok, 180, 40),
        (primary, BarrierElementKind.packer, "Production packer", BarrierStatus.ok, 365, 200),
        (primary, BarrierElementKind.tubing, "Production tubing", BarrierStatus.ok, 365, 200),
        (secondary, BarrierElementKind.production_casing, "9-5/8in production casing", BarrierStatus.ok, 365, 300),
        (secondary, BarrierElementKind.cement, "Production casing cement", BarrierStatus.degraded, None, None),
        (secondary, BarrierElementKind.wellhead, "Wellhead and annulus valves", BarrierStatus.ok, 180, 200),
    ]:
        last = now - timedelta(days=tested_days_ago) if tested_days_ago else None
        ctx.session.add(
            BarrierElement(
                well_id=well_id,
                envelope_id=env.id,
                kind=kind,
                name=name,
                status=status,
                test_interval_days=interval,
                annulus_id=annulus_a if env is primary else None,
                last_tested_at=last,
                next_test_due=(last + timedelta(days=interval)).date() if last and interval else None,
            )
        )

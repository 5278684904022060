"""Sustained annulus pressure: the verdict of one annulus over the configured recent window, and its auto-task."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from well_ops.domain.sap import Reading, SapVerdict, detect_sap
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, AnnulusMeasurement
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.services.context import Context, use_case
from well_ops.services.integrity._common import _annulus, _now, _production_start, _raise_task, _well
from well_ops.services.integrity.config import _config, _sap_config
from well_ops.services.integrity.views import Episode, SapView
from well_ops.services.webhooks import emit_event

M = AnnulusMeasurement


def _window(ctx: Context, a: Annulus, cfg: IntegrityConfig, now: datetime) -> tuple[datetime, list[Reading]]:
    """The readings of the last ``sap_lookback_days`` up to ``now`` (only the columns the detector needs)."""
    start = now - timedelta(days=cfg.sap_lookback_days)
    rows = ctx.session.exec(select(M.measured_at, M.pressure_bar, M.temperature_c, M.is_bleed)
                            .where(M.annulus_id == a.id, col(M.measured_at) >= start, col(M.measured_at) <= now)
                            .order_by(col(M.measured_at), col(M.id)))
    return start, [Reading(at, p, t, bool(b)) for at, p, t, b in rows]


def _verdict(ctx: Context, a: Annulus, well: Well, cfg: IntegrityConfig,
             now: datetime) -> tuple[SapVerdict, datetime, int]:
    """detect_sap over the window, with the well's production start, the annulus MAWOP and its limits."""
    start, readings = _window(ctx, a, cfg, now)
    verdict = detect_sap(readings, _sap_config(cfg), production_start=_production_start(well),
                         mawop_bar=a.mawop_bar, has_limits=a.maasp_bar is not None and a.mop_bar is not None)
    return verdict, start, len(readings)


def _task(ctx: Context, a: Annulus, well: Well, verdict: SapVerdict) -> tuple[int, bool]:
    lines = "\n".join(f"- {s}" for s in verdict.evidence)
    return _raise_task(ctx, "sap_detected", f"annulus:{a.id}",
                       f"Sustained annulus pressure: {well.name} annulus {a.name}",
                       f"The SAP check found sustained pressure in annulus {a.name} of {well.name}.\n"
                       f"Evidence:\n{lines}\nDiagnose (bleed-down / build-up test) and record the outcome.",
                       "high", well_id=well.id, annulus_id=a.id)


def _evaluate(ctx: Context, a: Annulus, now: datetime, cfg: IntegrityConfig | None = None) -> SapView:
    """The SAP view of one annulus; raises the ``sap_detected`` auto-task when SAP is detected."""
    well = _well(ctx, a.well_id)
    verdict, start, count = _verdict(ctx, a, well, cfg or _config(ctx), now)
    view = SapView(a.id or 0, well.id or 0, str(a.name), verdict.status, verdict.detected, verdict.action_required,
                   verdict.rebuild_fraction, verdict.could_not_bleed_to_zero, start, now, count,
                   list(verdict.evidence), list(verdict.data_quality),
                   [Episode(b.start.isoformat(), b.end.isoformat(), b.pre_bar, b.post_bar, b.inferred)
                    for b in verdict.bleeds])
    if verdict.detected:
        view.task_id, view.task_created = _task(ctx, a, well, verdict)
        if view.task_created:  # a new SAP episode (one open task per annulus)
            emit_event(ctx, "sap.detected", {
                "well_id": well.id, "well_name": well.name, "annulus_id": a.id, "annulus": str(a.name),
                "status": verdict.status, "evidence": list(verdict.evidence), "task_id": view.task_id})
    return view


@use_case("integrity.read")
def evaluate_sap(ctx: Context, annulus_id: int, now: datetime | None = None) -> SapView:
    """SAP verdict of an annulus over the last N days (configuration) with its evidence and data-quality flags;
    raises one open ``sap_detected`` auto-task per annulus when SAP is detected (by the integrity engine)."""
    return _evaluate(ctx, _annulus(ctx, annulus_id), _now(now))

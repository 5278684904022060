"""Sustained annulus pressure: the verdict of one annulus over the configured recent window, and its auto-task."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.domain.sap import Reading, SapVerdict, detect_sap
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, AnnulusMeasurement
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.services.context import Context, use_case
from well_ops.services.integrity import sap_states
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
             now: datetime, store: bool = False, explain: bool = True) -> tuple[SapVerdict, datetime, int]:
    """detect_sap over the window, with the well's production start, the annulus MAWOP and its limits;
    ``store``: keep it in annulus_sap_states (write use-cases); ``explain=False``: without the sentences."""
    counted = sap_states._counts(ctx, [a.id or 0]).get(a.id or 0) if store else None  # before the window
    start, readings = _window(ctx, a, cfg, now)
    verdict = detect_sap(readings, _sap_config(cfg), production_start=_production_start(well),
                         mawop_bar=a.mawop_bar, has_limits=a.maasp_bar is not None and a.mop_bar is not None,
                         explain=explain)
    if store:
        key = sap_states._inputs_key(sap_states._config_text(cfg), _production_start(well), a)
        sap_states._store(ctx, [sap_states._row(a, key, counted, now, readings[0].at if readings else None,
                                                verdict.status, verdict.detected)])
    return verdict, start, len(readings)


SYNC_SAP_READINGS = 2000   # a window with more readings is re-judged by the periodic scan, not on every write
PENDING = sap_states.Brief("pending", False)   # a large window never judged yet: the next scan judges it


def _window_larger(ctx: Context, a: Annulus, cfg: IntegrityConfig, now: datetime, limit: int) -> bool:
    """Whether the SAP window holds more than ``limit`` readings (reads at most limit + 1 index entries)."""
    start = now - timedelta(days=cfg.sap_lookback_days)
    inner = (select(M.id).where(M.annulus_id == a.id, col(M.measured_at) >= start, col(M.measured_at) <= now)
             .limit(limit + 1).subquery())
    return int(ctx.session.exec(select(sa.func.count()).select_from(inner)).one()) > limit


def _verdicts(ctx: Context, well: Well, annuli: list[Annulus], cfg: IntegrityConfig,
              now: datetime) -> dict[int, SapVerdict | sap_states.Brief]:
    """The SAP verdict of each annulus of a well for its snapshot after a change: the stored one while valid
    (``sap_states``); else judged now and stored, except that an annulus whose window is large (dense SCADA data,
    more than SYNC_SAP_READINGS readings) and a verdict from the same inputs keeps it until the periodic integrity
    scan, which re-judges every annulus that received readings (so a batch of readings costs its limit checks, not
    a re-read of 30 days of one-second data). A changed input (SAP configuration, MAWOP, limits, production start)
    is judged at once whatever the window. A large window never judged ("pending", e.g. right after importing a
    year of one-minute readings) waits for the scan too."""
    ids = [a.id or 0 for a in annuli]
    stored, counts = sap_states._stored(ctx, ids), sap_states._counts(ctx, ids)
    config, start = sap_states._config_text(cfg), _production_start(well)
    lookback, out = timedelta(days=cfg.sap_lookback_days), {}
    for a in annuli:
        found = stored.get(a.id or 0)
        key = sap_states._inputs_key(config, start, a)
        if found is not None and sap_states._valid(found, key, counts.get(a.id or 0), now, lookback):
            out[a.id or 0] = found.verdict
        elif (found is None or found.key == key) and _window_larger(ctx, a, cfg, now, SYNC_SAP_READINGS):
            out[a.id or 0] = found.verdict if found is not None else PENDING
        else:
            out[a.id or 0] = _verdict(ctx, a, well, cfg, now, store=True, explain=False)[0]
    return out


def _task(ctx: Context, a: Annulus, well: Well, verdict: SapVerdict) -> tuple[int, bool]:
    lines = "\n".join(f"- {s}" for s in verdict.evidence)
    return _raise_task(ctx, "sap_detected", f"annulus:{a.id}",
                       f"Sustained annulus pressure: {well.name} annulus {a.name}",
                       f"The SAP check found sustained pressure in annulus {a.name} of {well.name}.\n"
                       f"Evidence:\n{lines}\nDiagnose (bleed-down / build-up test) and record the outcome.",
                       "high", well_id=well.id, annulus_id=a.id)


def _evaluate(ctx: Context, a: Annulus, now: datetime, cfg: IntegrityConfig | None = None,
              store: bool = False) -> SapView:
    """The SAP view of one annulus; raises the ``sap_detected`` auto-task when SAP is detected; ``store``: keep the
    verdict (``sap_states``; the periodic scan)."""
    well = _well(ctx, a.well_id)
    verdict, start, count = _verdict(ctx, a, well, cfg or _config(ctx), now, store)
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

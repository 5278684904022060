"""The periodic integrity scan (run by the scheduler as SYSTEM): overdue tests, missing readings, SAP on new data.

Idempotent: tasks are one open per trigger and object, so running it often raises nothing twice. "New readings"
are those inserted since the previous scan (measurement ids above the last one seen, kept in app_settings), so
the SAP check runs only where data arrived, or where time moved readings out of a stored verdict's window.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.audit import AppSetting
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well, WellStatus
from well_ops.models.integrity import Annulus, AnnulusMeasurement, AnnulusSapState
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.services.context import Context, use_case
from well_ops.services.integrity._common import _fmt_time, _now, _raise_task
from well_ops.services.integrity.barriers import _overdue
from well_ops.services.integrity.config import _config
from well_ops.services.integrity.sap import _evaluate
from well_ops.services.integrity.series import _latest
from well_ops.services.integrity.snapshots import _refresh
from well_ops.services.integrity.views_fleet import ScanResult

SCAN_KEY = "integrity_scan_state"
# Wells whose annuli must be monitored (readings expected).
MONITORED = (WellStatus.producing, WellStatus.suspended, WellStatus.completed)


def _overdue_tasks(ctx: Context, now: datetime) -> int:
    raised = 0
    for item in _overdue(ctx, now.date()):
        _id, created = _raise_task(
            ctx, "test_overdue", f"barrier_element:{item.element_id}",
            f"Barrier test overdue: {item.well_name} {item.name}",
            f"The {item.envelope} barrier element {item.name} ({item.kind}) of {item.well_name} was due for its "
            f"test on {item.next_test_due:%Y-%m-%d} ({item.days_overdue} days overdue). Test it and record the "
            "result.", "high", well_id=item.well_id, element_id=item.element_id)
        raised += created
    return raised


def _missing_tasks(ctx: Context, cfg: IntegrityConfig, now: datetime) -> int:
    rows = list(ctx.session.exec(select(Annulus, Well.name).join(Well, col(Well.id) == Annulus.well_id)
                                 .where(col(Well.status).in_(MONITORED))))
    latest = _latest(ctx, [a.id for a, _ in rows if a.id])
    raised = 0
    for a, well_name in rows:
        last = latest.get(a.id or 0)
        hours = (now - last.measured_at).total_seconds() / 3600 if last else None
        if hours is not None and hours <= cfg.missing_readings_hours:
            continue
        since = f"since {_fmt_time(last.measured_at)} ({hours:.0f} h)" if last and hours is not None else "ever"
        _id, created = _raise_task(
            ctx, "missing_readings", f"annulus:{a.id}", f"Missing readings: {well_name} annulus {a.name}",
            f"No pressure reading for annulus {a.name} of {well_name} {since}; readings are required at least every "
            f"{cfg.missing_readings_hours:g} h. Check the gauge / data link or enter manual readings.", "normal",
            well_id=a.well_id, annulus_id=a.id)
        raised += created
    return raised


def _new_reading_annuli(ctx: Context) -> list[int]:
    """Annuli with readings inserted since the last scan; remembers the highest measurement id seen."""
    state = ctx.session.get(AppSetting, SCAN_KEY)
    seen = int(state.value.get("last_measurement_id", 0)) if state and isinstance(state.value, dict) else 0
    top = ctx.session.exec(select(sa.func.max(AnnulusMeasurement.id))).one() or 0
    ids = list(ctx.session.exec(select(AnnulusMeasurement.annulus_id).distinct()
                                .where(col(AnnulusMeasurement.id) > seen, col(AnnulusMeasurement.id) <= top)))
    value = {"last_measurement_id": int(top)}
    if state is None:
        ctx.session.add(AppSetting(key=SCAN_KEY, value=value))
    elif top != seen:
        state.value, state.updated_at = value, utcnow()
    return sorted(ids)


def _aged_annuli(ctx: Context, cfg: IntegrityConfig, now: datetime) -> list[int]:
    """Annuli whose stored SAP verdict was judged on readings that have since left the look-back window (time
    alone changed the window: e.g. a feed that stopped, or a dense window whose verdict waits for this scan)."""
    t = AnnulusSapState.__table__.c  # type: ignore[attr-defined]
    start = now - timedelta(days=cfg.sap_lookback_days)
    return list(ctx.session.execute(sa.select(t.annulus_id).where(t.window_first_at < start)).scalars())


@use_case("integrity.write")
def scan_integrity(ctx: Context, now: datetime | None = None) -> ScanResult:
    """Raise test_overdue and missing_readings tasks, evaluate SAP where new readings arrived or where readings
    left the look-back window since the stored verdict (raising sap_detected tasks) and refresh those wells'
    snapshots. Call as ``scan_integrity(SYSTEM)``."""
    when = _now(now)
    cfg = _config(ctx)
    overdue = _overdue_tasks(ctx, when)
    missing = _missing_tasks(ctx, cfg, when)
    evaluated, sap_tasks, wells = 0, 0, set()
    for annulus_id in sorted(set(_new_reading_annuli(ctx)) | set(_aged_annuli(ctx, cfg, when))):
        a = ctx.session.get(Annulus, annulus_id)
        if a is None:
            continue
        view = _evaluate(ctx, a, when, cfg, store=True)
        evaluated += 1
        sap_tasks += view.task_created
        wells.add(a.well_id)
    stored = sum(_refresh(ctx, w, "integrity scan", when).stored for w in sorted(wells))
    ctx.session.flush()
    return ScanResult(overdue, missing, evaluated, sap_tasks, stored)

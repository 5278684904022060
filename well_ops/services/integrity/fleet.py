"""The integrity fleet view and the dashboard's integrity alerts, each in a fixed number of queries.

``fleet``: 6 queries whatever the number of wells (configuration, latest snapshot per well, annuli with their
wells, latest reading per annulus, overdue tests, the risk matrix). ``integrity_alerts``: 2 queries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.models.barriers import IntegritySnapshot
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus
from well_ops.models.schemas_barriers import IntegrityConfig
from well_ops.models.tasks import Task, TaskStatus, TriggerType
from well_ops.services.context import Context, use_case
from well_ops.services.integrity._common import _now
from well_ops.services.integrity.barriers import _overdue
from well_ops.services.integrity.config import _config
from well_ops.services.integrity.scan import MONITORED
from well_ops.services.integrity.series import _latest
from well_ops.services.integrity.snapshots import _matrix
from well_ops.services.integrity.views import LatestReading
from well_ops.services.integrity.views_fleet import (
    AnnulusAlert,
    FleetView,
    FleetWell,
    IntegrityAlert,
    MatrixCell,
    MissingReadings,
)

_GAR_RANK = {"red": 0, "amber": 1, "green": 2}
_CATEGORY_RANK = {"red": 0, "orange": 1, "yellow": 2, "unknown": 3, "green": 4}
INTEGRITY_TRIGGERS = (TriggerType.maasp_exceed, TriggerType.mawop_exceed, TriggerType.mop_exceed,
                      TriggerType.sap_detected, TriggerType.failed_test, TriggerType.test_overdue,
                      TriggerType.missing_readings)
_CRITICAL = {TriggerType.maasp_exceed, TriggerType.failed_test}
OPEN_STATUSES = (TaskStatus.backlog, TaskStatus.in_progress, TaskStatus.blocked)


def _snapshots(ctx: Context) -> list[tuple[IntegritySnapshot, str, str]]:
    """The latest snapshot of every well with the well's name and field (one query)."""
    last = (select(sa.func.max(IntegritySnapshot.id).label("sid")).group_by(col(IntegritySnapshot.well_id))
            .subquery())
    query = (select(IntegritySnapshot, Well.name, Well.field).join(last, col(IntegritySnapshot.id) == last.c.sid)
             .join(Well, col(Well.id) == IntegritySnapshot.well_id))
    return list(ctx.session.exec(query))


def _fleet_wells(snaps: list[tuple[IntegritySnapshot, str, str]], others: dict[int, tuple[str, str]]) -> \
        list[FleetWell]:
    wells = [FleetWell(s.well_id, name, field, str(s.category_117), str(s.status), s.likelihood, s.consequence,
                       s.risk_score, str(s.risk_category), s.max_utilisation, s.sap_detected, s.computed_at)
             for s, name, field in snaps]
    known = {w.well_id for w in wells}
    wells += [FleetWell(wid, name, field, "unknown", "amber", None, None, None, "", None, False, None)
              for wid, (name, field) in others.items() if wid not in known]
    return sorted(wells, key=lambda w: (_GAR_RANK.get(w.status, 1), _CATEGORY_RANK.get(w.category_117, 3),
                                        -(w.risk_score or 0.0), w.name))


def _hot(a: Annulus, well_name: str, r: LatestReading, cfg: IntegrityConfig) -> AnnulusAlert | None:
    maasp, mop, p = a.maasp_bar, a.mop_bar, r.pressure_bar
    util = p / maasp if maasp and maasp > 0 else None
    if maasp is not None and p > maasp:
        reason = "above MAASP"
    elif maasp is not None and maasp > 0 and p >= cfg.near_maasp_fraction * maasp:
        reason = f"within {100 - cfg.near_maasp_fraction * 100:.0f}% of MAASP"
    elif mop is not None and p > mop:
        reason = "above MOP"
    else:
        return None
    return AnnulusAlert(a.id or 0, a.well_id, well_name, str(a.name), p, r.measured_at, mop, maasp, util, reason)


def _watch(rows: list[Any], latest: dict[int, LatestReading], cfg: IntegrityConfig,
           now: datetime) -> tuple[list[AnnulusAlert], list[MissingReadings]]:
    hot, missing = [], []
    for a, well_name, _field, status in rows:
        r = latest.get(a.id or 0)
        alert = _hot(a, well_name, r, cfg) if r else None
        if alert:
            hot.append(alert)
        hours = (now - r.measured_at).total_seconds() / 3600 if r else None
        if status in MONITORED and (hours is None or hours > cfg.missing_readings_hours):
            missing.append(MissingReadings(a.id or 0, a.well_id, well_name, str(a.name),
                                           r.measured_at if r else None, hours))
    hot.sort(key=lambda h: -(h.utilisation if h.utilisation is not None else 1e9))
    return hot, missing


@use_case("integrity.read")
def fleet(ctx: Context, now: datetime | None = None) -> FleetView:
    """Wells by category (worst first), the risk matrix with the wells placed in it, annuli above MOP or near
    MAASP, overdue barrier tests and annuli with missing readings; a fixed number of queries."""
    when = _now(now)
    cfg = _config(ctx)
    snaps = _snapshots(ctx)
    rows = list(ctx.session.exec(select(Annulus, Well.name, Well.field, Well.status)
                                 .join(Well, col(Well.id) == Annulus.well_id)
                                 .order_by(col(Well.name), col(Annulus.name))))
    latest = _latest(ctx, None)
    view = FleetView(wells=_fleet_wells(snaps, {a.well_id: (name, field) for a, name, field, _s in rows}))
    view.hot_annuli, view.missing_readings = _watch(rows, latest, cfg, when)
    view.overdue_tests = _overdue(ctx, when.date())
    cells = {key: MatrixCell(key[0], key[1], cat, score) for key, (cat, score) in sorted(_matrix(ctx).items())}
    for w in view.wells:
        cell = cells.get((w.likelihood or 0, w.consequence or 0))
        if cell is not None:
            cell.well_ids.append(w.well_id)
            cell.well_names.append(w.name)
        view.by_category[w.category_117] = view.by_category.get(w.category_117, 0) + 1
    view.matrix = list(cells.values())
    return view


@use_case("integrity.read")
def integrity_alerts(ctx: Context) -> list[IntegrityAlert]:
    """For the dashboard's alert panel: open integrity auto-tasks and wells in category red or orange."""
    tasks = ctx.session.exec(select(Task.id, Task.title, Task.trigger_type, Task.well_id,  # type: ignore[call-overload]
                                    Task.annulus_id)
                             .where(col(Task.trigger_type).in_(INTEGRITY_TRIGGERS),
                                    col(Task.status).in_(OPEN_STATUSES))
                             .order_by(col(Task.id).desc()).limit(200))
    alerts = [IntegrityAlert("critical" if trigger in _CRITICAL else "warning", str(trigger), title,
                             f"/tasks?task={tid}", well_id, annulus_id, tid)
              for tid, title, trigger, well_id, annulus_id in tasks]
    for snap, name, _field in _snapshots(ctx):
        if str(snap.category_117) in ("red", "orange"):
            alerts.append(IntegrityAlert("critical" if str(snap.category_117) == "red" else "warning", "category",
                                         f"{name}: well integrity category {snap.category_117} (primary "
                                         f"{snap.primary_status}, secondary {snap.secondary_status})",
                                         f"/integrity?well={snap.well_id}", snap.well_id))
    return sorted(alerts, key=lambda a: a.level != "critical")

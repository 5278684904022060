"""Integrity snapshots (envelopes, utilisation, SAP, guideline 117 category, risk) and the risk matrix.

When a snapshot is stored: ``refresh_snapshot`` always computes the well's state, but writes a new
``IntegritySnapshot`` row only when something changed since the latest one (an envelope status, SAP, the
category, likelihood, consequence, the risk cell or score) or when the highest utilisation moved by at least
``UTILISATION_STEP`` (5 points of MAASP), so that trends stay readable however often readings arrive. The reason
of the refresh is kept in ``details["reason"]``. Called after readings batches, barrier tests and elements, and
every architecture / annulus change (through ``recompute_well``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select

from well_ops.domain.barriers import category_117, envelope_status, escalate_category, status_gar
from well_ops.domain.risk import DEFAULT_MATRIX, RiskInputs, consequence, likelihood, risk_category, risk_score
from well_ops.domain.sap import SapVerdict
from well_ops.models.barriers import (
    BarrierElement,
    BarrierEnvelope,
    BarrierStatus,
    Category117,
    IntegritySnapshot,
    RiskCategory,
    RiskCellCategory,
    RiskMatrixCell,
    StatusGAR,
)
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus
from well_ops.models.schemas_barriers import RiskCellRead
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _now, _well
from well_ops.services.integrity.config import _config
from well_ops.services.integrity.sap import _verdicts
from well_ops.services.integrity.series import _latest
from well_ops.services.integrity.views import LatestReading
from well_ops.services.integrity.views_fleet import SnapshotView
from well_ops.services.webhooks import emit_event

UTILISATION_STEP = 0.05


def _matrix(ctx: Context, seed: bool = False) -> dict[tuple[int, int], tuple[str, int]]:
    """(likelihood, consequence) -> (category, score) from risk_matrix_cells, defaults filling missing cells;
    ``seed`` stores the defaults when the table is empty (write use-cases only)."""
    stored = ctx.session.exec(select(RiskMatrixCell))
    cells = {(c.likelihood, c.consequence): (str(c.category), c.score) for c in stored}
    defaults = {k: (v, round(risk_score(*k))) for k, v in DEFAULT_MATRIX.items()}
    if seed and not cells:
        for (lk, co), (cat, score) in defaults.items():
            ctx.session.add(RiskMatrixCell(likelihood=lk, consequence=co, category=RiskCellCategory(cat), score=score))
        ctx.session.flush()
    return {**defaults, **cells}


def _envelopes(ctx: Context, well_id: int) -> dict[str, str]:
    """Envelope kind -> status from its elements (stored back on the envelope row when it differs)."""
    envelopes = list(ctx.session.exec(select(BarrierEnvelope).where(BarrierEnvelope.well_id == well_id)))
    elements = list(ctx.session.exec(select(BarrierElement).where(BarrierElement.well_id == well_id)))
    statuses = {"primary": "unknown", "secondary": "unknown"}
    for env in envelopes:
        status = envelope_status(str(e.status) for e in elements if e.envelope_id == env.id)
        statuses[str(env.kind)] = status
        if env.status != status:
            env.status = BarrierStatus(status)
            env.updated_at = utcnow()
    return statuses


def _annulus_state(a: Annulus, reading: LatestReading | None,
                   verdict: SapVerdict) -> tuple[dict[str, Any], float | None]:
    """One annulus of the snapshot details: latest pressure, MAASP, utilisation (pressure / MAASP) and SAP status."""
    util = None
    if reading is not None and a.maasp_bar is not None and a.maasp_bar > 0:
        util = max(0.0, reading.pressure_bar / a.maasp_bar)
    return ({"annulus_id": a.id, "name": str(a.name), "maasp_bar": a.maasp_bar, "utilisation": util,
             "pressure_bar": reading.pressure_bar if reading else None,
             "measured_at": reading.measured_at.isoformat() if reading else None, "sap": verdict.status}, util)


def _annuli_state(ctx: Context, well: Well, now: datetime) -> tuple[list[dict[str, Any]], float | None, bool]:
    """Per annulus: latest pressure, MAASP, utilisation and SAP status; the highest utilisation; SAP anywhere."""
    annuli = list(ctx.session.exec(select(Annulus).where(Annulus.well_id == well.id).order_by(col(Annulus.name))))
    latest = _latest(ctx, [a.id for a in annuli if a.id])
    verdicts = _verdicts(ctx, well, annuli, _config(ctx), now)
    return _combine([(a, latest.get(a.id or 0), verdicts[a.id or 0]) for a in annuli])


def _combine(states: list[tuple[Annulus, LatestReading | None, Any]]) -> \
        tuple[list[dict[str, Any]], float | None, bool]:
    rows, utilisations, sap = [], [], False
    for a, reading, verdict in states:
        row, util = _annulus_state(a, reading, verdict)
        rows.append(row)
        if util is not None:
            utilisations.append(util)
        sap = sap or verdict.detected
    return rows, (max(utilisations) if utilisations else None), sap


def _compute(ctx: Context, well: Well, reason: str, now: datetime) -> SnapshotView:
    env = _envelopes(ctx, well.id or 0)
    annuli, util, sap = _annuli_state(ctx, well, now)
    return _state(well, env, annuli, util, sap, _matrix(ctx, seed=True), reason, now)


def _state(well: Well, env: dict[str, str], annuli: list[dict[str, Any]], util: float | None, sap: bool,
           matrix: dict[tuple[int, int], tuple[str, int]], reason: str, now: datetime) -> SnapshotView:
    """The well's integrity state from its envelope statuses and annuli (pure: no query)."""
    inputs = RiskInputs(env["primary"], env["secondary"], sap, util, str(well.well_type), well.fluid_type,
                        well.h2s_present, well.is_manned, (well.water_depth_m or 0) > 0)
    lk, co = likelihood(inputs), consequence(inputs)
    cell_category, score = matrix[(lk, co)]
    envelope_category = category_117(env["primary"], env["secondary"])
    category = escalate_category(envelope_category, sap, util)
    details = {"reason": reason[:500], "annuli": annuli, "cell_category": cell_category,
               "envelope_category": envelope_category}
    return SnapshotView(well.id or 0, now, env["primary"], env["secondary"], util, sap, category,
                        status_gar(category), lk, co, float(score), risk_category(cell_category), details)


def _key(s: SnapshotView | IntegritySnapshot) -> tuple[Any, ...]:
    return (str(s.primary_status), str(s.secondary_status), s.sap_detected, str(s.category_117), str(s.status),
            s.likelihood, s.consequence, round(s.risk_score, 3), str(s.risk_category))


def _changed(new: SnapshotView, old: IntegritySnapshot | None) -> bool:
    if old is None or _key(new) != _key(old):
        return True
    if (new.max_utilisation is None) != (old.max_utilisation is None):
        return True
    return abs((new.max_utilisation or 0.0) - (old.max_utilisation or 0.0)) >= UTILISATION_STEP


def _view(row: IntegritySnapshot, stored: bool = False) -> SnapshotView:
    return SnapshotView(row.well_id, row.computed_at, str(row.primary_status), str(row.secondary_status),
                        row.max_utilisation, row.sap_detected, str(row.category_117), str(row.status),
                        row.likelihood, row.consequence, row.risk_score, str(row.risk_category), dict(row.details),
                        row.id, stored)


def _latest_snapshot(ctx: Context, well_id: int) -> IntegritySnapshot | None:
    return ctx.session.exec(select(IntegritySnapshot).where(IntegritySnapshot.well_id == well_id)
                            .order_by(col(IntegritySnapshot.id).desc()).limit(1)).first()


def _snapshot_values(view: SnapshotView, created_at: datetime) -> dict[str, Any]:
    """The columns of the snapshot recording ``view`` (plain values: a fleet recompute inserts 5,000 in bulk)."""
    return {"well_id": view.well_id, "computed_at": view.computed_at,
            "primary_status": BarrierStatus(view.primary_status),
            "secondary_status": BarrierStatus(view.secondary_status), "max_utilisation": view.max_utilisation,
            "sap_detected": view.sap_detected, "category_117": Category117(view.category_117),
            "status": StatusGAR(view.status), "likelihood": view.likelihood, "consequence": view.consequence,
            "risk_score": view.risk_score, "risk_category": RiskCategory(view.risk_category),
            "details": view.details, "created_at": created_at}


def _snapshot_row(view: SnapshotView) -> IntegritySnapshot:
    return IntegritySnapshot(**_snapshot_values(view, utcnow()))


def _category_event(ctx: Context, well: Well, view: SnapshotView, previous: IntegritySnapshot | None) -> None:
    """``snapshot.category_changed`` when the stored snapshot moved the well to another guideline 117 category."""
    before = str(previous.category_117) if previous is not None else None
    if before != view.category_117:
        emit_event(ctx, "snapshot.category_changed", {
            "well_id": well.id, "well_name": well.name, "category_117_before": before,
            "category_117": view.category_117, "status": view.status, "risk_category": view.risk_category,
            "risk_score": view.risk_score, "snapshot_id": view.id, "reason": view.details.get("reason")})


def _refresh(ctx: Context, well: Well | int, reason: str, now: datetime | None = None) -> SnapshotView:
    """Compute the well's integrity state; store a snapshot when it changed (see the module docstring)."""
    row = well if isinstance(well, Well) else _well(ctx, well)
    view = _compute(ctx, row, reason, _now(now))
    previous = _latest_snapshot(ctx, row.id or 0)
    if not _changed(view, previous):
        return view
    snap = _snapshot_row(view)
    ctx.session.add(snap)
    ctx.session.flush()
    view.id, view.stored = snap.id, True
    _category_event(ctx, row, view, previous)
    return view


@use_case("integrity.write")
def refresh_snapshot(ctx: Context, well_id: int, reason: str = "manual refresh") -> SnapshotView:
    """Recompute a well's integrity state now; a snapshot row is written only when the state changed."""
    return _refresh(ctx, well_id, str(reason or "manual refresh"))


@use_case("integrity.read")
def snapshot_history(ctx: Context, well_id: int, limit: int = 200) -> list[SnapshotView]:
    """A well's stored snapshots, newest first."""
    well = _well(ctx, well_id)
    n = max(1, min(int(limit), 2000)) if isinstance(limit, int) and not isinstance(limit, bool) else 200
    rows = ctx.session.exec(select(IntegritySnapshot).where(IntegritySnapshot.well_id == well.id)
                            .order_by(col(IntegritySnapshot.id).desc()).limit(n))
    return [_view(r) for r in rows]


@use_case("integrity.read")
def risk_matrix(ctx: Context) -> list[RiskCellRead]:
    """The 25 cells of the likelihood x consequence matrix in force (stored cells, defaults for missing ones)."""
    matrix = _matrix(ctx)
    return [RiskCellRead(likelihood=lk, consequence=co, category=cat, score=score)
            for (lk, co), (cat, score) in sorted(matrix.items())]


def _cell_input(likelihood_: Any, consequence_: Any, category: Any, score: Any) -> tuple[int, int, str, int]:
    errors: dict[str, str] = {}
    values: list[int] = []
    for name, value, lo, hi in (("likelihood", likelihood_, 1, 5), ("consequence", consequence_, 1, 5),
                                ("score", score, 0, 100)):
        ok = isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
        if not ok:
            errors[name] = f"give a whole number from {lo} to {hi}"
        values.append(value if ok else 0)
    if str(category) not in {c.value for c in RiskCellCategory}:
        errors["category"] = "choose low, medium, high or extreme"
    if errors:
        raise ValidationFailed(errors)
    return values[0], values[1], str(category), values[2]


@use_case("settings.write")
def set_risk_cell(ctx: Context, likelihood: int, consequence: int, category: str, score: int) -> RiskCellRead:
    """Change one cell of the risk matrix (admin); every well's snapshot is refreshed with the new matrix."""
    lk, co, cat, sc = _cell_input(likelihood, consequence, category, score)
    _matrix(ctx, seed=True)
    cell = ctx.session.exec(select(RiskMatrixCell).where(RiskMatrixCell.likelihood == lk,
                                                         RiskMatrixCell.consequence == co)).one()
    cell.category, cell.score, cell.updated_at = RiskCellCategory(cat), sc, utcnow()
    ctx.session.flush()
    wells = ctx.session.exec(select(IntegritySnapshot.well_id).distinct()).all()
    for well_id in wells:
        _refresh(ctx, well_id, f"risk matrix cell L{lk} x C{co} set to {cat} ({sc})")
    return RiskCellRead(likelihood=lk, consequence=co, category=cat, score=sc)

"""MAASP / MAWOP of the annuli: stored results with their inputs, recompute on change, what-if, drilling MAASP.

Every architecture, annulus and critical-point write calls ``_recompute_well`` in its own transaction, so the
cached ``annuli.maasp_bar`` / ``mawop_bar`` are always those of the current architecture. A recompute stores a
new ``MaaspResult`` only when the value or an input changed (``compute_annulus`` always stores one).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlmodel import col, select

from well_ops.domain.maasp import METHOD_VERSION, derive_points, drilling_maasp_bar, maasp
from well_ops.domain.maasp import MaaspResult as DomainResult
from well_ops.domain.mawop import MawopInputs, MawopPercents, mawop_bar
from well_ops.domain.units import bar_to_psi, sg_to_bar_per_m
from well_ops.models.integrity import Annulus, CasingString, MaaspResult
from well_ops.models.reports import DailyReport
from well_ops.models.schemas_integrity import GRADIENT_MAX_BAR_PER_M, GRADIENT_MIN_BAR_PER_M, MAX_PRESSURE_BAR
from well_ops.models.users import User
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _annulus, _finite, _well
from well_ops.services.integrity._maasp_build import Build, WellRows, _build, _load_rows
from well_ops.services.integrity.config import _config, _mawop_percents
from well_ops.services.integrity.snapshots import _refresh
from well_ops.services.integrity.views import DrillingMaaspView, InputChange, MaaspView, PointRow

_GRADIENTS = ("fluid_gradient_bar_per_m", "backup_fluid_gradient_bar_per_m", "inside_fluid_gradient_bar_per_m")


def _calc(ctx: Context, rows: WellRows, a: Annulus, overrides: dict[str, Any] | None = None,
          percents: MawopPercents | None = None) -> MaaspView:
    """Compute (not store) the MAASP / MAWOP of annulus ``a``; ``error`` says why when it cannot be computed."""
    percents = percents or _mawop_percents(_config(ctx))
    b = _build(rows, a, percents, overrides)
    view = MaaspView(a.id or 0, a.well_id, str(a.name), inputs=b.inputs, method_version=METHOD_VERSION,
                     notes=b.notes)
    result, error, mawop = _compute(b, percents)
    if result is None:
        view.error = error
        return view
    limiting = min(range(len(result.points)), key=lambda i: result.points[i].allowable_bar)
    view.points = [PointRow(p.name, str(p.kind), p.tvd_m, p.allowable_bar, bar_to_psi(p.allowable_bar), p.formula,
                            i == limiting) for i, p in enumerate(result.points)]
    view.maasp_bar, view.maasp_psi, view.limiting_point = result.maasp_bar, result.maasp_psi, result.limiting_point
    if mawop is not None:
        view.mawop_bar, view.mawop_limiting = mawop
        view.mawop_psi = bar_to_psi(view.mawop_bar)
    return view


def _compute(b: Build, percents: MawopPercents) -> tuple[DomainResult | None, str, tuple[float, str] | None]:
    """The domain results of a build: (MAASP result or None, why not, (MAWOP, its limiting term) or None)."""
    try:
        result = maasp(derive_points(b.spec) + b.extra, b.spec.fluid_gradient_bar_per_m)
    except ValueError as exc:
        return None, str(exc), None
    return result, "", mawop_bar(b.mawop, percents) if b.mawop is not None else None


def _point_rows(points: Sequence[Any]) -> list[dict[str, Any]]:
    """The stored per-point table (``MaaspResult.points``) of domain points or view rows."""
    return [{"name": p.name, "kind": str(p.kind), "tvd_m": p.tvd_m, "allowable_bar": p.allowable_bar,
             "formula": p.formula} for p in points]


def _latest_results(ctx: Context, annulus_id: int, n: int = 2) -> list[MaaspResult]:
    return list(ctx.session.exec(select(MaaspResult).where(MaaspResult.annulus_id == annulus_id)
                                 .order_by(col(MaaspResult.id).desc()).limit(n)))


def _store(ctx: Context, a: Annulus, view: MaaspView, reason: str, force: bool) -> None:
    """Cache the limits on the annulus; append a MaaspResult when forced or when the value or an input changed."""
    a.maasp_bar, a.mawop_bar = view.maasp_bar, view.mawop_bar
    if view.maasp_bar is None:
        return
    last = next(iter(_latest_results(ctx, a.id or 0, 1)), None)
    if _unchanged(last, view) and not force:
        return
    row = MaaspResult(**_result_values(a, view, reason, ctx.actor.user_id))
    ctx.session.add(row)
    ctx.session.flush()
    view.result_id, view.computed_at, view.saved, view.reason = row.id, row.computed_at, True, row.reason


def _unchanged(last: MaaspResult | LastResult | None, view: MaaspView) -> bool:
    """True when the latest stored result has the same inputs and (nearly) the same MAASP as ``view``."""
    return _same(last, view.inputs, view.maasp_bar)


class LastResult(NamedTuple):
    """The parts of an annulus's latest stored ``MaaspResult`` a recompute compares with (same attribute names)."""

    inputs: dict[str, Any]
    maasp_bar: float
    mawop_bar: float | None
    limiting_point: str
    method_version: str


def _same(last: MaaspResult | LastResult | None, inputs: dict[str, Any], maasp_bar: float | None) -> bool:
    if last is None or maasp_bar is None:
        return False
    return bool(last.inputs == inputs) and math.isclose(last.maasp_bar, maasp_bar)


def _result_values(a: Annulus, view: MaaspView, reason: str, user_id: int | None) -> dict[str, Any]:
    """The columns of the ``MaaspResult`` recording ``view`` (``computed_at`` / ``created_at`` by default)."""
    return _result_row(a.id or 0, view.maasp_bar, view.mawop_bar, view.limiting_point, _point_rows(view.points),
                       view.inputs, reason, user_id)


def _result_row(annulus_id: int, maasp_bar: float | None, mawop: float | None, limiting_point: str,
                points: list[dict[str, Any]], inputs: dict[str, Any], reason: str,
                user_id: int | None) -> dict[str, Any]:
    return {"annulus_id": annulus_id, "maasp_bar": maasp_bar, "mawop_bar": mawop,
            "limiting_point": limiting_point[:200], "method_version": METHOD_VERSION, "points": points,
            "inputs": inputs, "changed_by_id": user_id, "reason": reason[:500]}


def _stored_values(rows: WellRows, a: Annulus, percents: MawopPercents, last: LastResult | None = None) -> \
        tuple[float | None, float | None, str, list[dict[str, Any]], dict[str, Any]]:
    """What a fleet recompute stores for annulus ``a``: (MAASP, MAWOP, limiting point, per-point rows, inputs), the
    values of ``_calc`` (tested equal) without building its view (20,000 annuli). When ``last`` (the latest stored
    result) has the same inputs and method version, its values are the answer (a result is a function of its
    inputs and method, which is why both are stored): the points are not computed again and come back empty, as
    nothing is stored then."""
    b = _build(rows, a, percents)
    if last is not None and last.method_version == METHOD_VERSION and last.inputs == b.inputs:
        return last.maasp_bar, last.mawop_bar, last.limiting_point, [], b.inputs
    result, _error, mawop = _compute(b, percents)
    if result is None:
        return None, None, "", [], b.inputs
    return result.maasp_bar, mawop[0] if mawop else None, result.limiting_point, _point_rows(result.points), b.inputs


def _recompute_well(ctx: Context, well_id: int, reason: str) -> list[MaaspView]:
    """Recompute and store every annulus of the well, then refresh the well's integrity snapshot."""
    well = _well(ctx, well_id)
    rows = _load_rows(ctx, well)
    views = []
    for a in rows.annuli:
        view = _calc(ctx, rows, a)
        _store(ctx, a, view, reason, force=False)
        views.append(view)
    ctx.session.flush()
    _refresh(ctx, well, reason)
    return views


@use_case("integrity.write")
def compute_annulus(ctx: Context, annulus_id: int, reason: str) -> MaaspView:
    """Compute and store the MAASP / MAWOP of one annulus (always a new result, with the reason)."""
    a = _annulus(ctx, annulus_id)
    text = str(reason or "").strip()
    if not text:
        raise ValidationFailed({"reason": "Say why the MAASP is recomputed."})
    view = _calc(ctx, _load_rows(ctx, _well(ctx, a.well_id)), a)
    if view.error:
        raise ValidationFailed({"annulus": f"MAASP cannot be computed: {view.error}"})
    _store(ctx, a, view, text, force=True)
    _refresh(ctx, a.well_id, text)
    return _compare(ctx, view, _latest_results(ctx, a.id or 0, 2)[1:])


@use_case("integrity.write")
def recompute_well(ctx: Context, well_id: int, reason: str = "recompute") -> list[MaaspView]:
    """Recompute every annulus of a well (a result is stored where something changed), then refresh the snapshot."""
    return _recompute_well(ctx, well_id, str(reason or "recompute"))


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(d, dict):
        return {prefix: d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
    return out


def _compare(ctx: Context, view: MaaspView, previous: list[MaaspResult]) -> MaaspView:
    """Fill ``previous_maasp_bar``, ``delta_bar`` and ``changed_inputs`` against ``previous[0]`` (if any)."""
    if not previous or view.maasp_bar is None:
        return view
    old = previous[0]
    view.previous_maasp_bar, view.delta_bar = old.maasp_bar, view.maasp_bar - old.maasp_bar
    before, after = _flat(old.inputs), _flat(view.inputs)
    view.changed_inputs = [InputChange(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                           if before.get(k) != after.get(k)]
    return view


def _mawop_term(inputs: dict[str, Any]) -> str:
    """The limiting MAWOP term, reproduced from the stored inputs ("" when there was no MAWOP)."""
    try:
        return mawop_bar(MawopInputs(**inputs["mawop"]), MawopPercents(**inputs["mawop_percents"]))[1]
    except (KeyError, TypeError, ValueError):
        return ""


def _stored_view(ctx: Context, a: Annulus, row: MaaspResult) -> MaaspView:
    limiting = min(range(len(row.points)), key=lambda i: row.points[i]["allowable_bar"]) if row.points else -1
    points = [PointRow(p["name"], p["kind"], p["tvd_m"], p["allowable_bar"], bar_to_psi(p["allowable_bar"]),
                       p.get("formula", ""), i == limiting) for i, p in enumerate(row.points)]
    user = ctx.session.get(User, row.changed_by_id) if row.changed_by_id else None
    return MaaspView(a.id or 0, a.well_id, str(a.name), row.maasp_bar, bar_to_psi(row.maasp_bar), row.mawop_bar,
                     bar_to_psi(row.mawop_bar) if row.mawop_bar is not None else None, _mawop_term(row.inputs),
                     row.limiting_point,
                     points, dict(row.inputs), row.method_version, row.computed_at, row.reason, row.changed_by_id,
                     user.full_name if user else "System", row.id, True)


@use_case("integrity.read")
def maasp_view(ctx: Context, annulus_id: int) -> MaaspView:
    """The latest stored MAASP result with its table, limiting point, inputs and what changed since the previous."""
    a = _annulus(ctx, annulus_id)
    results = _latest_results(ctx, a.id or 0, 2)
    if not results:
        view = _calc(ctx, _load_rows(ctx, _well(ctx, a.well_id)), a)
        return MaaspView(a.id or 0, a.well_id, str(a.name), notes=view.notes,
                         error=view.error or "No MAASP result stored yet.")
    return _compare(ctx, _stored_view(ctx, a, results[0]), results[1:])


def _positive(value: Any, key: str, lo: float = 0.0, hi: float = MAX_PRESSURE_BAR) -> float:
    number = _finite(value)
    if number is None or not lo < number <= hi:
        raise ValidationFailed({f"overrides.{key}": f"give a number above {lo:g} and at most {hi:g}"})
    return number


def _ratings(value: Any, key: str, known: dict[int, Any]) -> dict[int, dict[str, float]]:
    if not isinstance(value, dict):
        raise ValidationFailed({f"overrides.{key}": "give {string id: {burst_rating_bar, collapse_rating_bar}}"})
    clean: dict[int, dict[str, float]] = {}
    for raw_id, ratings in value.items():
        text = str(raw_id)
        sid = int(text) if text.isascii() and text.isdigit() and len(text) < 19 else -1  # not '²', not huge
        if sid not in known or not isinstance(ratings, dict):
            raise ValidationFailed({f"overrides.{key}.{raw_id}": "not a string of this well"})
        for name, rating in ratings.items():
            if name not in ("burst_rating_bar", "collapse_rating_bar"):
                raise ValidationFailed({f"overrides.{key}.{raw_id}.{name}": "only burst_rating_bar and "
                                                                             "collapse_rating_bar can be changed"})
            clean.setdefault(sid, {})[name] = _positive(rating, f"{key}.{raw_id}.{name}")
    return clean


def _overrides(data: Any, rows: WellRows) -> dict[str, Any]:
    """Validated what-if overrides (SI): gradients, string ratings by id, wellhead rating."""
    if not isinstance(data, dict):
        raise ValidationFailed({"overrides": "give an object of values to change"})
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key in _GRADIENTS:
            clean[key] = _positive(value, key, GRADIENT_MIN_BAR_PER_M - 1e-12, GRADIENT_MAX_BAR_PER_M)
        elif key == "wellhead_rating_bar":
            clean[key] = _positive(value, key)
        elif key in ("casing_ratings", "tubing_ratings"):
            clean[key] = _ratings(value, key, rows.casings if key == "casing_ratings" else rows.tubings)
        else:
            raise ValidationFailed({f"overrides.{key}": "cannot be changed in a what-if"})
    return clean


@use_case("integrity.read")
def what_if(ctx: Context, annulus_id: int, overrides: dict[str, Any]) -> MaaspView:
    """MAASP / MAWOP with some inputs changed, NOT saved; compared with the latest stored result.

    ``overrides`` (SI): ``fluid_gradient_bar_per_m``, ``backup_fluid_gradient_bar_per_m``,
    ``inside_fluid_gradient_bar_per_m``, ``wellhead_rating_bar``, and ``casing_ratings`` / ``tubing_ratings``:
    ``{string_id: {"burst_rating_bar": x, "collapse_rating_bar": y}}``.
    """
    a = _annulus(ctx, annulus_id)
    rows = _load_rows(ctx, _well(ctx, a.well_id))
    view = _calc(ctx, rows, a, _overrides(overrides, rows))
    view.reason = "what-if (not saved)"
    return _compare(ctx, view, _latest_results(ctx, a.id or 0, 1))


@use_case("integrity.read")
def drilling_maasp(ctx: Context, well_id: int) -> DrillingMaaspView:
    """Drilling-phase MAASP (shoe only): deepest casing shoe's frac gradient vs the latest reported mud weight."""
    well = _well(ctx, well_id)
    shoe = ctx.session.exec(select(CasingString).where(CasingString.well_id == well.id)
                            .order_by(col(CasingString.bottom_md_m).desc(), col(CasingString.id)).limit(1)).first()
    if shoe is None:
        return DrillingMaaspView(well.id or 0, error="No casing recorded for this well.")
    frac = shoe.shoe_frac_gradient_bar_per_m

    def view(**kw: Any) -> DrillingMaaspView:
        return DrillingMaaspView(well.id or 0, shoe.id, shoe.name, shoe.bottom_tvd_m, frac, **kw)
    if frac is None:
        return view(error=f"No formation strength (LOT / FIT) recorded at the {shoe.name} shoe.")
    report = ctx.session.exec(select(DailyReport).where(DailyReport.well_id == well.id,
                                                        col(DailyReport.mud_density_sg).is_not(None))
                              .order_by(col(DailyReport.report_date).desc()).limit(1)).first()
    if report is None or report.mud_density_sg is None:
        return view(error="No daily report with a mud weight for this well.")
    mud = sg_to_bar_per_m(report.mud_density_sg)
    value = drilling_maasp_bar(shoe.bottom_tvd_m, frac, mud)
    return view(mud_density_sg=report.mud_density_sg, mud_gradient_bar_per_m=mud, report_date=report.report_date,
                maasp_bar=value, maasp_psi=bar_to_psi(value),
                formula=f"({frac:.4g} - {mud:.4g}) x {shoe.bottom_tvd_m:.6g} m = {value:.1f} bar")

"""From the stored architecture to the domain's MAASP / MAWOP inputs (``AnnulusSpec``, extra points, MAWOP inputs).

Which rows feed which critical point (``domain.maasp.derive_points`` does the arithmetic):
- outer string burst: the annulus' outer casing (burst rating, shoe TVD), backed up by the annulus'
  ``backup_fluid_gradient_bar_per_m``; inner string collapse: its inner casing or tubing, with
  ``inside_fluid_gradient_bar_per_m`` inside (gas in tubing); both with the annulus' design factors;
- formation at the outer shoe: the outer casing's ``shoe_frac_gradient_bar_per_m`` (when the shoe is exposed);
- packer (annulus A only): the shallowest ``packer`` completion element with a rating, the well's reservoir
  gradient below (``reservoir_gradient_bar_per_m``, else reservoir pressure / reservoir TVD);
- wellhead: the lowest rating of the ``wellhead_section`` completion elements (every annulus);
- tubing hanger (annulus A): each rated ``tubing_hanger`` element, a surface-rated point;
- liner hanger (annulus A): each rated ``liner_hanger`` element at or above the packer (exposed to annulus A);
- test pressure: the annulus' ``test_pressure_bar`` (a plain cap);
- manual points: the annulus' critical points with ``source == "manual"``, times the annulus ``safety_factor``.
MAWOP: the outer casing (evaluated), the next outer casing (the smallest casing outside it that reaches at least
as shallow, conductors excluded; none = the outer casing is the outermost) and the inner string's collapse.
"""

from __future__ import annotations

import collections
import functools
import types
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from well_ops.domain.maasp import AnnulusSpec, CriticalPoint, PointKind, StringSpec
from well_ops.domain.mawop import MawopInputs, MawopPercents
from well_ops.models.drilling import Well
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
from well_ops.services.audit_trail import jsonable
from well_ops.services.context import Context


@dataclass
class WellRows:
    """The architecture rows of one well, loaded in five queries."""

    well: Well
    casings: dict[int, CasingString]
    tubings: dict[int, TubingString]
    completion: list[CompletionElement]
    annuli: list[Annulus]
    manual: dict[int, list[AnnulusCriticalPoint]]
    cache: dict[Any, Any] = field(default_factory=dict)   # per-well parts shared by its annuli (``_shared``)


@dataclass
class Build:
    spec: AnnulusSpec
    extra: list[CriticalPoint]
    mawop: MawopInputs | None
    inputs: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _load_rows(ctx: Context, well: Well) -> WellRows:
    s, wid = ctx.session, well.id
    casings = {c.id: c for c in s.exec(select(CasingString).where(CasingString.well_id == wid)) if c.id}
    tubings = {t.id: t for t in s.exec(select(TubingString).where(TubingString.well_id == wid)) if t.id}
    completion = list(s.exec(select(CompletionElement).where(CompletionElement.well_id == wid)
                             .order_by(col(CompletionElement.depth_tvd_m), col(CompletionElement.id))))
    annuli = list(s.exec(select(Annulus).where(Annulus.well_id == wid).order_by(col(Annulus.name))))
    manual: dict[int, list[AnnulusCriticalPoint]] = {a.id: [] for a in annuli if a.id}
    if manual:
        points = s.exec(select(AnnulusCriticalPoint).where(col(AnnulusCriticalPoint.annulus_id).in_(list(manual)),
                                                           AnnulusCriticalPoint.source == "manual")
                        .order_by(col(AnnulusCriticalPoint.id)))
        for p in points:
            manual[p.annulus_id].append(p)
    return WellRows(well, casings, tubings, completion, annuli, manual)


@functools.lru_cache(maxsize=16)
def _row_type(name: str, keys: tuple[str, ...]) -> Any:
    return collections.namedtuple(f"{name}Row", keys)  # type: ignore[misc]


def _load_many(ctx: Context, wells: list[Well], every_well: bool = False) -> dict[int, WellRows]:
    """The architecture rows of many wells in five queries (``every_well``: no well filter), same order as
    ``_load_rows`` per well. Plain rows, not ORM instances (read-only: the caller writes in bulk); the annuli as
    namespaces with the same attributes as ``Annulus``."""
    s, ids = ctx.session, [w.id for w in wells if w.id]

    def of(model: Any) -> Any:
        query = select(model)
        return query if every_well else query.where(col(model.well_id).in_(ids))

    def rows_of(model: Any, *order: Any) -> list[Any]:
        """Read-only rows as named tuples (types processed by the query: enums, UTC times), not ORM objects: the
        MAASP build only reads them, and 60,000 ORM instances cost more than the whole computation (a Core row's
        attribute access is slower than a named tuple's too)."""
        table = model.__table__
        query = sa.select(table) if every_well else sa.select(table).where(table.c.well_id.in_(ids))
        result = connection.execute(query.order_by(*order))
        make = _row_type(model.__name__, tuple(result.keys()))._make
        return [make(r) for r in result.all()]      # all(): one fetch, not one driver call per row
    out = {w.id: WellRows(w, {}, {}, [], [], {}) for w in wells if w.id}
    connection = s.connection()
    for c in rows_of(CasingString):
        if c.well_id in out and c.id:
            out[c.well_id].casings[c.id] = c
    for t in rows_of(TubingString):
        if t.well_id in out and t.id:
            out[t.well_id].tubings[t.id] = t
    completion = CompletionElement.__table__.c  # type: ignore[attr-defined]
    for e in rows_of(CompletionElement, completion.depth_tvd_m, completion.id):
        if e.well_id in out:
            out[e.well_id].completion.append(e)
    annuli: dict[int, Any] = {}
    table = Annulus.__table__  # type: ignore[attr-defined]
    query = sa.select(table) if every_well else sa.select(table).where(table.c.well_id.in_(ids))
    result = connection.execute(query.order_by(table.c.well_id, table.c.name))
    keys = tuple(result.keys())
    for row in result.all():   # the annulus's columns, no ORM: read ~50 times per annulus, and the fleet sets the
        a = types.SimpleNamespace(**dict(zip(keys, row, strict=True)))     # new limits on it (then one bulk UPDATE)
        if a.well_id in out and a.id:
            out[a.well_id].annuli.append(a)
            out[a.well_id].manual[a.id] = []
            annuli[a.id] = a
    points = select(AnnulusCriticalPoint).where(AnnulusCriticalPoint.source == "manual")
    if not every_well:
        points = points.join(Annulus, col(Annulus.id) == AnnulusCriticalPoint.annulus_id).where(
            col(Annulus.well_id).in_(ids))
    for p in s.exec(points.order_by(col(AnnulusCriticalPoint.id))):
        if p.annulus_id in annuli:
            out[annuli[p.annulus_id].well_id].manual[p.annulus_id].append(p)
    return out


def _rating(overrides: dict[str, Any], kind: str, row_id: int | None, name: str, default: float) -> float:
    """A string's rating, or its what-if override (``overrides["casing_ratings"][id]["burst_rating_bar"]``)."""
    value = overrides.get(f"{kind}_ratings", {}).get(row_id, {}).get(name)
    return float(value) if value is not None else default


def _casing_spec(c: CasingString, ov: dict[str, Any]) -> StringSpec:
    return StringSpec(c.name, _rating(ov, "casing", c.id, "burst_rating_bar", c.burst_rating_bar),
                      _rating(ov, "casing", c.id, "collapse_rating_bar", c.collapse_rating_bar),
                      c.bottom_tvd_m, c.top_of_cement_tvd_m, c.shoe_frac_gradient_bar_per_m)


def _tubing_spec(t: TubingString, ov: dict[str, Any]) -> StringSpec:
    return StringSpec(t.name, _rating(ov, "tubing", t.id, "burst_rating_bar", t.burst_rating_bar),
                      _rating(ov, "tubing", t.id, "collapse_rating_bar", t.collapse_rating_bar),
                      t.bottom_tvd_m, None, None)


def _reservoir_gradient(well: Well) -> float | None:
    if well.reservoir_gradient_bar_per_m is not None:
        return well.reservoir_gradient_bar_per_m
    if well.reservoir_pressure_bar is not None and well.reservoir_tvd_m:
        return well.reservoir_pressure_bar / well.reservoir_tvd_m
    return None


def _rated(rows: WellRows, kind: CompletionElementKind) -> list[CompletionElement]:
    return [e for e in rows.completion if e.kind == kind and e.pressure_rating_bar is not None]


def _packer(rows: WellRows, notes: list[str]) -> tuple[float, float] | None:
    """(tvd_m, rating_bar) of the shallowest rated packer; unrated packers are noted."""
    for e in rows.completion:
        if e.kind == CompletionElementKind.packer and e.pressure_rating_bar is None:
            notes.append(f"packer {e.name!r} has no pressure rating: it is not a critical point")
    rated = _rated(rows, CompletionElementKind.packer)
    return (rated[0].depth_tvd_m, float(rated[0].pressure_rating_bar or 0.0)) if rated else None


def _wellhead(rows: WellRows, ov: dict[str, Any]) -> float | None:
    if ov.get("wellhead_rating_bar") is not None:
        return float(ov["wellhead_rating_bar"])
    ratings = [e.pressure_rating_bar for e in _rated(rows, CompletionElementKind.wellhead_section)]
    return min(r for r in ratings if r is not None) if ratings else None


def _a_points(rows: WellRows, packer: tuple[float, float] | None) -> list[CriticalPoint]:
    """Annulus A's surface-rated extras: tubing hangers, and liner hangers at or above the packer."""
    extra = [CriticalPoint(e.name, PointKind.hanger, 0.0, e.pressure_rating_bar)
             for e in _rated(rows, CompletionElementKind.tubing_hanger)]
    for e in _rated(rows, CompletionElementKind.liner_hanger):
        if packer is None or e.depth_tvd_m <= packer[0]:
            extra.append(CriticalPoint(e.name, PointKind.liner_hanger, e.depth_tvd_m, e.pressure_rating_bar))
    return extra


def _next_outer(rows: WellRows, outer: CasingString) -> CasingString | None:
    """The smallest casing outside ``outer`` reaching at least as shallow (conductors excluded)."""
    outside = [c for c in rows.casings.values() if c.id != outer.id and c.kind != CasingKind.conductor
               and c.od_mm > outer.od_mm and c.top_md_m <= outer.top_md_m]
    return min(outside, key=lambda c: c.od_mm) if outside else None


_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset({float, int, str, bool, type(None)})


def _plain(value: Any) -> Any:
    """``jsonable(asdict(value))`` without ``asdict``'s deep copies (a fleet recompute builds 20,000 of these)."""
    kind = type(value)
    if kind in (float, int, str, bool) or value is None:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in fields(value))
        return {name: v if type(v) in _SCALARS else _plain(v)   # scalars inline: no call per float
                for name in names for v in (getattr(value, name),)}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return jsonable(value)


def _shared(rows: WellRows, key: Any, make: Callable[[], Any]) -> Any:
    """A part of the inputs that depends on the well only (a string's spec and its plain form, the packer, the
    wellhead rating, ...): computed once per well, shared by its annuli (not used with what-if overrides)."""
    found = rows.cache.get(key, rows)
    if found is rows:
        found = rows.cache[key] = make()
    return found


def _packer_and_notes(rows: WellRows) -> tuple[tuple[float, float] | None, list[str]]:
    notes: list[str] = []
    return _packer(rows, notes), notes


def _build(rows: WellRows, a: Annulus, percents: MawopPercents, ov: dict[str, Any] | None = None) -> Build:
    """The domain inputs of annulus ``a`` (``ov``: what-if overrides, already validated). The parts that depend on
    the well only (string specs and their plain form, packer, wellhead, hangers, next outer casing) are computed
    once per well and shared by its annuli (a fleet recompute builds 20,000), except under overrides."""
    ov = ov or {}

    def part(key: Any, make: Callable[[], Any]) -> Any:
        return make() if ov else _shared(rows, key, make)

    notes: list[str] = []
    is_a = a.name == AnnulusName.A
    packer = None
    if is_a:
        packer, packer_notes = part("packer", lambda: _packer_and_notes(rows))
        notes.extend(packer_notes)
    outer_row = rows.casings.get(a.outer_casing_id or 0)
    outer = part(("casing", outer_row.id), lambda: _casing_spec(outer_row, ov)) if outer_row else None
    inner: StringSpec | None = None
    if a.inner_tubing_id is not None and a.inner_tubing_id in rows.tubings:
        tubing = rows.tubings[a.inner_tubing_id]
        inner = part(("tubing", tubing.id), lambda: _tubing_spec(tubing, ov))
    elif a.inner_casing_id is not None and a.inner_casing_id in rows.casings:
        casing = rows.casings[a.inner_casing_id]
        inner = part(("casing", casing.id), lambda: _casing_spec(casing, ov))
    spec = AnnulusSpec(
        name=str(a.name.value if hasattr(a.name, "value") else a.name),
        fluid_gradient_bar_per_m=float(ov.get("fluid_gradient_bar_per_m", a.fluid_gradient_bar_per_m)),
        backup_gradient_bar_per_m=float(ov.get("backup_fluid_gradient_bar_per_m",
                                               a.backup_fluid_gradient_bar_per_m)),
        inside_gradient_bar_per_m=float(ov.get("inside_fluid_gradient_bar_per_m",
                                               a.inside_fluid_gradient_bar_per_m)),
        inner=inner, outer=outer, burst_design_factor=a.burst_design_factor,
        collapse_design_factor=a.collapse_design_factor, packer=packer,
        reservoir_gradient_bar_per_m=part("reservoir", lambda: _reservoir_gradient(rows.well)) if is_a else None,
        wellhead_rating_bar=part("wellhead", lambda: _wellhead(rows, ov)), test_pressure_bar=a.test_pressure_bar,
        manual=tuple((p.name, p.tvd_m, p.pressure_limit_bar) for p in rows.manual.get(a.id or 0, [])),
        manual_multiplier=a.safety_factor)
    extra = part("a_points", lambda: _a_points(rows, packer)) if is_a else []
    mawop = None
    if outer_row is None:
        notes.append("no outer casing: MAWOP is not computed")
    else:
        nxt = part(("next_outer", outer_row.id), lambda: _next_outer(rows, outer_row))
        mawop = MawopInputs(
            evaluated_miyp_bar=_rating(ov, "casing", outer_row.id, "burst_rating_bar", outer_row.burst_rating_bar),
            next_outer_miyp_bar=_rating(ov, "casing", nxt.id, "burst_rating_bar", nxt.burst_rating_bar) if nxt
            else None, inner_collapse_bar=inner.collapse_bar if inner else None, outermost=nxt is None)
    plain_spec = {name: getattr(spec, name) for name in _spec_fields()}    # = _plain(spec), string specs shared
    plain_spec["inner"] = None if inner is None else part(("plain", id(inner)), lambda: _plain(inner))
    plain_spec["outer"] = None if outer is None else part(("plain", id(outer)), lambda: _plain(outer))
    plain_spec["packer"] = list(packer) if packer is not None else None
    plain_spec["manual"] = [list(m) for m in spec.manual]
    inputs = {"spec": plain_spec,
              "extra_points": part("a_points_plain", lambda: [_plain(p) for p in extra]) if is_a else [],
              "mawop": _plain(mawop) if mawop else None, "mawop_percents": part("percents", lambda: _plain(percents))}
    return Build(spec, list(extra), mawop, inputs, notes)


def _spec_fields() -> tuple[str, ...]:
    names = _FIELDS.get(AnnulusSpec)
    if names is None:
        names = _FIELDS[AnnulusSpec] = tuple(f.name for f in fields(AnnulusSpec))
    return names

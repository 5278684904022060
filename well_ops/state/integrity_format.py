"""Formatting of integrity results for the pages (text only: every number comes computed from the services)."""

from __future__ import annotations

from typing import Any

from well_ops.domain.units import bar_to_psi
from well_ops.models.schemas_annuli import AnnulusRead
from well_ops.services.integrity.views import ChartSeries, IngestResult, LatestReading, MaaspView, SapView
from well_ops.services.integrity.views_fleet import SnapshotView
from well_ops.state.base import fmt_dt, fmt_num

RISK_COLOURS = {"L": "green", "M": "amber", "H": "red"}
CELL_COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "extreme": "red"}


def bar_psi(value: float | None, digits: int = 1) -> str:
    """'44.9 bar (652 psi)' or '—'."""
    return "—" if value is None else f"{value:.{digits}f} bar ({bar_to_psi(value):.0f} psi)"


def snapshot_texts(s: SnapshotView | None) -> dict[str, str]:
    """The header badges: category and status, risk, envelopes; ``why`` says when the annulus pressures raised the
    category above what the envelopes alone give (docs/integrity.md, escalation)."""
    if s is None:
        return {"label": "No snapshot yet", "category": "", "status": "none", "risk": "—", "risk_colour": "gray",
                "score": "—", "primary": "—", "secondary": "—", "computed": "never", "cell": "—", "util": "—",
                "why": ""}
    util = s.max_utilisation
    envelope = str((s.details or {}).get("envelope_category") or s.category_117)
    why = "" if envelope == s.category_117 else (
        f"Raised from {envelope} (barrier envelopes) to {s.category_117} by the annulus pressures: "
        + ("latest pressure above MAASP" if util is not None and util > 1 else "sustained annulus pressure") + ".")
    return {"label": f"Category {s.category_117} · {s.status}", "category": s.category_117, "status": s.status,
            "risk": s.risk_category or "—", "risk_colour": RISK_COLOURS.get(s.risk_category, "gray"),
            "score": fmt_num(s.risk_score, 0), "primary": s.primary_status, "secondary": s.secondary_status,
            "computed": fmt_dt(s.computed_at), "cell": f"L{s.likelihood} x C{s.consequence}",
            "util": "—" if util is None else f"{util:.0%}", "why": why}


def annulus_card(a: AnnulusRead, latest: LatestReading | None, utilisation: float | None) -> dict[str, str]:
    pct = None if utilisation is None else max(0.0, min(utilisation, 1.5))
    return {"id": str(a.id), "name": str(a.name), "fluid": a.fluid_type or "—",
            "strings": f"{a.inner_string_name or '—'} / {a.outer_string_name or '—'}",
            "gradient": f"{a.fluid_gradient_bar_per_m:.4f} bar/m", "backup": f"{a.backup_fluid_gradient_bar_per_m:.4f}"
            " bar/m", "inside": f"{a.inside_fluid_gradient_bar_per_m:.4f} bar/m",
            "mop": bar_psi(a.mop_bar), "mawop": bar_psi(a.mawop_bar), "maasp": bar_psi(a.maasp_bar),
            "util": "—" if utilisation is None else f"{utilisation:.0%}",
            "util_bar": "0" if pct is None else str(round(pct * 100 / 1.5)),
            "over": "1" if (utilisation or 0) > 1 else "",
            "latest": "no reading" if latest is None else f"{bar_psi(latest.pressure_bar, 2)} at "
                                                           f"{fmt_dt(latest.measured_at)} ({latest.source})",
            "warnings": "; ".join(a.warnings)}


def utilisations(s: SnapshotView | None) -> dict[int, float | None]:
    rows = (s.details or {}).get("annuli", []) if s is not None else []
    return {int(r["annulus_id"]): r.get("utilisation") for r in rows if isinstance(r, dict)}


def maasp_texts(v: MaaspView) -> dict[str, Any]:
    points = [{"name": p.name, "kind": p.kind, "tvd": f"{p.tvd_m:.0f}", "bar": f"{p.allowable_bar:.1f}",
               "psi": f"{p.allowable_psi:.0f}", "formula": p.formula, "limiting": "1" if p.limiting else ""}
              for p in v.points]
    changes = [f"{c.key}: {c.before} -> {c.after}" for c in v.changed_inputs]
    if v.previous_maasp_bar is not None:
        changes.insert(0, f"MAASP {v.previous_maasp_bar:.1f} -> {bar_psi(v.maasp_bar)} "
                          f"(delta {fmt_num(v.delta_bar, 1)} bar)")
    inputs = [f"{k}: {val}" for k, val in sorted(_flat(v.inputs).items())]
    return {"summary": {"maasp": bar_psi(v.maasp_bar), "mawop": bar_psi(v.mawop_bar), "limiting": v.limiting_point,
                        "mawop_limiting": v.mawop_limiting, "version": v.method_version or "—",
                        "computed": fmt_dt(v.computed_at) or "—", "reason": v.reason, "by": v.changed_by_name,
                        "error": v.error, "saved": "1" if v.saved else ""},
            "points": points, "changes": changes or ["no change vs the previous result"], "inputs": inputs[:80],
            "notes": list(v.notes)}


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(d, dict):
        return {prefix: d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
    return out


def chart_texts(c: ChartSeries) -> dict[str, Any]:
    """Plotly-ready lists: the series, one two-point line per limit, exceedances, bleed / SAP annotations."""
    ends = [c.start, c.end]
    line = lambda v: ([], []) if v is None else (ends, [v, v])  # noqa: E731
    notes = [{"x": b.time, "y": b.pressure_bar, "text": "bleed", "showarrow": True, "arrowhead": 2, "ax": 0,
              "ay": -30} for b in c.bleeds[:50]]
    notes += [{"x": e.start, "y": e.pre_bar, "text": e.label, "showarrow": True, "arrowhead": 1, "ax": 20,
               "ay": -45, "font": {"size": 10}} for e in c.sap_episodes[:20]]
    return {"times": c.times, "pressures": c.pressures_bar, "temps": [t for t in c.temperatures_c],
            **{f"{k}_{axis}": xy[i] for k, v in (("maasp", c.maasp_bar), ("mawop", c.mawop_bar), ("mop", c.mop_bar))
               for xy in [line(v)] for i, axis in enumerate("xy")},
            "exc_x": [p.time for p in c.exceedances], "exc_y": [p.pressure_bar for p in c.exceedances],
            "exc_text": [p.label for p in c.exceedances], "annotations": notes,
            "total": f"{len(c.times)} of {c.total_points} readings shown"}


def sap_texts(v: SapView) -> dict[str, str]:
    return {"status": v.status, "detected": "1" if v.detected else "", "action": "yes" if v.action_required else "no",
            "rebuild": "—" if v.rebuild_fraction is None else f"{v.rebuild_fraction:.0%}",
            "window": f"{fmt_dt(v.window_start)} to {fmt_dt(v.window_end)}", "count": str(v.reading_count)}


def ingest_lines(r: IngestResult) -> list[str]:
    return [f"{e.kind.upper()} exceeded: {bar_psi(e.pressure_bar, 2)} > {bar_psi(e.limit_bar, 2)} at "
            f"{fmt_dt(e.measured_at)} — task #{e.task_id}{' raised' if e.task_created else ' (already open)'}"
            for e in r.exceedances]

"""What-if MAASP panel of the well integrity page: change gradients or ratings, see the MAASP, save nothing.

Thin: parse the form (blank = keep today's value, units converted in ``domain/units.py``), call
``integrity.what_if`` (a read use-case: no MAASP result, no audit row) and format both results side by side.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from well_ops.domain.units import bar_per_m_to_sg, bar_to_psi, psi_per_ft_to_bar_per_m, psi_to_bar, sg_to_bar_per_m
from well_ops.services import integrity
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity.views import MaaspView
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_num
from well_ops.state.integrity_format import bar_psi
from well_ops.state.integrity_well import IntegrityWellState

GRADIENT_UNITS = ("bar/m", "psi/ft", "sg")
PRESSURE_UNITS = ("bar", "psi")
GRADIENT_FIELDS = {"fluid_gradient_bar_per_m": "Annulus fluid gradient",
                   "backup_fluid_gradient_bar_per_m": "Backup (outside) gradient",
                   "inside_fluid_gradient_bar_per_m": "Inside (inner string) gradient"}
_TO_BAR_PER_M = {"bar/m": float, "psi/ft": psi_per_ft_to_bar_per_m, "sg": sg_to_bar_per_m}


def _number(raw: Any, key: str, errors: dict[str, str]) -> float | None:
    """The number typed in field ``key`` (None when blank); a parse error goes into ``errors[key]``."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[key] = "give a number"
        return None


def parse_overrides(form: dict[str, Any], rating_keys: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Service overrides (SI) from the form, and the field errors of what could not be read."""
    form = form if isinstance(form, dict) else {}
    errors: dict[str, str] = {}
    overrides: dict[str, Any] = {}
    g_unit = str(form.get("gradient_unit") or "bar/m")
    p_unit = str(form.get("pressure_unit") or "bar")
    if g_unit not in GRADIENT_UNITS or p_unit not in PRESSURE_UNITS:
        return {}, {"form": "unknown unit"}
    for key in GRADIENT_FIELDS:
        value = _number(form.get(key), key, errors)
        if value is not None:
            overrides[key] = _TO_BAR_PER_M[g_unit](value)
    to_bar = psi_to_bar if p_unit == "psi" else float
    for key in ("wellhead_rating_bar", *rating_keys):
        value = _number(form.get(key), key, errors)
        if value is None:
            continue
        if key == "wellhead_rating_bar":
            overrides[key] = to_bar(value)
        else:  # "casing_ratings.12.burst_rating_bar"
            group, sid, name = key.split(".")
            overrides.setdefault(group, {}).setdefault(sid, {})[name] = to_bar(value)
    if not overrides and not errors:
        errors["form"] = "Change at least one value (blank fields keep today's value)."
    return overrides, errors


def field_errors(exc: ValidationFailed, fields: list[str]) -> dict[str, str]:
    """The service's ``overrides.<field>`` errors keyed by the form field ("form" for any other error)."""
    out: dict[str, str] = {}
    for key, message in exc.errors.items():
        name = key.removeprefix("overrides.")
        if name in fields:
            out[name] = message
        else:
            out["form"] = f"{out['form']}; " if "form" in out else ""
            out["form"] += message if key == "__all__" else f"{name}: {message}"
    return out


def rating_fields(arch: Any, annulus_id: int) -> list[dict[str, str]]:
    """The burst / collapse fields of the strings bounding the annulus (outer casing, inner casing or tubing)."""
    a = next((x for x in arch.annuli if x.id == annulus_id), None)
    if a is None:
        return []
    strings = [("casing_ratings", a.outer_casing_id, {c.id: c for c in arch.casings}, "outer"),
               ("casing_ratings", a.inner_casing_id, {c.id: c for c in arch.casings}, "inner"),
               ("tubing_ratings", a.inner_tubing_id, {t.id: t for t in arch.tubing}, "inner")]
    out = []
    for group, sid, rows, side in strings:
        if sid is None or sid not in rows:
            continue
        row = rows[sid]
        for name, label in (("burst_rating_bar", "burst"), ("collapse_rating_bar", "collapse")):
            out.append({"key": f"{group}.{sid}.{name}", "label": f"{row.name} ({side}) {label} rating",
                        "current": bar_psi(getattr(row, name), 0)})
    return out


def current_values(arch: Any, now: MaaspView) -> dict[str, str]:
    """The annulus' gradients and wellhead rating today (``now``: a what-if with nothing changed), shown next to
    the blank fields."""
    a = next(x for x in arch.annuli if x.id == now.annulus_id)
    out = {k: f"{getattr(a, k):.4f} bar/m ({bar_per_m_to_sg(getattr(a, k)):.3f} sg)" for k in GRADIENT_FIELDS}
    wellhead = (now.inputs.get("spec") or {}).get("wellhead_rating_bar")
    out["wellhead_rating_bar"] = bar_psi(wellhead, 0) if wellhead is not None else "none recorded"
    return out


def compare_rows(stored: MaaspView, what: MaaspView) -> list[dict[str, str]]:
    """One row per critical point: stored and what-if MAASP_i and the difference (matched by point name)."""
    before = {p.name: p for p in stored.points}
    names = [p.name for p in what.points] + [n for n in before if n not in {p.name for p in what.points}]
    after = {p.name: p for p in what.points}
    rows = []
    for name in names:
        old, new = before.get(name), after.get(name)
        delta = None if old is None or new is None else new.allowable_bar - old.allowable_bar
        rows.append({"name": name, "kind": (new or old).kind if (new or old) else "",
                     "stored": bar_psi(old.allowable_bar) if old else "—",
                     "what_if": bar_psi(new.allowable_bar) if new else "—",
                     "delta": "—" if delta is None else f"{delta:+.1f} bar",
                     "limiting": "1" if new is not None and new.limiting else "",
                     "changed": "1" if delta is not None and abs(delta) >= 0.05 else "",
                     "formula": new.formula if new else ""})
    return rows


def summary(stored: MaaspView, what: MaaspView) -> dict[str, str]:
    delta = None if stored.maasp_bar is None or what.maasp_bar is None else what.maasp_bar - stored.maasp_bar
    return {"stored": bar_psi(stored.maasp_bar), "stored_limiting": stored.limiting_point or "—",
            "what_if": bar_psi(what.maasp_bar), "what_if_bar": fmt_num(what.maasp_bar, 1),
            "what_if_limiting": what.limiting_point or "—",
            "delta": "—" if delta is None else _signed(delta),
            "stored_mawop": bar_psi(stored.mawop_bar), "what_if_mawop": bar_psi(what.mawop_bar),
            "error": what.error, "notes": "; ".join(what.notes),
            "negative": "1" if what.maasp_bar is not None and what.maasp_bar < 0 else ""}


def _signed(delta_bar: float) -> str:
    """'-57.6 bar (-835 psi)'."""
    return f"{delta_bar:+.1f} bar ({bar_to_psi(delta_bar):+.0f} psi)"


class IntegrityWhatIfState(rx.State):
    annulus_id: str = ""
    form_key: int = 0
    current: dict[str, str] = {}
    ratings: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    result: dict[str, str] = {}
    points: list[dict[str, str]] = []

    def _blank(self) -> None:
        self.annulus_id, self.current, self.ratings = "", {}, []
        self.errors, self.result, self.points = {}, {}, []
        self.form_key += 1

    @rx.event
    def clear(self):
        """Forget the previous well's what-if (the panel mounts on every well page)."""
        self._blank()

    @rx.event
    async def select_annulus(self, annulus_id: str):
        well = await self.get_state(IntegrityWellState)
        if str(annulus_id) not in [a["id"] for a in well.annuli]:
            return
        self._blank()
        self.annulus_id, actor = str(annulus_id), await current_actor(self)
        arch = await call(integrity.get_architecture, actor, int(well.well_id))
        now = await call(integrity.what_if, actor, int(self.annulus_id), {})  # today's inputs, nothing changed
        self.ratings = rating_fields(arch, int(self.annulus_id))
        self.current = current_values(arch, now)

    @rx.event
    async def compute(self, form: dict):
        overrides, self.errors = parse_overrides(form, [r["key"] for r in self.ratings])
        if self.errors or not self.annulus_id:
            self.errors = self.errors or {"form": "Pick an annulus first."}
            return
        actor, aid = await current_actor(self), int(self.annulus_id)
        try:
            what = await call(integrity.what_if, actor, aid, overrides)
        except ValidationFailed as exc:
            fields = [*GRADIENT_FIELDS, "wellhead_rating_bar", *[r["key"] for r in self.ratings]]
            self.errors, self.result, self.points = field_errors(exc, fields), {}, []
            return
        stored = await call(integrity.maasp_view, actor, aid)
        self.result, self.points = summary(stored, what), compare_rows(stored, what)

    @rx.event
    def reset_what_if(self):
        """Blank the form and drop the what-if result (nothing was saved)."""
        self.errors, self.result, self.points = {}, {}, []
        self.form_key += 1

"""Limit exceedances of a batch of readings: one check per batch (its highest pressure), one open task per limit.

MAASP -> ``maasp_exceed`` (critical) plus an ``integrity_alert`` notification to engineers and operations managers
when the task is new (a new episode); MAWOP -> ``mawop_exceed`` (high); MOP -> ``mop_exceed`` (high). The trigger
key is ``annulus:<id>``, so repeated batches find the open task instead of raising another one (no line is appended
per batch: a live feed would flood the task; the chart shows every exceedance).
"""

from __future__ import annotations

from datetime import datetime

from well_ops.domain.units import bar_to_psi
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus
from well_ops.services.context import Context
from well_ops.services.integrity._common import _alert, _fmt_time, _raise_task
from well_ops.services.integrity.views import Exceedance
from well_ops.services.webhooks import emit_event

# (limit attribute prefix, trigger, priority, label), the most severe first.
LIMITS = (("maasp", "maasp_exceed", "critical", "MAASP"), ("mawop", "mawop_exceed", "high", "MAWOP"),
          ("mop", "mop_exceed", "high", "MOP"))


def _link(a: Annulus) -> str:
    return f"/integrity?well={a.well_id}&annulus={a.id}"


def _why(a: Annulus, well: Well, label: str, limit: float, at: datetime, pressure: float) -> str:
    return (f"{well.name} annulus {a.name}: {pressure:.2f} bar ({bar_to_psi(pressure):.0f} psi) at {_fmt_time(at)} "
            f"is above the {label} of {limit:.2f} bar ({bar_to_psi(limit):.0f} psi).")


def _describe(a: Annulus, well: Well, label: str, why: str) -> str:
    action = {"MAASP": "Bleed the annulus down below MAASP, secure the well and investigate the source now.",
              "MAWOP": "Pressure above MAWOP requires action (30 CFR 250 Subpart E practice): diagnose and "
                       "bleed or get approval.",
              "MOP": "Review the annulus: find the cause, bleed if appropriate and record the diagnosis."}[label]
    return f"{why}\n{action}\nAnnulus page: {_link(a)}"


def _check_limits(ctx: Context, a: Annulus, well: Well, at: datetime, pressure: float) -> list[Exceedance]:
    """Compare the batch's highest pressure (``pressure`` at ``at``) with MAASP, MAWOP and MOP; raise the tasks."""
    found = []
    for attr, trigger, priority, label in LIMITS:
        limit = getattr(a, f"{attr}_bar")
        if limit is None or pressure <= limit:
            continue
        why = _why(a, well, label, limit, at, pressure)
        task_id, created = _raise_task(ctx, trigger, f"annulus:{a.id}", f"{label} exceeded: {well.name} annulus "
                                       f"{a.name}", _describe(a, well, label, why), priority, well_id=well.id,
                                       annulus_id=a.id)
        if created and attr == "maasp":
            _alert(ctx, task_id, f"MAASP exceeded: {why}", _link(a))
            emit_event(ctx, "maasp.exceeded", {
                "well_id": well.id, "well_name": well.name, "annulus_id": a.id, "annulus": str(a.name),
                "maasp_bar": limit, "pressure_bar": pressure, "measured_at": at, "task_id": task_id})
        found.append(Exceedance(attr, limit, pressure, at, task_id, created))
    return found

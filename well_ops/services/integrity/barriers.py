"""Barrier envelopes, elements and tests; overdue tests.

A failed test marks the element failed and raises the ``failed_test`` auto-task (one open per element); a passed
test sets ``last_tested_at`` / ``next_test_due`` (last test + the element's interval) and turns an ``unknown`` or
``failed`` element ``ok`` (a ``degraded`` element stays degraded until an engineer changes it). Envelope statuses
and the well's snapshot are refreshed after every change.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from well_ops.domain.barriers import (
    category_117,
    is_overdue,
    leak_rate_acceptable,
    leak_rate_scf_per_min,
    next_test_due,
    status_gar,
)
from well_ops.domain.units import bar_to_psi, c_to_rankine, m3_to_ft3
from well_ops.models.barriers import BarrierElement, BarrierEnvelope, BarrierStatus, BarrierTest, TestResult, TestType
from well_ops.models.base import utcnow
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, CompletionElement
from well_ops.models.schemas_barriers import (
    BarrierElementCreate,
    BarrierElementRead,
    BarrierElementUpdate,
    BarrierTestCreate,
    BarrierTestRead,
    IntegrityConfig,
)
from well_ops.services.context import Context, use_case
from well_ops.services.errors import ValidationFailed
from well_ops.services.integrity._common import _get, _parse, _raise_task, _ref, _set_fields, _well
from well_ops.services.integrity.config import _config
from well_ops.services.integrity.snapshots import _envelopes, _refresh
from well_ops.services.integrity.views_fleet import BarrierOverview, EnvelopeView, OverdueTest, TestOutcome


def _today(today: Any = None) -> date:
    if today is None:
        return utcnow().date()
    if isinstance(today, datetime):
        return today.date()
    if not isinstance(today, date):
        raise ValidationFailed({"today": "must be a date"})
    return today


def _read(ctx: Context, e: BarrierElement, today: date | None = None) -> BarrierElementRead:
    env = ctx.session.get(BarrierEnvelope, e.envelope_id)
    annulus = ctx.session.get(Annulus, e.annulus_id) if e.annulus_id else None
    return BarrierElementRead.model_validate(e, from_attributes=True, update={
        "envelope": env.kind if env else "primary", "annulus_name": str(annulus.name) if annulus else "",
        "overdue": is_overdue(e.next_test_due, today or utcnow().date())})


def _envelope(ctx: Context, well_id: int, kind: Any) -> BarrierEnvelope:
    env = ctx.session.exec(select(BarrierEnvelope).where(BarrierEnvelope.well_id == well_id,
                                                         BarrierEnvelope.kind == kind)).first()
    if env is None:
        env = BarrierEnvelope(well_id=well_id, kind=kind)
        ctx.session.add(env)
        ctx.session.flush()
    return env


def _links(ctx: Context, e: BarrierElement) -> None:
    for field, model, label in (("annulus_id", Annulus, "annulus"),
                                ("completion_element_id", CompletionElement, "completion element")):
        value = getattr(e, field)
        if value is not None and getattr(_ref(ctx, model, value, field, label), "well_id", None) != e.well_id:
            raise ValidationFailed({field: f"That {label} belongs to another well."})


def _interval(cfg: IntegrityConfig, e: BarrierElement) -> int | None:
    return e.test_interval_days or cfg.test_interval_days.get(str(e.kind))


@use_case("barrier.read")
def barrier_overview(ctx: Context, well_id: int) -> BarrierOverview:
    """A well's primary and secondary envelopes (always both, in that order; ``id`` 0 = none stored yet) with
    their elements, statuses and the resulting guideline 117 category and green / amber / red status."""
    well = _well(ctx, well_id)
    today = utcnow().date()
    envelopes = {str(env.kind): env for env in ctx.session.exec(select(BarrierEnvelope)
                                                                .where(BarrierEnvelope.well_id == well.id))}
    elements = list(ctx.session.exec(select(BarrierElement).where(BarrierElement.well_id == well.id)
                                     .order_by(col(BarrierElement.id))))
    views = []
    for kind in ("primary", "secondary"):
        env = envelopes.get(kind)
        views.append(EnvelopeView(env.id or 0, kind, str(env.status), [_read(ctx, e, today) for e in elements
                                                                      if e.envelope_id == env.id])
                     if env else EnvelopeView(0, kind, "unknown"))
    status = {v.kind: v.status for v in views}
    category = category_117(status["primary"], status["secondary"])
    return BarrierOverview(well.id or 0, category, status_gar(category), views)


@use_case("barrier.write")
def create_element(ctx: Context, data: BarrierElementCreate | dict[str, Any]) -> BarrierElementRead:
    """Add a barrier element to a well's primary or secondary envelope (created when missing)."""
    values = _parse(BarrierElementCreate, data).model_dump()
    well = _ref(ctx, Well, values["well_id"], "well_id", "well")
    env = _envelope(ctx, well.id or 0, values.pop("envelope"))
    e = BarrierElement(**values, envelope_id=env.id or 0)
    _links(ctx, e)
    e.test_interval_days = _interval(_config(ctx), e)
    e.next_test_due = next_test_due(e.last_tested_at.date() if e.last_tested_at else None, e.test_interval_days)
    ctx.session.add(e)
    ctx.session.flush()
    _refresh(ctx, well, f"barrier element {e.name!r} added")
    return _read(ctx, e)


@use_case("barrier.write")
def update_element(ctx: Context, element_id: int, data: BarrierElementUpdate | dict[str, Any]) -> BarrierElementRead:
    """Change a barrier element (status, envelope, links, test interval); the well's snapshot is refreshed."""
    e = _get(ctx, BarrierElement, element_id, "Barrier element")
    changes = _parse(BarrierElementUpdate, data).model_dump(exclude_unset=True)
    envelope = changes.pop("envelope", None)
    with ctx.session.no_autoflush:
        _set_fields(e, changes)
        if envelope is not None:
            e.envelope_id = _envelope(ctx, e.well_id, envelope).id or 0
        _links(ctx, e)
        e.test_interval_days = _interval(_config(ctx), e)
        e.next_test_due = next_test_due(e.last_tested_at.date() if e.last_tested_at else None, e.test_interval_days)
    ctx.session.flush()
    _refresh(ctx, e.well_id, f"barrier element {e.name!r} changed: {', '.join(sorted(changes)) or 'envelope'}")
    return _read(ctx, e)


@use_case("barrier.delete")
def delete_element(ctx: Context, element_id: int) -> None:
    """Delete a barrier element with its test history."""
    e = _get(ctx, BarrierElement, element_id, "Barrier element")
    well_id, name = e.well_id, e.name
    ctx.session.delete(e)
    ctx.session.flush()
    _envelopes(ctx, well_id)
    _refresh(ctx, well_id, f"barrier element {name!r} deleted")


def _computed_rate(t: BarrierTestCreate) -> float | None:
    """API RP 14B inflow leak rate [scf/min] from delta(p/Z), volume, duration and temperature (all or none)."""
    inputs = {"delta_p_over_z_bar": t.delta_p_over_z_bar, "volume_m3": t.volume_m3, "temperature_c": t.temperature_c}
    if all(v is None for v in inputs.values()):
        return None
    missing = [k for k, v in inputs.items() if v is None] + (["duration_min"] if t.duration_min <= 0 else [])
    if missing:
        raise ValidationFailed({missing[0]: "needed to compute the leak rate (give delta_p_over_z_bar, volume_m3, "
                                            "duration_min > 0 and temperature_c)"})
    return leak_rate_scf_per_min(bar_to_psi(t.delta_p_over_z_bar or 0.0), m3_to_ft3(t.volume_m3 or 0.0),
                                 t.duration_min, c_to_rankine(t.temperature_c or 0.0))


def _decide(t: BarrierTestCreate, cfg: IntegrityConfig) -> tuple[float | None, TestResult, str, float | None]:
    """(leak rate, result, acceptance text, computed rate) of a test; see BarrierTestCreate for the rules."""
    computed = _computed_rate(t) if t.test_type == TestType.inflow else None
    rate = computed if computed is not None else t.leak_rate_scf_per_min
    gas_limit = t.acceptance_leak_rate_scf_per_min or cfg.leak_rate_gas_scf_per_min
    decided, text = None, t.acceptance_criterion
    if t.test_type in (TestType.inflow, TestType.leak_rate):
        if t.fluid == "gas" and rate is not None:
            decided = leak_rate_acceptable(rate, "gas", gas_limit_scf_per_min=gas_limit)
            text = text or f"gas leak rate <= {gas_limit:g} scf/min (API RP 14B)"
        elif t.fluid == "liquid" and t.liquid_leak_rate_cm3_per_min is not None:
            decided = leak_rate_acceptable(0.0, "liquid", t.liquid_leak_rate_cm3_per_min,
                                           liquid_limit_cm3_per_min=cfg.leak_rate_liquid_cm3_per_min)
            text = text or f"liquid leak rate <= {cfg.leak_rate_liquid_cm3_per_min:g} cm3/min (API RP 14B)"
    if decided is None:
        if t.result is None:
            raise ValidationFailed({"result": "give the test result (pass or fail)"})
        return rate, t.result, text, computed
    result = TestResult.pass_ if decided else TestResult.fail
    if t.result is not None and t.result != result:
        raise ValidationFailed({"result": f"the leak rate gives {result.value!r} against the acceptance ({text})"})
    return rate, result, text, computed


def _after_test(ctx: Context, e: BarrierElement, test: BarrierTest, cfg: IntegrityConfig) -> int | None:
    """Update the element from the test's result; a failure raises the failed_test task (its id is returned)."""
    if test.result == TestResult.pass_:
        if e.last_tested_at is None or test.performed_at >= e.last_tested_at:
            e.last_tested_at = test.performed_at
            e.next_test_due = next_test_due(test.performed_at.date(), _interval(cfg, e))
        if e.status in (BarrierStatus.unknown, BarrierStatus.failed):
            e.status = BarrierStatus.ok
        return None
    e.status = BarrierStatus.failed
    well = _well(ctx, e.well_id)
    why = (f"{test.test_type.value} test of {e.name} ({well.name}) failed on {test.performed_at:%Y-%m-%d %H:%M} "
           f"UTC: {test.acceptance_criterion or 'acceptance not met'}"
           + (f", leak rate {test.leak_rate_scf_per_min:.2f} scf/min" if test.leak_rate_scf_per_min is not None
              else ""))
    task_id, _created = _raise_task(ctx, "failed_test", f"barrier_element:{e.id}", f"Failed barrier test: "
                                    f"{well.name} {e.name}", f"{why}.\nThe element is marked failed: assess the "
                                    "well's barriers, repair or replace, then retest.", "high", well_id=well.id,
                                    annulus_id=e.annulus_id, element_id=e.id)
    return task_id


@use_case("barrier.write")
def record_test(ctx: Context, element_id: int, data: BarrierTestCreate | dict[str, Any]) -> TestOutcome:
    """Record a barrier test (pressure / inflow / leak-rate / functional); inflow leak rates are computed with
    API RP 14B and judged against the acceptance. Fail: element failed + task; pass: due dates updated."""
    e = _get(ctx, BarrierElement, element_id, "Barrier element")
    t = _parse(BarrierTestCreate, data)
    if t.performed_at > utcnow() + timedelta(minutes=5):
        raise ValidationFailed({"performed_at": "is in the future"})
    cfg = _config(ctx)
    rate, result, text, computed = _decide(t, cfg)
    notes = t.notes + (f"\nliquid leak rate {t.liquid_leak_rate_cm3_per_min:g} cm3/min"
                       if t.liquid_leak_rate_cm3_per_min is not None else "")
    test = BarrierTest(element_id=e.id or 0, test_type=t.test_type, performed_at=t.performed_at, direction=t.direction,
                       differential_bar=t.differential_bar, duration_min=t.duration_min,
                       acceptance_criterion=text[:200], leak_rate_scf_per_min=rate, result=result,
                       notes=notes.strip(), performed_by_id=ctx.actor.user_id)
    ctx.session.add(test)
    task_id = _after_test(ctx, e, test, cfg)
    e.updated_at = utcnow()
    ctx.session.flush()
    _refresh(ctx, e.well_id, f"{t.test_type.value} test of {e.name!r}: {result.value}")
    read = BarrierTestRead.model_validate(test, from_attributes=True, update={"element_name": e.name})
    return TestOutcome(read, _read(ctx, e), computed, task_id)


@use_case("barrier.read")
def list_tests(ctx: Context, element_id: int) -> list[BarrierTestRead]:
    """An element's tests, newest first."""
    e = _get(ctx, BarrierElement, element_id, "Barrier element")
    rows = ctx.session.exec(select(BarrierTest).where(BarrierTest.element_id == e.id)
                            .order_by(col(BarrierTest.performed_at).desc(), col(BarrierTest.id).desc()))
    return [BarrierTestRead.model_validate(r, from_attributes=True, update={"element_name": e.name}) for r in rows]


def _overdue(ctx: Context, today: date) -> list[OverdueTest]:
    """Elements whose next test is past due, with their well (one query), most overdue first."""
    rows = ctx.session.exec(select(BarrierElement, Well.name, BarrierEnvelope.kind)
                            .join(Well, col(Well.id) == BarrierElement.well_id)
                            .join(BarrierEnvelope, col(BarrierEnvelope.id) == BarrierElement.envelope_id)
                            .where(col(BarrierElement.next_test_due) < today)
                            .order_by(col(BarrierElement.next_test_due), col(BarrierElement.id)))
    return [OverdueTest(e.id or 0, e.well_id, name, e.name, str(e.kind), str(kind), e.next_test_due,
                        (today - e.next_test_due).days) for e, name, kind in rows if e.next_test_due]


@use_case("barrier.read")
def overdue_tests(ctx: Context, today: date | None = None) -> list[OverdueTest]:
    """Barrier elements whose test is overdue (due date before ``today``), most overdue first."""
    return _overdue(ctx, _today(today))

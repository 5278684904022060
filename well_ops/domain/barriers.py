"""Barriers: leak-rate acceptance, envelope status, guideline 117 category, green/amber/red, test due dates.

Pure functions (stdlib only). Sources: /work/shared/domain/INTEGRITY.md ("Barriers", "Categories and risk"), which
cites API RP 14B (safety-valve leak-rate acceptance and the inflow-test leak-rate formula) and Norwegian Oil & Gas
guideline 117 (well integrity categories). Every threshold is a configurable default. Statuses are the strings
ok / degraded / failed / unknown (``BarrierStatus`` values); categories green / yellow / orange / red / unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

STATUSES = ("ok", "degraded", "failed", "unknown")

# API RP 14B acceptance (INTEGRITY.md): 15 scf/min gas, 400 cm3/min liquid.
GAS_LIMIT_SCF_PER_MIN = 15.0
LIQUID_LIMIT_CM3_PER_MIN = 400.0
# 35.37 = T_sc / p_sc = 520 degR / 14.7 psia (standard conditions 60 degF, 14.7 psia).
LEAK_RATE_CONSTANT = 35.37

# Guideline 117 category by (primary, secondary) status; symmetric (see category_117).
_CATEGORY_117: dict[frozenset[str], str] = {
    frozenset({"ok"}): "green",
    frozenset({"ok", "degraded"}): "yellow",
    frozenset({"ok", "failed"}): "orange",
    frozenset({"degraded"}): "orange",
    frozenset({"degraded", "failed"}): "red",
    frozenset({"failed"}): "red",
    frozenset({"failed", "unknown"}): "red",
}
_GAR = {"green": "green", "yellow": "amber", "orange": "amber", "red": "red", "unknown": "amber"}


def _status(value: str) -> str:
    s = str(value).strip().lower()
    if s not in STATUSES:
        raise ValueError(f"unknown barrier status {value!r} (expected one of {', '.join(STATUSES)})")
    return s


def leak_rate_scf_per_min(delta_p_over_z_psi: float, volume_ft3: float, duration_min: float,
                          temperature_degR: float) -> float:
    """Inflow-test leak rate q [scf/min] = 35.37 * delta(p/Z) [psi] * V [ft3] / (t [min] * T [degR]) (API RP 14B).

    delta(p/Z): change of pressure over gas deviation factor during the test; V: volume of the trapped cavity;
    T: absolute temperature (``units.c_to_rankine``). 35.37 = 520 degR / 14.7 psia (standard conditions).
    """
    if duration_min <= 0 or temperature_degR <= 0:
        raise ValueError("duration_min and temperature_degR must be > 0")
    if volume_ft3 < 0:
        raise ValueError("volume_ft3 must be >= 0")
    return LEAK_RATE_CONSTANT * abs(delta_p_over_z_psi) * volume_ft3 / (duration_min * temperature_degR)


def leak_rate_acceptable(rate: float, fluid: str, liquid_cm3_per_min: float | None = None, *,
                         gas_limit_scf_per_min: float = GAS_LIMIT_SCF_PER_MIN,
                         liquid_limit_cm3_per_min: float = LIQUID_LIMIT_CM3_PER_MIN) -> bool:
    """True when the measured leak rate is at or below the API RP 14B acceptance (15 scf/min gas, 400 cm3/min liquid).

    fluid "gas": ``rate`` is in scf/min. fluid "liquid": the rate in cm3/min is ``liquid_cm3_per_min`` when given,
    else ``rate`` read as cm3/min. Limits are keyword-configurable. Raises ValueError on a negative rate or an
    unknown fluid.
    """
    kind = str(fluid).strip().lower()
    if kind == "gas":
        measured, limit = rate, gas_limit_scf_per_min
    elif kind == "liquid":
        measured, limit = (liquid_cm3_per_min if liquid_cm3_per_min is not None else rate), liquid_limit_cm3_per_min
    else:
        raise ValueError(f"fluid must be 'gas' or 'liquid', not {fluid!r}")
    if measured < 0:
        raise ValueError("leak rate must be >= 0")
    return measured <= limit


def envelope_status(element_statuses: Iterable[str]) -> str:
    """Status of a barrier envelope from its elements' statuses (an envelope is as good as its worst element).

    failed if any element failed; else degraded if any degraded; else unknown if any unknown (untested / no data);
    else ok. An envelope without elements is unknown.
    """
    found = {_status(s) for s in element_statuses}
    for status in ("failed", "degraded", "unknown", "ok"):
        if status in found:
            return status
    return "unknown"


def category_117(primary: str, secondary: str) -> str:
    """Well integrity category from the two envelope statuses (Norwegian Oil & Gas guideline 117, INTEGRITY.md).

    Symmetric in primary / secondary:
        ok + ok -> green;  ok + degraded -> yellow;  ok + failed -> orange;
        degraded + failed, failed + failed -> red;  failed + unknown -> red (guideline 117: "one barrier failed and
        the other degraded or not verified");
        degraded + degraded -> orange (house decision: two degraded envelopes rank above one, no failure yet);
        any other combination with unknown -> unknown (kept as its own state, never shown as green).
    """
    pair = frozenset({_status(primary), _status(secondary)})
    return _CATEGORY_117.get(pair, "unknown")


_SEVERITY = {"green": 0, "unknown": 1, "yellow": 2, "orange": 3, "red": 4}


def escalate_category(category: str, sap_detected: bool, max_utilisation: float | None) -> str:
    """The guideline 117 category raised by what the annulus pressures show (house rule, docs/integrity.md).

    The envelope statuses say what the barrier tests found; the annulus pressures can show a problem first:
        sustained annulus pressure detected -> at least yellow (communication through a barrier element: degraded);
        latest pressure above MAASP (utilisation > 1) -> at least orange (a barrier is loaded beyond its rating, a
        single further failure may give a leak to surface).
    Never lowers a category; "unknown" is raised by either finding because the finding is known.
    """
    floor = "green"
    if sap_detected:
        floor = "yellow"
    if max_utilisation is not None and max_utilisation > 1.0:
        floor = "orange"
    current = str(category).strip().lower()
    if current not in _SEVERITY:
        raise ValueError(f"unknown category {category!r}")
    if floor == "green" or _SEVERITY[current] >= _SEVERITY[floor]:
        return current
    return floor


def status_gar(category: str) -> str:
    """Green / amber / red for the integrity snapshot: green -> green, yellow and orange -> amber, red -> red,
    unknown -> amber (house decision: a well without data is never shown green)."""
    try:
        return _GAR[str(category).strip().lower()]
    except KeyError:
        raise ValueError(f"unknown category {category!r}") from None


def next_test_due(last_tested: date | None, interval_days: int | None) -> date | None:
    """Next test due date = last test date + interval [days]; None when never tested or no interval is configured."""
    if last_tested is None or interval_days is None:
        return None
    if interval_days <= 0:
        raise ValueError("interval_days must be > 0")
    day = last_tested.date() if isinstance(last_tested, datetime) else last_tested
    return day + timedelta(days=interval_days)


def is_overdue(due: date | None, today: date) -> bool:
    """True when a due date exists and today is after it (due on the day itself is not overdue). No due date: False
    (callers show an untested element as status "unknown", which categorises as unknown / amber)."""
    return due is not None and today > due

"""Activity codes of the daily drilling report's time log. Pure data.

Sources: the IADC daily drilling report ("tour sheet") operation codes 1-23 and completion codes A-E, as listed
in /work/shared/domain/DRILLING.md; WITSML 1.4.1.1 ``activityCode`` values, written "parent -- child".
"""

from __future__ import annotations

# The 23 IADC drilling operations, in tour-sheet order.
IADC_DRILLING_CODES: list[tuple[str, str]] = [
    ("1", "Rig up and tear down"),
    ("2", "Drill actual"),
    ("3", "Reaming"),
    ("4", "Coring"),
    ("5", "Condition mud and circulate"),
    ("6", "Trips"),
    ("7", "Lubricate rig"),
    ("8", "Repair rig"),
    ("9", "Cut off drilling line"),
    ("10", "Deviation survey"),
    ("11", "Wireline logs"),
    ("12", "Run casing and cement"),
    ("13", "Wait on cement"),
    ("14", "Nipple up BOP"),
    ("15", "Test BOP"),
    ("16", "Drill stem test"),
    ("17", "Plug back"),
    ("18", "Squeeze cement"),
    ("19", "Fishing"),
    ("20", "Directional work"),
    ("21", "Run/retrieve riser equipment"),
    ("22", "Surface testing"),
    ("23", "Other"),
]

# IADC completion operations.
IADC_COMPLETION_CODES: list[tuple[str, str]] = [
    ("A", "Perforating"),
    ("B", "Tubing trips"),
    ("C", "Treating"),
    ("D", "Swabbing"),
    ("E", "Testing"),
]

# A selection of WITSML 1.4.1.1 activityCode values ("parent -- child"), for reports imported from WITSML.
WITSML_CODES: list[tuple[str, str]] = [
    ("drilling -- new hole", "Drilling: new hole"),
    ("drilling -- drill out", "Drilling: drill out"),
    ("drilling -- ream", "Drilling: ream"),
    ("trip -- tripping", "Trip: tripping"),
    ("circulate -- condition mud", "Circulate: condition mud"),
    ("casing -- run casing", "Casing: run casing"),
    ("cement -- primary cementing", "Cement: primary cementing"),
    ("bop -- test", "BOP: test"),
    ("wait -- weather", "Wait: weather"),
    ("wait -- on orders", "Wait: on orders"),
    ("wait -- on equipment", "Wait: on equipment"),
    ("rig repairs -- rig repair", "Rig repairs: rig repair"),
    ("rig up/down -- rig up", "Rig up/down: rig up"),
    ("other -- other", "Other: other"),
]

# Every code the time log accepts, in the order a picker shows them.
ACTIVITY_CODES: list[tuple[str, str]] = [*IADC_DRILLING_CODES, *IADC_COMPLETION_CODES, *WITSML_CODES]

_LABELS: dict[str, str] = {code.casefold(): label for code, label in ACTIVITY_CODES}
_CANONICAL: dict[str, str] = {code.casefold(): code for code, _ in ACTIVITY_CODES}


def normalize_code(code: str | None) -> str | None:
    """The code as listed in ``ACTIVITY_CODES`` (trimmed, case-insensitive; "a" -> "A"), or None if unknown."""
    if code is None:
        return None
    return _CANONICAL.get(" ".join(str(code).split()).casefold())


def is_known_code(code: str | None) -> bool:
    """True when ``code`` is an IADC code (1-23, A-E) or one of the listed WITSML codes."""
    return normalize_code(code) is not None


def activity_label(code: str | None) -> str:
    """The readable name of an activity code ("2" -> "Drill actual"); an unknown code is returned as given."""
    if not code:
        return ""
    return _LABELS.get(" ".join(str(code).split()).casefold(), str(code))


def activity_option(code: str, label: str) -> str:
    """How a picker shows one code: "2 · Drill actual" (WITSML codes show their label only)."""
    return label if " -- " in code else f"{code} · {label}"

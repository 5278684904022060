"""Well integrity use-cases: architecture, annuli, MAASP / MAWOP, readings, SAP, barriers, snapshots, fleet.

Every public function wears ``@use_case`` and takes an ``Actor`` (own transaction) or a ``Context`` (joins the
caller's). Import them from here: ``from well_ops.services import integrity; integrity.fleet(actor)``.

Permissions: ``integrity.read/write/delete`` (architecture, annuli, critical points, MAASP, snapshots, SAP),
``reading.read/write`` (pressure readings, charts, imports), ``barrier.read/write/delete`` (envelopes, elements,
tests), ``settings.write`` (risk matrix cells and the integrity configuration: admin). Results are Read schemas
(``models/schemas_integrity.py``, ``models/schemas_barriers.py``) or dataclasses (``integrity.views``).
"""

from __future__ import annotations

from well_ops.services.integrity.annuli import (
    add_critical_point,
    create_annulus,
    delete_annulus,
    delete_critical_point,
    get_annulus,
    list_annuli,
    update_annulus,
    update_critical_point,
)
from well_ops.services.integrity.architecture import (
    create_casing,
    create_cement,
    create_completion_element,
    create_tubing,
    delete_casing,
    delete_cement,
    delete_completion_element,
    delete_tubing,
    get_architecture,
    set_formation_strength,
    set_reservoir,
    update_casing,
    update_cement,
    update_completion_element,
    update_tubing,
)
from well_ops.services.integrity.barriers import (
    barrier_overview,
    create_element,
    delete_element,
    list_tests,
    overdue_tests,
    record_test,
    update_element,
)
from well_ops.services.integrity.config import get_integrity_config, set_integrity_config
from well_ops.services.integrity.fleet import fleet, integrity_alerts
from well_ops.services.integrity.fleet_recompute import recompute_fleet
from well_ops.services.integrity.imports import import_file, preview_file
from well_ops.services.integrity.maasp import compute_annulus, drilling_maasp, maasp_view, recompute_well, what_if
from well_ops.services.integrity.readings import add_reading, ingest_batch
from well_ops.services.integrity.sap import evaluate_sap
from well_ops.services.integrity.scan import scan_integrity
from well_ops.services.integrity.series import chart_series, latest_readings
from well_ops.services.integrity.snapshots import refresh_snapshot, risk_matrix, set_risk_cell, snapshot_history

__all__ = [
    "add_critical_point", "add_reading", "barrier_overview", "chart_series", "compute_annulus", "create_annulus",
    "create_casing", "create_cement", "create_completion_element", "create_element", "create_tubing",
    "delete_annulus", "delete_casing", "delete_cement", "delete_completion_element", "delete_critical_point",
    "delete_element", "delete_tubing", "drilling_maasp", "evaluate_sap", "fleet", "get_annulus", "get_architecture",
    "get_integrity_config", "import_file", "ingest_batch", "integrity_alerts", "latest_readings", "list_annuli",
    "list_tests", "maasp_view", "overdue_tests", "preview_file", "recompute_fleet", "recompute_well", "record_test",
    "refresh_snapshot",
    "risk_matrix", "scan_integrity", "set_formation_strength", "set_integrity_config", "set_reservoir",
    "set_risk_cell", "snapshot_history", "update_annulus", "update_casing", "update_cement",
    "update_completion_element", "update_critical_point", "update_element", "update_tubing", "what_if",
]

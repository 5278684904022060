"""Example request bodies shown in the OpenAPI document (SI units; ids refer to the demo data)."""

from __future__ import annotations

from typing import Any

from well_ops.api.resource_routes import example


def one(summary: str, value: Any) -> dict[str, Any]:
    """``openapi_examples`` holding a single example."""
    return {"default": example(summary, value)}


LOGIN = one("Log in", {"email": "ops@wellops.example", "password": "wellops-demo-2026"})
API_TOKEN = one("A token for the SCADA gateway", {"user_id": 2, "label": "SCADA gateway", "days": 365})

USER_CREATE = one("A new engineer", {"email": "j.doe@wellops.example", "full_name": "Jane Doe",
                                     "password": "a long passphrase", "role": "engineer", "team_id": None})
USER_UPDATE = one("Promote to ops manager", {"role": "ops_manager"})

RIG_CREATE = one("A jack-up rig", {"name": "Atlantic Star", "rig_type": "jack_up", "contractor": "Borr Drilling",
                                   "status": "idle", "latitude": 4.05, "longitude": 6.95, "day_rate_amount": 185000,
                                   "currency": "USD"})
RIG_UPDATE = one("Start drilling", {"status": "drilling", "current_well_id": 1})

CAMPAIGN_CREATE = one("A development campaign", {
    "code": "NDC-2026", "name": "North Delta 2026", "field": "North Delta", "location": "Offshore block 7",
    "rig_id": 1, "planned_start": "2026-03-01", "planned_end": "2026-09-30", "status": "planned",
    "afe_amount": 48000000, "currency": "USD", "objectives": "Drill and complete 4 producers."})
CAMPAIGN_UPDATE = one("Activate", {"status": "active", "actual_start": "2026-03-04"})

WELL_CREATE = one("A development well", {
    "name": "ND-07", "field": "North Delta", "country": "Nigeria", "well_type": "development",
    "status": "planned", "campaign_id": 1, "rig_id": 1, "latitude": 4.1, "longitude": 6.9, "water_depth_m": 45,
    "target_depth_md_m": 3650, "planned_days": 38, "afe_amount": 12500000, "currency": "USD",
    "reservoir_pressure_bar": 310, "reservoir_tvd_m": 3200, "fluid_type": "oil"})
WELL_UPDATE = one("Spudded", {"status": "drilling", "spud_date": "2026-03-06"})
WELL_PLAN = one("A four-point plan", {"points": [{"day": 0, "depth_md_m": 0}, {"day": 5, "depth_md_m": 900},
                                                  {"day": 18, "depth_md_m": 2400}, {"day": 36, "depth_md_m": 3650}]})

MILESTONE_CREATE = one("Spud date of a well", {"name": "Spud ND-07", "kind": "spud", "well_id": 1,
                                               "planned_date": "2026-03-06"})
MILESTONE_UPDATE = one("Record the achievement", {"actual_date": "2026-03-07"})

EQUIPMENT_CREATE = one("A BOP stack", {"tag": "BOP-0107", "name": "13-5/8in 10k BOP stack",
                                       "equipment_type": "BOP", "status": "in_use", "rig_id": 1,
                                       "serial_number": "SN-88412", "location": "Atlantic Star"})
EQUIPMENT_UPDATE = one("Send to maintenance", {"status": "maintenance", "location": "Onne base workshop"})

DELIVERY_CREATE = one("Casing to a rig", {"item": "9-5/8in casing joints", "quantity": 120, "unit": "joints",
                                          "from_location": "Onne base", "to_rig_id": 1,
                                          "eta": "2026-03-10T14:00:00Z", "status": "planned"})
DELIVERY_UPDATE = one("Delivered", {"status": "delivered", "delivered_at": "2026-03-10T16:30:00Z"})

CONSUMABLE_CREATE = one("Barite used on a rig", {"rig_id": 1, "usage_date": "2026-03-08", "item": "Barite",
                                                 "quantity": 12.5, "unit": "t", "cost_amount": 4100,
                                                 "currency": "USD"})
CONSUMABLE_UPDATE = one("Correct the quantity", {"quantity": 13.0, "cost_amount": 4264})

REPORT = {
    "well_id": 1, "report_date": "2026-03-08", "depth_md_m": 1250, "depth_tvd_m": 1248, "mud_type": "WBM",
    "mud_density_sg": 1.18, "summary_24h": "Drilled 12-1/4in section from 1020 m to 1250 m.",
    "forecast_24h": "Drill ahead to 1500 m.", "personnel_on_board": 96,
    "time_log": [
        {"start_time": "06:00", "end_time": "14:00", "activity_code": "2", "phase": "12-1/4in",
         "depth_md_m": 1140, "comment": "Drill ahead"},
        {"start_time": "14:00", "end_time": "15:30", "activity_code": "5", "comment": "Circulate bottoms up"},
        {"start_time": "15:30", "end_time": "06:00", "activity_code": "2", "depth_md_m": 1250,
         "comment": "Drill ahead"}],
    "cost_lines": [{"category": "Rig", "description": "Day rate", "amount": 185000}],
    "mud_checks": [{"check_time": "12:00", "depth_md_m": 1100, "mud_type": "WBM", "density_sg": 1.18}],
}
REPORT_CREATE = one("A full day of drilling", REPORT)
REPORT_PATCH = one("Correct the depth and summary", {"depth_md_m": 1255, "summary_24h": "Drilled to 1255 m."})

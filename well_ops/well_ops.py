"""The Reflex app: pages, their load events, the exception handler and the REST API mount."""

import asyncio
import logging

import reflex as rx

from well_ops.api.app import api_app
from well_ops.api.limits import UploadLimit
from well_ops.pages.account import account_page
from well_ops.pages.admin_audit import audit_page
from well_ops.pages.admin_risk_matrix import risk_matrix_page
from well_ops.pages.admin_settings import settings_page
from well_ops.pages.admin_users import users_page
from well_ops.pages.admin_webhooks import webhooks_page
from well_ops.pages.board import board_page
from well_ops.pages.campaign_detail import campaign_detail_page
from well_ops.pages.campaigns import campaigns_page
from well_ops.pages.dashboard import dashboard_page
from well_ops.pages.integrity_architecture import architecture_page
from well_ops.pages.integrity_barriers import barriers_page
from well_ops.pages.integrity_fleet import integrity_fleet_page
from well_ops.pages.integrity_well import integrity_well_page
from well_ops.pages.login import login_page
from well_ops.pages.logistics import logistics_page
from well_ops.pages.milestones import milestones_page
from well_ops.pages.reports import reports_page
from well_ops.pages.rigs import rigs_page
from well_ops.pages.task_calendar import calendar_page
from well_ops.pages.task_detail import task_detail_page
from well_ops.pages.well_detail import well_detail_page
from well_ops.pages.wells import wells_page
from well_ops.services import scheduler
from well_ops.services.context import SYSTEM
from well_ops.state import auth as auth_state
from well_ops.state import page
from well_ops.state.audit import AuditState
from well_ops.state.auth import AuthState
from well_ops.state.board import BoardState
from well_ops.state.campaign_detail import CampaignDetailState
from well_ops.state.campaigns import CampaignsState
from well_ops.state.dashboard import DashboardState
from well_ops.state.errors import backend_exception_handler
from well_ops.state.integrity_arch import ArchitectureState
from well_ops.state.integrity_barriers import BarriersState
from well_ops.state.integrity_fleet import IntegrityFleetState
from well_ops.state.integrity_well import IntegrityWellState
from well_ops.state.logistics import ConsumablesState, DeliveriesState, EquipmentState
from well_ops.state.milestones import MilestonesState
from well_ops.state.reports import ReportsState
from well_ops.state.rigs import RigsState
from well_ops.state.risk_matrix import RiskMatrixState
from well_ops.state.settings import SettingsState
from well_ops.state.task_calendar import CalendarState
from well_ops.state.task_detail import TaskDetailState
from well_ops.state.task_thread import TaskThreadState
from well_ops.state.users import UsersState
from well_ops.state.webhooks import WebhooksState
from well_ops.state.well_detail import WellDetailState
from well_ops.state.wells import WellsState

app = rx.App(
    api_transformer=[api_app, UploadLimit],
    backend_exception_handler=backend_exception_handler,
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
                     rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
)

PROTECTED: list[tuple[str, object, str, list]] = [
    ("/", dashboard_page, "Dashboard", [DashboardState.load]),
    ("/campaigns/[campaign_id]", campaign_detail_page, "Campaign", [CampaignDetailState.load]),
    ("/campaigns", campaigns_page, "Campaigns", [CampaignsState.load]),
    ("/wells/[well_id]", well_detail_page, "Well", [WellDetailState.load]),
    ("/wells", wells_page, "Wells", [WellsState.load]),
    ("/integrity/wells/[well_id]/architecture", architecture_page, "Well architecture", [ArchitectureState.load]),
    ("/integrity/wells/[well_id]/barriers", barriers_page, "Well barriers", [BarriersState.load]),
    ("/integrity/wells/[well_id]", integrity_well_page, "Well integrity", [IntegrityWellState.load]),
    ("/integrity", integrity_fleet_page, "Integrity", [IntegrityFleetState.load]),
    ("/rigs", rigs_page, "Rigs", [RigsState.load]),
    ("/milestones", milestones_page, "Milestones", [MilestonesState.load]),
    ("/reports", reports_page, "Daily reports", [ReportsState.load]),
    ("/tasks/calendar", calendar_page, "Task calendar", [CalendarState.load]),
    ("/tasks/[task_id]", task_detail_page, "Task", [TaskDetailState.load, TaskThreadState.load]),
    ("/tasks", board_page, "Tasks", [BoardState.load]),
    ("/logistics", logistics_page, "Logistics", [EquipmentState.load, DeliveriesState.load, ConsumablesState.load]),
    ("/admin/users", users_page, "Users", [UsersState.load]),
    ("/admin/audit", audit_page, "Audit trail", [AuditState.load]),
    ("/admin/settings", settings_page, "Settings", [SettingsState.load]),
    ("/admin/webhooks", webhooks_page, "Webhooks", [WebhooksState.load]),
    ("/admin/risk-matrix", risk_matrix_page, "Risk matrix", [RiskMatrixState.load]),
    ("/account", account_page, "My account", []),
]

app.add_page(login_page, route="/login", title="Log in · WellOps", on_load=AuthState.redirect_if_logged_in)
for route, component, title, loaders in PROTECTED:
    app.add_page(component, route=route, title=f"{title} · WellOps", on_load=page.register(route, loaders))
    auth_state.AVAILABLE_PAGES.add(route)

log = logging.getLogger("well_ops")


async def periodic_jobs() -> None:
    """Run the periodic jobs (due-date notifications) every 5 minutes; a failure is logged, the loop goes on."""
    while True:
        try:
            await asyncio.to_thread(scheduler.run_periodic_jobs, SYSTEM)
        except Exception:
            log.exception("periodic jobs failed")
        await asyncio.sleep(scheduler.INTERVAL_SECONDS)


app.register_lifespan_task(periodic_jobs)

"""The Reflex app: pages, their load events, the exception handler and the REST API mount."""

import reflex as rx

from well_ops.api.app import api_app
from well_ops.pages.account import account_page
from well_ops.pages.admin_audit import audit_page
from well_ops.pages.admin_settings import settings_page
from well_ops.pages.admin_users import users_page
from well_ops.pages.campaign_detail import campaign_detail_page
from well_ops.pages.campaigns import campaigns_page
from well_ops.pages.dashboard import dashboard_page
from well_ops.pages.login import login_page
from well_ops.pages.logistics import logistics_page
from well_ops.pages.milestones import milestones_page
from well_ops.pages.reports import reports_page
from well_ops.pages.rigs import rigs_page
from well_ops.pages.well_detail import well_detail_page
from well_ops.pages.wells import wells_page
from well_ops.state import auth as auth_state
from well_ops.state.audit import AuditState
from well_ops.state.auth import AuthState
from well_ops.state.campaign_detail import CampaignDetailState
from well_ops.state.campaigns import CampaignsState
from well_ops.state.dashboard import DashboardState
from well_ops.state.errors import backend_exception_handler
from well_ops.state.logistics import ConsumablesState, DeliveriesState, EquipmentState
from well_ops.state.milestones import MilestonesState
from well_ops.state.reports import ReportsState
from well_ops.state.rigs import RigsState
from well_ops.state.settings import SettingsState
from well_ops.state.users import UsersState
from well_ops.state.well_detail import WellDetailState
from well_ops.state.wells import WellsState

app = rx.App(
    api_transformer=api_app,
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
    ("/rigs", rigs_page, "Rigs", [RigsState.load]),
    ("/milestones", milestones_page, "Milestones", [MilestonesState.load]),
    ("/reports", reports_page, "Daily reports", [ReportsState.load]),
    ("/logistics", logistics_page, "Logistics", [EquipmentState.load, DeliveriesState.load, ConsumablesState.load]),
    ("/admin/users", users_page, "Users", [UsersState.load]),
    ("/admin/audit", audit_page, "Audit trail", [AuditState.load]),
    ("/admin/settings", settings_page, "Settings", [SettingsState.load]),
    ("/account", account_page, "My account", []),
]

app.add_page(login_page, route="/login", title="Log in · WellOps", on_load=AuthState.redirect_if_logged_in)
for route, component, title, loaders in PROTECTED:
    app.add_page(component, route=route, title=f"{title} · WellOps", on_load=[AuthState.check_login, *loaders])
    auth_state.AVAILABLE_PAGES.add(route)

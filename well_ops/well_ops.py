"""The Reflex app: pages, their load events, the exception handler and the REST API mount."""

import reflex as rx

from well_ops.pages.account import account_page
from well_ops.pages.admin_audit import audit_page
from well_ops.pages.admin_users import users_page
from well_ops.pages.dashboard import dashboard_page
from well_ops.pages.login import login_page
from well_ops.pages.rigs import rigs_page
from well_ops.state import auth as auth_state
from well_ops.state.audit import AuditState
from well_ops.state.auth import AuthState
from well_ops.state.dashboard import DashboardState
from well_ops.state.errors import backend_exception_handler
from well_ops.state.rigs import RigsState
from well_ops.state.users import UsersState

app = rx.App(
    theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium", appearance="inherit"),
    backend_exception_handler=backend_exception_handler,
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
)

PROTECTED: list[tuple[str, object, str, list]] = [
    ("/", dashboard_page, "Dashboard", [DashboardState.load]),
    ("/rigs", rigs_page, "Rigs", [RigsState.load]),
    ("/admin/users", users_page, "Users", [UsersState.load]),
    ("/admin/audit", audit_page, "Audit trail", [AuditState.load]),
    ("/account", account_page, "My account", []),
]

app.add_page(login_page, route="/login", title="Log in · WellOps", on_load=AuthState.redirect_if_logged_in)
for route, component, title, loaders in PROTECTED:
    app.add_page(component, route=route, title=f"{title} · WellOps", on_load=[AuthState.check_login, *loaders])
    auth_state.AVAILABLE_PAGES.add(route)

"""The app shell: navigation for the user's role, header with name and role, light/dark mode, phone layout."""

from collections.abc import Callable

import reflex as rx

from well_ops.components.notifications import notifications_bell
from well_ops.state.auth import AuthState

ROLE_LABELS = {
    "admin": "Administrator",
    "ops_manager": "Operations manager",
    "engineer": "Drilling engineer",
    "logistics": "Logistics coordinator",
    "executive": "Executive",
}


def _nav_link(item: rx.Var, prefix: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(item["icon"], size=18), rx.text(item["label"], size="3"), align="center", spacing="3"),
        href=item["path"],
        id=prefix + item["path"].to(str).replace("/", "-"),
        class_name="nav-link",
        underline="none",
        padding_x="0.75em",
        padding_y="0.5em",
        border_radius="8px",
        width="100%",
        color=rx.color("gray", 12),
        _hover={"background": rx.color("accent", 3)},
    )


def nav_list(nav_id: str = "nav") -> rx.Component:
    return rx.vstack(rx.foreach(AuthState.nav_items, lambda item: _nav_link(item, f"{nav_id}-")), spacing="1",
                     width="100%", id=nav_id)


def brand() -> rx.Component:
    return rx.hstack(
        rx.icon("drill", size=24, color=rx.color("accent", 10)),
        rx.heading("WellOps", size="5"),
        align="center",
        spacing="2",
    )


def user_box() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.link(rx.text(AuthState.user_name, weight="bold", size="2", id="current-user-name"), href="/account",
                    color="inherit", underline="hover"),
            rx.badge(rx.match(AuthState.user_role, *ROLE_LABELS.items(), AuthState.user_role),
                     id="current-user-role", variant="soft", title=AuthState.user_role),
            spacing="1",
            align="end",
        ),
        notifications_bell(),
        rx.color_mode.button(size="2", variant="ghost"),
        rx.tooltip(
            rx.icon_button(rx.icon("log-out"), on_click=AuthState.logout, variant="soft", id="logout-button",
                           aria_label="Log out"),
            content="Log out",
        ),
        align="center",
        spacing="3",
    )


def sidebar() -> rx.Component:
    return rx.box(
        rx.vstack(brand(), rx.divider(), nav_list(), spacing="4", padding="1em", width="100%"),
        display=["none", "none", "block"],
        width="230px",
        min_width="230px",
        height="100vh",
        position="sticky",
        top="0",
        overflow_y="auto",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
    )


def mobile_menu() -> rx.Component:
    return rx.box(
        rx.drawer.root(
            rx.drawer.trigger(rx.icon_button(rx.icon("menu"), variant="ghost", id="mobile-menu", aria_label="Menu")),
            rx.drawer.overlay(),
            rx.drawer.portal(
                rx.drawer.content(
                    rx.vstack(brand(), rx.divider(), nav_list("nav-mobile"), spacing="4", padding="1em"),
                    width="260px",
                    height="100%",
                    background=rx.color("gray", 1),
                )
            ),
            direction="left",
        ),
        display=["block", "block", "none"],
    )


def page_shell(title: str, *children: rx.Component, actions: rx.Component | None = None) -> rx.Component:
    """A protected page: sidebar, header, then the page body."""
    header = rx.hstack(
        mobile_menu(),
        rx.heading(title, size="6", id="page-title"),
        rx.spacer(),
        user_box(),
        align="center",
        width="100%",
        padding_y="0.75em",
        padding_x="1em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
    )
    body = rx.vstack(
        *( [rx.hstack(rx.spacer(), actions, width="100%")] if actions is not None else [] ),
        *children,
        spacing="4",
        padding=["0.75em", "1em", "1.5em"],
        width="100%",
        max_width="1400px",
    )
    return rx.hstack(
        sidebar(),
        rx.vstack(header, body, spacing="0", width="100%", min_width="0"),
        spacing="0",
        width="100%",
        align="start",
    )


def protected(title: str) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Wrap a page body function in the shell."""

    def wrap(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return page_shell(title, body())

        page.__name__ = body.__name__
        return page

    return wrap


def stat_card(label: str, value: rx.Var | str, icon: str, id_: str = "") -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=28, color=rx.color("accent", 10)),
            rx.vstack(rx.text(label, size="2", color=rx.color("gray", 11)),
                      rx.heading(value, size="6", id=id_ or None), spacing="1"),
            align="center",
            spacing="4",
        ),
        min_width="200px",
    )


def error_callout(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
    )

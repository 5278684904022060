"""The login page."""

import reflex as rx

from well_ops.components.layout import error_callout
from well_ops.state.auth import AuthState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(rx.icon("drill", size=32, color=rx.color("accent", 10)), rx.heading("WellOps", size="7"),
                              align="center"),
                    rx.text("Drilling campaigns and well integrity in one place.", color=rx.color("gray", 11)),
                    error_callout(AuthState.login_error),
                    rx.text("E-mail", as_="label", html_for="email", size="2", weight="medium"),
                    rx.input(name="email", id="email", type="email", placeholder="you@company.com", required=True,
                             auto_complete="username", width="100%", size="3"),
                    rx.text("Password", as_="label", html_for="password", size="2", weight="medium"),
                    rx.input(name="password", id="password", type="password", required=True,
                             auto_complete="current-password", width="100%", size="3"),
                    rx.button("Log in", type="submit", width="100%", size="3", id="login-button",
                              loading=AuthState.login_busy),
                    spacing="3",
                    width="100%",
                ),
                on_submit=AuthState.login,
                reset_on_submit=False,
            ),
            width=["92vw", "400px"],
            padding="2em",
        ),
        rx.box(rx.color_mode.button(variant="ghost"), position="fixed", top="1em", right="1em"),
        min_height="100vh",
        background=rx.color("gray", 2),
    )

"""My account."""

import reflex as rx

from well_ops.components.layout import error_callout, page_shell
from well_ops.state.account import AccountState
from well_ops.state.auth import AuthState


def account_page() -> rx.Component:
    return page_shell(
        "My account",
        rx.card(
            rx.vstack(
                rx.text("Signed in as ", rx.text.strong(AuthState.user_email), " (", AuthState.user_role, ")"),
                rx.heading("Change password", size="4"),
                rx.form(
                    rx.vstack(
                        error_callout(AccountState.error),
                        rx.input(name="current_password", type="password", placeholder="Current password",
                                 required=True),
                        rx.input(name="new_password", type="password", placeholder="New password (10+ characters)",
                                 required=True),
                        rx.input(name="confirm", type="password", placeholder="Repeat new password", required=True),
                        rx.button("Change password", type="submit"),
                        spacing="3",
                    ),
                    on_submit=AccountState.change_password,
                ),
                spacing="3",
            ),
            max_width="480px",
        ),
    )

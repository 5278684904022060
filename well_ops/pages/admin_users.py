"""Admin: users."""

import reflex as rx

from well_ops.components.layout import error_callout, page_shell
from well_ops.models.users import Role
from well_ops.state.users import UsersState

ROLES = [r.value for r in Role]


def _create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("user-plus"), "New user", id="new-user-button")),
        rx.dialog.content(
            rx.dialog.title("New user"),
            rx.form(
                rx.vstack(
                    error_callout(UsersState.form_error),
                    rx.input(name="full_name", placeholder="Full name", required=True, id="new-user-name"),
                    rx.input(name="email", type="email", placeholder="E-mail", required=True, id="new-user-email"),
                    rx.input(name="password", type="password", placeholder="Initial password (10+ characters)",
                             required=True, id="new-user-password"),
                    rx.select(ROLES, name="role", default_value="engineer", id="new-user-role"),
                    rx.select.root(
                        rx.select.trigger(placeholder="Team (optional)"),
                        rx.select.content(rx.foreach(UsersState.teams,
                                                     lambda t: rx.select.item(t["name"], value=t["id"]))),
                        name="team_id",
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Create", type="submit", id="new-user-submit"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=UsersState.create_user,
            ),
        ),
        open=UsersState.create_open,
        on_open_change=UsersState.set_create_open,
    )


def _reset_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Reset password"),
            rx.form(
                rx.vstack(
                    error_callout(UsersState.reset_error),
                    rx.input(name="password", type="password", placeholder="New password", required=True),
                    rx.hstack(rx.button("Cancel", variant="soft", color_scheme="gray", type="button",
                                        on_click=UsersState.close_reset),
                              rx.button("Reset", type="submit"), justify="end", width="100%"),
                    spacing="3",
                ),
                on_submit=UsersState.reset_password,
            ),
        ),
        open=UsersState.reset_user_id != "",
        on_open_change=UsersState.reset_open_change,
    )


def _row(u: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(u["full_name"], weight="medium"), rx.text(u["email"], size="1", color="gray")),
        rx.table.cell(rx.select(ROLES, value=u["role"], on_change=lambda r: UsersState.change_role(u["id"], r),
                                size="1")),
        rx.table.cell(u["team"]),
        rx.table.cell(rx.cond(u["active"] == "yes", rx.badge("active", color_scheme="green"),
                              rx.badge("inactive", color_scheme="gray")),
                      rx.cond(u["locked"] != "", rx.badge("locked", color_scheme="red"))),
        rx.table.cell(u["last_login"]),
        rx.table.cell(
            rx.hstack(
                rx.cond(u["active"] == "yes",
                        rx.button("Deactivate", size="1", variant="soft", color_scheme="red",
                                  on_click=UsersState.set_active(u["id"], False)),
                        rx.button("Activate", size="1", variant="soft",
                                  on_click=UsersState.set_active(u["id"], True))),
                rx.button("Reset password", size="1", variant="soft", on_click=UsersState.open_reset(u["id"])),
            )
        ),
    )


def users_page() -> rx.Component:
    return page_shell(
        "Users",
        rx.hstack(
            rx.input(placeholder="Search name or e-mail", value=UsersState.search, on_change=UsersState.set_search,
                     debounce_timeout=300, width="300px"),
            rx.spacer(),
            _create_dialog(),
            width="100%",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("User", "Role", "Team", "Status", "Last login", "")])),
                rx.table.body(rx.foreach(UsersState.users, _row)),
                width="100%",
                id="users-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        _reset_dialog(),
    )

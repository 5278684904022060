"""The notifications bell: unread badge, the latest notifications, mark read / mark all read, link to the task."""

from __future__ import annotations

import reflex as rx

from well_ops.state.notifications import NotificationsState

N = NotificationsState


def _item(n: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(width="8px", height="8px", border_radius="50%", flex_shrink="0", margin_top="6px",
               background=rx.cond(n.read, "transparent", rx.color("accent", 9))),
        rx.vstack(
            rx.text(n.message, size="2", weight=rx.cond(n.read, "regular", "medium"), cursor="pointer",
                    on_click=N.open_notification(n.id, n.link), class_name="notification-message"),
            rx.text(n.kind, " · ", n.when, size="1", color=rx.color("gray", 10)),
            spacing="0", width="100%",
        ),
        rx.cond(~n.read, rx.tooltip(rx.icon_button(rx.icon("check", size=12), size="1", variant="ghost",
                                                   aria_label="Mark read", on_click=N.mark_read(n.id),
                                                   class_name="notification-mark-read"), content="Mark read")),
        align="start", spacing="2", width="100%", padding_y="0.4em", class_name="notification",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def notifications_bell() -> rx.Component:
    badge = rx.cond(N.unread > 0, rx.badge(rx.cond(N.unread > 99, "99+", N.unread.to(str)), color_scheme="red",
                                           variant="solid", radius="full", size="1", id="notifications-count",
                                           position="absolute", top="-6px", right="-8px"))
    return rx.popover.root(
        rx.popover.trigger(rx.box(rx.icon_button(rx.icon("bell"), variant="soft", aria_label="Notifications",
                                                 id="notifications-bell"), badge, position="relative")),
        rx.popover.content(
            rx.vstack(
                rx.hstack(rx.heading("Notifications", size="3"), rx.spacer(),
                          rx.button("Mark all read", size="1", variant="ghost", on_click=N.mark_all_read,
                                    disabled=N.unread == 0, id="notifications-mark-all"),
                          width="100%", align="center"),
                rx.cond(N.items.length() == 0, rx.text("Nothing yet.", size="2", color=rx.color("gray", 10))),
                rx.vstack(rx.foreach(N.items, _item), spacing="0", width="100%", max_height="420px",
                          overflow_y="auto"),
                spacing="2", width="100%",
            ),
            width="380px", max_width="95vw", id="notifications-panel",
        ),
    )

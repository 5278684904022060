"""Coloured status badges shared by the pages (one colour per status, the same everywhere)."""

import reflex as rx

from well_ops.figures.colors import STATUS_COLORS


def status_badge(status: rx.Var) -> rx.Component:
    """A badge for any status value, coloured from STATUS_COLORS."""
    return rx.match(
        status,
        *[(value, rx.badge(value.replace("_", " "), color_scheme=color, variant="soft"))
          for value, color in STATUS_COLORS.items()],
        rx.badge(status, variant="soft"),
    )

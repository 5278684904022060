"""Coloured status badges shared by the pages (one colour per status, the same everywhere)."""

import reflex as rx

STATUS_COLORS: dict[str, str] = {
    # rigs
    "drilling": "green", "tripping": "teal", "casing_cementing": "cyan", "completion": "blue", "moving": "violet",
    "waiting": "amber", "maintenance": "orange", "npt": "red", "standby": "gray", "idle": "gray",
    # campaigns / wells
    "planned": "gray", "active": "green", "on_hold": "amber", "completed": "blue", "cancelled": "red",
    "completing": "cyan", "producing": "green", "suspended": "amber", "abandoned": "gray",
    # logistics
    "available": "green", "in_use": "blue", "in_transit": "violet", "delivered": "green",
    # integrity
    "ok": "green", "degraded": "amber", "failed": "red", "unknown": "gray",
    "green": "green", "yellow": "yellow", "amber": "amber", "orange": "orange", "red": "red",
}


def status_badge(status: rx.Var) -> rx.Component:
    """A badge for any status value, coloured from STATUS_COLORS."""
    return rx.match(
        status,
        *[(value, rx.badge(value.replace("_", " "), color_scheme=color, variant="soft"))
          for value, color in STATUS_COLORS.items()],
        rx.badge(status, variant="soft"),
    )

"""One colour per status, shared by badges and charts."""

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

# Plotly colour values for the Radix colour scheme names above.
PLOTLY_COLORS = {"green": "#2f9e44", "teal": "#0c8599", "cyan": "#1098ad", "blue": "#1c7ed6", "violet": "#7048e8",
                 "amber": "#f59f00", "orange": "#e8590c", "red": "#e03131", "gray": "#868e96", "yellow": "#fab005"}


def status_color(status: str) -> str:
    """The plotly colour of a status."""
    return PLOTLY_COLORS.get(STATUS_COLORS.get(status, "gray"), "#868e96")

"""The role -> permission table. Data, not code: the service guard is the only reader.

A permission is ``"<resource>.<action>"`` with action ``read``, ``write`` (create/update) or ``delete``;
``approve`` where a resource has an approval step. ``admin`` holds every permission.
"""

from __future__ import annotations

from well_ops.models.users import Role

RESOURCES: tuple[str, ...] = (
    "user", "team", "audit", "settings", "webhook", "api_token",
    "campaign", "rig", "well", "milestone", "afe",
    "report",
    "equipment", "delivery", "consumable",
    "integrity", "reading", "barrier", "risk_matrix",
    "task", "comment", "attachment", "notification", "dashboard",
)
ACTIONS: tuple[str, ...] = ("read", "write", "delete", "approve")

# ``task.write_assigned``: may update only tasks assigned to oneself, one's team or one's role.
ALL_PERMISSIONS: frozenset[str] = frozenset(f"{r}.{a}" for r in RESOURCES for a in ACTIONS) | {"task.write_assigned"}

_READ_OPERATIONS = {
    f"{r}.read"
    for r in (
        "campaign", "rig", "well", "milestone", "afe", "report", "equipment", "delivery", "consumable",
        "integrity", "reading", "barrier", "risk_matrix", "task", "comment", "attachment", "dashboard", "team",
    )
}
_SELF = {"notification.read", "notification.write", "comment.write", "attachment.write"}

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.admin: ALL_PERMISSIONS,
    Role.ops_manager: frozenset(
        _READ_OPERATIONS
        | _SELF
        | {
            "campaign.write", "campaign.delete", "rig.write", "rig.delete", "well.write", "well.delete",
            "milestone.write", "milestone.delete", "afe.write", "afe.approve", "task.write", "task.delete",
            "report.write", "equipment.write", "delivery.write", "consumable.write", "attachment.delete",
        }
    ),
    Role.engineer: frozenset(
        _READ_OPERATIONS
        | _SELF
        | {
            "report.write", "report.delete", "milestone.write", "integrity.write", "integrity.delete",
            "reading.write", "barrier.write", "task.write",
        }
    ),
    Role.logistics: frozenset(
        _READ_OPERATIONS
        | _SELF
        | {
            "equipment.write", "equipment.delete", "delivery.write", "delivery.delete", "consumable.write",
            "consumable.delete", "task.write_assigned",
        }
    ),
    Role.executive: frozenset(_READ_OPERATIONS | {"notification.read", "notification.write"}),
}

# Which pages each role sees in the navigation (the server still checks every call).
NAV_PAGES: dict[str, str] = {
    "/": "dashboard.read",
    "/campaigns": "campaign.read",
    "/rigs": "rig.read",
    "/wells": "well.read",
    "/milestones": "milestone.read",
    "/reports": "report.read",
    "/logistics": "equipment.read",
    "/tasks": "task.read",
    "/integrity": "integrity.read",
    "/admin/users": "user.write",
    "/admin/audit": "audit.read",
    "/admin/settings": "settings.write",
    "/admin/webhooks": "webhook.read",
    "/admin/risk-matrix": "settings.write",
}


def role_has(role: Role | str | None, permission: str) -> bool:
    """True when ``role`` holds ``permission`` in the table."""
    if role is None:
        return False
    try:
        role_enum = Role(role)
    except ValueError:
        return False
    return permission in ROLE_PERMISSIONS[role_enum]

"""The role -> permission table, checked as data."""

from __future__ import annotations

import pytest

from well_ops.auth.permissions import ALL_PERMISSIONS, NAV_PAGES, ROLE_PERMISSIONS, role_has
from well_ops.models.users import Role

WRITE_ACTIONS = (".write", ".delete", ".approve", ".write_assigned")


def test_every_role_has_an_entry_and_only_known_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    for role, perms in ROLE_PERMISSIONS.items():
        assert perms <= ALL_PERMISSIONS, f"{role}: unknown {perms - ALL_PERMISSIONS}"
    assert set(NAV_PAGES.values()) <= ALL_PERMISSIONS


def test_admin_holds_everything() -> None:
    assert ROLE_PERMISSIONS[Role.admin] == ALL_PERMISSIONS


def test_executive_is_read_only_apart_from_own_notifications() -> None:
    writes = {p for p in ROLE_PERMISSIONS[Role.executive] if p.endswith(WRITE_ACTIONS)}
    assert writes == {"notification.write"}


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.ops_manager, ["campaign.write", "rig.write", "well.write", "task.delete", "afe.approve"],
         ["user.write", "audit.read", "settings.write", "integrity.write"]),
        (Role.engineer, ["report.write", "integrity.write", "reading.write", "task.write", "campaign.read"],
         ["campaign.write", "task.delete", "user.write", "equipment.write"]),
        (Role.logistics, ["equipment.write", "delivery.write", "consumable.write", "task.write_assigned"],
         ["task.write", "report.write", "campaign.write", "integrity.write"]),
        (Role.executive, ["dashboard.read", "campaign.read", "report.read", "integrity.read"],
         ["campaign.write", "task.write", "report.write", "user.read"]),
    ],
)
def test_role_rules_from_the_issue(role: Role, allowed: list[str], refused: list[str]) -> None:
    for perm in allowed:
        assert role_has(role, perm), f"{role} should have {perm}"
    for perm in refused:
        assert not role_has(role, perm), f"{role} must not have {perm}"


@pytest.mark.parametrize("role", [None, "", "root", "ADMIN"])
def test_unknown_roles_hold_nothing(role: str | None) -> None:
    assert not role_has(role, "dashboard.read")


def test_only_admin_sees_user_and_audit_admin_pages() -> None:
    for role in Role:
        assert role_has(role, NAV_PAGES["/admin/users"]) == (role == Role.admin)
        assert role_has(role, NAV_PAGES["/admin/audit"]) == (role == Role.admin)

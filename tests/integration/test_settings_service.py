"""Alert thresholds (admin settings): stored once, replaced in place, audited, validated by field, admin only."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from tests.builders import make_actor
from well_ops.models.audit import AppSetting, AuditLog
from well_ops.models.users import Role
from well_ops.services import settings
from well_ops.services.errors import PermissionDenied, ValidationFailed


def _audit(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditLog)).one()


def test_thresholds_are_stored_replaced_and_audited(session: Session) -> None:
    admin = make_actor(session, Role.admin)
    assert settings.get_thresholds(admin).schedule_delay_days == 2.0      # the default before anything is stored
    before = _audit(session)
    settings.set_thresholds(admin, {"schedule_delay_days": 3.5})
    settings.set_thresholds(admin, {"budget_warning_pct": 80})            # the other field keeps its new value
    session.expire_all()
    [row] = session.exec(select(AppSetting).where(AppSetting.key == settings.THRESHOLDS_KEY)).all()
    assert (row.value["schedule_delay_days"], row.value["budget_warning_pct"]) == (3.5, 80.0)
    assert _audit(session) == before + 2
    settings.set_thresholds(admin, {})                                     # nothing changes: no write, no audit
    assert _audit(session) == before + 2
    with pytest.raises(ValidationFailed) as err:
        settings.set_thresholds(admin, {"milestone_window_days": 0})
    assert "milestone_window_days" in err.value.errors
    with pytest.raises(PermissionDenied):
        settings.set_thresholds(make_actor(session, Role.ops_manager), {"schedule_delay_days": 1})

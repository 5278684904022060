"""Admin configuration page state: alert thresholds."""

import reflex as rx

from well_ops.services import settings as settings_service
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, clean_form

FIELDS = tuple(settings_service.AlertThresholds.model_fields)


class SettingsState(rx.State):
    values: dict[str, str] = {}
    error: str = ""
    form_key: int = 0

    @rx.event
    async def load(self):
        t = await call(settings_service.get_thresholds, await current_actor(self))
        self.values = {k: f"{v:g}" for k, v in t.model_dump().items()}
        self.form_key += 1

    @rx.event
    async def save(self, form: dict):
        try:
            await call(settings_service.set_thresholds, await current_actor(self), clean_form(form, FIELDS))
        except WellOpsError as exc:
            self.error = exc.message
            return
        self.error = ""
        await self.load()
        yield rx.toast.success("Alert thresholds saved.")

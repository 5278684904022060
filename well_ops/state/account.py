"""The user's own account: change password, unit preference."""

import reflex as rx

from well_ops.services import auth as auth_service
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import AuthState, current_actor
from well_ops.state.base import call


class AccountState(rx.State):
    error: str = ""

    @rx.event
    async def change_password(self, form: dict):
        form = form if isinstance(form, dict) else {}
        if str(form.get("new_password", "")) != str(form.get("confirm", "")):
            self.error = "The two new passwords differ."
            return
        try:
            await call(auth_service.change_own_password, await current_actor(self),
                       str(form.get("current_password", "")), str(form.get("new_password", "")))
        except WellOpsError as exc:
            self.error = exc.message
            return
        self.error = ""
        auth = await self.get_state(AuthState)
        auth.token = ""
        yield rx.toast.success("Password changed. Please log in again.")
        yield rx.redirect("/login")

"""Admin page state: users (create, change role or team, deactivate, reset password)."""

import reflex as rx

from well_ops.models.users import UserRead
from well_ops.services import users as users_service
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call, fmt_dt


def _row(u: UserRead) -> dict[str, str]:
    return {
        "id": str(u.id), "email": u.email, "full_name": u.full_name, "role": u.role.value,
        "team": u.team_name, "active": "yes" if u.is_active else "no", "last_login": fmt_dt(u.last_login_at),
        "locked": fmt_dt(u.locked_until),
    }


class UsersState(rx.State):
    users: list[dict[str, str]] = []
    teams: list[dict[str, str]] = []
    search: str = ""
    form_error: str = ""
    create_open: bool = False
    reset_user_id: str = ""
    reset_error: str = ""

    @rx.event
    async def load(self):
        actor = await current_actor(self)
        rows = await call(users_service.list_users, actor, self.search)
        teams = await call(users_service.list_teams, actor)
        self.users = [_row(u) for u in rows]
        self.teams = [{"id": str(t.id), "name": t.name} for t in teams]

    @rx.event
    async def set_search(self, value: str):
        self.search = str(value)[:100]
        await self.load()

    @rx.event
    def set_create_open(self, value: bool):
        self.create_open = bool(value)
        self.form_error = ""

    @rx.event
    async def create_user(self, form: dict):
        data = {k: form.get(k) for k in ("email", "full_name", "password", "role")} if isinstance(form, dict) else {}
        team = str(form.get("team_id", "") if isinstance(form, dict) else "")
        data["team_id"] = int(team) if team.isdigit() else None
        try:
            user = await call(users_service.create_user, await current_actor(self), data)
        except WellOpsError as exc:
            self.form_error = exc.message
            return
        self.create_open = False
        await self.load()
        yield rx.toast.success(f"User {user.email} created.")

    @rx.event
    async def change_role(self, user_id: str, role: str):
        await call(users_service.update_user, await current_actor(self), int(user_id), {"role": role})
        await self.load()
        return rx.toast.success("Role changed.")

    @rx.event
    async def change_team(self, user_id: str, team_id: str):
        team = int(team_id) if str(team_id).isdigit() else None
        await call(users_service.update_user, await current_actor(self), int(user_id), {"team_id": team})
        await self.load()
        return rx.toast.success("Team changed.")

    @rx.event
    async def set_active(self, user_id: str, active: bool):
        await call(users_service.update_user, await current_actor(self), int(user_id), {"is_active": bool(active)})
        await self.load()
        return rx.toast.success("User activated." if active else "User deactivated: their sessions have ended.")

    @rx.event
    def open_reset(self, user_id: str):
        self.reset_user_id = str(user_id)
        self.reset_error = ""

    @rx.event
    def close_reset(self):
        self.reset_user_id = ""

    @rx.event
    def reset_open_change(self, is_open: bool):
        if not is_open:
            self.reset_user_id = ""

    @rx.event
    async def reset_password(self, form: dict):
        password = str(form.get("password", "")) if isinstance(form, dict) else ""
        try:
            await call(users_service.reset_password, await current_actor(self), int(self.reset_user_id or 0), password)
        except WellOpsError as exc:
            self.reset_error = exc.message
            return
        self.reset_user_id = ""
        yield rx.toast.success("Password reset; the user's sessions have ended.")

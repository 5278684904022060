"""Demo teams and one user per role."""

from __future__ import annotations

from well_ops.auth.passwords import hash_password
from well_ops.models.users import Role, Team, User
from well_ops.services.context import Context

DEMO_USERS: list[tuple[str, str, Role, str]] = [
    ("admin@wellops.example", "Alex Admin", Role.admin, "Management"),
    ("ops@wellops.example", "Olivia Ops", Role.ops_manager, "Management"),
    ("engineer@wellops.example", "Erik Engineer", Role.engineer, "Drilling Engineering"),
    ("integrity@wellops.example", "Ingrid Integrity", Role.engineer, "Well Integrity"),
    ("logistics@wellops.example", "Luis Logistics", Role.logistics, "Logistics"),
    ("exec@wellops.example", "Emma Executive", Role.executive, "Management"),
]


def _load(ctx: Context, password: str) -> dict[str, User]:
    teams = {
        name: Team(name=name, description=desc)
        for name, desc in [
            ("Management", "Asset and operations management"),
            ("Drilling Engineering", "Well design and daily operations"),
            ("Well Integrity", "Barriers, annulus pressure, MAASP"),
            ("Logistics", "Equipment, supply boats, trucking"),
        ]
    }
    ctx.session.add_all(teams.values())
    ctx.session.flush()
    password_hash = hash_password(password)
    users: dict[str, User] = {}
    for email, name, role, team in DEMO_USERS:
        user = User(email=email, full_name=name, role=role, team_id=teams[team].id, password_hash=password_hash)
        ctx.session.add(user)
        users[role.value if role.value not in users else email] = user
        users[email] = user
    ctx.session.flush()
    return users

"""Database side of the load test (bench/load_test.py): a fresh seeded database, the simulated users' accounts and
tasks, and the lost-write check at the end.

    python bench/load_data.py seed --users 200      # run by load_test.py with DATABASE_URL set

``seed`` adds, on top of ``seed-demo``, one account per simulated user (``load-<i>@wellops.example``, the demo
password, roles in ``ROLE_MIX`` order) and two tasks assigned to every user whose role may move cards, all
through the services (so the audit trail records them). Run it with ``WELLOPS_BCRYPT_ROUNDS=4``: hundreds of
logins at cost 12 would cost about a minute of CPU that has nothing to do with the event path under test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

# Role of simulated user i is ROLE_MIX[i % len(ROLE_MIX)]: 35 % engineers, 20 % ops managers, 15 % each of
# logistics, executives and admins.
ROLE_MIX = ("engineer", "ops_manager", "logistics", "engineer", "executive", "admin", "engineer", "ops_manager",
            "logistics", "engineer", "executive", "admin", "engineer", "ops_manager", "logistics", "engineer",
            "executive", "admin", "engineer", "ops_manager")
MOVER_ROLES = {"engineer", "ops_manager", "logistics", "admin"}  # task.write / task.write_assigned
READING_ROLES = {"engineer"}
TASKS_PER_MOVER = 2


def email_of(i: int) -> str:
    return f"load-{i:03d}@wellops.example"


def role_of(i: int) -> str:
    return ROLE_MIX[i % len(ROLE_MIX)]


def sync_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_for(url: str) -> sa.Engine:
    return sa.create_engine(sync_url(url), poolclass=NullPool)


def recreate_database(admin_url: str, name: str) -> None:
    """Drop and create database ``name`` (only ever the load test's own)."""
    engine = sa.create_engine(sync_url(admin_url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def prepare(database_url: str, users: int, env: dict[str, str]) -> dict[str, Any]:
    """Migrate, seed the demo data and the load users; returns the seed manifest (users, tasks, well, annuli)."""
    run_env = dict(env, DATABASE_URL=database_url, WELLOPS_BCRYPT_ROUNDS="4")
    for cmd in ([str(VENV_BIN / "alembic"), "upgrade", "head"],
                [str(VENV_BIN / "python"), "-m", "well_ops.cli", "seed-demo"],
                [str(VENV_BIN / "python"), str(Path(__file__).resolve()), "seed", "--users", str(users)]):
        result = subprocess.run(cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def seed(users: int) -> dict[str, Any]:
    """Create the load users and their tasks through the services (runs inside the app's environment)."""
    from well_ops.services import tasks
    from well_ops.services import users as users_service
    from well_ops.services.context import SYSTEM
    from well_ops.services.demo import DEMO_PASSWORD

    engine = engine_for(os.environ["DATABASE_URL"])
    with engine.connect() as conn:
        rig_ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM rigs ORDER BY id"))]
        annuli = conn.execute(sa.text(
            "SELECT a.id, a.well_id, min(m.pressure_bar), max(m.pressure_bar) FROM annuli a "
            "JOIN annulus_measurements m ON m.annulus_id = a.id GROUP BY a.id, a.well_id ORDER BY a.id")).all()
    manifest: dict[str, Any] = {"users": [], "rig_ids": rig_ids,
                                "annuli": [{"id": a[0], "well_id": a[1], "low": a[2], "high": a[3]} for a in annuli]}
    for i in range(users):
        role = role_of(i)
        user = users_service.create_user(SYSTEM, {"email": email_of(i), "full_name": f"Load user {i:03d}",
                                                  "password": DEMO_PASSWORD, "role": role})
        task_ids = []
        if role in MOVER_ROLES:
            for k in range(TASKS_PER_MOVER):
                card = tasks.create_task(SYSTEM, {"title": f"Load task {i:03d}-{k}", "assignee_user_id": user.id,
                                                  "rig_id": rig_ids[i % len(rig_ids)] if rig_ids else None})
                task_ids.append(card.id)
        manifest["users"].append({"i": i, "email": email_of(i), "role": role, "user_id": user.id,
                                  "task_ids": task_ids})
    return manifest


def task_rows(database_url: str, task_ids: list[int]) -> dict[int, tuple[str, int]]:
    """(status, version) of each task, straight from the database."""
    if not task_ids:
        return {}
    engine = engine_for(database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, status, version FROM tasks WHERE id = ANY(:ids)"),
                            {"ids": task_ids}).all()
    engine.dispose()
    return {int(r[0]): (str(r[1]), int(r[2])) for r in rows}


def missing_readings(database_url: str, readings: list[tuple[int, str, float]]) -> list[tuple[int, str, float]]:
    """The acknowledged readings (annulus id, measured_at ISO, pressure bar) that are not in the database."""
    if not readings:
        return []
    engine = engine_for(database_url)
    missing = []
    with engine.connect() as conn:
        conn.execute(sa.text("CREATE TEMP TABLE acked (annulus_id int, measured_at timestamptz, pressure float8)"))
        conn.execute(sa.text("INSERT INTO acked VALUES (:a, :t, :p)"),
                     [{"a": a, "t": t, "p": p} for a, t, p in readings])
        rows = conn.execute(sa.text(
            "SELECT k.annulus_id, k.measured_at, k.pressure FROM acked k WHERE NOT EXISTS ("
            " SELECT 1 FROM annulus_measurements m WHERE m.annulus_id = k.annulus_id"
            " AND m.measured_at = k.measured_at AND abs(m.pressure_bar - k.pressure) < 1e-6)")).all()
        missing = [(int(r[0]), r[1].isoformat(), float(r[2])) for r in rows]
    engine.dispose()
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    seed_cmd = sub.add_parser("seed")
    seed_cmd.add_argument("--users", type=int, default=200)
    args = parser.parse_args()
    if args.cmd == "seed":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(seed(args.users)))


if __name__ == "__main__":
    main()

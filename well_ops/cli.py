"""Command line: `python -m well_ops.cli create-admin | seed-demo | verify-audit`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlmodel import select

import well_ops.models  # noqa: F401
from well_ops.models.users import Role, User
from well_ops.services import audit as audit_service
from well_ops.services import users as users_service
from well_ops.services.context import SYSTEM, unit_of_work
from well_ops.services.demo import DEMO_PASSWORD, load_demo
from well_ops.services.errors import WellOpsError


def create_admin(email: str | None, name: str | None, password: str | None) -> int:
    """Create the first administrator (from arguments, WELLOPS_ADMIN_* variables, or prompts)."""
    email = email or os.environ.get("WELLOPS_ADMIN_EMAIL") or input("Admin e-mail: ")
    name = name or os.environ.get("WELLOPS_ADMIN_NAME") or "Administrator"
    password = password or os.environ.get("WELLOPS_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    with unit_of_work(SYSTEM) as ctx:
        if ctx.session.exec(select(User).where(User.email == email.strip().lower())).first():
            print(f"{email} already exists; nothing changed.")
            return 0
    try:
        user = users_service.create_user(SYSTEM, {"email": email, "full_name": name, "password": password,
                                                  "role": Role.admin})
    except WellOpsError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(f"Administrator {user.email} created.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="well_ops.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    admin = sub.add_parser("create-admin", help="create the first administrator")
    admin.add_argument("--email")
    admin.add_argument("--name")
    admin.add_argument("--password")
    sub.add_parser("create-admin-from-env",
                   help="on first start: create the admin from WELLOPS_ADMIN_EMAIL/PASSWORD if no admin exists")
    sub.add_parser("seed-demo", help="load the demo data once (idempotent)")
    sub.add_parser("verify-audit", help="check the audit trail's hash chain")
    args = parser.parse_args(argv)
    if args.command == "create-admin":
        return create_admin(args.email, args.name, args.password)
    if args.command == "create-admin-from-env":
        if not (os.environ.get("WELLOPS_ADMIN_EMAIL") and os.environ.get("WELLOPS_ADMIN_PASSWORD")):
            return 0
        with unit_of_work(SYSTEM) as ctx:
            if ctx.session.exec(select(User).where(User.role == Role.admin)).first():
                return 0
        return create_admin(None, None, None)
    if args.command == "seed-demo":
        loaded = load_demo(SYSTEM)
        print("Demo data loaded." if loaded else "Demo data already present; nothing changed.")
        if loaded:
            print(f"Demo users (password {DEMO_PASSWORD}): admin@, ops@, engineer@, integrity@, logistics@, "
                  "exec@wellops.example")
        return 0
    if args.command == "verify-audit":
        problems = audit_service.verify(SYSTEM)
        for p in problems:
            print(p)
        print("audit trail intact" if not problems else f"{len(problems)} problem(s) found")
        return 0 if not problems else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())

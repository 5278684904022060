#!/usr/bin/env python3
"""The careful parts of scripts/backup.sh and scripts/restore.sh (needs psycopg: run it with the app's Python).

    backup_manifest.py dump DB_URL OUT_DIR          pg_dump -Fc + per-table row counts/checksums, one snapshot
    backup_manifest.py seal OUT_DIR                 add the attachment files and artefact checksums: manifest.json
    backup_manifest.py check-artifacts BACKUP_DIR   db.dump and attachments.tar.gz are the files the manifest names
    backup_manifest.py assert-empty DB_URL          refuse a target database that already has tables
    backup_manifest.py restore-db BACKUP_DIR DB_URL pg_restore db.dump into DB_URL, all or nothing
    backup_manifest.py verify BACKUP_DIR DB_URL UPLOAD_DIR   the restored copy matches the manifest

``dump`` opens a REPEATABLE READ transaction, exports its snapshot, runs ``pg_dump --snapshot`` on it and computes
the manifest in the same transaction, so the dump and the figures describe exactly the same data. A table's
checksum is the md5 of its rows' md5s (each row as PostgreSQL's text form, in a fixed session setting), sorted,
so it does not depend on physical row order or collation. Passwords go to pg_dump / pg_restore through
PGPASSWORD, never on their command line (where ``ps`` would show them).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

FORMAT = 1
DUMP, ARCHIVE, MANIFEST, TABLES = "db.dump", "attachments.tar.gz", "manifest.json", "tables.json"
SESSION_SETTINGS = ("SET TIME ZONE 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'postgres'",
                    "SET extra_float_digits = 1", "SET bytea_output = 'hex'")


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as the plain URI libpq tools accept."""
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return url


def masked(url: str) -> str:
    """The URL without its password (for the manifest and messages)."""
    scheme, _, rest = libpq_url(url).partition("://")
    creds, at, host = rest.rpartition("@")
    return f"{scheme}://{creds.split(':', 1)[0]}{at}{host}" if at else f"{scheme}://{rest}"


def run_pg_tool(db_url: str, argv: list[str]) -> None:
    """Run pg_dump / pg_restore on ``db_url`` with the password in the environment, not in ``argv``."""
    params = conninfo_to_dict(libpq_url(db_url))
    password = params.pop("password", None)
    env = dict(os.environ, **({"PGPASSWORD": str(password)} if password else {}))
    subprocess.run([*argv, f"--dbname={make_conninfo(**params)}"], check=True, env=env)  # type: ignore[arg-type]


def table_figures(conn: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """Row count and checksum of every table of the current schema."""
    for statement in SESSION_SETTINGS:
        conn.execute(statement)  # type: ignore[arg-type]
    names = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
    figures = {}
    for name in names:
        query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) "
                        "FROM {} AS t").format(sql.Identifier(name))
        count, checksum = conn.execute(query).fetchone()  # type: ignore[misc]
        figures[name] = {"rows": int(count), "md5": str(checksum)}
    return figures


def sha256_stream(stream: Any) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return sha256_stream(f)


def dump(db_url: str, out_dir: Path) -> None:
    url = libpq_url(db_url)
    with psycopg.connect(url) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        run_pg_tool(url, ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={out_dir / DUMP}"])
        tables = table_figures(conn)
        server = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        conn.rollback()
    (out_dir / TABLES).write_text(json.dumps({"taken_at": started, "database": masked(db_url), "snapshot": snapshot,
                                              "server_version": server, "tables": tables}, indent=1))
    print(f"database: {len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows (snapshot {snapshot})")


def archive_files(archive: Path) -> dict[str, dict[str, Any]]:
    """Size and sha256 of every regular file in the attachments archive, by path relative to the upload dir."""
    files = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            data = tar.extractfile(member)
            assert data is not None
            files[member.name.removeprefix("./")] = {"bytes": member.size, "sha256": sha256_stream(data)}
    return files


def seal(out_dir: Path) -> None:
    manifest = json.loads((out_dir / TABLES).read_text())
    manifest["format"] = FORMAT
    manifest["files"] = archive_files(out_dir / ARCHIVE)
    manifest["artifacts"] = {name: sha256_file(out_dir / name) for name in (DUMP, ARCHIVE)}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    (out_dir / TABLES).unlink()
    print(f"attachments: {len(manifest['files'])} files; manifest written to {out_dir / MANIFEST}")


def check_artifacts(backup_dir: Path) -> list[str]:
    manifest = json.loads((backup_dir / MANIFEST).read_text())
    return [f"{name}: checksum differs from the manifest (corrupt or replaced file)"
            for name, digest in manifest["artifacts"].items() if sha256_file(backup_dir / name) != digest]


def assert_empty(db_url: str) -> list[str]:
    with psycopg.connect(libpq_url(db_url)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
    return [f"the target database is not empty ({len(names)} tables, e.g. {names[:5]})"] if names else []


def verify(backup_dir: Path, db_url: str, upload_dir: Path) -> list[str]:
    """Every difference between the manifest and the restored database and files (empty: identical)."""
    manifest = json.loads((backup_dir / MANIFEST).read_text())
    with psycopg.connect(libpq_url(db_url)) as conn:
        restored = table_figures(conn)
        attachments = _attachment_rows(conn) if "task_attachments" in restored else []
    problems = [f"table {name}: missing after restore" for name in manifest["tables"] if name not in restored]
    problems += [f"table {name}: not in the backup" for name in restored if name not in manifest["tables"]]
    for name, expected in manifest["tables"].items():
        got = restored.get(name)
        if got is not None and got != expected:
            problems.append(f"table {name}: {got['rows']} rows (md5 {got['md5']}), backup had {expected['rows']} "
                            f"rows (md5 {expected['md5']})")
    for rel, expected in manifest["files"].items():
        path = upload_dir / rel
        if not path.is_file():
            problems.append(f"file {rel}: missing after restore")
        elif sha256_file(path) != expected["sha256"]:
            problems.append(f"file {rel}: content differs from the backup")
    for stored_name, digest in attachments:
        if manifest["files"].get(stored_name, {}).get("sha256") != digest:
            print(f"WARNING: attachment {stored_name} is in the database but not (intact) in the backup's files",
                  file=sys.stderr)
    print(f"checked {len(restored)} tables ({sum(t['rows'] for t in restored.values())} rows) and "
          f"{len(manifest['files'])} files against the manifest of {manifest['taken_at']}")
    return problems


def _attachment_rows(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in conn.execute("SELECT stored_name, sha256 FROM task_attachments")]


def main(argv: list[str]) -> int:
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "dump" and len(args) == 2:
        dump(args[0], Path(args[1]))
        return 0
    if command == "restore-db" and len(args) == 2:
        run_pg_tool(args[1], ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                              str(Path(args[0]) / DUMP)])
        return 0
    if command == "seal" and len(args) == 1:
        seal(Path(args[0]))
        return 0
    checks = {"check-artifacts": (1, lambda: check_artifacts(Path(args[0]))),
              "assert-empty": (1, lambda: assert_empty(args[0])),
              "verify": (3, lambda: verify(Path(args[0]), args[1], Path(args[2])))}
    if command in checks and len(args) == checks[command][0]:
        problems = checks[command][1]()
        for problem in problems:
            print(f"ERROR: {problem}", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

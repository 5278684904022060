"""scripts/backup.sh and scripts/restore.sh on PostgreSQL: a restored copy is identical, and verified.

A source database is migrated, filled with the demo data and given an attachment file; it is backed up, restored
into a fresh empty database and upload directory, and then compared row by row (independently of the scripts' own
manifest), file by file, and through the audit trail's hash chain. The verification must also catch a difference
and refuse a damaged backup or a non-empty target.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from tests.conftest import alembic_config, create_pg_database, drop_pg_database
from well_ops import db
from well_ops.db import make_engine
from well_ops.services import tasks
from well_ops.services.context import SYSTEM
from well_ops.services.demo import load_demo

pytestmark = pytest.mark.pg_only

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    full_env.update({"PYTHON": sys.executable, **env})
    return subprocess.run(args, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300, check=False)


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: compared directly, without the scripts' checksums."""
    engine = make_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        out = {t.name: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr) for t in meta.tables.values()}
    engine.dispose()
    return out


@pytest.fixture()
def databases() -> Iterator[tuple[str, str]]:
    source, target = create_pg_database(), create_pg_database()
    try:
        yield source, target
    finally:
        db.set_engine(None)
        drop_pg_database(source)
        drop_pg_database(target)


@pytest.fixture()
def source(databases: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path, str]:
    """The source database (migrated, demo data, one attachment) and its upload directory."""
    url = databases[0]
    uploads = tmp_path / "source-uploads"
    monkeypatch.setenv("WELLOPS_UPLOAD_DIR", str(uploads))
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    db.set_engine(engine)
    try:
        assert load_demo(SYSTEM)
        with engine.connect() as conn:
            task_id = conn.execute(sa.text("SELECT min(id) FROM tasks")).scalar_one()
        stored = tasks.add_attachment(SYSTEM, task_id, "wellhead.png", PNG)
    finally:
        db.set_engine(None)
        engine.dispose()
    files = list(uploads.iterdir())
    assert len(files) == 1 and files[0].read_bytes() == PNG
    return url, uploads, str(stored.id)


def test_backup_then_restore_gives_an_identical_verified_copy(source: tuple[str, Path, str],
                                                              databases: tuple[str, str], tmp_path: Path) -> None:
    source_url, source_uploads, _ = source
    target_url = databases[1]
    backup_dir, restored_uploads = tmp_path / "backup", tmp_path / "restored-uploads"

    made = _run(["bash", "scripts/backup.sh", str(backup_dir)], DATABASE_URL=source_url,
                WELLOPS_UPLOAD_DIR=str(source_uploads))
    assert made.returncode == 0, made.stdout + made.stderr
    assert {p.name for p in backup_dir.iterdir()} == {"db.dump", "attachments.tar.gz", "manifest.json"}
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    source_rows = _rows(source_url)
    assert {name: t["rows"] for name, t in manifest["tables"].items()} == {n: len(r) for n, r in source_rows.items()}
    assert manifest["tables"]["audit_log"]["rows"] > 100 and manifest["tables"]["task_attachments"]["rows"] == 1

    restored = _run(["bash", "scripts/restore.sh", str(backup_dir), target_url],
                    WELLOPS_UPLOAD_DIR=str(restored_uploads))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "audit trail intact" in restored.stdout
    assert "restore complete and verified" in restored.stdout

    assert _rows(target_url) == source_rows, "the restored database differs from the source"
    source_files = {p.name: p.read_bytes() for p in source_uploads.iterdir()}
    assert {p.name: p.read_bytes() for p in restored_uploads.iterdir()} == source_files
    assert PNG in source_files.values()


def test_the_restored_audit_trail_is_still_append_only(source: tuple[str, Path, str], databases: tuple[str, str],
                                                       tmp_path: Path) -> None:
    source_url, source_uploads, _ = source
    backup_dir = tmp_path / "backup"
    assert _run(["bash", "scripts/backup.sh", str(backup_dir)], DATABASE_URL=source_url,
                WELLOPS_UPLOAD_DIR=str(source_uploads)).returncode == 0
    result = _run(["bash", "scripts/restore.sh", str(backup_dir), databases[1]],
                  WELLOPS_UPLOAD_DIR=str(tmp_path / "restored"))
    assert result.returncode == 0, result.stdout + result.stderr
    engine = make_engine(databases[1])
    try:
        with engine.connect() as conn:
            triggers = set(conn.execute(sa.text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal")).scalars())
        assert {"audit_log_no_update_delete", "audit_log_no_truncate"} <= triggers
        with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
            conn.execute(sa.text("UPDATE audit_log SET summary = 'forged' WHERE id = 1"))
    finally:
        engine.dispose()


def test_verification_catches_differences_and_refuses_bad_input(source: tuple[str, Path, str],
                                                                databases: tuple[str, str], tmp_path: Path) -> None:
    source_url, source_uploads, _ = source
    target_url = databases[1]
    backup_dir, uploads = tmp_path / "backup", tmp_path / "restored"
    assert _run(["bash", "scripts/backup.sh", str(backup_dir)], DATABASE_URL=source_url,
                WELLOPS_UPLOAD_DIR=str(source_uploads)).returncode == 0
    again = _run(["bash", "scripts/backup.sh", str(backup_dir)], DATABASE_URL=source_url)
    assert again.returncode != 0 and "already holds a backup" in again.stderr

    into_source = _run(["bash", "scripts/restore.sh", str(backup_dir), source_url],
                       WELLOPS_UPLOAD_DIR=str(tmp_path / "other"))
    assert into_source.returncode != 0 and "not empty" in into_source.stderr

    assert _run(["bash", "scripts/restore.sh", str(backup_dir), target_url],
                WELLOPS_UPLOAD_DIR=str(uploads)).returncode == 0
    engine = make_engine(target_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE rigs SET name = name || ' (edited)' WHERE id = (SELECT min(id) FROM rigs)"))
    engine.dispose()
    next(uploads.iterdir()).write_bytes(b"not the original")
    verify = _run([sys.executable, "scripts/backup_manifest.py", "verify", str(backup_dir), target_url, str(uploads)])
    assert verify.returncode == 1
    assert "table rigs:" in verify.stderr and "content differs" in verify.stderr, verify.stderr

    dump = backup_dir / "db.dump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    damaged = _run([sys.executable, "scripts/backup_manifest.py", "check-artifacts", str(backup_dir)])
    assert damaged.returncode == 1 and "db.dump" in damaged.stderr


def test_passwords_stay_out_of_the_manifest() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import backup_manifest
    finally:
        sys.path.pop(0)
    assert backup_manifest.masked("postgresql+psycopg://app:s3cret@db:5432/wellops") == "postgresql://app@db:5432/wellops"
    assert backup_manifest.libpq_url("postgres://a@h/d") == "postgresql://a@h/d"

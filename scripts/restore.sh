#!/usr/bin/env bash
# Restore a WellOps backup:  scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL
#
# 1. checks db.dump and attachments.tar.gz against the manifest's checksums;
# 2. refuses a target database that already has tables (create an empty one first: createdb ...);
# 3. pg_restore into it, all or nothing (--single-transaction; the audit_log trigger only refuses UPDATE, DELETE
#    and TRUNCATE, and pg_restore only inserts);
# 4. unpacks the attachments into WELLOPS_UPLOAD_DIR (default ./data/attachments; must be empty or absent);
# 5. verifies every table's row count and checksum and every file's sha256 against the manifest, then the audit
#    trail's hash chain (python -m well_ops.cli verify-audit).
# Exits non-zero at the first step that fails. Point the app at TARGET_DATABASE_URL only after it succeeded.
set -euo pipefail

usage() { echo "usage: $0 BACKUP_DIR TARGET_DATABASE_URL" >&2; exit 2; }
[ $# -eq 2 ] || usage
BACKUP=$(cd "$1" && pwd)
TARGET=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PY=${PYTHON:-}
[ -n "$PY" ] || { [ -x "$ROOT/.venv/bin/python" ] && PY="$ROOT/.venv/bin/python"; } || PY=python3
TOOL="$HERE/backup_manifest.py"
UPLOAD_DIR=${WELLOPS_UPLOAD_DIR:-$ROOT/data/attachments}

[ -f "$BACKUP/manifest.json" ] || { echo "$BACKUP has no manifest.json: not a complete backup" >&2; exit 1; }
echo "[1/5] checking the backup files against the manifest..."
"$PY" "$TOOL" check-artifacts "$BACKUP"

echo "[2/5] checking that the target database is empty..."
"$PY" "$TOOL" assert-empty "$TARGET"
if [ -d "$UPLOAD_DIR" ] && [ -n "$(ls -A "$UPLOAD_DIR")" ]; then
  echo "WELLOPS_UPLOAD_DIR ($UPLOAD_DIR) is not empty: restore the attachments into a new directory" >&2
  exit 1
fi

echo "[3/5] restoring the database..."
"$PY" "$TOOL" restore-db "$BACKUP" "$TARGET"

echo "[4/5] restoring attachments into $UPLOAD_DIR..."
mkdir -p "$UPLOAD_DIR"
tar -C "$UPLOAD_DIR" --no-same-owner -xzf "$BACKUP/attachments.tar.gz"

echo "[5/5] verifying the restored copy..."
"$PY" "$TOOL" verify "$BACKUP" "$TARGET" "$UPLOAD_DIR"
(cd "$ROOT" && DATABASE_URL="$TARGET" "$PY" -m well_ops.cli verify-audit)
echo "restore complete and verified."

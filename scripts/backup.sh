#!/usr/bin/env bash
# Back up WellOps:  scripts/backup.sh OUT_DIR
#
# Writes into OUT_DIR (created; must not already hold a backup):
#   db.dump              pg_dump --format=custom of DATABASE_URL (PostgreSQL)
#   attachments.tar.gz   every file under WELLOPS_UPLOAD_DIR (default ./data/attachments)
#   manifest.json        row count + checksum of every table (computed in the SAME snapshot as the dump), size +
#                        sha256 of every attachment file, sha256 of the two files above; written last, so a
#                        directory with a manifest.json holds a complete backup
# Restore with scripts/restore.sh OUT_DIR TARGET_DATABASE_URL. Uses pg_dump from PATH (same major version as the
# server or newer) and the app's Python (PYTHON, else .venv/bin/python, else python3) for the snapshot + manifest.
set -euo pipefail

usage() { echo "usage: DATABASE_URL=postgresql://... $0 OUT_DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
OUT=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PY=${PYTHON:-}
[ -n "$PY" ] || { [ -x "$ROOT/.venv/bin/python" ] && PY="$ROOT/.venv/bin/python"; } || PY=python3
TOOL="$HERE/backup_manifest.py"

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*|postgresql+*://*) ;;
  *) echo "backup.sh backs up PostgreSQL only (DATABASE_URL is not a postgresql:// URL)" >&2; exit 2 ;;
esac
UPLOAD_DIR=${WELLOPS_UPLOAD_DIR:-$ROOT/data/attachments}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ -e "$OUT/manifest.json" ] || [ -e "$OUT/db.dump" ]; then
  echo "$OUT already holds a backup; choose a new directory (e.g. one per date)" >&2
  exit 1
fi

echo "backing up the database (one REPEATABLE READ snapshot for the dump and the manifest)..."
"$PY" "$TOOL" dump "$DATABASE_URL" "$OUT"

echo "archiving attachments from $UPLOAD_DIR..."
if [ -d "$UPLOAD_DIR" ]; then
  tar -C "$UPLOAD_DIR" -czf "$OUT/attachments.tar.gz" .
else
  echo "  (no upload directory: the archive is empty)"
  EMPTY=$(mktemp -d)
  tar -C "$EMPTY" -czf "$OUT/attachments.tar.gz" .
  rmdir "$EMPTY"
fi

"$PY" "$TOOL" seal "$OUT"
echo "backup complete: $OUT"

"""Attachment files: allowed types (by extension AND sniffed content), private storage, after-commit removal.

Files live under ``settings.upload_dir`` (``WELLOPS_UPLOAD_DIR``), never under a folder the web server publishes.
A file is written before its row is flushed and removed again if the transaction rolls back; a deleted
attachment's file is removed only after the transaction commits (``_on_commit`` hooks in ``session.info``), so a
rolled-back delete never loses the file.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from well_ops.config import PROJECT_ROOT, get_settings

log = logging.getLogger(__name__)

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "txt": "text/plain", "csv": "text/csv", "las": "text/plain", "xml": "application/xml",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
_OFFICE_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
_TEXT = {"txt", "csv", "las", "xml", "json"}
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe",
               b"#!")
_ACTIVE_MARKUP = ("<!doctype html", "<html", "<svg", "<script", "<iframe", "<object", "<embed", "javascript:",
                  "xmlns=\"http://www.w3.org/1999/xhtml\"", "xmlns=\"http://www.w3.org/2000/svg\"")
STORED_NAME_RE = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")
_ON_COMMIT, _ON_ROLLBACK = "wellops_on_commit", "wellops_on_rollback"


# ------------------------------------------------------------------------------------------ names and types


def _clean_filename(filename: Any) -> str:
    """The user's file name without any folder part or control characters (display only)."""
    if not isinstance(filename, str):
        return ""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 5 else name[:255]
    return name


def _extension(filename: str) -> str:
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def _detect(content: bytes) -> str:
    """What the bytes look like, for messages."""
    head = content[:64]
    for label, magic in (("a Windows executable", b"MZ"), ("an ELF executable", b"\x7fELF"), ("a script", b"#!"),
                         ("a PDF document", b"%PDF-"), ("a PNG image", b"\x89PNG"), ("a JPEG image", b"\xff\xd8\xff"),
                         ("a GIF image", b"GIF8"), ("a ZIP archive", b"PK\x03\x04")):
        if head.startswith(magic):
            return label
    text = content[:4096].decode("latin-1").lower()
    if "<svg" in text:
        return "an SVG image"
    if "<html" in text or "<!doctype html" in text or "<script" in text:
        return "an HTML page"
    return "binary data" if b"\x00" in content[:4096] else "text"


def _office_ok(ext: str, content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    return "[Content_Types].xml" in names and _OFFICE_PART[ext] in names and not has_macros


def _text_ok(ext: str, content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if ext in ("xml", "json"):
            return False
        text = content.decode("cp1252", errors="replace")  # old LAS and CSV exports
    lowered = text.lower()
    if any(marker in lowered for marker in _ACTIVE_MARKUP):
        return False
    if ext == "json":
        try:
            json.loads(text)
        except ValueError:
            return False
    return not (ext == "xml" and not text.lstrip().startswith("<"))


def _content_problem(ext: str, content: bytes) -> str | None:
    """Why ``content`` is not an acceptable ``ext`` file (None when it is)."""
    if content.startswith(_EXECUTABLE):
        return f"executable content is not allowed (the file is {_detect(content)})"
    if ext in _MAGIC:
        ok = content.startswith(_MAGIC[ext])
    elif ext in _OFFICE_PART:
        ok = content.startswith(b"PK\x03\x04") and _office_ok(ext, content)
    else:
        ok = _text_ok(ext, content)
    return None if ok else f"the content is not a .{ext} file (it looks like {_detect(content)})"


# -------------------------------------------------------------------------------------------------- storage


def _public_dirs() -> list[Path]:
    dirs = [PROJECT_ROOT / "assets", PROJECT_ROOT / "uploaded_files", PROJECT_ROOT / ".web", PROJECT_ROOT / "public"]
    for var in ("REFLEX_UPLOADED_FILES_DIR", "REFLEX_WEB_WORKDIR"):
        if os.environ.get(var):
            dirs.append(Path(os.environ[var]))
    return [d.resolve() for d in dirs]


def _storage_dir() -> Path:
    """The private attachment folder (created on first use); refuses a folder the web server publishes."""
    folder = Path(get_settings().upload_dir).resolve()
    inside_web = any(part.startswith(".web") for part in folder.parts)
    if inside_web or any(folder == d or d in folder.parents for d in _public_dirs()):
        raise RuntimeError(f"WELLOPS_UPLOAD_DIR ({folder}) is inside a public web folder; choose a private one.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path_of(stored_name: str) -> Path:
    if not STORED_NAME_RE.match(stored_name or ""):
        raise ValueError(f"unexpected stored file name {stored_name!r}")
    return _storage_dir() / stored_name


def _remove_after_commit(session: OrmSession, stored_names: list[str]) -> None:
    """Delete these stored files once the transaction commits (names that are not ours are left alone)."""
    paths = [_path_of(name) for name in stored_names if STORED_NAME_RE.match(name or "")]
    for path in paths:
        _on_commit(session, lambda p=path: _remove_quietly(p))  # type: ignore[misc]


def _write_new(path: Path, content: bytes) -> None:
    """Create the file (never overwrite), readable by the app's user only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.exception("could not remove attachment file %s", path)


# ------------------------------------------------------------------------------------ after-commit hooks


def _on_commit(session: OrmSession, fn: Callable[[], None]) -> None:
    """Run ``fn`` once the session's transaction has committed (dropped on rollback)."""
    session.info.setdefault(_ON_COMMIT, []).append(fn)


def _on_rollback(session: OrmSession, fn: Callable[[], None]) -> None:
    """Run ``fn`` if the session's transaction rolls back (dropped on commit)."""
    session.info.setdefault(_ON_ROLLBACK, []).append(fn)


def _run(callbacks: list[Callable[[], None]]) -> None:
    for fn in callbacks:
        try:
            fn()
        except Exception:  # a cleanup failure must not turn a committed change into an error
            log.exception("after-transaction hook failed")


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    _run(session.info.pop(_ON_COMMIT, []))


@event.listens_for(OrmSession, "after_soft_rollback")
def _after_rollback(session: OrmSession, previous_transaction: Any) -> None:
    if previous_transaction.parent is not None:  # a SAVEPOINT inside the unit of work: the outer one decides
        return
    session.info.pop(_ON_COMMIT, None)
    _run(session.info.pop(_ON_ROLLBACK, []))

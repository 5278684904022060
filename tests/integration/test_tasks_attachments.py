"""Attachments (size, type by name and content, private storage, removal after commit) and comments."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from tests.builders import actor, make_actor, make_task, make_user
from well_ops.config import PROJECT_ROOT
from well_ops.models.tasks import TaskAttachment, TaskComment
from well_ops.models.users import Role
from well_ops.services import tasks
from well_ops.services.context import unit_of_work
from well_ops.services.errors import NotFound, PermissionDenied, ValidationFailed

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture()
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "private" / "attachments"
    monkeypatch.setenv("WELLOPS_UPLOAD_DIR", str(folder))
    monkeypatch.setenv("WELLOPS_UPLOAD_MAX_MB", "1")
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_attachment_is_stored_privately_under_a_random_name(session: Session, upload_dir: Path) -> None:
    eng = make_actor(session, Role.engineer)
    task = make_task(session)
    read = tasks.add_attachment(eng, task.id, "../../etc/Casing Tally.pdf", PDF, "text/html")
    assert read.filename == "Casing Tally.pdf" and read.content_type == "application/pdf"
    assert read.size_bytes == len(PDF) and len(read.sha256) == 64
    [stored] = _files(upload_dir)
    assert stored.read_bytes() == PDF and stored.suffix == ".pdf" and len(stored.stem) == 32
    assert "Casing" not in stored.name and PROJECT_ROOT not in stored.resolve().parents
    assert stored.stat().st_mode & 0o077 == 0
    assert tasks.attachment_content(make_actor(session, Role.executive), read.id) == (
        "Casing Tally.pdf", "application/pdf", PDF)
    assert tasks.list_attachments(eng, task.id)[0].uploaded_by_name == eng.full_name
    assert tasks.add_attachment(eng, task.id, "book.xlsx", _xlsx()).content_type.endswith("spreadsheetml.sheet")
    assert tasks.add_attachment(eng, task.id, "data.json", b'{"a": 1}').content_type == "application/json"
    assert tasks.add_attachment(eng, task.id, "log.las", b"~Version\nVERS. 2.0\n").content_type == "text/plain"


def test_oversized_upload_is_refused_before_anything_is_written(session: Session, upload_dir: Path) -> None:
    eng = make_actor(session, Role.engineer)
    task = make_task(session)
    with pytest.raises(ValidationFailed, match="limit is 1 MB") as err:
        tasks.add_attachment(eng, task.id, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "content" in err.value.errors
    assert _files(upload_dir) == [] and session.exec(select(func.count()).select_from(TaskAttachment)).one() == 0


@pytest.mark.parametrize(("name", "content", "field"), [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "filename"),
    ("page.html", b"<html><script>alert(1)</script></html>", "filename"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "filename"),
    ("app.js", b"alert(1)", "filename"),
    ("no_extension", PDF, "filename"),
    ("photo.pdf", PNG, "content"),  # a PNG renamed .pdf: refused by sniffing
    ("report.pdf", b"MZ\x90\x00", "content"),
    ("notes.txt", b"<!DOCTYPE html><html></html>", "content"),
    ("data.xml", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "content"),
    ("data.json", b"{not json", "content"),
    ("book.xlsx", b"PK\x03\x04 not a real zip", "content"),
    ("empty.txt", b"", "content"),
])
def test_disallowed_types_are_refused(session: Session, upload_dir: Path, name: str, content: bytes,
                                      field: str) -> None:
    eng = make_actor(session, Role.engineer)
    task = make_task(session)
    with pytest.raises(ValidationFailed) as err:
        tasks.add_attachment(eng, task.id, name, content, "application/pdf")
    assert field in err.value.errors
    assert _files(upload_dir) == []


def test_png_named_pdf_message_says_what_it_is(session: Session, upload_dir: Path) -> None:
    with pytest.raises(ValidationFailed, match="looks like a PNG image"):
        tasks.add_attachment(make_actor(session, Role.engineer), make_task(session).id, "scan.pdf", PNG)


def test_delete_removes_the_file_only_after_commit(session: Session, upload_dir: Path) -> None:
    ops = make_actor(session, Role.ops_manager)
    task = make_task(session)
    read = tasks.add_attachment(ops, task.id, "a.png", PNG)
    [stored] = _files(upload_dir)
    with pytest.raises(RuntimeError), unit_of_work(ops) as ctx:  # a delete that rolls back keeps the file
        tasks.delete_attachment(ctx, read.id)
        raise RuntimeError("boom")
    assert stored.exists()
    with pytest.raises(PermissionDenied):
        tasks.delete_attachment(make_actor(session, Role.engineer), read.id)
    tasks.delete_attachment(ops, read.id)
    assert not stored.exists()
    with pytest.raises(NotFound):
        tasks.attachment_content(ops, read.id)


def test_deleting_a_task_removes_its_files(session: Session, upload_dir: Path) -> None:
    ops = make_actor(session, Role.ops_manager)
    parent = tasks.create_task(ops, {"title": "with files"})
    sub = tasks.create_task(ops, {"title": "sub", "parent_id": parent.id})
    tasks.add_attachment(ops, parent.id, "a.png", PNG)
    tasks.add_attachment(ops, sub.id, "b.pdf", PDF)
    assert len(_files(upload_dir)) == 2
    tasks.delete_task(ops, parent.id)
    assert _files(upload_dir) == []


def test_a_failed_upload_transaction_leaves_no_file(session: Session, upload_dir: Path) -> None:
    eng = make_actor(session, Role.engineer)
    task = make_task(session)
    with pytest.raises(RuntimeError), unit_of_work(eng) as ctx:
        tasks.add_attachment(ctx, task.id, "a.png", PNG)
        assert len(_files(upload_dir)) == 1
        raise RuntimeError("later step failed")
    assert _files(upload_dir) == []


def test_upload_dir_inside_a_public_folder_is_refused(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELLOPS_UPLOAD_DIR", str(PROJECT_ROOT / "assets" / "attachments"))
    with pytest.raises(RuntimeError, match="public"):
        tasks.add_attachment(make_actor(session, Role.engineer), make_task(session).id, "a.png", PNG)
    assert not (PROJECT_ROOT / "assets" / "attachments").exists()


def test_executive_cannot_attach(session: Session, upload_dir: Path) -> None:
    with pytest.raises(PermissionDenied):
        tasks.add_attachment(make_actor(session, Role.executive), make_task(session).id, "a.png", PNG)


def test_comment_threads_edit_and_soft_delete(session: Session) -> None:
    author, other = make_user(session), make_user(session)
    admin = make_actor(session, Role.admin)
    task = make_task(session)
    root = tasks.add_comment(actor(author), task.id, "Is the BOP test booked?")
    reply = tasks.add_comment(actor(other), task.id, "Yes, Thursday.", parent_id=root.id)
    assert reply.parent_id == root.id
    with pytest.raises(PermissionDenied):
        tasks.edit_comment(actor(other), root.id, "hijack")
    with pytest.raises(PermissionDenied):
        tasks.delete_comment(actor(other), root.id)
    assert tasks.edit_comment(actor(author), root.id, "Is the BOP test booked for Thursday?").edited_at is not None
    assert tasks.delete_comment(actor(author), root.id).deleted
    tree = tasks.list_comments(actor(other), task.id)
    assert tree[0].deleted and tree[0].body == "" and tree[0].replies[0].body == "Yes, Thursday."
    assert tasks.delete_comment(admin, reply.id).deleted  # an admin may delete anyone's comment
    assert session.exec(select(func.count()).select_from(TaskComment)).one() == 2  # rows kept
    with pytest.raises(ValidationFailed):
        tasks.edit_comment(actor(author), root.id, "again")
    with pytest.raises(ValidationFailed) as err:
        tasks.add_comment(actor(author), task.id, "reply to deleted", parent_id=root.id)
    assert "parent_id" in err.value.errors
    with pytest.raises(PermissionDenied):
        tasks.add_comment(make_actor(session, Role.executive), task.id, "exec comment")

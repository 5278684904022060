"""Outgoing webhooks on SQLite and PostgreSQL: the signature, delivery with retries to a real local HTTP server,
the delivery log, subscriptions, task events, a receiver that is down, and the admin routes.

The receiver is ``http.server`` on 127.0.0.1 (a random port, in a thread, stopped after the test); times are
injected (``now=``) so the back-off schedule is checked without waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.builders import make_actor, make_task
from tests.integration.api_helpers import bearer
from well_ops.api.webhook_routes import Event
from well_ops.auth.permissions import ROLE_PERMISSIONS
from well_ops.domain.webhooks import EVENTS, MAX_ATTEMPTS, RETRY_DELAYS, sign, verify_signature
from well_ops.models.audit import AuditLog
from well_ops.models.base import utcnow
from well_ops.models.tasks import TaskDependency, TaskStatus, Webhook, WebhookDelivery
from well_ops.models.users import Role
from well_ops.services import scheduler, tasks, webhook_delivery, webhooks
from well_ops.services.context import SYSTEM, unit_of_work
from well_ops.services.errors import NotFound, PermissionDenied, ValidationFailed
from well_ops.services.webhook_delivery import LEASE

SECRET = "whsec-test-0123456789"


@dataclass
class Receiver:
    """A local HTTP receiver answering the queued status codes in turn (then 200), recording every request."""

    statuses: list[int]
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    state = Receiver(statuses=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(state.statuses.pop(0) if state.statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/wellops"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _hook(url: str = "https://receiver.example/hooks", events: list[str] | None = None, **extra: Any) -> int:
    return webhooks.create_webhook(SYSTEM, {"url": url, "events": events or ["task.created"], "secret": SECRET,
                                            **extra}).id


def _log(webhook_id: int) -> list[webhooks.DeliveryRead]:
    return webhooks.list_deliveries(SYSTEM, webhook_id)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------------------------------------ signature


def test_signature_matches_a_vector_computed_by_hand() -> None:
    timestamp, body = 1767225600, '{"event":"task.created","id":1}'
    by_hand = hmac.new(SECRET.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    assert by_hand == "ba2be5f825be5bfced17249fe5e5ca1c076a7ccbd369fe31e76f480f490fbfe4"
    assert sign(SECRET, timestamp, body) == f"sha256={by_hand}"
    assert verify_signature(SECRET, str(timestamp), body.encode(), f"sha256={by_hand}")
    assert not verify_signature(SECRET, timestamp, body + " ", f"sha256={by_hand}")  # body altered
    assert not verify_signature(SECRET, timestamp + 1, body, f"sha256={by_hand}")  # timestamp altered
    assert not verify_signature("another-secret-0123456789", timestamp, body, f"sha256={by_hand}")
    assert not verify_signature(SECRET, timestamp, body, by_hand)  # no "sha256=" prefix
    assert verify_signature(SECRET, timestamp, body, f"sha256={by_hand}", max_age_s=300, now=timestamp + 299)
    assert not verify_signature(SECRET, timestamp, body, f"sha256={by_hand}", max_age_s=300, now=timestamp + 301)
    assert set(Event.__args__) == set(EVENTS)  # type: ignore[attr-defined]  # the API's list is the domain's


def test_the_verification_sample_in_the_docs_accepts_our_signatures() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    sample = docs.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(compile(sample, "docs/api.md", "exec"), namespace)  # noqa: S102  (our own documentation)
    receiver_check = namespace["verify_signature"]
    timestamp, body = str(int(utcnow().timestamp())), b'{"event":"task.created","id":7}'
    assert receiver_check(SECRET, timestamp, body, sign(SECRET, timestamp, body))
    assert not receiver_check(SECRET, timestamp, body + b" ", sign(SECRET, timestamp, body))
    assert not receiver_check(SECRET, "1000000000", body, sign(SECRET, "1000000000", body))  # too old


# ------------------------------------------------------------------------------------------------- delivery


def test_failing_receiver_is_retried_with_backoff_until_delivered(session: Session, receiver: Receiver) -> None:
    receiver.statuses = [500, 500]  # then 200
    hook = _hook(receiver.url)
    task = tasks.create_task(SYSTEM, {"title": "Pressure-test casing"})
    [queued] = _log(hook)
    assert (queued.status, queued.attempts, queued.event) == ("pending", 0, "task.created")
    t0 = utcnow() + timedelta(seconds=1)
    times = [t0, t0 + RETRY_DELAYS[0], t0 + RETRY_DELAYS[0] + RETRY_DELAYS[1]]

    assert webhooks.deliver_pending(SYSTEM, now=times[0]) == 1
    [first] = _log(hook)
    assert (first.status, first.attempts, first.last_status_code, first.last_error) == ("pending", 1, 500, "HTTP 500")
    assert first.next_attempt_at == times[1]
    assert webhooks.deliver_pending(SYSTEM, now=times[1] - timedelta(seconds=1)) == 0  # not due yet
    assert webhooks.deliver_pending(SYSTEM, now=times[1]) == 1
    [second] = _log(hook)
    assert (second.attempts, second.next_attempt_at) == (2, times[2])
    assert second.next_attempt_at > first.next_attempt_at  # type: ignore[operator]
    assert webhooks.deliver_pending(SYSTEM, now=times[2]) == 1
    [done] = _log(hook)
    assert (done.status, done.attempts, done.last_status_code, done.last_error) == ("delivered", 3, 200, "")
    assert done.delivered_at == times[2] and done.next_attempt_at is None
    assert webhooks.deliver_pending(SYSTEM, now=times[2] + timedelta(days=1)) == 0  # nothing left

    assert len(receiver.requests) == 3
    for (headers, body), at in zip(receiver.requests, times, strict=True):
        assert headers["x-wellops-event"] == "task.created" and headers["x-wellops-delivery"] == str(done.id)
        assert headers["x-wellops-timestamp"] == str(int(at.timestamp()))
        assert verify_signature(SECRET, headers["x-wellops-timestamp"], body, headers["x-wellops-signature"])
        envelope = json.loads(body)
        assert (envelope["id"], envelope["event"], envelope["actor"]) == (done.id, "task.created", "system")
        assert envelope["data"]["task"]["id"] == task.id and envelope["data"]["task"]["title"] == "Pressure-test casing"


def test_a_delivery_is_given_up_after_the_last_retry(session: Session) -> None:
    hook = _hook()
    tasks.create_task(SYSTEM, {"title": "Doomed"})
    calls: list[str] = []

    def always_503(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        calls.append(url)
        assert timeout == 5.0
        return 503

    at = utcnow() + timedelta(seconds=1)
    for n in range(1, MAX_ATTEMPTS + 1):
        assert webhooks.deliver_pending(SYSTEM, now=at, http_post=always_503) == 1
        [row] = _log(hook)
        assert row.attempts == n
        if n < MAX_ATTEMPTS:
            assert row.status == "pending" and row.next_attempt_at == at + RETRY_DELAYS[n - 1]
            at = row.next_attempt_at
    assert (row.status, row.next_attempt_at, row.last_error) == ("failed", None, "HTTP 503")
    assert webhooks.deliver_pending(SYSTEM, now=at + timedelta(days=30), http_post=always_503) == 0
    assert len(calls) == MAX_ATTEMPTS and [d.total_seconds() / 60 for d in RETRY_DELAYS] == [1, 5, 30, 120, 720]


def test_a_claimed_delivery_is_leased_and_retried_when_never_recorded(session: Session,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    hook = _hook()
    tasks.create_task(SYSTEM, {"title": "Leased"})
    at = utcnow() + timedelta(seconds=1)
    [claimed] = webhook_delivery.claim_due_deliveries(SYSTEM, at)  # ... and the dispatcher dies before recording
    assert claimed.headers["X-WellOps-Delivery"] == str(claimed.id) and claimed.url == "https://receiver.example/hooks"
    assert webhook_delivery.claim_due_deliveries(SYSTEM, at + LEASE - timedelta(seconds=1)) == []  # leased
    sent: list[dict[str, str]] = []
    assert webhooks.deliver_pending(SYSTEM, now=at + LEASE, http_post=lambda u, b, h, t: sent.append(h) or 204) == 1
    [row] = _log(hook)
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 204)
    assert [h["X-WellOps-Delivery"] for h in sent] == [str(claimed.id)]

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("database gone")

    monkeypatch.setattr(webhook_delivery, "claim_due_deliveries", broken)
    assert webhooks.deliver_pending(SYSTEM, now=at + LEASE) == 0  # logged, never raised


def test_the_users_action_succeeds_while_the_receiver_is_down(client: TestClient, session: Session) -> None:
    hook = _hook(f"http://127.0.0.1:{_free_port()}/nobody-listens", ["task.created", "task.status_changed"])
    auth = bearer(session, Role.engineer)
    created = client.post("/api/tasks", json={"title": "Swap the choke"}, headers=auth)
    assert created.status_code == 201
    moved = client.post(f"/api/tasks/{created.json()['id']}/move", json={"status": "in_progress"}, headers=auth)
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    assert [d.event for d in _log(hook)] == ["task.status_changed", "task.created"]  # queued, nothing sent yet
    at = utcnow() + timedelta(seconds=1)
    assert webhooks.deliver_pending(SYSTEM, now=at) == 2  # connection refused: recorded, never raised
    for row in _log(hook):
        assert row.status == "pending" and row.attempts == 1 and row.last_status_code is None
        assert "Connect" in row.last_error and row.next_attempt_at == at + RETRY_DELAYS[0]

    def explodes(*_args: Any) -> int:
        raise RuntimeError("socket on fire")

    assert webhooks.deliver_pending(SYSTEM, now=at + RETRY_DELAYS[0], http_post=explodes) == 2
    assert {r.last_error for r in _log(hook)} == {"RuntimeError: socket on fire"}


# -------------------------------------------------------------------------------------- events, subscription


def test_events_are_queued_only_for_active_subscribed_webhooks(session: Session) -> None:
    created_only = _hook(events=["task.created"])
    status_only = _hook(events=["task.status_changed"])
    inactive = _hook(events=list(EVENTS), is_active=False)
    engineer = make_actor(session, Role.engineer)
    card = tasks.create_task(engineer, {"title": "Run the CBL"})
    tasks.update_task(engineer, card.id, {"version": card.version, "title": "Run the CBL log"})  # no subscriber
    assert [d.event for d in _log(created_only)] == ["task.created"]
    assert _log(status_only) == [] and _log(inactive) == []
    tasks.move_task(engineer, card.id, "in_progress")
    assert [d.event for d in _log(created_only)] == ["task.created"]
    [changed] = _log(status_only)
    assert changed.event == "task.status_changed" and changed.payload["actor"] == engineer.email
    assert changed.payload["data"]["from_status"] == "backlog" and changed.payload["data"]["to_status"] == "in_progress"
    tasks.move_task(engineer, card.id, "in_progress")  # a reorder in the same column is no status change
    assert len(_log(status_only)) == 1 and _log(inactive) == []


def test_a_status_change_queues_exactly_one_delivery_per_subscribed_webhook(session: Session) -> None:
    first, second = _hook(events=["task.status_changed"]), _hook(events=["task.status_changed", "task.created"])
    updated_only = _hook(events=["task.updated"])
    task = make_task(session)
    card = tasks.update_task(SYSTEM, task.id, {"version": task.version, "status": "blocked"})
    for hook in (first, second):
        [row] = _log(hook)
        assert (row.event, row.status, row.attempts) == ("task.status_changed", "pending", 0)
        assert row.payload["data"]["task"]["id"] == task.id and row.payload["data"]["from_status"] == "backlog"
        assert row.payload["data"]["task"]["status"] == "blocked" and row.payload["data"]["to_status"] == "blocked"
    [updated] = _log(updated_only)
    assert updated.event == "task.updated" and updated.payload["data"]["changed"] == ["status"]
    assert card.version == task.version + 1


def test_any_payload_is_stored_as_plain_json(session: Session) -> None:
    hook = _hook(events=["maasp.exceeded"])
    card = tasks.create_task(SYSTEM, {"title": "A model in the payload"})
    with unit_of_work(SYSTEM) as ctx:
        queued = webhooks.emit_event(ctx, "maasp.exceeded", {
            "annulus_id": 7, "pressure_bar": 212.5, "maasp_bar": float("nan"), "at": datetime(2026, 3, 1, 6, 0),
            "card": card, "status": TaskStatus.blocked, "odd": object()})
    assert queued == 1
    [row] = _log(hook)
    data = row.payload["data"]
    assert (data["pressure_bar"], data["maasp_bar"], data["at"], data["status"]) == (212.5, None,
                                                                                       "2026-03-01T06:00:00", "blocked")
    assert data["card"]["id"] == card.id and data["odd"].startswith("<object")
    with pytest.raises(ValidationFailed), unit_of_work(SYSTEM) as ctx:
        webhooks.emit_event(ctx, "well.exploded", {})


def test_a_rolled_back_action_emits_nothing(session: Session) -> None:
    hook = _hook(events=list(EVENTS))
    task, blocker = make_task(session), make_task(session)
    session.add(TaskDependency(task_id=task.id or 0, blocked_by_id=blocker.id or 0))
    session.commit()
    with pytest.raises(ValidationFailed):
        tasks.move_task(SYSTEM, task.id, "done")  # blocked: refused, rolled back
    with pytest.raises(ValidationFailed):
        tasks.create_task(SYSTEM, {"title": "Bad", "assignee_user_id": 2_000_000_000})
    assert _log(hook) == []


# ------------------------------------------------------------------------------------------ admin and the log


def test_webhook_admin_validation_masking_and_audit(session: Session) -> None:
    for url in ("ftp://files.example/x", "javascript:alert(1)", "file:///etc/passwd", "https://", "not a url",
                "https://user:pw@receiver.example/x", "https://receiver.example:99999/x", ""):
        with pytest.raises(ValidationFailed) as refused:
            webhooks.create_webhook(SYSTEM, {"url": url, "events": ["task.created"], "secret": SECRET})
        assert "url" in refused.value.errors, url
    for body, where in (({"secret": "short"}, "secret"), ({"events": []}, "events"), ({"events": ["task.eaten"]},
                                                                                          "events")):
        with pytest.raises(ValidationFailed) as refused:
            webhooks.create_webhook(SYSTEM, {"url": "https://r.example/h", "events": ["task.created"],
                                             "secret": SECRET} | body)
        assert where in refused.value.errors
    generated = webhooks.create_webhook(SYSTEM, {"url": "http://r.example/h", "events": ["sap.detected"]})
    assert len(generated.secret) >= 32
    listed = {w.id: w for w in webhooks.list_webhooks(SYSTEM)}[generated.id]
    assert listed.secret_masked == "••••••••" + generated.secret[-4:] and generated.secret not in str(listed)
    audit = session.exec(select(AuditLog).where(AuditLog.entity == "webhooks",
                                                AuditLog.entity_id == str(generated.id))).one()
    assert audit.after is not None and audit.after["secret"] == "***"
    with pytest.raises(PermissionDenied):
        webhooks.list_webhooks(make_actor(session, Role.ops_manager))
    with pytest.raises(NotFound):
        webhooks.delete_webhook(SYSTEM, 2_000_000_000)


def test_deactivated_webhooks_send_nothing_and_deleting_removes_the_log(session: Session) -> None:
    hook = _hook(events=["task.created"])
    tasks.create_task(SYSTEM, {"title": "Queued while active"})
    webhooks.update_webhook(SYSTEM, hook, {"is_active": False})
    sent: list[str] = []
    assert webhooks.deliver_pending(SYSTEM, now=utcnow() + timedelta(seconds=1),
                                    http_post=lambda url, *_: sent.append(url) or 200) == 0
    tasks.create_task(SYSTEM, {"title": "Created while inactive"})
    assert sent == [] and len(_log(hook)) == 1
    webhooks.delete_webhook(SYSTEM, hook)
    assert session.exec(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook)).all() == []
    assert session.get(Webhook, hook) is None


def test_the_scheduler_delivers_due_webhooks(session: Session, receiver: Receiver) -> None:
    hook = _hook(receiver.url)
    tasks.create_task(SYSTEM, {"title": "Sent by the periodic job"})
    at: datetime = utcnow() + timedelta(seconds=1)
    assert scheduler.run_periodic_jobs(SYSTEM, at)["webhook_deliveries"] == 1
    assert _log(hook)[0].status == "delivered" and len(receiver.requests) == 1


def test_the_delivery_log_through_the_api(client: TestClient, session: Session) -> None:
    admin = bearer(session, Role.admin)
    created = client.post("/api/admin/webhooks", headers=admin, json={
        "url": "https://erp.example/hooks", "events": ["task.created"], "secret": SECRET})
    assert created.status_code == 201 and created.json()["secret"] == SECRET
    hook = created.json()["id"]
    listed = client.get("/api/admin/webhooks", headers=admin).json()
    assert SECRET not in json.dumps(listed) and [w["secret_masked"] for w in listed if w["id"] == hook] == [
        "••••••••6789"]
    tasks.create_task(SYSTEM, {"title": "One"})
    tasks.create_task(SYSTEM, {"title": "Two"})
    webhooks.deliver_pending(SYSTEM, now=utcnow() + timedelta(seconds=1), http_post=lambda *_: 502)
    page = client.get(f"/api/admin/webhooks/{hook}/deliveries?sort=id&limit=1", headers=admin).json()
    assert (page["total"], len(page["items"])) == (2, 1)
    row = page["items"][0]
    assert (row["status"], row["attempts"], row["last_status_code"], row["last_error"]) == ("pending", 1, 502,
                                                                                           "HTTP 502")
    assert row["next_attempt_at"] and row["payload"]["data"]["task"]["title"] == "One"
    assert client.get(f"/api/admin/webhooks/{hook}/deliveries?status=delivered", headers=admin).json()["total"] == 0
    bad = client.post("/api/admin/webhooks", headers=admin,
                      json={"url": "ftp://x.example/", "events": ["sap.detected"]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "url"]
    bad = client.post("/api/admin/webhooks", headers=admin, json={"url": "https://x.example/", "events": ["nope"]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["body", "events"]
    paused = client.patch(f"/api/admin/webhooks/{hook}", json={"is_active": False}, headers=admin)
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    assert client.delete(f"/api/admin/webhooks/{hook}", headers=admin).status_code == 204
    assert client.get(f"/api/admin/webhooks/{hook}/deliveries", headers=admin).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_webhook_routes_follow_the_permission_table(client: TestClient, session: Session, role: Role) -> None:
    perms, auth = ROLE_PERMISSIONS[role], bearer(session, role)
    hook = _hook()
    read, write, delete = (f"webhook.{a}" in perms for a in ("read", "write", "delete"))
    assert client.get("/api/admin/webhooks", headers=auth).status_code == (200 if read else 403)
    assert client.get(f"/api/admin/webhooks/{hook}/deliveries", headers=auth).status_code == (200 if read else 403)
    body = {"url": "https://r.example/h", "events": ["maasp.exceeded"], "secret": SECRET}
    assert client.post("/api/admin/webhooks", json=body, headers=auth).status_code == (201 if write else 403)
    assert client.patch(f"/api/admin/webhooks/{hook}", json={"is_active": False},
                        headers=auth).status_code == (200 if write else 403)
    assert client.delete(f"/api/admin/webhooks/{hook}", headers=auth).status_code == (204 if delete else 403)
    assert client.get("/api/admin/webhooks").status_code == 401

"""Simulated users for the load test (bench/load_test.py): one socket.io connection each, speaking Reflex's
``/_event`` protocol through tests/e2e/reflex_client.py, as a browser tab does.

A user logs in once, then loops: pick an action for its role, send it, wait for its last answer, think
(exponential). One action is one event the browser would send:

- opening a page is ``OnLoadInternalState.on_load_internal`` with the page's route (what the frontend sends on a
  client-side navigation); the backend runs the page's on_load chain (login check, notifications, the page's
  ``load``) and finishes with ``is_hydrated = true``: that last delta ends the measurement;
- moving a card is ``BoardState.move_to`` (the card menu), answered by the reloaded columns;
- entering a reading is ``IntegrityWellState.save_reading`` (the integrity page's form), answered by its delta;
- reading a chart is ``IntegrityWellState.set_range``, answered by the new chart.

Latency = emit -> arrival of the answering message (stamped in the socket callback). An error toast, a redirect to
the login page, a refused reading or a missing answer within the timeout is a failed event.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT))

import reflex as rx  # noqa: E402
from reflex.state import OnLoadInternalState  # noqa: E402
from reflex_client import FIELD_SUFFIX, NAMESPACE, ReflexClient, handler, redirects, toasts  # noqa: E402

from well_ops.state.board import BoardState  # noqa: E402
from well_ops.state.integrity_well import RANGES, IntegrityWellState  # noqa: E402

ROOT_STATE = rx.State.get_full_name()
BOARD = BoardState.get_full_name()
INTEGRITY = IntegrityWellState.get_full_name()
NAVIGATE = handler(OnLoadInternalState, "on_load_internal")
MOVE = handler(BoardState, "move_to")
SAVE_READING = handler(IntegrityWellState, "save_reading")
SET_RANGE = handler(IntegrityWellState, "set_range")
STATUS_CYCLE = ("in_progress", "blocked", "done", "backlog")
# No one clicks within a few milliseconds of the previous answer: the think time is at least this (and navigating
# back to back trips a Reflex 0.10.1 stall with Redis, measured separately by load_test.py's race check).
MIN_THINK_S = 0.3

# Action weights per role (dashboard, board, move, integrity page, chart, reading).
WEIGHTS: dict[str, dict[str, float]] = {
    "engineer": {"dashboard": 2, "board": 1.5, "move": 1.5, "integrity": 1.5, "chart": 1.5, "reading": 2},
    "ops_manager": {"dashboard": 3, "board": 2.5, "move": 2.5, "integrity": 1, "chart": 1},
    "logistics": {"dashboard": 3, "board": 3, "move": 3, "integrity": 0.5, "chart": 0.5},
    "executive": {"dashboard": 5, "board": 2, "integrity": 1.5, "chart": 1.5},
    "admin": {"dashboard": 3, "board": 2, "move": 2, "integrity": 1.5, "chart": 1.5},
}


def _delta(message: dict[str, Any], state: str) -> dict[str, Any]:
    return (message.get("delta") or {}).get(state) or {}


def _hydrated(m: dict[str, Any]) -> bool:
    return _delta(m, ROOT_STATE).get("is_hydrated" + FIELD_SUFFIX) is True


@dataclass
class Recorder:
    """Everything measured in one phase, shared by all users."""

    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms
    failures: dict[str, int] = field(default_factory=dict)  # reason -> count
    failure_samples: list[str] = field(default_factory=list)
    alerts: int = 0  # readings answered with a "limit exceeded" toast (a correct answer, not a failure)

    def ok(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def fail(self, reason: str, detail: str = "") -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1
        if len(self.failure_samples) < 10:
            self.failure_samples.append(f"{reason}: {detail[:300]}")


@dataclass
class Writes:
    """Acknowledged writes, checked against the database at the end."""

    moves: dict[int, int] = field(default_factory=dict)  # task id -> acknowledged moves
    last_status: dict[int, str] = field(default_factory=dict)
    unacked_moves: set[int] = field(default_factory=set)  # tasks with a move whose answer never came
    readings: list[tuple[int, str, float]] = field(default_factory=list)


class LoadClient(ReflexClient):
    """ReflexClient that stamps each message's arrival and notices disconnects it did not ask for."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.dropped = 0
        self.closing = False
        self.arrivals: list[float] = []

        @self.sio.on("event", namespace=NAMESPACE)
        async def _on_event(data: Any) -> None:
            if isinstance(data, str):
                data = json.loads(data)
            self.messages.append(data)
            self.arrivals.append(time.perf_counter())
            self._arrived.set()

        @self.sio.on("disconnect", namespace=NAMESPACE)
        async def _on_disconnect(*_args: Any) -> None:
            if not self.closing:
                self.dropped += 1

    async def drain(self, quiet_s: float = 1.0, max_s: float = 15.0) -> None:
        """After a timeout: wait until the late answers stop (none for ``quiet_s``), so the next action is not
        acknowledged by a reply to the previous one."""
        deadline = time.perf_counter() + max_s
        while time.perf_counter() < deadline:
            seen = len(self.messages)
            await asyncio.sleep(quiet_s)
            if len(self.messages) == seen:
                return

    async def act(self, name: str, payload: dict[str, Any], path: str, query: dict[str, str],
                  done: Any) -> tuple[float, list[dict[str, Any]]]:
        """Send one event and wait for the message ``done`` accepts; (latency ms, messages received)."""
        self.messages.clear()
        self.arrivals.clear()
        as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        t0 = time.perf_counter()
        await self.sio.emit("event", {"name": name, "payload": payload,
                                      "router_data": {"pathname": path, "asPath": as_path, "query": query}},
                            namespace=NAMESPACE)
        scan = [0]  # index of the first message not yet checked

        def finished() -> bool:
            while scan[0] < len(self.messages):
                if done(self.messages[scan[0]]):
                    return True
                scan[0] += 1
            return False

        await self._wait_for(finished, name)
        return (self.arrivals[scan[0]] - t0) * 1000, list(self.messages)


@dataclass
class SimUser:
    index: int
    email: str
    role: str
    user_id: int
    task_ids: list[int]
    client: LoadClient
    annuli: list[dict[str, Any]]
    rig_ids: list[int]
    rng: random.Random
    page: str = ""
    status: dict[int, str] = field(default_factory=dict)
    range_: str = "30d"

    @property
    def integrity_path(self) -> str:
        return f"/integrity/wells/{self.annuli[0]['well_id']}" if self.annuli else "/"

    async def login(self) -> None:
        await self.client.connect()
        await self.client.login(self.email)
        self.client.messages.clear()

    async def navigate(self, rec: Recorder, kind: str, path: str, query: dict[str, str]) -> bool:
        ms, msgs = await self.client.act(NAVIGATE, {}, path, query, _hydrated)
        return self._judge(rec, kind, ms, msgs, path)

    def _judge(self, rec: Recorder, kind: str, ms: float, msgs: list[dict[str, Any]], path: str) -> bool:
        errors = toasts(msgs, "error")
        if any("Limit exceeded" in e for e in errors):
            rec.alerts += 1
            errors = [e for e in errors if "Limit exceeded" not in e]
        if errors:
            rec.fail(f"{kind}: error toast", errors[0])
            return False
        if any(r.startswith("/login") for r in redirects(msgs)):
            rec.fail(f"{kind}: sent to login", str(redirects(msgs)))
            return False
        rec.ok(kind, ms)
        self.page = path
        return True

    async def open_board(self, rec: Recorder) -> bool:
        if self.task_ids:  # "my tasks": the cards this user moves
            query = {"assignee": f"user:{self.user_id}"}
        else:
            query = {"rig": str(self.rng.choice(self.rig_ids))} if self.rig_ids else {}
        return await self.navigate(rec, "board", "/tasks", query)

    async def open_integrity(self, rec: Recorder) -> bool:
        well = self.integrity_path.rsplit("/", 1)[-1]
        return await self.navigate(rec, "integrity", self.integrity_path, {"well_id": well})

    async def move(self, rec: Recorder, writes: Writes) -> None:
        if self.page != "/tasks" and not await self.open_board(rec):
            return
        task_id = self.rng.choice(self.task_ids)
        current = self.status.get(task_id, "backlog")
        target = STATUS_CYCLE[(STATUS_CYCLE.index(current) + 1) % len(STATUS_CYCLE)] if current in STATUS_CYCLE \
            else "in_progress"
        writes.unacked_moves.add(task_id)
        ms, msgs = await self.client.act(MOVE, {"task_id": task_id, "status": target}, "/tasks",
                                         {"assignee": f"user:{self.user_id}"},
                                         lambda m: "columns" + FIELD_SUFFIX in _delta(m, BOARD) or toasts([m], "error"))
        if not self._judge(rec, "move", ms, msgs, "/tasks"):
            return
        columns = next(_delta(m, BOARD)["columns" + FIELD_SUFFIX] for m in msgs if "columns" + FIELD_SUFFIX in
                       _delta(m, BOARD))
        shown = {str(card["id"]): col["status"] for col in columns for card in col["cards"]}
        if shown.get(str(task_id), target) != target:  # (a card past the column cap is not shown at all)
            rec.fail("move: card not in its new column", f"task {task_id} -> {target}, board shows {shown}")
            return
        writes.unacked_moves.discard(task_id)
        writes.moves[task_id] = writes.moves.get(task_id, 0) + 1
        writes.last_status[task_id] = target
        self.status[task_id] = target

    async def reading(self, rec: Recorder, writes: Writes) -> None:
        if self.page != self.integrity_path and not await self.open_integrity(rec):
            return
        annulus = self.rng.choice(self.annuli)
        low, high = annulus["low"], annulus["high"]
        pressure = round(self.rng.uniform(low + 0.1 * (high - low), high - 0.1 * (high - low)), 2)
        at = datetime.now(timezone.utc).isoformat()
        form = {"annulus_id": str(annulus["id"]), "pressure": str(pressure), "unit": "bar", "measured_at": at,
                "source": "manual", "temperature_c": "", "is_bleed": ""}
        well = self.integrity_path.rsplit("/", 1)[-1]
        ms, msgs = await self.client.act(SAVE_READING, {"form": form}, self.integrity_path, {"well_id": well},
                                         lambda m: "reading_error" + FIELD_SUFFIX in _delta(m, INTEGRITY)
                                         or toasts([m], "error"))
        problem = next((_delta(m, INTEGRITY)["reading_error" + FIELD_SUFFIX] for m in msgs
                        if "reading_error" + FIELD_SUFFIX in _delta(m, INTEGRITY)), "")
        if problem:
            rec.fail("reading: refused", str(problem))
            return
        if self._judge(rec, "reading", ms, msgs, self.integrity_path):
            writes.readings.append((annulus["id"], at, pressure))

    async def chart(self, rec: Recorder) -> None:
        if self.page != self.integrity_path and not await self.open_integrity(rec):
            return
        self.range_ = self.rng.choice([r for r in RANGES if r != self.range_])
        well = self.integrity_path.rsplit("/", 1)[-1]
        ms, msgs = await self.client.act(SET_RANGE, {"value": self.range_}, self.integrity_path, {"well_id": well},
                                         lambda m: "chart" + FIELD_SUFFIX in _delta(m, INTEGRITY)
                                         or toasts([m], "error"))
        self._judge(rec, "chart", ms, msgs, self.integrity_path)

    def actions(self, writes: Writes) -> dict[str, Any]:
        """The actions this user's role performs, by kind: each takes the Recorder."""
        acts: dict[str, Any] = {"dashboard": lambda rec: self.navigate(rec, "dashboard", "/", {}),
                                "board": self.open_board, "move": lambda rec: self.move(rec, writes),
                                "integrity": self.open_integrity, "chart": self.chart,
                                "reading": lambda rec: self.reading(rec, writes)}
        return {k: acts[k] for k in WEIGHTS[self.role] if (k != "move" or self.task_ids)
                and (k not in ("integrity", "chart", "reading") or self.annuli)}

    async def one_action(self, rec: Recorder, writes: Writes) -> None:
        actions = self.actions(writes)
        weights = WEIGHTS[self.role]
        kind = self.rng.choices(list(actions), [weights[k] for k in actions])[0]
        await actions[kind](rec)

    async def run(self, rec: Recorder, writes: Writes, stop: asyncio.Event, think_mean_s: float) -> None:
        """Loop until ``stop``: one action, then think time (at least MIN_THINK_S, else exponential with mean
        ``think_mean_s`` counted from the start of the action)."""
        await asyncio.sleep(self.rng.uniform(0, think_mean_s))  # spread the users' first actions
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                await self.one_action(rec, writes)
            except AssertionError as exc:  # no answer within the timeout
                rec.fail("timeout", str(exc))
                self.page = ""
                await self.client.drain()
            except Exception as exc:  # noqa: BLE001 (a broken socket: count it, keep the others going)
                rec.fail(f"client error {type(exc).__name__}", str(exc))
                await asyncio.sleep(1)
            if not self.client.connected:
                rec.fail("disconnected", self.email)
                return
            spent = time.perf_counter() - t0
            think = MIN_THINK_S + self.rng.expovariate(1 / max(0.01, think_mean_s - MIN_THINK_S))
            pause = max(MIN_THINK_S, think - spent)
            try:
                await asyncio.wait_for(stop.wait(), timeout=pause)
            except TimeoutError:
                pass

    async def close(self) -> None:
        self.client.closing = True
        if self.client.connected:
            await self.client.sio.disconnect()

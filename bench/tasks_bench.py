"""Task board speed on 20,000 tasks (issue #4): the board service, then the real app through its websocket.

    python bench/tasks_bench.py [--reuse] [--runs 30] [--moves 200] [--port 3101] [--no-server]

1. (Re)creates the PostgreSQL database WELLOPS_BENCH_DB (default ``bench_a``) with bench/dataset.py: 20,000 tasks,
   500 of them in campaign 1 (``--reuse`` keeps an existing one), and an ops manager ``ops@wellops.example``.
2. Times the board service for ``campaign_id=1`` exactly as BoardState asks for it (same filter, same cap):
   median / p95, SQL statements, cards returned; and the unfiltered board (all 20,000) to show the cap holds.
3. Starts the app (``reflex run --env prod --single-port``, own web dir ``.web_A`` and port), logs in as ops@ over
   the ``/_event`` socket, opens ``/tasks?campaign=1`` (hydrate + on_load, and BoardState.load alone), then drops
   cards ``--moves`` times through ``BoardState.drag_start`` + ``BoardState.drop`` (what the browser's drag and
   drop sends), each timed from the emit of ``drop`` to the delta that carries the updated columns.
4. Prints the size of the board delta, checks in the database that the moves persisted and were audited, and
   stops the server (its whole process group).

Times over the socket are "server time" plus a localhost round trip (well under a millisecond).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))  # the shared websocket client (reflex_client.py)
os.environ.setdefault("WELLOPS_BENCH_DB", "bench_a")

from bench.dashboard_bench import QueryCounter  # noqa: E402
from bench.dataset import bench_url, generate, recreate_database  # noqa: E402
from well_ops import db  # noqa: E402
from well_ops.services import tasks, users  # noqa: E402
from well_ops.services.context import SYSTEM  # noqa: E402
from well_ops.services.demo import DEMO_PASSWORD  # noqa: E402
from well_ops.state.board import board_filter  # noqa: E402

CAMPAIGN = 1
FOCUS_TASKS = 500
OPS = "ops@wellops.example"
STATUSES = ("backlog", "in_progress", "blocked", "done")


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, int(round(len(ordered) * p)) - 1))]


def summary(samples: list[float]) -> str:
    return (f"median {statistics.median(samples):.1f} ms, p95 {pct(samples, 0.95):.1f} ms, "
            f"max {max(samples):.1f} ms (n={len(samples)})")


# --------------------------------------------------------------------------------------------------------------
# 1. data
# --------------------------------------------------------------------------------------------------------------


def prepare(reuse: bool, engine: sa.Engine) -> None:
    if not reuse:
        t0 = time.perf_counter()
        recreate_database()
        counts = generate(50, 200, 2000, 100_000, 20_000, focus_tasks=FOCUS_TASKS)
        print(f"dataset: {counts} in {time.perf_counter() - t0:.1f} s")
    with engine.connect() as conn:
        if not conn.execute(sa.text("select count(*) from users where email = :e"), {"e": OPS}).scalar():
            users.create_user(SYSTEM, {"email": OPS, "full_name": "Olivia Ops", "password": DEMO_PASSWORD,
                                       "role": "ops_manager"})
        total = conn.execute(sa.text("select count(*) from tasks")).scalar()
        mine = conn.execute(sa.text("select count(*) from tasks where campaign_id = :c"), {"c": CAMPAIGN}).scalar()
        per_status = dict(conn.execute(sa.text("select status, count(*) from tasks where campaign_id = :c "
                                               "group by status order by status"), {"c": CAMPAIGN}).all())
    print(f"data: {total} tasks, {mine} in campaign {CAMPAIGN} {per_status}")


# --------------------------------------------------------------------------------------------------------------
# 2. the board service
# --------------------------------------------------------------------------------------------------------------


def service_bench(engine: sa.Engine, runs: int) -> None:
    counter = QueryCounter(engine)
    for label, filters in ((f"campaign {CAMPAIGN}", {"campaign": str(CAMPAIGN)}), ("unfiltered", {})):
        data = board_filter(filters)
        tasks.board(SYSTEM, data)  # warm-up
        counter.count = 0
        result = tasks.board(SYSTEM, data)
        statements = counter.count
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            tasks.board(SYSTEM, data)
            samples.append((time.perf_counter() - t0) * 1000)
        cards = sum(len(c) for c in result.values())
        print(f"board service, {label}: {summary(samples)}; {statements} SQL statements (incl. auth/audit); "
              f"{cards} cards returned (cap {data['limit_per_column']} per column), left out "
              f"{dict(result.truncated)}")


# --------------------------------------------------------------------------------------------------------------
# 3. the real app
# --------------------------------------------------------------------------------------------------------------


def server_env(port: int, url: str) -> dict[str, str]:
    env = dict(os.environ)
    data_dir = Path("/tmp/bench_a_data")
    env.update({
        "PATH": os.pathsep.join([str(ROOT / ".tools" / "node_modules" / ".bin"), str(ROOT / ".venv" / "bin"),
                                 env.get("PATH", "")]),
        "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_TELEMETRY_ENABLED": "false", "TELEMETRY_ENABLED": "false",
        "REFLEX_WEB_WORKDIR": str(ROOT / ".web_A"), "REFLEX_STATES_WORKDIR": str(ROOT / ".states_A"),
        "DATABASE_URL": url, "WELLOPS_PORT": str(port),
        "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "WELLOPS_DATA_DIR": str(data_dir), "WELLOPS_UPLOAD_DIR": str(data_dir / "attachments"),
        "PYTHONUNBUFFERED": "1", "NO_COLOR": "1",
    })
    env.pop("PYTHONPATH", None)
    return env


def start_server(port: int, url: str, log_path: Path, timeout: float = 900) -> subprocess.Popen[bytes]:
    web = ROOT / ".web_A"
    if not web.is_dir():  # a private copy of a built web dir saves the bun install (node_modules)
        for src in (ROOT / ".web", *sorted(ROOT.glob(".web_*"))):
            if (src / "node_modules").is_dir():
                shutil.copytree(src, web, symlinks=True,
                                ignore=lambda d, n, s=src: [x for x in n if x in {"build", ".react-router"}
                                                            and Path(d) == s])
                break
    cmd = [str(ROOT / ".venv" / "bin" / "reflex"), "run", "--env", "prod", "--single-port",
           "--frontend-port", str(port), "--backend-port", str(port)]
    log = log_path.open("ab")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env(port, url), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode}); see {log_path}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as resp:  # noqa: S310
                if b"pong" in resp.read():
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=30):  # noqa: S310
                        print(f"server up on port {port} after {time.monotonic() - t0:.0f} s (log {log_path})")
                        return proc
        time.sleep(2)
    stop_server(proc)
    raise SystemExit(f"server not up within {timeout:.0f} s; see {log_path}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    time.sleep(1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group (granian workers)
    print("server stopped")


async def app_bench(port: int, n_moves: int, engine: sa.Engine) -> None:
    import reflex as rx
    from reflex_client import ReflexClient, delta_value, handler, var_key  # tests/e2e/reflex_client.py

    from well_ops.state.auth import AuthState
    from well_ops.state.board import BoardState

    board_key = BoardState.get_full_name()
    columns_key = "columns_rx_state_"
    page, query = "/tasks", {"campaign": str(CAMPAIGN)}
    client = ReflexClient(f"http://localhost:{port}", f"ws://localhost:{port}", response_timeout=60)

    async def emit(name: str, payload: dict[str, Any]) -> None:
        router = {"pathname": page, "asPath": f"{page}?campaign={CAMPAIGN}", "query": query}
        await client.sio.emit("event", {"name": name, "payload": payload, "router_data": router},
                              namespace="/_event")

    async def until_columns(start: int) -> tuple[float, dict[str, Any]]:
        await client._wait_for(lambda: any(columns_key in (m.get("delta") or {}).get(board_key, {})
                                           for m in client.messages[start:]), "the board columns")
        arrived = time.perf_counter()
        message = next(m for m in client.messages[start:] if columns_key in (m.get("delta") or {}).get(board_key, {}))
        return arrived, message

    async def timed(name: str, payload: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        start = len(client.messages)
        t0 = time.perf_counter()
        await emit(name, payload)
        arrived, message = await until_columns(start)
        return (arrived - t0) * 1000, message

    await client.connect()
    try:
        token = await client.login(OPS)
        # The page load as a browser does it: hydrate_and_load with the session cookie, which chains the on_load
        # handlers (check_login, notifications, BoardState.load); timed to the delta with the board columns.
        root_key, hydrated_key = rx.State.get_full_name(), "is_hydrated_rx_state_"

        def hydrated(m: dict[str, Any]) -> bool:
            return (m.get("delta") or {}).get(root_key, {}).get(hydrated_key) is True

        def hydrated_snapshot(m: dict[str, Any]) -> bool:  # hydrate's full-state snapshot (is_hydrated False)
            return (m.get("delta") or {}).get(root_key, {}).get(hydrated_key) is False

        def has(m: dict[str, Any], var: str) -> bool:  # the var is in the message, not empty
            return bool((m.get("delta") or {}).get(board_key, {}).get(var + "_rx_state_"))

        # First open of the page in this session: the columns, then the filter lists (background event).
        start = len(client.messages)
        t0 = time.perf_counter()
        await emit(handler(rx.State, "hydrate_and_load"), {"vars": {var_key(AuthState, "token"): token}})
        await client._wait_for(lambda: any(has(m, "columns") and not hydrated_snapshot(m)
                                           for m in client.messages[start:]), "the first columns")
        first_columns = (time.perf_counter() - t0) * 1000
        await client._wait_for(lambda: any(has(m, "well_options") for m in client.messages[start:]), "options")
        first_options = (time.perf_counter() - t0) * 1000
        order = [i for i, m in enumerate(client.messages[start:]) if has(m, "columns") and not hydrated_snapshot(m)]
        order_opts = [i for i, m in enumerate(client.messages[start:]) if has(m, "well_options")]
        print(f"first open of /tasks?campaign={CAMPAIGN} (hydrate_and_load): columns after {first_columns:.0f} ms "
              f"(message {order[0]}), filter lists (load_options, chained after load; 2,000 wells) after "
              f"{first_options:.0f} ms (message {order_opts[0]})")
        await asyncio.sleep(0.5)
        loads, load_alone = [], []
        message: dict[str, Any] = {}
        for _ in range(10):
            start = len(client.messages)
            t0 = time.perf_counter()
            await emit(handler(rx.State, "hydrate_and_load"), {"vars": {var_key(AuthState, "token"): token}})
            await client._wait_for(lambda s=start: any(hydrated(m) for m in client.messages[s:]), "on_load")
            loads.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.3)
            start = len(client.messages)
            t0 = time.perf_counter()
            await emit(handler(BoardState, "load"), {})
            await client._wait_for(lambda s=start: any(has(m, "columns") for m in client.messages[s:]), "load")
            load_alone.append((time.perf_counter() - t0) * 1000)
            message = next(m for m in client.messages[start:] if has(m, "columns"))
            await asyncio.sleep(0.2)
        print(f"open /tasks?campaign={CAMPAIGN} again (hydrate_and_load until is_hydrated: snapshot, check_login, "
              f"notifications, BoardState.load): {summary(loads)}")
        print(f"BoardState.load (the on_load event) until the columns delta: {summary(load_alone)}")
        columns = message["delta"][board_key][columns_key]
        cards = {c["status"]: [card["id"] for card in c["cards"]] for c in columns}
        size = len(json.dumps(message).encode())
        shown = ", ".join(f"{c['status']} {len(c['cards'])} (+{c['hidden']} hidden)" for c in columns)
        print(f"board delta: {size / 1024:.1f} KiB JSON, {sum(len(v) for v in cards.values())} cards ({shown})")

        rnd = random.Random(11)
        with engine.connect() as conn:
            audit_before = conn.execute(sa.text("select coalesce(max(id), 0) from audit_log")).scalar()
        expected: dict[int, str] = {}
        moves, sizes, ends = [], [], 0
        for _ in range(n_moves):
            source = rnd.choice([s for s in STATUSES if cards.get(s)])
            task_id = rnd.choice(cards[source])
            target = rnd.choice(STATUSES)
            others = [i for i in cards.get(target, []) if i != task_id]
            before = rnd.choice(others) if others and rnd.random() < 0.7 else 0
            start = len(client.messages)
            await emit(handler(BoardState, "drag_start"), {"task_id": task_id})
            await client._wait_for(lambda s=start, t=task_id: any(delta_value(m, BoardState, "dragging") == t
                                                                  for m in client.messages[s:]), "drag_start")
            ms, message = await timed(handler(BoardState, "drop"), {"status": target, "before_id": before})
            moves.append(ms)
            sizes.append(len(json.dumps(message).encode()))
            columns = message["delta"][board_key][columns_key]
            cards = {c["status"]: [card["id"] for card in c["cards"]] for c in columns}
            expected[task_id] = target
            hidden = {c["status"]: c["hidden"] for c in columns}
            if task_id not in cards.get(target, []) and not (before == 0 and hidden[target] > 0):
                raise SystemExit(f"task {task_id} not in {target} after the drop: {message!r:.500}")
            ends += task_id not in cards.get(target, [])
        print(f"card move (drop -> delta with columns), {n_moves} moves: {summary(moves)}")
        print(f"move delta: median {statistics.median(sizes) / 1024:.1f} KiB JSON; {ends} cards dropped at the end "
              "of a capped column went below the cap (hidden, as the reload shows them)")
    finally:
        await client.sio.disconnect()

    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text("select id, status from tasks where id = any(:ids)"),
                                 {"ids": list(expected)}).all())
        audit = conn.execute(sa.text("select count(*), count(distinct entity_id) from audit_log "
                                     "where id > :a and entity = 'tasks' and action = 'update' "
                                     "and actor_email = :e"), {"a": audit_before, "e": OPS}).one()
    wrong = {i: (rows.get(i), s) for i, s in expected.items() if rows.get(i) != s}
    print(f"database: {len(expected) - len(wrong)}/{len(expected)} moved tasks have their last dropped status"
          f"{' MISMATCH ' + str(wrong) if wrong else ''}; {audit[0]} task update audit rows by {OPS} "
          f"for {audit[1]} tasks since the first move")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reuse", action="store_true", help="keep the existing bench database")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--moves", type=int, default=200)
    ap.add_argument("--port", type=int, default=3101)
    ap.add_argument("--no-server", action="store_true", help="only the service figures")
    ap.add_argument("--running", action="store_true", help="use an app already running on --port (profiling)")
    ap.add_argument("--skip-service", action="store_true", help="skip the service timings")
    a = ap.parse_args()
    url = bench_url().replace("postgresql://", "postgresql+psycopg://")
    engine = db.make_engine(url)
    db.set_engine(engine)
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}, db {url}")
    prepare(a.reuse, engine)
    if not a.skip_service:
        service_bench(engine, a.runs)
    if a.no_server:
        return
    if a.running:
        asyncio.run(app_bench(a.port, a.moves, engine))
        return
    log_path = Path(f"/tmp/bench_a_server_{uuid.uuid4().hex[:6]}.log")
    proc = start_server(a.port, url, log_path)
    try:
        asyncio.run(app_bench(a.port, a.moves, engine))
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()

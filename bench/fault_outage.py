"""Outage after a crash under the production supervisor (issue #7): prints the measured figures.

    .venv/bin/python bench/fault_outage.py [--worker-kills 5] [--server-kills 2] [--workers 3]

Starts ``scripts/serve.py`` with ``GRANIAN_WORKERS`` workers and the state in a private Redis (its own port, no
persistence), on a temp SQLite database with the demo data. Then, several times: a logged-in client sets a search
on the rigs page, one process is killed with SIGKILL, and the script measures the time from the kill until
``/ping`` answers and until the same tab (same client token, same session cookie) has re-hydrated with its login
and its search. First granian workers (respawned by granian), then the server's main process (restarted by the
supervisor from its warm standby, without a frontend rebuild; ``--no-standby`` measures cold restarts). The
first start builds the frontend into a temp copy of ``.web_G`` or a fresh directory (about a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]  # the app, and the websocket client the e2e tests use

from reflex_client import ReflexClient, delta_value, handler  # noqa: E402

from well_ops.state.auth import AuthState  # noqa: E402
from well_ops.state.rigs import RigsState  # noqa: E402

ENGINEER = "engineer@wellops.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ping(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1) as resp:  # noqa: S310
            return b"pong" in resp.read(100)
    except OSError:
        return False


def wait(predicate: Any, timeout: float, what: str, step: float = 0.05) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(step)
    raise SystemExit(f"timed out waiting for {what}")


async def log_in_and_search(base: str, ws: str, search: str) -> tuple[str, str]:
    async with ReflexClient(base, ws) as client:
        cookie = await client.login(ENGINEER)
        await client.call(handler(RigsState, "set_search"), {"value": search}, pathname="/rigs")
        return client.token, cookie


async def rehydrate(base: str, ws: str, token: str, cookie: str, search: str) -> bool:
    async with ReflexClient(base, ws, token=token) as client:
        msgs = await client.hydrate(cookie, pathname="/rigs")
    searches = [v for m in msgs if (v := delta_value(m, RigsState, "search")) is not None]
    emails = [v for m in msgs if (v := delta_value(m, AuthState, "user_email"))]
    return bool(searches and searches[0] == search and ENGINEER in emails)


def back_with_state(port: int, token: str, cookie: str, search: str) -> tuple[float, float]:
    """(monotonic time /ping answered, monotonic time the tab had its login and search back)."""
    base, ws = f"http://localhost:{port}", f"ws://localhost:{port}"
    up = wait(lambda: ping(port), 120, "/ping")
    deadline = up + 60
    while time.monotonic() < deadline:
        try:
            if asyncio.run(rehydrate(base, ws, token, cookie, search)):
                return up, time.monotonic()
            raise SystemExit("the tab came back without its login or its search")
        except Exception:  # noqa: BLE001 (refused or dropped: reconnect until the server is ready)
            time.sleep(0.1)
    raise SystemExit("the tab did not come back within 60 s of /ping")


def current_server(log_path: Path) -> int:
    return int(re.findall(r"started server pid (\d+)", log_path.read_text(errors="replace"))[-1])


def standby_ready(log_path: Path) -> bool:
    text = log_path.read_text(errors="replace")
    pids = re.findall(r"started standby pid (\d+)", text)
    return bool(pids) and f"[serve standby pid {pids[-1]}] ready" in text and int(pids[-1]) != current_server(log_path)


def workers(server: psutil.Process) -> list[psutil.Process]:
    return [w for w in server.children() if w.cmdline() == server.cmdline()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker-kills", type=int, default=5)
    parser.add_argument("--server-kills", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-standby", action="store_true", help="pass --no-standby to the supervisor")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is needed")

    tmp = Path(tempfile.mkdtemp(prefix="wellops-fault-bench-"))
    port, redis_port = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.update({
        "PATH": os.pathsep.join([str(ROOT / ".tools" / "node_modules" / ".bin"), str(VENV_BIN), env["PATH"]]),
        "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_TELEMETRY_ENABLED": "false", "TELEMETRY_ENABLED": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}", "WELLOPS_PORT": str(port),
        "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{port}", "WELLOPS_BCRYPT_ROUNDS": "4",
        "WELLOPS_DATA_DIR": str(tmp / "data"), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "GRANIAN_WORKERS": str(args.workers),
        "REFLEX_WEB_WORKDIR": str(tmp / "web"), "REFLEX_STATES_WORKDIR": str(tmp / "states"),
    })
    seed_web = ROOT / ".web_G"
    if seed_web.is_dir():  # node_modules already installed: a faster first build
        outputs = {"build", ".react-router"}  # the last build's outputs, at the top only
        shutil.copytree(seed_web, tmp / "web", symlinks=True,
                        ignore=lambda d, names: [n for n in names if Path(d) == seed_web and n in outputs])
    log_path = tmp / "serve.log"
    sup = None
    try:
        with log_path.open("ab") as log:
            for cmd in (["alembic", "upgrade", "head"], ["python", "-m", "well_ops.cli", "seed-demo"]):
                subprocess.run([str(VENV_BIN / cmd[0]), *cmd[1:]], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, check=True)
            serve = [str(VENV_BIN / "python"), str(ROOT / "scripts" / "serve.py"), "--port", str(port),
                     *(["--no-standby"] if args.no_standby else [])]
            sup = subprocess.Popen(serve, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        started = time.monotonic()
        wait(lambda: ping(port), 600, "the first start", step=1)
        print(f"first start (compile + frontend build + server): {time.monotonic() - started:.0f} s")
        rows: list[tuple[str, float, float]] = []
        for n in range(args.worker_kills + args.server_kills):
            kind = "worker" if n < args.worker_kills else "server"
            search = f"bench-{n}"
            token, cookie = asyncio.run(log_in_and_search(f"http://localhost:{port}", f"ws://localhost:{port}",
                                                          search))
            if kind == "server" and not args.no_standby:  # the warm standby has imported the app and waits
                wait(lambda: standby_ready(log_path), 120, "a ready standby", step=0.2)
            server = psutil.Process(current_server(log_path))
            victim = random.choice(workers(server)) if kind == "worker" else server
            killed = time.monotonic()
            victim.send_signal(signal.SIGKILL)
            up, back = back_with_state(port, token, cookie, search)
            rows.append((kind, up - killed, back - killed))
            print(f"{kind:6} kill #{n + 1}: /ping after {up - killed:5.2f} s, tab back with its state after "
                  f"{back - killed:5.2f} s   (load average {os.getloadavg()[0]:.1f})")
            wait(lambda s=server, k=kind: k == "server" or len(workers(s)) == args.workers, 30, "all workers")
            time.sleep(6)  # granian's crash-loop guard: the same worker failing twice within 5.5 s exits
        for kind in ("worker", "server"):
            backs = [b for k, _, b in rows if k == kind]
            if backs:
                print(f"{kind} kill, kill -> tab back: median {statistics.median(backs):.2f} s, "
                      f"max {max(backs):.2f} s over {len(backs)}")
        print(f"frontend rebuilds after the first start: "
              f"{log_path.read_text(errors='replace').count('Creating Production Build') - 1}")
    finally:
        if sup is not None:
            sup.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                sup.wait(timeout=40)
        redis.terminate()
        redis.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

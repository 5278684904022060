#!/usr/bin/env python3
"""Supervise the production server: start it, restart it when it dies, stop it cleanly.

    python scripts/serve.py [--port 3000] [--max-restarts 5] [--window 60] [--backoff 30] [-- COMMAND ...]

Runs ``reflex run --env prod --single-port --frontend-port PORT --backend-port PORT`` (PORT: ``--port``, else
``WELLOPS_PORT``, else 3000) as a child in its own process group. Reflex's production backend exits as a whole
when one of its granian workers dies; the supervisor then kills whatever is left of the child's group (orphaned
workers would keep the port) and starts it again within a second or two. Every restart is logged with a counter.

SIGTERM / SIGINT are forwarded to the child's whole group; the supervisor waits for it (``--stop-timeout``
seconds, then SIGKILL) and exits 0. Crash-loop guard: after ``--max-restarts`` restarts within ``--window``
seconds it waits ``--backoff`` seconds before the next start (doubling up to ``--max-backoff`` while the loop
goes on). ``-- COMMAND ...`` supervises another command instead (same rules). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.2


def log(message: str) -> None:
    """One timestamped line on stderr (the child's own output goes to the same place)."""
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z"
    print(f"[serve {stamp}] {message}", file=sys.stderr, flush=True)


def reflex_executable() -> str:
    """The ``reflex`` next to this interpreter (the project's venv), else the one on PATH."""
    candidate = Path(sys.executable).parent / "reflex"
    if candidate.exists():
        return str(candidate)
    return shutil.which("reflex") or "reflex"


def server_command(port: int) -> list[str]:
    return [reflex_executable(), "run", "--env", "prod", "--single-port",
            "--frontend-port", str(port), "--backend-port", str(port)]


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_group(proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """SIGTERM the child's group, wait up to ``timeout_s``, then SIGKILL what is left."""
    pgid = proc.pid  # start_new_session: the child leads its own session and group
    signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        proc.poll()
        if proc.returncode is not None and not group_alive(pgid):
            return
        time.sleep(POLL_S)
    log(f"process group {pgid} still alive after {timeout_s:.0f} s: SIGKILL")
    signal_group(pgid, signal.SIGKILL)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


class Supervisor:
    """Start the child, watch it, restart it, stop it on request."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cmd = args.command or server_command(args.port)
        self.stop_requested = False
        self.restarts = 0
        self.recent: deque[float] = deque()
        self.backoff_s = float(args.backoff)

    def request_stop(self, signum: int, _frame: object) -> None:
        if not self.stop_requested:
            log(f"received {signal.Signals(signum).name}: stopping the server")
        self.stop_requested = True

    def start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ, WELLOPS_PORT=str(self.args.port), WELLOPS_SUPERVISOR_RESTARTS=str(self.restarts))
        proc = subprocess.Popen(self.cmd, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        log(f"started server pid {proc.pid} (start #{self.restarts + 1}): {' '.join(self.cmd)}")
        return proc

    def wait(self, proc: subprocess.Popen[bytes]) -> int | None:
        """Block until the child exits (its code) or a stop is requested (None)."""
        while not self.stop_requested:
            code = proc.poll()
            if code is not None:
                return code
            time.sleep(POLL_S)
        return None

    def pause(self, seconds: float) -> None:
        """Sleep, but wake up at once when a stop is requested."""
        deadline = time.monotonic() + seconds
        while not self.stop_requested and time.monotonic() < deadline:
            time.sleep(POLL_S)

    def crash_loop_delay(self) -> float:
        """Seconds to wait before the next start: a short pause, or a back-off when it keeps dying."""
        now = time.monotonic()
        self.recent.append(now)
        while self.recent and now - self.recent[0] > self.args.window:
            self.recent.popleft()
        if len(self.recent) < self.args.max_restarts:
            self.backoff_s = float(self.args.backoff)
            return self.args.restart_delay
        delay = self.backoff_s
        log(f"crash loop: {len(self.recent)} restarts within {self.args.window:.0f} s; backing off {delay:.0f} s")
        self.backoff_s = min(self.backoff_s * 2, float(self.args.max_backoff))
        self.recent.clear()
        return delay

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        log(f"supervising {'the production server' if not self.args.command else self.cmd[0]} on port "
            f"{self.args.port} (supervisor pid {os.getpid()})")
        while not self.stop_requested:
            try:
                proc = self.start()
            except OSError as exc:  # not a crash to retry: the command itself cannot run
                log(f"cannot start {self.cmd[0]}: {exc}")
                return 1
            code = self.wait(proc)
            if code is None:  # stop requested: forward it to the whole group
                stop_group(proc, self.args.stop_timeout)
                break
            self.restarts += 1
            log(f"server pid {proc.pid} exited unexpectedly with code {code}; cleaning up its process group "
                f"(restart #{self.restarts})")
            stop_group(proc, 5)  # orphaned workers would keep the port
            self.pause(self.crash_loop_delay())
        log(f"supervisor stopped after {self.restarts} restart(s)")
        return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("WELLOPS_PORT") or 3000))
    parser.add_argument("--max-restarts", type=int, default=5, help="restarts within --window before backing off")
    parser.add_argument("--window", type=float, default=60.0, help="seconds (crash-loop window)")
    parser.add_argument("--backoff", type=float, default=30.0, help="first back-off, seconds")
    parser.add_argument("--max-backoff", type=float, default=300.0, help="longest back-off, seconds")
    parser.add_argument("--restart-delay", type=float, default=1.0, help="pause before a normal restart, seconds")
    parser.add_argument("--stop-timeout", type=float, default=20.0, help="SIGTERM grace before SIGKILL, seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: a command to run instead of reflex")
    args = parser.parse_args(argv)
    args.command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return args


if __name__ == "__main__":
    sys.exit(Supervisor(parse_args()).run())

#!/usr/bin/env python3
"""Supervise the production server: start it, restart it when it dies, stop it cleanly.

    python scripts/serve.py [--port 3000] [--max-restarts 5] [--window 60] [--backoff 30] [-- COMMAND ...]

Runs Reflex's production server (``reflex run --env prod --single-port``, frontend and backend on PORT: ``--port``,
else ``WELLOPS_PORT``, else 3000) as a child in its own process group, through this script's child mode, which
changes two things in Reflex's start-up:

- a granian worker that dies is respawned by granian itself (``respawn_failed_workers``) from the app already
  imported in the server's main process: the other workers keep serving and the new one answers within a second
  or two. Plain ``reflex run`` shuts the whole backend down when one worker dies.
- a restart does not rebuild. The first start compiles the app and builds the frontend (minutes the first time,
  20-40 s after); when the server then exits (its main process killed, or granian's own crash-loop guard: one
  worker failing twice within 5.5 s), the supervisor kills whatever is left of the child's group (orphaned workers
  would keep the port) and starts it again with ``--child --prebuilt``: the same start-up minus the compile and the
  build, serving the bundle the first start left in ``.web/build/client``. A code change therefore needs a restart
  of the supervisor itself (or ``--rebuild``).
- a warm standby: importing the app takes 5-10 s of such a restart, so once the server has run for 15 s the
  supervisor keeps a second ``--child --prebuilt --standby`` process that has imported everything and waits on
  its stdin. When the server dies it SIGKILLs the leftovers of its group and tells the standby to go: users had
  their state back 5-8 s after the crash on 2 heavily loaded cores (11-18 s with a cold restart), and a new standby
  is prepared 15 s later. It costs the memory of one more server process (about 160 MB resident);
  ``--no-standby`` turns it off.

Every restart is logged with a counter. SIGTERM / SIGINT are forwarded to the child's whole group; the supervisor
waits for it (``--stop-timeout`` seconds, then SIGKILL) and exits 0. Crash-loop guard: after ``--max-restarts``
restarts within ``--window`` seconds it waits ``--backoff`` seconds before the next start (doubling up to
``--max-backoff`` while the loop goes on). ``-- COMMAND ...`` supervises another command instead (same rules).
The supervisor uses the standard library only (the child mode imports Reflex).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.2
STANDBY_AFTER_S = 15.0  # the running server has settled: import the next one in the background
STANDBY_RETRY_S = 60.0  # a standby that died is replaced after this pause (no tight loop if it cannot start)


def log(message: str) -> None:
    """One timestamped line on stderr (the child's own output goes to the same place)."""
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z"
    print(f"[serve {stamp}] {message}", file=sys.stderr, flush=True)


def reflex_run_args(port: int) -> list[str]:
    return ["run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--backend-port", str(port)]


def server_command(port: int, *, prebuilt: bool = False, standby: bool = False) -> list[str]:
    """This script in child mode running ``reflex run ...`` (``--prebuilt``: on the frontend already built;
    ``--standby``: import everything, then wait for the word on stdin)."""
    return [sys.executable, str(Path(__file__).resolve()), "--child", *(["--prebuilt"] if prebuilt else []),
            *(["--standby"] if standby else []), "reflex", *reflex_run_args(port)]


def frontend_index() -> Path:
    """The built frontend's entry page (``$REFLEX_WEB_WORKDIR``, default ``.web``, relative to the project)."""
    return PROJECT_ROOT / os.environ.get("REFLEX_WEB_WORKDIR", ".web") / "build" / "client" / "index.html"


def run_child(reflex_args: list[str], *, prebuilt: bool, standby: bool = False) -> None:
    """Child mode: ``reflex <reflex_args>`` (``run --env prod --single-port ...``) with two changes (reflex 0.10.1,
    granian 2).

    - granian respawns a worker that dies (``respawn_failed_workers``), from the app already imported in its main
      process, instead of shutting the whole server down; its own crash-loop guard (the same worker failing twice
      within 5.5 s) still makes it exit, and the supervisor takes over;
    - with ``prebuilt``, the compile and the frontend build are skipped: ``.web`` already holds what this
      supervisor's first start built, and Reflex serves that bundle on the same port.
    Everything else is Reflex's own start-up (environment, ports, state manager, frontend mount).

    ``standby``: import Reflex and the app first (with the environment ``reflex run --env prod`` sets), then wait
    until the supervisor writes ``go`` on stdin (or closes it: then exit). Starting from there takes a second or two
    instead of the 5-10 s the imports take.
    """
    os.chdir(PROJECT_ROOT)
    sys.path.insert(0, str(PROJECT_ROOT))
    import granian.server
    from reflex import reflex as reflex_cli
    from reflex.utils import build

    base = granian.server.Server

    class RespawningServer(base):  # type: ignore[misc,valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs.setdefault("respawn_failed_workers", True)
            super().__init__(*args, **kwargs)

    granian.server.Server = RespawningServer  # reflex imports it from granian.server when it starts the backend
    if prebuilt:
        def already_built(*_args: object, **_kwargs: object) -> None:
            """.web already holds the compiled app and the frontend this supervisor's first start built."""

        reflex_cli._compile_app = already_built  # noqa: SLF001  (the compile step of reflex's _run_prod)
        build.setup_frontend_prod = already_built  # the bun install + vite build step
    if standby:
        from reflex.utils import prerequisites
        from reflex_base import constants
        from reflex_base.environment import environment

        environment.REFLEX_ENV_MODE.set(constants.Env.PROD)  # what `reflex run --env prod` sets before its import
        environment.REFLEX_COMPILE_CONTEXT.set(constants.CompileContext.RUN)
        environment.REFLEX_SKIP_COMPILE.set(True)
        prerequisites.get_app()  # the app module stays in sys.modules: reflex's own import then finds it
        print(f"[serve standby pid {os.getpid()}] ready", file=sys.stderr, flush=True)
        if sys.stdin.readline().strip() != "go":
            return  # the supervisor closed the pipe: not needed any more
    reflex_cli.cli.main(args=reflex_args, prog_name="reflex")


def group_alive(pgid: int) -> bool:
    """Whether a process of group ``pgid`` is still running (zombies waiting to be reaped do not count: they hold
    no port and no file any more)."""
    proc_dir = Path("/proc")
    if proc_dir.is_dir():
        for entry in proc_dir.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()  # state ppid pgrp ...
            if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                return True
        return False
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


def wait_group_gone(proc: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while True:
        proc.poll()
        if proc.returncode is not None and not group_alive(proc.pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def stop_group(proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """SIGTERM the child's group, wait up to ``timeout_s``, then SIGKILL what is left (0: SIGKILL at once)."""
    pgid = proc.pid  # start_new_session: the child leads its own session and group
    if timeout_s > 0:
        signal_group(pgid, signal.SIGTERM)
        if wait_group_gone(proc, timeout_s):
            return
        log(f"process group {pgid} still alive after {timeout_s:.0f} s: SIGKILL")
    signal_group(pgid, signal.SIGKILL)
    if not wait_group_gone(proc, 10):
        log(f"process group {pgid} survived SIGKILL for 10 s")


class Supervisor:
    """Start the child, watch it, restart it, stop it on request."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cmd = args.command or server_command(args.port)
        self.started_at = time.time()
        self.stop_requested = False
        self.restarts = 0
        self.recent: deque[float] = deque()
        self.backoff_s = float(args.backoff)
        self.standby: subprocess.Popen[bytes] | None = None
        self.standby_failed_at = -STANDBY_RETRY_S

    def request_stop(self, signum: int, _frame: object) -> None:
        if not self.stop_requested:
            log(f"received {signal.Signals(signum).name}: stopping the server")
        self.stop_requested = True

    def prebuilt(self) -> bool:
        """Whether a start of this supervisor has built the frontend (restarts can then skip the build)."""
        if self.args.command or self.args.rebuild:
            return False
        index = frontend_index()
        return index.is_file() and index.stat().st_mtime >= self.started_at

    def env(self) -> dict[str, str]:
        env = dict(os.environ, WELLOPS_PORT=str(self.args.port), WELLOPS_SUPERVISOR_RESTARTS=str(self.restarts))
        env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")  # no PyPI request (2 s timeout) on every start
        return env

    def start(self) -> subprocess.Popen[bytes]:
        """The warm standby when there is one, else a new server (prebuilt when possible)."""
        standby, self.standby = self.standby, None
        if standby is not None and standby.poll() is None and standby.stdin is not None:
            try:
                standby.stdin.write(b"go\n")
                standby.stdin.close()
            except OSError as exc:
                log(f"standby pid {standby.pid} is unusable ({exc}): a cold start instead")
                stop_group(standby, 1)
            else:
                log(f"started server pid {standby.pid} (start #{self.restarts + 1}): the warm standby")
                return standby
        cmd = server_command(self.args.port, prebuilt=True) if self.prebuilt() else self.cmd
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=self.env(), stdin=subprocess.DEVNULL,
                                start_new_session=True)
        log(f"started server pid {proc.pid} (start #{self.restarts + 1}): {' '.join(cmd)}")
        return proc

    def keep_standby(self, server_started: float) -> None:
        """Keep one prebuilt server imported and waiting, started once the running one has settled."""
        if self.args.no_standby or not self.prebuilt() or time.monotonic() - server_started < STANDBY_AFTER_S:
            return
        if self.standby is not None:
            code = self.standby.poll()
            if code is None:
                return
            log(f"standby pid {self.standby.pid} exited with code {code}; another in {STANDBY_RETRY_S:.0f} s")
            stop_group(self.standby, 1)
            self.standby, self.standby_failed_at = None, time.monotonic()
        if time.monotonic() - self.standby_failed_at < STANDBY_RETRY_S:
            return
        cmd = server_command(self.args.port, prebuilt=True, standby=True)
        self.standby = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=self.env(), stdin=subprocess.PIPE,
                                        start_new_session=True)
        log(f"started standby pid {self.standby.pid}: {' '.join(cmd)}")

    def drop_standby(self) -> None:
        if self.standby is not None:
            if self.standby.stdin is not None:
                self.standby.stdin.close()  # end of input: a waiting standby exits by itself
            stop_group(self.standby, 5)
            self.standby = None

    def wait(self, proc: subprocess.Popen[bytes]) -> int | None:
        """Block until the child exits (its code) or a stop is requested (None)."""
        started = time.monotonic()
        while not self.stop_requested:
            code = proc.poll()
            if code is not None:
                return code
            self.keep_standby(started)
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
                self.drop_standby()
                stop_group(proc, self.args.stop_timeout)
                break
            self.restarts += 1
            log(f"server pid {proc.pid} exited unexpectedly with code {code}; cleaning up its process group "
                f"(restart #{self.restarts})")
            stop_group(proc, 0)  # orphaned workers would keep the port: SIGKILL them (the server has crashed anyway)
            self.pause(self.crash_loop_delay())
        self.drop_standby()
        log(f"supervisor stopped after {self.restarts} restart(s)")
        return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("WELLOPS_PORT") or 3000))
    parser.add_argument("--max-restarts", type=int, default=5, help="restarts within --window before backing off")
    parser.add_argument("--window", type=float, default=60.0, help="seconds (crash-loop window)")
    parser.add_argument("--backoff", type=float, default=30.0, help="first back-off, seconds")
    parser.add_argument("--max-backoff", type=float, default=300.0, help="longest back-off, seconds")
    parser.add_argument("--restart-delay", type=float, default=0.2, help="pause before a normal restart, seconds")
    parser.add_argument("--rebuild", action="store_true", help="compile and build again on every restart (slow)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # the server itself
    parser.add_argument("--no-standby", action="store_true",
                        help="keep no warm standby server (saves its memory; a restart then takes 5-10 s more)")
    parser.add_argument("--prebuilt", action="store_true", help=argparse.SUPPRESS)  # child: skip compile + build
    parser.add_argument("--standby", action="store_true", help=argparse.SUPPRESS)  # child: import, wait for "go"
    parser.add_argument("--stop-timeout", type=float, default=20.0, help="SIGTERM grace before SIGKILL, seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: a command to run instead of reflex")
    args = parser.parse_args(argv)
    args.command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return args


def main() -> int:
    args = parse_args()
    if args.child:  # serve.py --child [--prebuilt] reflex run ...
        if args.command[:1] != ["reflex"]:
            raise SystemExit("--child runs a reflex command: serve.py --child [--prebuilt] reflex run ...")
        run_child(args.command[1:], prebuilt=args.prebuilt, standby=args.standby)
        return 0
    return Supervisor(args).run()


if __name__ == "__main__":
    sys.exit(main())

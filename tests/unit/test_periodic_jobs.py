"""The scheduler loop started with the app: registered as a lifespan task, survives a failing run."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest

import well_ops.well_ops as app_module


def _run_isolated(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine on a fresh event loop in its own thread (the browser tests leave a loop running)."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_periodic_jobs_is_a_lifespan_task() -> None:
    assert app_module.periodic_jobs in app_module.app.get_lifespan_tasks()


def test_a_failing_run_is_logged_and_the_loop_goes_on(monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    calls: list[Any] = []

    def run(actor: Any, now: Any = None) -> dict[str, int]:
        calls.append(actor)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return {"due_notifications": 0}

    monkeypatch.setattr(app_module.scheduler, "run_periodic_jobs", run)
    monkeypatch.setattr(app_module.scheduler, "INTERVAL_SECONDS", 0.01)

    async def main() -> None:
        task = asyncio.create_task(app_module.periodic_jobs())
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(calls) >= 3:
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    _run_isolated(main())
    assert len(calls) >= 3 and all(a is app_module.SYSTEM for a in calls)
    assert "periodic jobs failed" in caplog.text

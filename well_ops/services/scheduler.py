"""Periodic jobs, run by the SYSTEM actor: webhook deliveries, due-date notifications, the integrity scan.

Start it from the app as an asyncio background task, e.g. every five minutes::

    async def _periodic() -> None:
        while True:
            try:
                await asyncio.to_thread(scheduler.run_periodic_jobs, SYSTEM)
            except Exception:
                log.exception("periodic jobs failed")
            await asyncio.sleep(300)

Each call is one transaction (the guard's unit of work); jobs are idempotent, so running them often, or
twice on two workers, does not duplicate notifications beyond the race of two simultaneous runs.

Webhook deliveries (``webhooks.deliver_pending``) go out with these jobs, i.e. within ``INTERVAL_SECONDS`` of the
event. For quicker delivery run ``webhooks.deliver_pending(SYSTEM)`` on its own loop every
``webhooks.DELIVERY_INTERVAL_SECONDS`` as well: it only sends what is due, so overlapping runs are harmless.
"""

from __future__ import annotations

from datetime import datetime

from well_ops.services.context import Context, use_case
from well_ops.services.integrity.scan import scan_integrity
from well_ops.services.tasks.notifications import scan_due_tasks
from well_ops.services.webhooks import deliver_pending

INTERVAL_SECONDS = 300


@use_case("settings.write")
def run_periodic_jobs(ctx: Context, now: datetime | None = None) -> dict[str, int]:
    """Run every periodic job once (call as ``run_periodic_jobs(SYSTEM)``); returns what each job did."""
    sent = deliver_pending(ctx, now)  # first: it commits in its own short transactions (see webhook_delivery)
    due = scan_due_tasks(ctx, now)
    scan = scan_integrity(ctx, now)  # overdue barrier tests, missing readings, SAP where new readings arrived
    return {"due_notifications": due, "webhook_deliveries": sent, "tests_overdue_tasks": scan.overdue_tasks,
            "missing_readings_tasks": scan.missing_reading_tasks, "sap_evaluated": scan.sap_evaluated,
            "sap_tasks": scan.sap_tasks, "snapshots_stored": scan.snapshots_stored}

"""Risk matrix admin state: the 5x5 likelihood x consequence cells, each saved on its own."""

from __future__ import annotations

import reflex as rx

from well_ops.services import integrity
from well_ops.services.errors import WellOpsError
from well_ops.state.auth import current_actor
from well_ops.state.base import call

CATEGORIES = ["low", "medium", "high", "extreme"]


class RiskMatrixState(rx.State):
    """``grid`` rows are likelihood 5 (top) to 1; each cell is {"key", "likelihood", "consequence", "category",
    "score"} as text; ``drafts`` holds edits not saved yet by cell key."""

    grid: list[list[dict[str, str]]] = []
    drafts: dict[str, dict[str, str]] = {}
    error: str = ""

    async def _reload(self) -> None:
        cells = await call(integrity.risk_matrix, await current_actor(self))
        by = {(c.likelihood, c.consequence): c for c in cells}
        self.grid = [[{"key": f"{lk}-{co}", "likelihood": str(lk), "consequence": str(co),
                       "category": by[(lk, co)].category, "score": str(by[(lk, co)].score)}
                      for co in range(1, 6) if (lk, co) in by] for lk in range(5, 0, -1)]

    @rx.event
    async def load(self):
        self.error, self.drafts = "", {}
        try:
            await self._reload()
        except WellOpsError as exc:
            self.error = exc.message

    @rx.event
    def edit(self, key: str, field: str, value: str):
        if field not in ("category", "score"):
            return
        key = str(key)[:8]
        self.drafts = {**self.drafts, key: {**self.drafts.get(key, {}), field: str(value)[:20]}}

    @rx.event
    async def save_cell(self, key: str):
        cell = next((c for r in self.grid for c in r if c["key"] == str(key)), None)
        if cell is None:
            return
        draft = {**cell, **self.drafts.get(cell["key"], {})}
        score = int(draft["score"]) if draft["score"].strip().isdigit() else draft["score"]
        try:
            saved = await call(integrity.set_risk_cell, await current_actor(self), int(cell["likelihood"]),
                               int(cell["consequence"]), draft["category"], score)
        except WellOpsError as exc:
            self.error = exc.message
            return
        self.error = ""
        self.drafts = {k: v for k, v in self.drafts.items() if k != cell["key"]}
        await self._reload()
        return rx.toast.success(f"Cell L{saved.likelihood} x C{saved.consequence}: {saved.category} ({saved.score}).")

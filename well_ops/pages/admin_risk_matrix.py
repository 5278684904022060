"""Admin: the integrity risk matrix (likelihood x consequence), one category and score per cell."""

from __future__ import annotations

import reflex as rx

from well_ops.components.layout import error_callout, page_shell
from well_ops.state.risk_matrix import CATEGORIES
from well_ops.state.risk_matrix import RiskMatrixState as S

COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "extreme": "red"}


def _cell(c: rx.Var) -> rx.Component:
    colour = rx.match(c["category"], *[(k, v) for k, v in COLOURS.items()], "gray")
    return rx.table.cell(rx.card(rx.vstack(
        rx.select(CATEGORIES, default_value=c["category"], size="1", id="cat-" + c["key"].to(str),
                  on_change=lambda v: S.edit(c["key"], "category", v)),
        rx.input(default_value=c["score"], type="number", size="1", width="70px", id="score-" + c["key"].to(str),
                 on_change=lambda v: S.edit(c["key"], "score", v)),
        rx.button("Save", size="1", variant="soft", id="save-" + c["key"].to(str), on_click=S.save_cell(c["key"])),
        spacing="1"), background=rx.color(colour, 4)), key=c["key"].to(str) + c["category"].to(str))


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(rx.table.row_header_cell(rx.text("L", r[0]["likelihood"], weight="bold")),
                        rx.foreach(r, _cell))


def risk_matrix_page() -> rx.Component:
    return page_shell(
        "Risk matrix",
        rx.text("Likelihood (rows, 5 = almost certain) x consequence (columns, 5 = catastrophic). Every well's "
                "snapshot is re-rated when a cell is saved.", size="2", color=rx.color("gray", 11)),
        error_callout(S.error),
        rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell(""),
                                         *[rx.table.column_header_cell(f"C{c}") for c in range(1, 6)])),
            rx.table.body(rx.foreach(S.grid, _row)), id="risk-matrix", size="1"),
    )

"""Integrity fleet: wells by category worst first, the 5x5 risk matrix, hot annuli, overdue tests, missing data."""

import reflex as rx

from well_ops.components.layout import page_shell
from well_ops.state.integrity_fleet import IntegrityFleetState as S

MUTED = rx.color("gray", 11)


def _colour(value: rx.Var) -> rx.Var:
    return rx.match(value, ("green", "green"), ("yellow", "yellow"), ("orange", "orange"), ("red", "red"),
                    ("amber", "amber"), "gray")


def _table(title: str, heads: list[str], rows: rx.Var, row, id_: str, empty: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(title, size="4"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                             rx.table.body(rx.foreach(rows, row)), size="1", width="100%", id=id_),
               overflow_x="auto", width="100%"),
        rx.cond(rows.length() == 0, rx.text(empty, size="2", color=MUTED)),
        spacing="2", width="100%"), width="100%")


def _well_link(r: rx.Var, key: str = "well") -> rx.Component:
    return rx.link(r[key], href="/integrity/wells/" + r["well_id"])


def _wells() -> rx.Component:
    row = lambda w: rx.table.row(  # noqa: E731
        rx.table.cell(rx.link(w["name"], href="/integrity/wells/" + w["id"], id="fleet-well-" + w["id"])),
        rx.table.cell(w["field"]),
        rx.table.cell(rx.badge(w["category"], color_scheme=_colour(w["category"]), variant="solid")),
        rx.table.cell(rx.badge(w["status"], color_scheme=_colour(w["status"]), variant="soft")),
        rx.table.cell(w["risk"], " (", w["score"], ")"), rx.table.cell(w["util"]), rx.table.cell(w["sap"]),
        rx.table.cell(w["computed"]))
    return _table("Wells, worst first", ["Well", "Field", "Category", "Status", "Risk", "Max utilisation", "SAP",
                                         "Snapshot"], S.wells, row, "fleet-wells", "No wells.")


def _matrix() -> rx.Component:
    cell = lambda c: rx.box(  # noqa: E731
        rx.text(c["score"], size="1", weight="bold"), rx.text(c["wells"], size="1"),
        background=rx.color(_colour(c["colour"]), 5), padding="6px", min_height="64px", border_radius="4px",
        id="risk-cell-" + c["key"])
    return rx.card(rx.vstack(
        rx.heading("Risk matrix (likelihood 5 at the top, consequence 1 → 5)", size="4"),
        rx.grid(rx.foreach(S.matrix, cell), columns="5", spacing="1", width="100%", id="risk-matrix"),
        spacing="2", width="100%"), width="100%")


def _hot() -> rx.Component:
    row = lambda a: rx.table.row(  # noqa: E731
        rx.table.cell(_well_link(a)), rx.table.cell(a["annulus"]), rx.table.cell(a["pressure"]),
        rx.table.cell(a["maasp"]), rx.table.cell(a["mop"]), rx.table.cell(a["util"]),
        rx.table.cell(rx.badge(a["reason"], color_scheme="red", variant="soft")), rx.table.cell(a["at"]))
    return _table("Annuli above MOP or near MAASP", ["Well", "Annulus", "Latest", "MAASP", "MOP", "Utilisation",
                                                     "Why", "At"], S.hot, row, "fleet-hot", "None.")


def _overdue() -> rx.Component:
    row = lambda t: rx.table.row(  # noqa: E731
        rx.table.cell(_well_link(t)), rx.table.cell(t["name"]), rx.table.cell(t["kind"]),
        rx.table.cell(t["envelope"]), rx.table.cell(t["due"]), rx.table.cell(t["days"]))
    return _table("Overdue barrier tests", ["Well", "Element", "Kind", "Envelope", "Due", "Days overdue"],
                  S.overdue, row, "fleet-overdue", "No overdue test.")


def _missing() -> rx.Component:
    row = lambda m: rx.table.row(  # noqa: E731
        rx.table.cell(_well_link(m)), rx.table.cell(m["annulus"]), rx.table.cell(m["last"]),
        rx.table.cell(m["hours"]))
    return _table("Annuli with missing readings", ["Well", "Annulus", "Last reading", "Since"], S.missing, row,
                  "fleet-missing", "Every annulus reports.")


def integrity_fleet_page() -> rx.Component:
    return page_shell(
        "Integrity",
        rx.grid(_wells(), _matrix(), columns=rx.breakpoints(initial="1", lg="2"), spacing="3", width="100%"),
        _hot(),
        rx.grid(_overdue(), _missing(), columns=rx.breakpoints(initial="1", lg="2"), spacing="3", width="100%"),
    )

"""File import of annulus readings (CSV / XLSX) on the well integrity page: upload, preview, mapping, import."""

import reflex as rx

from well_ops.state.integrity_import import MAPPING_KEYS, NONE
from well_ops.state.integrity_import import IntegrityImportState as S
from well_ops.state.integrity_well import IntegrityWellState as W

UPLOAD_ID = "readings-upload"
MUTED = rx.color("gray", 11)
LABELS = {"time_col": "Time", "pressure_col": "Pressure", "temperature_col": "Temperature", "source_col": "Source",
          "bleed_col": "Bleed flag"}


def _mapping_select(key: str) -> rx.Component:
    return rx.vstack(rx.text(LABELS[key], size="1", color=MUTED),
                     rx.select(S.header, value=S.mapping[key], on_change=lambda v: S.set_mapping(key, v),
                               placeholder=NONE, id=f"map-{key}", size="1"),
                     rx.cond(key not in ("time_col", "pressure_col"),
                             rx.button("clear", size="1", variant="ghost", on_click=S.set_mapping(key, NONE))),
                     spacing="1")


def _preview() -> rx.Component:
    head = rx.table.header(rx.table.row(rx.foreach(S.header, lambda h: rx.table.column_header_cell(h))))
    body = rx.table.body(rx.foreach(S.rows, lambda r: rx.table.row(rx.foreach(r, lambda c: rx.table.cell(c)))))
    return rx.vstack(
        rx.text(S.filename, " — ", S.data_rows.to_string(), " data rows (first rows below)", size="2"),
        rx.box(rx.table.root(head, body, size="1", id="import-preview"), overflow_x="auto", width="100%",
               max_height="260px", overflow_y="auto"),
        rx.flex(*[_mapping_select(k) for k in MAPPING_KEYS],
                rx.vstack(rx.text("Pressure unit", size="1", color=MUTED),
                          rx.select(["bar", "psi", "kPa"], value=S.pressure_unit, on_change=S.set_pressure_unit,
                                    id="import-pressure-unit", size="1"), spacing="1"),
                rx.vstack(rx.text("Temperature unit", size="1", color=MUTED),
                          rx.select(["C", "F"], value=S.temperature_unit, on_change=S.set_temperature_unit,
                                    id="import-temperature-unit", size="1"), spacing="1"),
                spacing="4", wrap="wrap"),
        rx.hstack(rx.button(rx.icon("upload"), "Import into annulus ", W.annulus_name, on_click=S.run_import,
                            loading=S.running, id="import-run"),
                  rx.progress(value=S.progress, width="240px", id="import-progress"), align="center"),
        spacing="3", width="100%")


def import_panel() -> rx.Component:
    upload = rx.upload(
        rx.vstack(rx.icon("file-up"), rx.text("Drop a CSV or .xlsx file of readings here, or click", size="1"),
                  align="center", spacing="1"),
        id=UPLOAD_ID, max_files=1,
        accept={"text/csv": [".csv"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"]},
        border=f"1px dashed {rx.color('gray', 7)}", padding="1em", border_radius="8px", width="100%")
    return rx.card(rx.vstack(
        rx.heading("Import readings from a file", size="4"),
        rx.text("Times without a zone are read as UTC. The whole file is imported or nothing; duplicates are skipped.",
                size="1", color=MUTED),
        upload,
        rx.hstack(rx.foreach(rx.selected_files(UPLOAD_ID), lambda f: rx.text(f, size="1")),
                  rx.button("Preview", size="2", variant="soft", id="import-preview-button",
                            on_click=S.preview(rx.upload_files(upload_id=UPLOAD_ID))), align="center"),
        rx.cond(S.errors.length() > 0, rx.callout.root(rx.vstack(rx.foreach(S.errors, lambda e: rx.text(e, size="1")),
                                                                 spacing="0"),
                                                       color_scheme="red", id="import-errors", width="100%")),
        rx.cond(S.header.length() > 0, _preview()),
        rx.cond(S.summary.length() > 0, rx.callout.root(rx.vstack(rx.foreach(S.summary, lambda e: rx.text(e, size="2")),
                                                                  spacing="0"),
                                                        color_scheme="green", id="import-summary", width="100%")),
        spacing="3", width="100%"), width="100%", id="import-panel")

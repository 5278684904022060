"""Well architecture editor: casing, cement, tubing, completion, reservoir, annuli A-D, critical points, schematic."""

from __future__ import annotations

import reflex as rx

from well_ops.components.layout import page_shell
from well_ops.components.table import form_dialog, id_select, select_input, text_input
from well_ops.models.integrity import AnnulusName, CasingKind, CementQuality, CompletionElementKind
from well_ops.state.auth import AuthState
from well_ops.state.integrity_arch import ArchitectureState as S
from well_ops.state.integrity_arch_spec import unit_of

CAN_WRITE = AuthState.permissions.contains("integrity.write")
CAN_DELETE = AuthState.permissions.contains("integrity.delete")


def _label(text: str, name: str) -> rx.Var | str:
    si, oil = unit_of(name, False), unit_of(name, True)
    return rx.cond(S.oilfield, f"{text} ({oil})", f"{text} ({si})") if si else text


def _num(name: str, text: str, required: bool = False) -> rx.Component:
    return text_input(S, name, _label(text, name), type_="number", required=required)  # type: ignore[arg-type]


def _head(key: str, text: str) -> rx.Component:
    return rx.table.column_header_cell(_label(text, key))


def _actions(part: str, row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(CAN_WRITE, rx.icon_button(rx.icon("pencil", size=14), size="1", variant="soft", aria_label="Edit",
                                          id=f"edit-{part}-" + row["id"].to(str),
                                          on_click=S.open_part(part, row["id"]))),
        rx.cond(CAN_DELETE, rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="soft", color_scheme="red",
                                           aria_label="Delete", on_click=S.delete_part(part, row["id"]))),
        spacing="1")


def part_table(part: str, title: str, rows: rx.Var, columns: list[tuple[str, str]]) -> rx.Component:
    def render(row: rx.Var) -> rx.Component:
        cells = [rx.table.cell(rx.text(row[k], id=f"{part}-{k}-" + row["name"].to(str) if k == "maasp_bar" else None))
                 for k, _ in columns]
        return rx.table.row(*cells, rx.table.cell(_actions(part, row)))

    return rx.vstack(
        rx.hstack(rx.heading(title, size="4"), rx.spacer(),
                  rx.cond(CAN_WRITE, rx.button(rx.icon("plus"), "Add", size="1", variant="soft", id=f"new-{part}",
                                               on_click=S.open_part(part, ""))), width="100%"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[_head(k, t) for k, t in columns],
                                                          rx.table.column_header_cell(""))),
                             rx.table.body(rx.foreach(rows, render)), size="1", width="100%", id=f"{part}-table"),
               overflow_x="auto", width="100%"),
        width="100%", spacing="2")


CASING_COLS = [("name", "Name"), ("kind", "Kind"), ("od_mm", "OD"), ("id_mm", "ID"), ("grade", "Grade"),
               ("weight_kg_per_m", "Weight"), ("top_md_m", "Top MD"), ("bottom_md_m", "Shoe MD"),
               ("bottom_tvd_m", "Shoe TVD"), ("burst_rating_bar", "Burst"), ("collapse_rating_bar", "Collapse"),
               ("shoe_frac_gradient_bar_per_m", "Shoe LOT/FIT"), ("test_pressure_bar", "Test"),
               ("top_of_cement_md_m", "TOC MD")]
CEMENT_COLS = [("casing_name", "Behind"), ("top_md_m", "Top MD"), ("bottom_md_m", "Bottom MD"),
               ("top_tvd_m", "Top TVD"), ("bottom_tvd_m", "Bottom TVD"), ("compressive_strength_bar", "Strength"),
               ("quality", "Quality")]
TUBING_COLS = [("name", "Name"), ("od_mm", "OD"), ("id_mm", "ID"), ("grade", "Grade"), ("weight_kg_per_m", "Weight"),
               ("bottom_md_m", "Bottom MD"), ("bottom_tvd_m", "Bottom TVD"), ("burst_rating_bar", "Burst"),
               ("collapse_rating_bar", "Collapse")]
COMPLETION_COLS = [("name", "Name"), ("kind", "Kind"), ("depth_md_m", "MD"), ("depth_tvd_m", "TVD"),
                   ("pressure_rating_bar", "Rating"), ("notes", "Notes")]
ANNULUS_COLS = [("name", "Annulus"), ("inner_string_name", "Inner"), ("outer_string_name", "Outer"),
                ("fluid_type", "Fluid"), ("fluid_gradient_bar_per_m", "Gradient"),
                ("backup_fluid_gradient_bar_per_m", "Backup"), ("safety_factor", "SF"), ("mop_bar", "MOP"),
                ("lop_bar", "LOP"), ("maasp_bar", "MAASP"), ("mawop_bar", "MAWOP"), ("warnings", "Warnings")]
POINT_COLS = [("annulus_name", "Annulus"), ("name", "Name"), ("tvd_m", "TVD"),
              ("pressure_limit_bar", "Pressure limit"), ("notes", "Notes")]


def _fields() -> rx.Component:
    return rx.match(
        S.part,
        ("casing", rx.fragment(
            text_input(S, "name", "Name", required=True),
            select_input(S, "kind", "Kind", [k.value for k in CasingKind], "production"),
            _num("od_mm", "OD", True), _num("id_mm", "ID", True), text_input(S, "grade", "Grade"),
            _num("weight_kg_per_m", "Weight"), _num("top_md_m", "Top MD"), _num("bottom_md_m", "Shoe MD", True),
            _num("top_tvd_m", "Top TVD"), _num("bottom_tvd_m", "Shoe TVD", True),
            _num("burst_rating_bar", "Burst rating", True), _num("collapse_rating_bar", "Collapse rating", True),
            _num("shoe_frac_gradient_bar_per_m", "Shoe LOT/FIT gradient"), _num("test_pressure_bar", "Test pressure"),
            _num("top_of_cement_md_m", "TOC MD"), _num("top_of_cement_tvd_m", "TOC TVD"))),
        ("cement", rx.fragment(
            id_select(S, "casing_string_id", "Behind casing", S.casing_options),
            _num("top_md_m", "Top MD", True), _num("bottom_md_m", "Bottom MD", True),
            _num("top_tvd_m", "Top TVD", True), _num("bottom_tvd_m", "Bottom TVD", True),
            _num("compressive_strength_bar", "Compressive strength"),
            select_input(S, "quality", "Quality", [q.value for q in CementQuality], "unknown"))),
        ("tubing", rx.fragment(
            text_input(S, "name", "Name", required=True), _num("od_mm", "OD", True), _num("id_mm", "ID", True),
            text_input(S, "grade", "Grade"), _num("weight_kg_per_m", "Weight", True), _num("top_md_m", "Top MD"),
            _num("bottom_md_m", "Bottom MD", True), _num("bottom_tvd_m", "Bottom TVD", True),
            _num("burst_rating_bar", "Burst rating", True), _num("collapse_rating_bar", "Collapse rating", True))),
        ("completion", rx.fragment(
            select_input(S, "kind", "Kind", [k.value for k in CompletionElementKind], "packer"),
            text_input(S, "name", "Name", required=True), _num("depth_md_m", "Depth MD"),
            _num("depth_tvd_m", "Depth TVD"), _num("pressure_rating_bar", "Pressure rating"),
            text_input(S, "notes", "Notes"))),
        ("annulus", rx.fragment(
            rx.cond(S.form_values.contains("id"), rx.text("Annulus ", S.form_values["name"], weight="bold"),
                    select_input(S, "name", "Annulus", [n.value for n in AnnulusName], "A")),
            id_select(S, "inner_casing_id", "Inner casing", S.casing_options),
            id_select(S, "inner_tubing_id", "Inner tubing", S.tubing_options),
            id_select(S, "outer_casing_id", "Outer casing", S.casing_options),
            text_input(S, "fluid_type", "Fluid type"),
            _num("fluid_gradient_bar_per_m", "Fluid gradient", True),
            _num("backup_fluid_gradient_bar_per_m", "Backup gradient", True),
            _num("inside_fluid_gradient_bar_per_m", "Inside gradient"),
            _num("safety_factor", "Safety factor"), _num("burst_design_factor", "Burst design factor"),
            _num("collapse_design_factor", "Collapse design factor"), _num("mop_bar", "MOP"), _num("lop_bar", "LOP"),
            _num("test_pressure_bar", "Test pressure"))),
        ("point", rx.fragment(
            rx.cond(S.form_values.contains("id"), rx.text("Annulus ", S.form_values["annulus_name"], weight="bold"),
                    id_select(S, "annulus_id", "Annulus", S.annulus_options)),
            text_input(S, "name", "Name", required=True), _num("tvd_m", "TVD", True),
            _num("pressure_limit_bar", "Pressure limit", True), text_input(S, "notes", "Notes"))),
        rx.fragment(
            _num("reservoir_pressure_bar", "Reservoir pressure"), _num("reservoir_tvd_m", "Reservoir TVD"),
            _num("reservoir_gradient_bar_per_m", "Gradient below packer"),
            text_input(S, "production_start_date", "Production start", type_="date")),
    )


def _reservoir() -> rx.Component:
    r = S.reservoir
    return rx.hstack(
        rx.heading("Reservoir", size="4"),
        rx.text(_label("Pressure", "reservoir_pressure_bar"), ": ", r["reservoir_pressure_bar"]),
        rx.text(_label("TVD", "reservoir_tvd_m"), ": ", r["reservoir_tvd_m"]),
        rx.text(_label("Gradient", "reservoir_gradient_bar_per_m"), ": ", r["reservoir_gradient_bar_per_m"]),
        rx.cond(CAN_WRITE, rx.button(rx.icon("pencil", size=14), "Edit", size="1", variant="soft",
                                     id="edit-reservoir", on_click=S.open_part("reservoir", ""))),
        spacing="4", align="center", wrap="wrap")


def architecture_page() -> rx.Component:
    top = rx.hstack(
        rx.link(rx.button(rx.icon("arrow-left"), "Well integrity", variant="soft", size="1"),
                href="/integrity/wells/" + S.well_id.to(str)),
        rx.link(rx.button(rx.icon("shield"), "Barriers", variant="soft", size="1"),
                href="/integrity/wells/" + S.well_id.to(str) + "/barriers"),
        rx.spacer(),
        rx.text("Units", size="2"),
        rx.segmented_control.root(rx.segmented_control.item("SI", value="si"),
                                  rx.segmented_control.item("Oilfield", value="oilfield"),
                                  value=rx.cond(S.oilfield, "oilfield", "si"), on_change=S.set_units,
                                  id="unit-toggle"),
        width="100%", align="center")
    tables = rx.vstack(
        rx.cond(S.last_maasp != "", rx.callout(S.last_maasp, icon="gauge", id="maasp-after-save", width="100%")),
        part_table("annulus", "Annuli", S.annuli, ANNULUS_COLS),
        part_table("point", "Manual critical points", S.points, POINT_COLS),
        _reservoir(),
        part_table("casing", "Casing strings", S.rows, CASING_COLS),
        part_table("cement", "Cement", S.cement, CEMENT_COLS),
        part_table("tubing", "Tubing", S.tubing, TUBING_COLS),
        part_table("completion", "Completion elements", S.completion, COMPLETION_COLS),
        spacing="5", width="100%")
    return page_shell(
        "Architecture " + S.well_name,
        rx.cond(S.load_error != "", rx.callout(S.load_error, color_scheme="red", icon="triangle-alert")),
        top,
        rx.grid(tables, rx.box(rx.heading("Schematic", size="4"), rx.plotly(data=S.figure, id="well-schematic")),
                columns=rx.breakpoints(initial="1", lg="3fr 1fr"), spacing="5", width="100%"),
        form_dialog(S, rx.cond(S.form_values.contains("id") | (S.part == "reservoir"), "Edit ", "New ") + S.part,
                    _fields(), on_submit=S.save, dialog_id="arch-form"),
    )

"""Daily drilling reports: the latest reports (per well or all), and the report editor (header, time log, costs,
mud, casing, formation tops). Engineers and operations managers edit; other roles read."""

from collections.abc import Callable

import reflex as rx

from well_ops.components.layout import error_callout, page_shell
from well_ops.components.table import confirm_delete, data_table, toolbar
from well_ops.domain.iadc import ACTIVITY_CODES, activity_option
from well_ops.models.reports import ActivityClass
from well_ops.state.auth import AuthState
from well_ops.state.reports import COLUMNS, ReportsState

S = ReportsState
CLASSES = [c.value for c in ActivityClass]
CAN_WRITE = AuthState.permissions.contains("report.write")
CAN_DELETE = AuthState.permissions.contains("report.delete")


def _cell(row: rx.Var, key: str) -> rx.Component:
    if key == "report_date":
        return rx.link(row["report_date"], on_click=S.open_report(row["id"]), cursor="pointer", weight="medium")
    return rx.text(row[key])


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.cond(CAN_WRITE, rx.icon("pencil", size=14), rx.icon("eye", size=14)), size="1",
                       variant="soft", aria_label="Open", on_click=S.open_report(row["id"])),
        rx.cond(CAN_DELETE, confirm_delete(
            "Delete the report of ", row["well_name"], " for ", row["report_date"], "?",
            on_confirm=S.delete_report(row["id"]),
            description="Its time log, costs and other lines are deleted with it; the later reports of the well are "
                        "renumbered.")),
        spacing="1",
    )


def _well_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Well", id="reports-well-filter"),
        rx.select.content(rx.select.item("All wells", value="all"),
                          rx.foreach(S.wells, lambda w: rx.select.item(w["name"], value=w["id"]))),
        value=rx.cond(S.well_filter == "", "all", S.well_filter), on_change=S.set_well_filter,
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(rx.icon("chevron-left"), "Newer", variant="soft", size="1", disabled=S.page == 0,
                  on_click=S.turn_page(-1), id="reports-newer"),
        rx.text(S.page_label, size="2", white_space="nowrap", id="reports-page-label"),
        rx.button("Older", rx.icon("chevron-right"), variant="soft", size="1", disabled=~S.has_next_page,
                  on_click=S.turn_page(1), id="reports-older"),
        align="center", spacing="3",
    )


# --- the editor -----------------------------------------------------------------------------------------------

def _labelled(label: str, control: rx.Component, error_key: str = "") -> rx.Component:
    error = [rx.cond(S.field_errors.contains(error_key),
                     rx.text(S.field_errors[error_key], size="1", color=rx.color("red", 11),
                             id=f"report-{error_key}-error"))] if error_key else []
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, *error, spacing="1", width="100%")


def _header_input(key: str, label: str, type_: str = "text") -> rx.Component:
    return _labelled(label, rx.input(default_value=S.header[key].to(str), type=type_, width="100%",
                                     on_blur=lambda v: S.set_header(key, v), id=f"report-{key}",
                                     **({"step": "any"} if type_ == "number" else {})), key)


def _header_area(key: str, label: str) -> rx.Component:
    return _labelled(label, rx.text_area(default_value=S.header[key].to(str), on_blur=lambda v: S.set_header(key, v),
                                         rows="3", width="100%", id=f"report-{key}"), key)


def _well_select() -> rx.Component:
    return _labelled("Well", rx.select.root(
        rx.select.trigger(placeholder="Choose a well", width="100%", id="report-well_id"),
        rx.select.content(rx.foreach(S.wells, lambda w: rx.select.item(w["name"], value=w["id"]))),
        value=S.header["well_id"].to(str), on_change=lambda v: S.set_header("well_id", v),
        disabled=S.editing_id != ""), "well_id")


def _header() -> rx.Component:
    return rx.vstack(
        rx.grid(
            _well_select(), _header_input("report_date", "Report date (06:00 to 06:00)", "date"),
            _header_input("depth_md_m", "Depth MD (m)", "number"),
            _header_input("depth_tvd_m", "Depth TVD (m)", "number"),
            _labelled("Sidetrack", rx.checkbox("Depth restarts (sidetrack)", checked=S.header["sidetrack"] == "true",
                                               on_change=lambda v: S.set_header("sidetrack", v),
                                               id="report-sidetrack"), "sidetrack"),
            _header_input("mud_type", "Mud type"), _header_input("mud_density_sg", "Mud density (SG)", "number"),
            _header_input("incidents", "Incidents", "number"),
            _header_input("personnel_on_board", "Personnel on board", "number"),
            columns=rx.breakpoints(initial="1", sm="2", md="3", lg="5"), spacing="3", width="100%",
        ),
        rx.text("Report number and distance drilled are computed on saving, from the previous report of the well.",
                size="1", color=rx.color("gray", 10)),
        rx.grid(_header_area("summary_24h", "Summary (24 h)"), _header_area("forecast_24h", "Forecast (24 h)"),
                _header_area("safety_notes", "Safety (drills, observations)"),
                columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%"),
        spacing="3", width="100%",
    )


def _line_input(list_name: str, line: rx.Var, i: rx.Var, key: str, width: str = "90px",
                type_: str = "text", placeholder: str = "") -> rx.Component:
    return rx.input(default_value=line[key], on_blur=lambda v: S.set_line(list_name, i, key, v), width=width,
                    size="1", type=type_, placeholder=placeholder, id=f"{list_name}-{key}-" + i.to(str),
                    **({"step": "any"} if type_ == "number" else {}))


def _remove(list_name: str, i: rx.Var) -> rx.Component:
    return rx.cond(CAN_WRITE, rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="red",
                                             aria_label="Remove line", on_click=S.remove_line(list_name, i),
                                             id=f"{list_name}-remove-" + i.to(str)))


def _grid(list_name: str, headers: list[str], cells: Callable[[rx.Var, rx.Var], list[rx.Component]],
          add_label: str) -> rx.Component:
    """An editable table of one child list: a row of inputs per line, its error below it, and an 'add' button."""

    def row(line: rx.Var, i: rx.Var) -> rx.Component:
        return rx.fragment(
            rx.table.row(rx.table.cell(rx.text(i + 1)), *[rx.table.cell(c) for c in cells(line, i)],
                         rx.table.cell(_remove(list_name, i))),
            rx.cond(line["error"] != "", rx.table.row(rx.table.cell(
                rx.text("Line ", i + 1, ": ", line["error"], size="1", color=rx.color("red", 11)),
                col_span=len(headers) + 2))),
        )

    return rx.vstack(
        rx.box(rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ["#", *headers, ""]])),
            rx.table.body(rx.foreach(getattr(S, list_name), row)),
            size="1", width="100%", id=f"{list_name}-grid"), overflow_x="auto", width="100%"),
        rx.cond(CAN_WRITE, rx.button(rx.icon("plus"), add_label, size="1", variant="soft",
                                     on_click=S.add_line(list_name), id=f"{list_name}-add")),
        spacing="2", width="100%",
    )


def _time_cells(line: rx.Var, i: rx.Var) -> list[rx.Component]:
    def pick(key: str, items: list[rx.Component], width: str) -> rx.Component:
        return rx.select.root(rx.select.trigger(width=width, id=f"time_log-{key}-" + i.to(str)),
                              rx.select.content(*items), value=line[key].to(str),
                              on_change=lambda v: S.set_line("time_log", i, key, v), size="1")

    def tick(key: str) -> rx.Component:
        return rx.checkbox(checked=line[key] == "true", on_change=lambda v: S.set_line("time_log", i, key, v),
                           id=f"time_log-{key}-" + i.to(str))

    return [
        _line_input("time_log", line, i, "start_time", "70px", placeholder="HH:MM"),
        _line_input("time_log", line, i, "end_time", "70px", placeholder="HH:MM"),
        pick("activity_code", [rx.select.item(activity_option(c, label), value=c) for c, label in ACTIVITY_CODES],
             "210px"),
        pick("activity_class", [rx.select.item(c, value=c) for c in CLASSES], "110px"),
        tick("productive"), tick("failed"),
        _line_input("time_log", line, i, "depth_md_m", "90px", "number"),
        _line_input("time_log", line, i, "phase", "110px"),
        _line_input("time_log", line, i, "comment", "200px"),
    ]


def _simple_cells(list_name: str, spec: list[tuple[str, str, str]]) -> Callable[[rx.Var, rx.Var], list[rx.Component]]:
    return lambda line, i: [_line_input(list_name, line, i, key, width, type_) for key, width, type_ in spec]


def _tabs() -> rx.Component:
    costs = _simple_cells("cost_lines", [("category", "140px", "text"), ("description", "280px", "text"),
                                         ("amount", "130px", "number"), ("currency", "70px", "text")])
    mud = _simple_cells("mud_checks", [("check_time", "70px", "text"), ("depth_md_m", "90px", "number"),
                                       ("mud_type", "110px", "text"), ("density_sg", "80px", "number"),
                                       ("viscosity_s", "80px", "number"), ("notes", "240px", "text")])
    casing = _simple_cells("casing_set", [("size_od_mm", "100px", "number"), ("shoe_md_m", "100px", "number"),
                                          ("shoe_tvd_m", "100px", "number"), ("description", "280px", "text")])
    tops = _simple_cells("formation_tops", [("formation_name", "200px", "text"), ("top_md_m", "100px", "number"),
                                            ("top_tvd_m", "100px", "number")])
    tabs = [
        ("time", "Time log", _grid("time_log", ["From", "To", "Activity code", "Class", "Productive", "Failed",
                                                "Depth (m)", "Phase", "Comment"], _time_cells, "Add line")),
        ("costs", "Costs", _grid("cost_lines", ["Category", "Description", "Amount", "Currency"], costs,
                                 "Add cost line")),
        ("mud", "Mud checks", _grid("mud_checks", ["Time", "Depth (m)", "Mud type", "Density (SG)",
                                                   "Funnel visc. (s)", "Notes"], mud, "Add mud check")),
        ("casing", "Casing set", _grid("casing_set", ["OD (mm)", "Shoe MD (m)", "Shoe TVD (m)", "Description"],
                                       casing, "Add casing")),
        ("tops", "Formation tops", _grid("formation_tops", ["Formation", "Top MD (m)", "Top TVD (m)"], tops,
                                         "Add formation top")),
    ]
    return rx.tabs.root(
        rx.tabs.list(*[rx.tabs.trigger(label, value=key, id=f"report-tab-{key}") for key, label, _ in tabs]),
        *[rx.tabs.content(rx.box(body, padding_top="0.75em"), value=key) for key, _, body in tabs],
        default_value="time", width="100%",
    )


def _footer() -> rx.Component:
    return rx.hstack(
        rx.cond(CAN_WRITE & (S.editing_id == ""),
                rx.button(rx.icon("copy"), "Copy previous day", variant="soft", on_click=S.copy_previous,
                          id="report-copy-previous")),
        rx.spacer(),
        rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray", type="button")),
        rx.cond(CAN_WRITE, rx.button(rx.icon("save"), "Save report", on_click=S.save_report, id="report-save")),
        width="100%", spacing="2",
    )


def _editor() -> rx.Component:
    title = rx.cond(S.editing_id == "", "New daily report", "Daily report")
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.box(
                rx.vstack(
                    error_callout(S.editor_error),
                    rx.text("Times are clock times HH:MM within the report period, 06:00 to 06:00 the next "
                            "morning (e.g. 22:00 to 02:00 crosses midnight; 06:00 as the end closes the day).",
                            size="1", color=rx.color("gray", 10)),
                    _header(), rx.divider(), _tabs(), _footer(),
                    spacing="3", width="100%",
                ),
                key=S.editor_rev.to(str),
            ),
            max_width="1280px", width="96vw", id="report-editor",
        ),
        open=S.editor_open, on_open_change=S.set_editor_open,
    )


def reports_page() -> rx.Component:
    new = rx.cond(CAN_WRITE, rx.button(rx.icon("plus"), "New report", on_click=S.open_new_report,
                                       id="new-report"))
    return page_shell(
        "Daily reports",
        toolbar(S, _well_filter(), new_button=new),
        rx.hstack(rx.text("Newest first. On-bottom ROP = distance drilled / drilling (on-bottom) hours of the day; "
                          "NPT = unplanned, downtime, non-productive or failed time.", size="2",
                          color=rx.color("gray", 11)), rx.spacer(), _pager(),
                  width="100%", align="center"),
        data_table(S, COLUMNS, table_id="reports-table", cell=_cell, actions=_actions),
        _editor(),
    )

"""What-if MAASP panel (well integrity page): change a gradient or a rating, compare with the stored MAASP."""

import reflex as rx

from well_ops.state.integrity_well import IntegrityWellState as W
from well_ops.state.integrity_what_if import GRADIENT_FIELDS, GRADIENT_UNITS, PRESSURE_UNITS
from well_ops.state.integrity_what_if import IntegrityWhatIfState as S

MUTED = rx.color("gray", 11)


def _error(key: str | rx.Var) -> rx.Component:
    return rx.cond(S.errors.contains(key), rx.text(S.errors[key], size="1", color=rx.color("red", 11),
                                                   id="what-if-error-" + key))


def _field(key: str | rx.Var, label: str | rx.Var, current: str | rx.Var, unit: str | rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", weight="medium"),
        rx.input(name=key, id="what-if-" + key, placeholder=unit, type="text", input_mode="decimal",
                 width="100%", color_scheme=rx.cond(S.errors.contains(key), "red", "gray")),
        rx.text("now: ", current, size="1", color=MUTED),
        _error(key), spacing="1", width="100%")


def _units() -> rx.Component:
    return rx.flex(
        rx.vstack(rx.text("Gradient unit", size="1", weight="medium"),
                  rx.select(list(GRADIENT_UNITS), name="gradient_unit", default_value="bar/m",
                            id="what-if-gradient-unit"), spacing="1"),
        rx.vstack(rx.text("Rating unit", size="1", weight="medium"),
                  rx.select(list(PRESSURE_UNITS), name="pressure_unit", default_value="bar",
                            id="what-if-pressure-unit"), spacing="1"),
        spacing="4", wrap="wrap")


def _form() -> rx.Component:
    gradients = [_field(k, label, S.current[k], "blank = unchanged") for k, label in GRADIENT_FIELDS.items()]
    ratings = rx.foreach(S.ratings, lambda r: _field(r["key"], r["label"], r["current"], "blank = unchanged"))
    return rx.form(rx.vstack(
        _units(),
        rx.grid(*gradients, columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%"),
        rx.grid(_field("wellhead_rating_bar", "Wellhead rating", S.current["wellhead_rating_bar"], "blank = unchanged"),
                ratings, columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"),
        rx.cond(S.errors.contains("form"), rx.callout(S.errors["form"], icon="triangle-alert",
                                                         color_scheme="red", id="what-if-error", width="100%")),
        rx.hstack(rx.button(rx.icon("calculator"), "Compute", type="submit", id="what-if-compute"),
                  rx.button(rx.icon("rotate-ccw"), "Reset", type="button", variant="soft", color_scheme="gray",
                            on_click=S.reset_what_if, id="what-if-reset"),
                  rx.text("Blank fields keep today's value. Nothing is saved.", size="1", color=MUTED),
                  spacing="3", align="center", wrap="wrap"),
        spacing="3", width="100%"), on_submit=S.compute, reset_on_submit=False, key=S.form_key, width="100%")


def _side(title: str, value: rx.Var, limiting: rx.Var, mawop: rx.Var, id_: str, tone: str) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(title, size="1", color=MUTED),
        rx.text(value, size="5", weight="bold", id=id_),
        rx.text("limited by ", rx.text.strong(limiting), size="2", id=id_ + "-limiting"),
        rx.text("MAWOP ", mawop, size="1", color=MUTED), spacing="1"),
        variant="surface", style={"border_left": f"4px solid {tone}"}, width="100%")


def _result() -> rx.Component:
    r = S.result
    heads = ["Point", "Kind", "Stored", "What-if", "Difference", "What-if formula"]
    row = lambda p: rx.table.row(  # noqa: E731
        rx.table.cell(rx.cond(p["limiting"] == "1", rx.text.strong(p["name"], " (limiting)"), rx.text(p["name"]))),
        rx.table.cell(p["kind"]), rx.table.cell(p["stored"], white_space="nowrap"),
        rx.table.cell(p["what_if"], white_space="nowrap"),
        rx.table.cell(rx.text(p["delta"], weight=rx.cond(p["changed"] == "1", "bold", "regular")),
                      white_space="nowrap"),
        rx.table.cell(rx.code(p["formula"], size="1")),
        background=rx.cond(p["limiting"] == "1", rx.color("amber", 3), "transparent"))
    return rx.vstack(
        rx.cond(r["error"] != "", rx.callout(r["error"], icon="info", color_scheme="amber", width="100%")),
        rx.cond(r["negative"] == "1", rx.callout(
            "A negative MAASP: with these values the annulus cannot hold any pressure at surface.",
            icon="triangle-alert", color_scheme="red", width="100%", id="what-if-negative")),
        rx.grid(_side("Stored MAASP", r["stored"], r["stored_limiting"], r["stored_mawop"], "what-if-stored",
                      rx.color("gray", 8)),
                _side("What-if MAASP (not saved)", r["what_if"], r["what_if_limiting"], r["what_if_mawop"],
                      "what-if-maasp", rx.color("amber", 9)),
                rx.card(rx.vstack(rx.text("Difference", size="1", color=MUTED),
                                  rx.text(r["delta"], size="5", weight="bold", id="what-if-delta"), spacing="1"),
                        variant="surface", width="100%"),
                columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%"),
        rx.box(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                             rx.table.body(rx.foreach(S.points, row)), size="1", width="100%",
                             id="what-if-table"), overflow_x="auto", width="100%"),
        rx.cond(r["notes"] != "", rx.text(r["notes"], size="1", color=MUTED)),
        spacing="3", width="100%", id="what-if-result", data_maasp_bar=r["what_if_bar"])


def what_if_panel() -> rx.Component:
    options = rx.foreach(W.annuli, lambda a: rx.select.item("Annulus " + a["name"], value=a["id"]))
    return rx.card(rx.vstack(
        rx.hstack(rx.heading("What-if MAASP", size="4"), rx.badge("not saved", color_scheme="amber", variant="soft"),
                  rx.spacer(),
                  rx.select.root(rx.select.trigger(placeholder="Pick an annulus", id="what-if-annulus"),
                                 rx.select.content(options), value=S.annulus_id, on_change=S.select_annulus),
                  width="100%", align="center", wrap="wrap", spacing="3"),
        rx.text("Change a fluid gradient or a rating and see the MAASP it would give. The stored MAASP, the "
                "audit trail and the results history are not touched.", size="2", color=MUTED),
        rx.cond(S.annulus_id != "", rx.vstack(_form(), rx.cond(S.result.contains("what_if"), _result()),
                                              spacing="4", width="100%")),
        spacing="3", width="100%"), width="100%", id="what-if-panel", on_mount=S.clear)

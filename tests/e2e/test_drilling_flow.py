"""The drilling workflow in Chromium, as users do it with mouse and keyboard.

An operations manager creates a rig, a campaign on that rig, a well in the campaign and the well's planned
time-depth curve; an engineer files two daily reports (time log and costs) for the well; the dashboard then shows
the campaign's depth, progress, on-bottom ROP and schedule, and its KPI strip moves. An executive sees the data of
every register but no control that would change it. The dashboard's rig map carries one marker per rig with a
position and a legend of the rig statuses.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from e2e_helpers import login, path_of
from playwright.sync_api import expect
from sqlalchemy.orm import Session
from sqlmodel import col, func, select

from well_ops.models.drilling import Campaign, CampaignStatus, Rig, Well
from well_ops.services.demo import DEMO_PASSWORD
from well_ops.services.demo.drilling import RIGS as DEMO_RIGS

pytestmark = pytest.mark.e2e

OPS = "ops@wellops.example"
ENGINEER = "engineer@wellops.example"
EXECUTIVE = "exec@wellops.example"


@dataclass(frozen=True)
class Flow:
    """What the operations manager creates (unique names, so a kept database can run the test again)."""

    rig: str
    campaign_code: str
    campaign_name: str
    well: str
    today: date

    @classmethod
    def new(cls) -> Flow:
        tag = uuid.uuid4().hex[:6].upper()
        # The server dates reports and counts days from spud in UTC: use the same calendar.
        return cls(rig=f"E2E Rig {tag}", campaign_code=f"E2E-{tag}", campaign_name=f"E2E campaign {tag}",
                   well=f"E2E Well {tag}-1", today=datetime.now(timezone.utc).date())

    def days_ago(self, n: int) -> str:
        return (self.today - timedelta(days=n)).isoformat()


CAMPAIGN_AFE = 5_000_000.0
TARGET_MD_M = 3000.0
PLAN = [(0, 0), (10, 1500), (20, 3000)]  # (day since spud, planned MD m)
# Two reports: (days ago, depth MD m, time log [(from, to, IADC code option or None to keep "2")], cost amount)
REPORTS = [
    (2, 400, [("06:00", "18:00", None), ("18:00", "06:00", "6 · Trips")], 400_000),
    (1, 900, [("06:00", "16:00", None), ("16:00", "06:00", "5 · Condition mud and circulate")], 600_000),
]


# --------------------------------------------------------------------------------------------------------------
# Small UI helpers
# --------------------------------------------------------------------------------------------------------------


def choose(page: Any, trigger: Any, option: str) -> None:
    """Open a Radix select by its trigger and click the option with exactly this text."""
    trigger.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(trigger).to_have_text(option)


def form_select(dialog: Any, name: str) -> Any:
    """The visible trigger of a form dialog's select ``name`` (Radix renders a hidden <select name=...> after it)."""
    return dialog.locator(f"select[name='{name}']").locator("xpath=preceding-sibling::button[@role='combobox']")


def fill_form(dialog: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        dialog.locator(f"input[name='{name}']").fill(value)


def type_and_leave(field: Any, value: str) -> None:
    """Type into an input whose value is sent to the server when it loses focus (the report editor)."""
    field.fill(value)
    field.blur()


def toast(page: Any, text: str) -> Any:
    return page.locator("[data-sonner-toast]", has_text=text)


def open_page(page: Any, base: str, path: str, title: str) -> None:
    page.goto(f"{base}{path}")
    expect(page.locator("#page-title")).to_have_text(title)


def save_dialog(page: Any, dialog_id: str, toast_text: str) -> None:
    page.locator(f"#{dialog_id}-save").click()
    expect(toast(page, toast_text).first).to_be_visible()
    expect(page.locator(f"#{dialog_id}")).to_be_hidden()


def kpi_strip(page: Any) -> dict[str, str]:
    ids = ["kpi-active-campaigns", "kpi-progress", "kpi-days", "kpi-ahead", "kpi-budget", "kpi-npt"]
    expect(page.locator("#kpi-active-campaigns")).not_to_have_text("0")
    expect(page.locator("#campaign-cards .campaign-card").first).to_be_visible()
    values = {i: page.locator(f"#{i}").inner_text().strip() for i in ids}
    # "25.5 M of 357.0 M": the detail line under the budget figure
    values["budget-detail"] = page.locator("#kpi-budget").locator("xpath=following-sibling::p[1]").inner_text()
    return values


def millions(detail: str) -> tuple[float, float]:
    """(cost, approved budget) in millions from the budget KPI's detail line "25.5 M of 357.0 M"."""
    match = re.fullmatch(r"\s*([\d,.]+) M of ([\d,.]+) M\s*", detail)
    assert match, f"unexpected budget detail {detail!r}"
    return float(match[1].replace(",", "")), float(match[2].replace(",", ""))


# --------------------------------------------------------------------------------------------------------------
# 1. The operations manager sets up rig, campaign, well and plan
# --------------------------------------------------------------------------------------------------------------


def create_rig(page: Any, base: str, flow: Flow) -> None:
    open_page(page, base, "/rigs", "Rigs")
    expect(page.locator("#new-rig")).to_be_visible()
    assert page.get_by_role("button", name=WRITE_BUTTON_TEXT).count() >= 1  # "New rig": the executive's check works
    page.locator("#new-rig").click()
    dialog = page.locator("#rig-form")
    expect(dialog).to_be_visible()
    fill_form(dialog, {"name": flow.rig, "contractor": "E2E Drilling", "latitude": "57.5", "longitude": "1.75"})
    choose(page, form_select(dialog, "rig_type"), "jack_up")
    choose(page, form_select(dialog, "status"), "drilling")
    save_dialog(page, "rig-form", f"Rig {flow.rig} saved.")
    row = page.locator("#rigs-table tbody tr", has_text=flow.rig)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("drilling")
    expect(row).to_contain_text("57.5000")
    # The manager gets the edit and delete buttons the executive must not see (checks the selectors below, too).
    for selector in ("[aria-label='Edit']", "[aria-label='Delete']", "svg.lucide-pencil", "svg.lucide-trash-2"):
        expect(row.locator(selector)).to_have_count(1)


def create_campaign(page: Any, base: str, flow: Flow) -> None:
    open_page(page, base, "/campaigns", "Campaigns")
    page.locator("#new-campaign").click()
    dialog = page.locator("#campaign-form")
    expect(dialog).to_be_visible()
    fill_form(dialog, {"code": flow.campaign_code, "name": flow.campaign_name, "field": "E2E field",
                       "planned_start": flow.days_ago(5), "planned_end": flow.days_ago(-55),
                       "afe_amount": f"{CAMPAIGN_AFE:.0f}", "currency": "USD"})
    choose(page, form_select(dialog, "status"), "active")
    choose(page, form_select(dialog, "rig_id"), flow.rig)
    save_dialog(page, "campaign-form", f"Campaign {flow.campaign_code} saved.")
    row = page.locator("#campaigns-table tbody tr", has_text=flow.campaign_code)
    expect(row).to_have_count(1)
    for text in (flow.rig, "active", flow.days_ago(5), "5,000,000"):
        expect(row).to_contain_text(text)


def create_well(page: Any, base: str, flow: Flow) -> None:
    open_page(page, base, "/wells", "Wells")
    page.locator("#new-well").click()
    dialog = page.locator("#well-form")
    expect(dialog).to_be_visible()
    fill_form(dialog, {"name": flow.well, "field": "E2E field", "spud_date": flow.days_ago(3),
                       "target_depth_md_m": f"{TARGET_MD_M:.0f}", "planned_days": "25", "afe_amount": "2500000",
                       "currency": "USD"})
    choose(page, form_select(dialog, "campaign_id"), flow.campaign_code)
    choose(page, form_select(dialog, "rig_id"), flow.rig)
    choose(page, form_select(dialog, "status"), "drilling")
    save_dialog(page, "well-form", f"Well {flow.well} saved.")
    row = page.locator("#wells-table tbody tr", has_text=flow.well)
    expect(row).to_have_count(1)
    for text in (flow.campaign_code, flow.rig, flow.days_ago(3), "3000.0"):
        expect(row).to_contain_text(text)


def set_plan(page: Any, flow: Flow) -> None:
    """Open the well from the wells table and type its planned time-depth curve."""
    page.locator("#wells-table a", has_text=flow.well).click()
    page.wait_for_url(re.compile(r"/wells/\d+/?$"))
    expect(page.locator("#well-heading")).to_have_text(flow.well)
    expect(page.locator("#plan-editor")).to_be_visible()
    expect(page.locator("#plan-table tbody tr")).to_have_count(0)
    for i, (day, depth) in enumerate(PLAN):
        page.locator("#plan-add-row").click()
        expect(page.locator(f"#plan-day-{i}")).to_be_visible()
        page.locator(f"#plan-day-{i}").fill(str(day))
        page.locator(f"#plan-depth-{i}").fill(str(depth))
    page.locator("#plan-save").click()
    expect(toast(page, f"Plan saved ({len(PLAN)} points).").first).to_be_visible()
    # Reloaded from the server: the rows and the plan trace of the time-depth chart.
    expect(page.locator("#plan-day-2")).to_have_value("20.0")
    expect(page.locator("#plan-depth-1")).to_have_value("1500.0")
    chart = page.locator("#well-time-depth .js-plotly-plot")
    expect(chart).to_be_attached()
    page.wait_for_function("() => { const el = document.querySelector('#well-time-depth .js-plotly-plot');"
                           " return !!el && !!el.data && el.data[0].x && el.data[0].x.length === 3; }")
    plan_trace = chart.evaluate("el => [el.data[0].x, el.data[0].y]")
    assert plan_trace == [[float(d) for d, _ in PLAN], [float(z) for _, z in PLAN]]
    expect(page.locator("#kpi-depth")).to_contain_text("3000 m")


# --------------------------------------------------------------------------------------------------------------
# 2. The engineer files two daily reports
# --------------------------------------------------------------------------------------------------------------


def file_report(page: Any, flow: Flow, days_ago: int, depth_m: int, log: list[tuple[str, str, str | None]],
                cost: int) -> None:
    page.locator("#new-report").click()
    editor = page.locator("#report-editor")
    expect(editor).to_be_visible()
    choose(page, page.locator("#report-well_id"), flow.well)
    type_and_leave(page.locator("#report-report_date"), flow.days_ago(days_ago))
    type_and_leave(page.locator("#report-depth_md_m"), str(depth_m))
    type_and_leave(page.locator("#report-summary_24h"), f"Drilled ahead to {depth_m} m.")
    for i, (start, end, code) in enumerate(log):
        if i > 0:
            page.locator("#time_log-add").click()
        start_input = page.locator(f"#time_log-start_time-{i}")
        expect(start_input).to_have_value(start)  # line 1 starts at 06:00, the next where the previous ended
        type_and_leave(page.locator(f"#time_log-end_time-{i}"), end)
        if code is not None:
            choose(page, page.locator(f"#time_log-activity_code-{i}"), code)
        expect(page.locator(f"#time_log-productive-{i}")).to_have_attribute("data-state", "checked")
    page.locator("#report-tab-costs").click()
    page.locator("#cost_lines-add").click()
    type_and_leave(page.locator("#cost_lines-category-0"), "rig")
    type_and_leave(page.locator("#cost_lines-description-0"), "Rig spread, 24 h")
    type_and_leave(page.locator("#cost_lines-amount-0"), str(cost))
    page.locator("#report-save").click()
    expect(toast(page, f"of {flow.well} ({flow.days_ago(days_ago)}) saved.").first).to_be_visible()
    expect(editor).to_be_hidden()


def file_reports(page: Any, base: str, flow: Flow) -> None:
    open_page(page, base, "/reports", "Daily reports")
    rows = page.locator("#reports-table tbody tr", has_text=flow.well)
    expect(rows).to_have_count(0)
    for n, (days_ago, depth, log, cost) in enumerate(REPORTS, start=1):
        file_report(page, flow, days_ago, depth, log, cost)
        expect(rows).to_have_count(n)
    # Newest first. Cells: date, well, no., MD, drilled, on-bottom ROP, NPT, reported h, daily cost, currency.
    # Report 1: 400 m drilled in 12 h of code 2 -> 33.3 m/h; report 2: 500 m in 10 h -> 50.0 m/h.
    expected = [[flow.days_ago(1), flow.well, "2", "900.0", "500.0", "50.0", "0.0", "24.0", "600000", "USD"],
                [flow.days_ago(2), flow.well, "1", "400.0", "400.0", "33.3", "0.0", "24.0", "400000", "USD"]]
    for i, cells in enumerate(expected):
        expect(rows.nth(i).locator("td")).to_have_text([*cells, ""])


# --------------------------------------------------------------------------------------------------------------
# 3. The dashboard
# --------------------------------------------------------------------------------------------------------------


def expected_progress_pct(db_engine: Any) -> float:
    """Sum of MD over sum of target MD of the wells of active campaigns, read straight from the database."""
    with Session(db_engine) as session:
        depth, target = session.execute(
            select(func.sum(Well.measured_depth_m), func.sum(Well.target_depth_md_m))
            .join(Campaign, col(Well.campaign_id) == Campaign.id)
            .where(Campaign.status == CampaignStatus.active)).one()
    return float(depth or 0) / float(target) * 100.0


def check_dashboard(page: Any, base: str, flow: Flow, before: dict[str, str], db_engine: Any) -> None:
    open_page(page, base, "/", "Dashboard")
    card = page.locator("#campaign-cards .campaign-card", has_text=flow.campaign_code)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(flow.rig)
    expect(card).to_contain_text(flow.well)
    expect(card).to_contain_text("900 / 3000 m MD")
    expect(card).to_contain_text("Progress by depth 30%")  # 900 m of the 3000 m target
    # On-bottom ROP = metres drilled / on-bottom (code 2) hours = (400 + 500) m / (12 + 10) h = 40.909 -> 40.9 m/h
    expect(card).to_contain_text("40.9 m/h")
    # Days from spud = 3 (spudded 3 days ago); the plan reaches 900 m at day 6 (linear between (0, 0) and
    # (10, 1500): 900 / 150 m/d), so 6 - 3 = +3.0 days ahead.
    expect(card.locator("div.rt-Grid")).to_contain_text("Days from spud3")
    expect(card).to_contain_text("+3.0 d (ahead)")
    # Budget: 1.0 M USD spent of the campaign's 5.0 M AFE.
    expect(card).to_contain_text("Budget 20% · 1.0 M USD of 5.0 M USD")

    after = kpi_strip(page)
    assert int(after["kpi-active-campaigns"]) == int(before["kpi-active-campaigns"]) + 1
    assert after["kpi-progress"] == f"{expected_progress_pct(db_engine):.0f}%"
    cost_before, approved_before = millions(before["budget-detail"])
    cost_after, approved_after = millions(after["budget-detail"])
    assert approved_after == pytest.approx(approved_before + CAMPAIGN_AFE / 1e6, abs=0.051)
    spent = sum(cost for *_rest, cost in REPORTS) / 1e6
    assert cost_after == pytest.approx(cost_before + spent, abs=0.11)  # each figure is rounded to 0.1 M
    # 48 more reported hours without any NPT: the NPT share cannot grow.
    assert int(after["kpi-npt"].rstrip("%")) <= int(before["kpi-npt"].rstrip("%"))


def test_ops_manager_and_engineer_drive_a_well_onto_the_dashboard(browser: Any, page: Any, app_server: Any,
                                                                  db_engine: Any) -> None:
    base, flow = app_server.base_url, Flow.new()
    login(page, base, OPS, DEMO_PASSWORD)
    expect(page.locator("#page-title")).to_have_text("Dashboard")
    before = kpi_strip(page)
    create_rig(page, base, flow)
    create_campaign(page, base, flow)
    create_well(page, base, flow)
    set_plan(page, flow)

    context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(20_000)
    try:
        engineer = context.new_page()
        login(engineer, base, ENGINEER, DEMO_PASSWORD)
        file_reports(engineer, base, flow)
        check_dashboard(engineer, base, flow, before, db_engine)
    finally:
        context.close()


# --------------------------------------------------------------------------------------------------------------
# 4. The executive reads everything and changes nothing
# --------------------------------------------------------------------------------------------------------------

# Buttons that change data, by their text: "New rig", "New report", "Record usage", "Save", "Save report", ...
WRITE_BUTTON_TEXT = re.compile(r"^\s*(New\b|Record usage|Save|Request|Approve|Edit rigs|Add\b|Delete|Import)")
WRITE_CONTROLS = ("[aria-label='Edit']", "[aria-label='Delete']", "[aria-label='Mark delivered']",
                  "[aria-label='Remove line']", "svg.lucide-pencil", "svg.lucide-trash-2", "[id^='new-']")


def assert_read_only(page: Any, where: str) -> None:
    found = [f"{sel} x{page.locator(sel).count()}" for sel in WRITE_CONTROLS if page.locator(sel).count()]
    buttons = page.get_by_role("button", name=WRITE_BUTTON_TEXT)
    found += [f"button {buttons.nth(i).inner_text()!r}" for i in range(buttons.count())]
    assert not found, f"the executive sees write controls on {where}: {found}"


def table_has_rows(page: Any, table_id: str, minimum: int = 1) -> None:
    rows = page.locator(f"#{table_id} tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= minimum, f"#{table_id}: {rows.count()} rows"


REGISTERS = [  # path, title, table, a demo value the executive must see
    ("/campaigns", "Campaigns", "campaigns-table", "NS-26-01"),
    ("/wells", "Wells", "wells-table", "Snorre 01-1"),
    ("/rigs", "Rigs", "rigs-table", "Nordic Star"),
    ("/reports", "Daily reports", "reports-table", "Snorre 01-1"),
    ("/milestones", "Milestones", "milestones-table", "BOP test"),
]


def test_executive_sees_data_but_no_write_controls(page: Any, app_server: Any) -> None:
    base = app_server.base_url
    login(page, base, EXECUTIVE, DEMO_PASSWORD)
    expect(page.locator("#current-user-role")).to_have_text(re.compile("Executive|executive"))
    for path, title, table, sample in REGISTERS:
        open_page(page, base, path, title)
        table_has_rows(page, table)
        expect(page.locator(f"#{table}")).to_contain_text(sample)
        assert_read_only(page, path)

    # A daily report opens read-only: no save, no line editing.
    open_page(page, base, "/reports", "Daily reports")
    page.locator("#reports-table tbody tr").first.get_by_role("button", name="Open").click()
    expect(page.locator("#report-editor")).to_be_visible()
    expect(page.locator("#time_log-grid tbody tr").first).to_be_visible()
    expect(page.locator("#report-save")).to_have_count(0)
    expect(page.locator("#report-copy-previous")).to_have_count(0)
    assert_read_only(page, "the report editor")
    page.keyboard.press("Escape")
    expect(page.locator("#report-editor")).to_be_hidden()

    open_page(page, base, "/logistics", "Logistics")
    for tab, table in (("equipment", "equipment-table"), ("deliveries", "deliveries-table"),
                       ("consumables", "consumables-table")):
        page.locator(f"#logistics-tab-{tab}").click()
        table_has_rows(page, table)
        assert_read_only(page, f"/logistics ({tab})")

    open_page(page, base, "/campaigns", "Campaigns")
    page.locator("#campaigns-table a", has_text="NS-26-01").click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/?$"))
    expect(page.locator("#campaign-heading")).to_contain_text("NS-26-01")
    expect(page.locator("#campaign-wells tbody tr").first).to_be_visible()
    expect(page.locator("#campaign-rigs")).to_contain_text("Nordic Star")
    expect(page.locator("#budget-text")).to_contain_text("Cost to date")
    for control in ("#edit-campaign-rigs", "#supplement-submit", "[id^='approve-supplement-']"):
        expect(page.locator(control)).to_have_count(0)
    assert_read_only(page, path_of(page.url))


# --------------------------------------------------------------------------------------------------------------
# 5. The rig map
# --------------------------------------------------------------------------------------------------------------


def test_dashboard_map_shows_every_positioned_rig(page: Any, app_server: Any, db_engine: Any) -> None:
    with Session(db_engine) as session:
        positioned = session.execute(select(Rig.name, Rig.status).where(
            col(Rig.latitude).is_not(None), col(Rig.longitude).is_not(None))).all()
    names = {name for name, _status in positioned}
    assert {r[0] for r in DEMO_RIGS if r[4] is not None and r[5] is not None} <= names  # the demo rigs are there
    statuses = [s.replace("_", " ") for s in sorted({str(getattr(st, "value", st)) for _name, st in positioned})]

    login(page, app_server.base_url, EXECUTIVE, DEMO_PASSWORD)
    expect(page.locator("#page-title")).to_have_text("Dashboard")
    plot = page.locator("#rig-map .js-plotly-plot")
    expect(plot).to_be_attached()
    # Plotly 3 draws scattermap markers with MapLibre on a WebGL canvas (no DOM node per marker), so count the
    # markers in the trace data plotly rendered, once the rigs have arrived from the server.
    page.wait_for_function(
        "n => { const el = document.querySelector('#rig-map .js-plotly-plot');"
        " return !!el && Array.isArray(el.data) && el.data.reduce((s, t) => s + (t.lat || []).length, 0) === n; }",
        arg=len(positioned))
    traces = plot.evaluate("el => el._fullData.map(t => ({type: t.type, name: t.name, lat: t.lat, lon: t.lon,"
                           " text: t.text}))")
    assert {t["type"] for t in traces} == {"scattermap"}
    assert sum(len(t["lat"]) for t in traces) == len(positioned)
    labels = " ".join(text for t in traces for text in t["text"])
    assert all(f"<b>{name}</b>" in labels for name in names), labels
    expect(page.locator("#rig-map .maplibregl-map canvas").first).to_be_visible()
    expect(page.locator("#rig-map .legend .legendtext")).to_have_text(statuses)
    expect(page.locator("#rig-map .legend .legendtitletext")).to_have_text("Rig status")

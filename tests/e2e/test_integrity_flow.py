"""The well integrity workflow in Chromium: an engineer enters an annulus B reading above its MAASP on the demo
producing well "Snorre A-12" and sees the alert, the exceedance mark on the chart, the snapshot change and the
auto-generated ``maasp_exceed`` task on the board."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_helpers import login
from playwright.sync_api import expect
from sqlalchemy.orm import Session
from sqlmodel import select

from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus
from well_ops.models.tasks import Task
from well_ops.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ENGINEER = "engineer@wellops.example"
WELL = "Snorre A-12"
EXCEEDANCE_TRACE = "Exceedance"
_TRACE_JS = ("name => { const el = document.querySelector('#annulus-chart .js-plotly-plot');"
             " if (!el || !Array.isArray(el.data)) return -1;"
             " const t = el.data.find(d => d.name === name); return t && t.x ? t.x.length : -1; }")


def _ids(db_engine: Any) -> tuple[int, int]:
    with Session(db_engine) as s:
        well_id = s.execute(select(Well.id).where(Well.name == WELL)).scalar_one()
        b_id = s.execute(select(Annulus.id).where(Annulus.well_id == well_id, Annulus.name == "B")).scalar_one()
    return well_id, b_id


def _maasp_b(db_engine: Any, annulus_id: int) -> float | None:
    with Session(db_engine) as s:
        return s.execute(select(Annulus.maasp_bar).where(Annulus.id == annulus_id)).scalar_one()


def _exceedances(page: Any) -> int:
    return page.evaluate(_TRACE_JS, EXCEEDANCE_TRACE)


def test_engineer_reading_above_maasp_alerts_marks_chart_and_raises_task(page: Any, app_server: Any,
                                                                         db_engine: Any) -> None:
    well_id, b_id = _ids(db_engine)
    login(page, app_server.base_url, ENGINEER, DEMO_PASSWORD)
    page.goto(f"{app_server.base_url}/wells/{well_id}")
    page.locator("#well-integrity-link").click()
    page.wait_for_url(re.compile(rf"/integrity/wells/{well_id}/?$"))
    expect(page.locator("#integrity-well-name")).to_have_text(WELL)
    expect(page.locator("#annulus-A")).to_be_visible()
    expect(page.locator("#annulus-B")).to_be_visible()

    if _maasp_b(db_engine, b_id) is None:  # a demo database seeded without stored limits: compute them first
        page.locator("#integrity-recompute").click()
        expect(page.locator("#maasp-B")).to_contain_text("psi)", timeout=20_000)
    maasp = _maasp_b(db_engine, b_id)
    assert maasp is not None and maasp > 0

    page.locator("#annulus-show-B").click()
    expect(page.locator("#maasp-table")).to_contain_text("(limiting)")
    page.wait_for_function(f"() => ({_TRACE_JS})('{EXCEEDANCE_TRACE}') >= 0")
    before_marks = _exceedances(page)
    before_status = page.locator("#integrity-status").inner_text()
    before_risk = page.locator("#integrity-status").get_attribute("data-risk")
    before_category = page.locator("#integrity-status").get_attribute("data-category")

    pressure_psi = round(maasp * 14.5038 * 1.5)  # 50 % above MAASP, entered in psi through the unit select
    page.locator("#reading-pressure").fill(str(pressure_psi))
    page.locator("#reading-unit").click()
    page.get_by_role("option", name="psi").click()
    page.locator("#reading-temperature").fill("45")
    page.locator("#reading-save").click()

    alert = page.locator("#reading-alert")
    expect(alert).to_be_visible(timeout=20_000)
    expect(alert).to_contain_text("MAASP exceeded")
    expect(page.locator("[data-sonner-toast]").filter(has_text="Limit exceeded").first).to_be_visible()
    expect(page.locator("#reading-saved")).to_contain_text(f"Saved {pressure_psi} psi on annulus B")
    expect(page.locator("#annulus-B")).to_contain_text(f"{pressure_psi} psi")

    page.wait_for_function(f"n => ({_TRACE_JS})('{EXCEEDANCE_TRACE}') > n", arg=before_marks)
    marks = page.evaluate("name => { const el = document.querySelector('#annulus-chart .js-plotly-plot');"
                          " const t = el.data.find(d => d.name === name);"
                          " return {y: t.y, symbol: t.marker.symbol, color: t.marker.color}; }", EXCEEDANCE_TRACE)
    assert marks["symbol"] == "x" and marks["color"] == "#e5484d"
    assert max(marks["y"]) > maasp

    status = page.locator("#integrity-status")
    expect(status).not_to_have_text(before_status)
    expect(status).to_have_attribute("data-risk", "H")
    assert before_risk != "H"
    assert status.get_attribute("data-status") in ("amber", "red")
    # above MAASP: the guideline 117 category is at least orange, and the page says why (docs/integrity.md)
    expect(status).to_have_attribute("data-category", re.compile(r"^(orange|red)$"))
    if before_category not in ("orange", "red"):
        expect(page.locator("#integrity-why")).to_contain_text("above MAASP")

    with Session(db_engine) as s:
        task = s.execute(select(Task).where(Task.trigger_type == "maasp_exceed", Task.annulus_id == b_id)).scalar_one()
        task_id, title = task.id, task.title
    assert WELL in title
    page.goto(f"{app_server.base_url}/tasks")
    card = page.locator(f"#task-card-{task_id}")
    expect(card).to_be_visible(timeout=20_000)
    expect(card).to_contain_text("MAASP exceeded")


def test_a_well_without_annuli_points_to_the_architecture_editor(page: Any, app_server: Any, db_engine: Any) -> None:
    with Session(db_engine) as s:
        with_annuli = select(Annulus.well_id)
        well_id, name = s.execute(select(Well.id, Well.name).where(Well.id.not_in(with_annuli))  # type: ignore[union-attr]
                                  .order_by(Well.id).limit(1)).one()
    login(page, app_server.base_url, ENGINEER, DEMO_PASSWORD)
    page.goto(f"{app_server.base_url}/integrity/wells/{well_id}")
    expect(page.locator("#integrity-well-name")).to_have_text(name)
    callout = page.locator("#integrity-no-annuli")
    expect(callout).to_contain_text("No annuli are defined")
    expect(page.locator("#integrity-category")).to_have_text("No snapshot yet")
    expect(page.locator("#annulus-chart")).to_have_count(0)
    callout.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/integrity/wells/{well_id}/architecture/?$"))

"""The what-if MAASP panel in Chromium: an engineer changes annulus B's fluid gradient on the demo well
"Snorre A-12", sees a different MAASP next to the stored one, and nothing is saved (the stored MAASP, the MAASP
result rows and the audit trail are unchanged); a bad value is refused next to its field; Reset clears the panel."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_helpers import login
from playwright.sync_api import expect
from sqlalchemy import func
from sqlalchemy.orm import Session
from sqlmodel import select

from well_ops.models.audit import AuditLog
from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, MaaspResult
from well_ops.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ENGINEER = "engineer@wellops.example"
WELL = "Snorre A-12"


def _ids(db_engine: Any) -> tuple[int, int]:
    with Session(db_engine) as s:
        well_id = s.execute(select(Well.id).where(Well.name == WELL)).scalar_one()
        b_id = s.execute(select(Annulus.id).where(Annulus.well_id == well_id, Annulus.name == "B")).scalar_one()
    return well_id, b_id


def _stored(db_engine: Any, annulus_id: int) -> tuple[float | None, int, int]:
    """(annulus B's cached MAASP, its MAASP result rows, all audit rows)."""
    with Session(db_engine) as s:
        maasp = s.execute(select(Annulus.maasp_bar).where(Annulus.id == annulus_id)).scalar_one()
        results = s.execute(select(func.count()).select_from(MaaspResult)
                            .where(MaaspResult.annulus_id == annulus_id)).scalar_one()
        audit = s.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    return maasp, results, audit


def _bar(text: str) -> float:
    match = re.search(r"(-?\d+(?:\.\d+)?) bar", text)
    assert match, f"no bar value in {text!r}"
    return float(match.group(1))


def test_what_if_fluid_gradient_shows_new_maasp_and_saves_nothing(page: Any, app_server: Any,
                                                                  db_engine: Any) -> None:
    well_id, b_id = _ids(db_engine)
    login(page, app_server.base_url, ENGINEER, DEMO_PASSWORD)
    page.goto(f"{app_server.base_url}/integrity/wells/{well_id}")
    expect(page.locator("#integrity-well-name")).to_have_text(WELL)
    if _stored(db_engine, b_id)[0] is None:  # a demo database seeded without stored limits: compute them first
        page.locator("#integrity-recompute").click()
        expect(page.locator("#maasp-B")).to_contain_text("psi)", timeout=20_000)
    maasp_before, results_before, _ = _stored(db_engine, b_id)
    assert maasp_before is not None

    panel = page.locator("#what-if-panel")
    panel.scroll_into_view_if_needed()
    page.locator("#what-if-annulus").click()
    page.get_by_role("option", name="Annulus B").click()
    field = page.locator("#what-if-fluid_gradient_bar_per_m")
    expect(field).to_be_visible()
    audit_before = _stored(db_engine, b_id)[2]

    # a value that is not a number is refused next to its field, and nothing is computed
    field.fill("heavy")
    page.locator("#what-if-compute").click()
    expect(page.locator("#what-if-error-fluid_gradient_bar_per_m")).to_contain_text("give a number")
    expect(page.locator("#what-if-result")).to_have_count(0)
    # 3 bar/m is far above any fluid: the service refuses it, named by field
    field.fill("3")
    page.locator("#what-if-compute").click()
    expect(page.locator("#what-if-error-fluid_gradient_bar_per_m")).to_contain_text("at most")

    # a heavier annulus fluid (1.6 sg, entered in sg) lowers annulus B's MAASP
    field.fill("1.6")
    page.locator("#what-if-gradient-unit").click()
    page.get_by_role("option", name="sg", exact=True).click()
    page.locator("#what-if-compute").click()
    result = page.locator("#what-if-result")
    expect(result).to_be_visible(timeout=20_000)
    expect(page.locator("#what-if-error-fluid_gradient_bar_per_m")).to_have_count(0)
    stored_text = page.locator("#what-if-stored").inner_text()
    what_if_text = page.locator("#what-if-maasp").inner_text()
    assert _bar(stored_text) == pytest.approx(maasp_before, abs=0.06)
    assert _bar(what_if_text) < maasp_before - 1, (stored_text, what_if_text)
    expect(page.locator("#what-if-delta")).to_contain_text("-")
    expect(page.locator("#what-if-maasp")).to_contain_text("psi)")
    expect(page.locator("#what-if-maasp-limiting")).not_to_have_text("limited by —")
    expect(page.locator("#what-if-table")).to_contain_text("(limiting)")
    expect(page.locator("#what-if-table")).to_contain_text("0.156906")  # 1.6 sg = 0.156906 bar/m in the formula

    # nothing saved: the stored MAASP, the MAASP results and the audit trail are as before
    assert _stored(db_engine, b_id) == (maasp_before, results_before, audit_before)
    expect(page.locator("#maasp-B")).to_contain_text(f"{maasp_before:.1f} bar")

    page.locator("#what-if-reset").click()
    expect(page.locator("#what-if-result")).to_have_count(0)
    expect(page.locator("#what-if-fluid_gradient_bar_per_m")).to_have_value("")
    assert _stored(db_engine, b_id) == (maasp_before, results_before, audit_before)

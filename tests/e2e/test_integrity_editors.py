"""Integrity editors in Chromium: an engineer changes annulus B's fluid gradient on the architecture page and sees
the recomputed MAASP at once (table and message); an executive sees the page without any edit button."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_helpers import login
from playwright.sync_api import expect
from sqlalchemy.orm import Session
from sqlmodel import select

from well_ops.models.drilling import Well
from well_ops.models.integrity import Annulus, AnnulusName
from well_ops.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DEMO_WELL = "Snorre A-12"  # the demo well with architecture and annuli


def annulus_b(db_engine: Any) -> Annulus:
    with Session(db_engine) as session:
        well = session.execute(select(Well).where(Well.name == DEMO_WELL)).scalars().one()
        row = session.execute(select(Annulus).where(Annulus.well_id == well.id,
                                                    Annulus.name == AnnulusName.B)).scalars().one()
        session.expunge(row)
        return row


def edit_gradient(page: Any, annulus_id: int, value: str) -> None:
    page.locator(f"#edit-annulus-{annulus_id}").click()
    gradient = page.locator("#arch-form input[name=fluid_gradient_bar_per_m]")
    expect(gradient).to_be_visible()
    gradient.fill(value)
    page.locator("#arch-form-save").click()
    expect(page.locator("#arch-form")).to_have_count(0)


def test_engineer_edits_annulus_b_gradient_and_sees_new_maasp(page: Any, app_server: Any, db_engine: Any) -> None:
    base, b = app_server.base_url, annulus_b(db_engine)
    login(page, base, "engineer@wellops.example", DEMO_PASSWORD)
    page.goto(f"{base}/integrity/wells/{b.well_id}/architecture")
    cell = page.locator("#annulus-maasp_bar-B")
    expect(page.locator(f"#edit-annulus-{b.id}")).to_be_visible(timeout=20_000)
    edit_gradient(page, b.id, "0.118")  # the demo's value: saving computes and stores the MAASP
    first = annulus_b(db_engine)
    assert first.maasp_bar is not None
    expect(cell).to_have_text(f"{first.maasp_bar:.6g}")
    edit_gradient(page, b.id, "0.135")  # heavier fluid in B
    after = annulus_b(db_engine)
    assert after.fluid_gradient_bar_per_m == pytest.approx(0.135)
    assert after.maasp_bar is not None and after.maasp_bar != pytest.approx(first.maasp_bar)
    expect(cell).to_have_text(f"{after.maasp_bar:.6g}")
    expect(page.locator("#maasp-after-save")).to_contain_text(
        f"MAASP B: {after.maasp_bar:.1f} bar (was {first.maasp_bar:.1f})")


def test_executive_sees_architecture_without_edit_buttons(page: Any, app_server: Any, db_engine: Any) -> None:
    base, b = app_server.base_url, annulus_b(db_engine)
    login(page, base, "exec@wellops.example", DEMO_PASSWORD)
    page.goto(f"{base}/integrity/wells/{b.well_id}/architecture")
    expect(page.locator("#casing-table")).to_contain_text("production", timeout=20_000)
    for selector in (f"#edit-annulus-{b.id}", "#new-annulus", "#new-casing", "#edit-reservoir"):
        expect(page.locator(selector)).to_have_count(0)

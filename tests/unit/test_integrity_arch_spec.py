"""The architecture page's form adapter: numbers parsed, oilfield display the inverse of the schemas' conversion."""

from __future__ import annotations

import pytest

from well_ops.models.schemas_annuli import AnnulusUpdate
from well_ops.models.schemas_integrity import CasingStringUpdate
from well_ops.state.integrity_arch_spec import payload, shown, unit_of


def test_oilfield_display_round_trips_through_the_schema() -> None:
    for name, si in (("od_mm", 244.5), ("bottom_md_m", 3600.0), ("burst_rating_bar", 650.0),
                     ("fluid_gradient_bar_per_m", 0.118), ("weight_kg_per_m", 79.6)):
        oil = float(shown(name, si, True))
        parsed = CasingStringUpdate.model_validate({name: oil, "unit_system": "oilfield"}) if "fluid" not in name \
            else AnnulusUpdate.model_validate({name: oil, "unit_system": "oilfield"})
        assert getattr(parsed, name) == pytest.approx(si, rel=1e-5)
    assert shown("od_mm", 244.5, False) == "244.5"
    assert unit_of("fluid_gradient_bar_per_m", True) == "psi/ft" and unit_of("safety_factor", True) == ""


def test_payload_parses_numbers_and_keeps_blanks_out_of_edits() -> None:
    data = payload("annulus", {"name": "B", "fluid_gradient_bar_per_m": "0.13", "mop_bar": None,
                               "fluid_type": None, "inner_casing_id": "7", "lop_bar": "abc"}, True, False)
    assert data == {"fluid_gradient_bar_per_m": 0.13, "mop_bar": None, "inner_casing_id": 7, "lop_bar": "abc",
                    "unit_system": "si"}  # name is fixed on edit; fluid_type blank is not cleared; abc is refused later
    created = payload("casing", {"name": "x", "grade": None, "od_mm": "9.625"}, False, True)
    assert created == {"name": "x", "od_mm": 9.625, "unit_system": "oilfield"}

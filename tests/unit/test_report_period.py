"""The report period (06:00 to 06:00) and its clock times, and the activity code list. Pure, no database."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from well_ops.domain.iadc import (
    ACTIVITY_CODES,
    IADC_COMPLETION_CODES,
    IADC_DRILLING_CODES,
    activity_label,
    is_known_code,
    normalize_code,
)
from well_ops.domain.report_period import at_offset, clock_minutes, clock_text, interval_errors, period_offset_min


@pytest.mark.parametrize(("text", "minutes"), [("06:00", 360), ("6:00", 360), ("00:00", 0), ("24:00", 1440),
                                               ("17.30", 1050), ("23:59", 1439)])
def test_clock_times(text: str, minutes: int) -> None:
    assert clock_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "25:00", "24:01", "12:60", "noon", "1200", None])
def test_not_clock_times(text: str | None) -> None:
    assert clock_minutes(text) is None  # type: ignore[arg-type]


def test_offsets_in_the_period() -> None:
    assert period_offset_min(360, is_end=False) == 0  # 06:00 starts the period
    assert period_offset_min(360, is_end=True) == 1440  # 06:00 as an end closes it
    assert period_offset_min(1440, is_end=True) == 1080  # 24:00 = midnight = 18 h in
    assert period_offset_min(120, is_end=False) == 1200  # 02:00 next morning = 20 h in
    day = date(2026, 3, 2)
    assert at_offset(day, 1200) == datetime(2026, 3, 3, 2, 0, tzinfo=timezone.utc)
    assert clock_text(day, datetime(2026, 3, 3, 6, 0, tzinfo=timezone.utc)) == "06:00"


def test_interval_errors() -> None:
    assert interval_errors([(0, 480), (480, 1440)]) == {}
    assert "ends before it starts" in interval_errors([(600, 300)])[0]
    assert "overlaps line 1" in interval_errors([(0, 600), (100, 200), (300, 400)])[1]
    assert "overlaps line 1" in interval_errors([(0, 600), (100, 200), (300, 400)])[2]  # inside line 1 too
    assert set(interval_errors([(1380, 1440), (0, 60)])) == set()  # order of typing does not matter


def test_activity_codes() -> None:
    assert len(IADC_DRILLING_CODES) == 23 and [c for c, _ in IADC_COMPLETION_CODES] == ["A", "B", "C", "D", "E"]
    assert len({c for c, _ in ACTIVITY_CODES}) == len(ACTIVITY_CODES)
    assert activity_label("2") == "Drill actual" and activity_label("unknown code") == "unknown code"
    assert normalize_code(" Wait  --  Weather ") == "wait -- weather" and normalize_code("wait") is None
    assert normalize_code("a") == "A" and is_known_code("23") and not is_known_code("24")

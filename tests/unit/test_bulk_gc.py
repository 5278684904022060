"""paused_gc: the collector is off inside (nested too) and back to its previous state afterwards."""

from __future__ import annotations

import gc

import pytest

from well_ops.bulk import paused_gc, without_gc_pauses


def test_pause_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the outer pause still holds
    assert gc.isenabled()


def test_restored_after_an_error_and_left_off_when_it_was_off() -> None:
    @without_gc_pauses
    def boom() -> None:
        assert not gc.isenabled()
        raise ValueError("x")

    with pytest.raises(ValueError):
        boom()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()          # it was off before: stays off
    finally:
        gc.enable()

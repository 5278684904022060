"""Architecture: every public service function wears the guard; the layers point down only."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import well_ops.services

ROOT = Path(__file__).resolve().parents[2]
# Modules of the service package that hold mechanisms, not use-cases.
INFRASTRUCTURE = {"well_ops.services.context", "well_ops.services.errors", "well_ops.services.audit_trail",
                  "well_ops.services.validation"}


def _service_modules() -> list:  # type: ignore[type-arg]
    mods = []
    for info in pkgutil.walk_packages(well_ops.services.__path__, "well_ops.services."):
        if info.name not in INFRASTRUCTURE:
            mods.append(importlib.import_module(info.name))
    return mods


def test_every_public_service_function_is_guarded() -> None:
    unguarded = []
    checked = 0
    for module in _service_modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            # plain helpers that take no Context are private by convention: name them with a leading underscore
            checked += 1
            if not hasattr(fn, "__use_case__"):
                unguarded.append(f"{module.__name__}.{name}")
    assert checked > 10
    assert unguarded == [], f"public service functions without @use_case: {unguarded}"


def test_layers_are_respected() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter must be installed (requirements.txt)"
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]

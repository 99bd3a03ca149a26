"""The Qt-free packages stay Qt-free: importing them in a fresh interpreter must not load PySide6,
and ``sync`` must never reach into ``agent_app``."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Packages and modules that must import without Qt (DESIGN.md: only agent_app/ui and the
# background-work bridge agent_app/tasks.py import PySide6).
QT_FREE = [
    "sync",
    "agent_app.storage",
    "agent_app.services",
    "agent_app.paths",
    "agent_app.settings",
]


def _modules(package: str) -> list[str]:
    path = ROOT.joinpath(*package.split("."))
    if path.with_suffix(".py").is_file():
        return [package]
    if not path.is_dir():
        return []
    found = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=f"{package}."):
        found.append(info.name)
    return found


def _loaded_after_import(modules: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_qt_free_packages_do_not_load_pyside6():
    modules = [m for pkg in QT_FREE for m in _modules(pkg) if not m.endswith("__main__")]
    assert "sync.domain.rules" in modules, "the domain package was not found"
    loaded = _loaded_after_import(modules)
    qt = [m for m in loaded if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}]
    assert qt == [], f"Qt was imported by a Qt-free package: {qt[:5]}"


def test_sync_never_imports_agent_app():
    loaded = _loaded_after_import([m for m in _modules("sync") if not m.endswith("__main__")])
    assert not [m for m in loaded if m == "agent_app" or m.startswith("agent_app.")]


def test_the_check_itself_can_fail():
    # Guard against a check that passes because it loads nothing: PySide6 must be detectable.
    pytest.importorskip("PySide6", reason="PySide6 is a dependency; its absence is a setup error")
    loaded = _loaded_after_import(["PySide6.QtCore"])
    assert "PySide6" in loaded

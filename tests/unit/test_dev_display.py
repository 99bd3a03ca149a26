"""``python3 dev.py run`` says which system packages to install when Qt's X11 plugin cannot
load, instead of Qt's own message, which names none."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
assert _spec is not None
assert _spec.loader is not None
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfoo-odd.so.7 => not found
"""


def test_missing_libraries_are_read_from_ldd_once_each():
    assert dev.missing_libraries(LDD) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libfoo-odd.so.7",
    ]


def test_the_advice_names_the_debian_packages_and_what_is_unknown():
    advice = dev.display_advice(dev.missing_libraries(LDD), {"DISPLAY": ":0"})
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in advice
    assert "apt-file search" in advice
    assert "libfoo-odd.so.7" in advice
    assert "DISPLAY" not in advice


def test_no_display_is_said_and_nothing_wrong_says_nothing():
    assert "QT_QPA_PLATFORM=offscreen" in dev.display_advice([], {})
    assert dev.display_advice([], {"DISPLAY": ":0"}) is None
    assert dev.display_advice([], {"WAYLAND_DISPLAY": "wayland-0"}) is None


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd exists on Linux only")
def test_real_ldd_output_of_the_qt_plugin_parses():
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    missing = dev.missing_libraries(out)
    # Whatever this machine lacks, each name is a library the table can turn into a package.
    assert all(name.startswith("lib") and ".so" in name for name in missing)
    assert all(name in dev.QT_XCB_PACKAGES for name in missing), missing

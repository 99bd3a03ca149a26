"""bundling.py, the helpers of build.spec: the libraries only dropped plugins needed go with
them, and Qt's ICU data is cut to Vietnamese and English without corrupting the package."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import bundling  # noqa: E402


def test_libraries_nothing_left_needs_are_dropped() -> None:
    links = {
        "/src/libqxcb.so": ["libQt6XcbQpa.so.6", "libc.so.6"],
        "/src/libQt6XcbQpa.so.6": ["libxcb.so.1"],
        "/src/QtCore.abi3.so": ["libQt6Core.so.6"],
        "/src/libQt6Core.so.6": ["libicuuc.so.73"],
        "/src/libicuuc.so.73": ["libicudata.so.73"],
        "/src/libgtk-3.so.0": ["libcairo.so.2"],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/libQt6XcbQpa.so.6", "BINARY"),
        ("libxcb.so.1", "/src/libxcb.so.1", "BINARY"),
        ("PySide6/QtCore.abi3.so", "/src/QtCore.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/src/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/lib/libicudata.so.73", "/src/libicudata.so.73", "BINARY"),
        ("libpython3.11.so.1.0", "/src/libpython3.11.so.1.0", "BINARY"),
        # left behind by the dropped GTK theme plugin
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
        ("libgtk-3.so", "libgtk-3.so.0", "SYMLINK"),
    ]
    kept = bundling.needed_only(binaries, lambda path: links.get(path, []))
    assert [dest for dest, _, _ in kept] == [
        dest for dest, _, _ in binaries if "gtk" not in dest and "cairo" not in dest
    ]


def test_an_unreadable_library_keeps_what_it_might_need() -> None:
    def imports_of(path: str) -> list[str]:
        raise OSError("cannot read")

    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb.so.1", "/src/libxcb.so.1", "BINARY"),
    ]
    assert bundling.needed_only(binaries, imports_of) == binaries


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/coll/vi.res", True),
        ("icudt73l/vi_VN.res", True),
        ("icudt73l/en_001.res", True),
        ("icudt73l/root.res", True),
        ("icudt73l/zone/en_GB.res", True),
        ("icudt73l/uprops.icu", True),
        ("icudt73l/nfkc.nrm", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/coll/de.res", False),
        ("icudt73l/coll/de_.res", False),
        ("icudt73l/zh_Hant_TW.res", False),
        ("icudt73l/fil.res", False),
        ("icudt73l/ibm-1390_P110-2003.cnv", False),
        ("icudt73l/brkitr/cjdict.dict", False),
    ],
)
def test_icu_items_kept_are_vietnamese_english_and_locale_free(name: str, kept: bool) -> None:
    assert bundling.keep_icu_item(name) is kept


def _package(items: list[tuple[str, bytes]]) -> bytes:
    header = bytearray(32)
    struct.pack_into("<HBB", header, 0, 32, 0xDA, 0x27)
    struct.pack_into("<HHBBBB4s", header, 4, 20, 0, 0, 0, 2, 0, b"CmnD")
    return bundling.write_icu_package(bytes(header), items)


def test_an_icu_package_reads_back_what_was_written() -> None:
    items = [("icudt73l/a.res", b"x" * 5), ("icudt73l/b.icu", b"yy" * 20), ("icudt73l/c", b"")]
    header, back = bundling.read_icu_package(_package(items))
    assert [(n, d.rstrip(b"\xaa")) for n, d in back] == items
    toc = _package(items)[len(header) :]
    for i in range(len(items)):
        data_at = struct.unpack_from("<II", toc, 4 + 8 * i)[1]
        assert (len(header) + data_at) % 16 == 0  # ICU reads items in place: aligned


def _qt_icu() -> Path:
    try:
        import PySide6
    except ImportError:
        pytest.skip("PySide6 is not installed")
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 carries no ICU (Qt uses the system's, as on Windows)")
    return found[0]


def test_qt_icu_data_round_trips_byte_for_byte() -> None:
    symbol, blob = bundling._icu_blob(_qt_icu().read_bytes())
    assert symbol.startswith("icudt")
    header, items = bundling.read_icu_package(blob)
    assert bundling.write_icu_package(header, items) == blob


def test_the_trimmed_icu_library_serves_vietnamese(tmp_path: Path) -> None:
    source = _qt_icu()
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler")
    target = tmp_path / "lib" / source.name
    bundling.build_icu_library(source, target, compiler)
    assert target.stat().st_size < source.stat().st_size / 4
    symbol, blob = bundling._icu_blob(target.read_bytes())
    names = {n for n, _ in bundling.read_icu_package(blob)[1]}
    assert {"icudt73l/coll/vi.res", "icudt73l/vi.res", "icudt73l/cnvalias.icu"} <= {
        n.replace(symbol[:7] + "l", "icudt73l") for n in names
    }
    # Qt, loading this library instead of its own, still sorts and upper-cases Vietnamese.
    check = (
        "from PySide6.QtCore import QCollator, QLocale\n"
        "c = QCollator(QLocale('vi_VN'))\n"
        "print(sorted(['Đặng', 'Dương', 'Ánh', 'An'], key=c.sortKey))\n"
        "print(QLocale('vi_VN').toUpper('đặng thị ánh'))\n"
    )
    env = {"LD_LIBRARY_PATH": str(target.parent), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["['An', 'Ánh', 'Dương', 'Đặng']", "ĐẶNG THỊ ÁNH"]

"""The PyInstaller one-dir build (build.spec) produces an app that starts: the frozen
``agent-app-cli --smoke-test`` opens the window and saves through the real stack, the frozen
calculator still gives DOMAIN.md's worked example, the windowed ``agent-app`` sits beside it, the
frozen ``--self-check`` opens the demo, draws the charts, writes a receipt PDF and an .xlsx list
(so what build.spec leaves out is not something the app uses), and the bundle leaves out what a
laptop never uses and stays under 150 MB. Slow (two to four minutes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pyinstaller")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = out / "dist" / "agent-app"
    suffix = ".exe" if os.name == "nt" else ""
    assert (bundle / f"agent-app{suffix}").is_file(), "the windowed executable is missing"
    exe = bundle / f"agent-app-cli{suffix}"
    assert exe.is_file()
    return exe


def test_the_bundle_leaves_out_what_a_laptop_never_uses(frozen_app: Path) -> None:
    files = [p for p in frozen_app.parent.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.relative_to(frozen_app.parent).as_posix() for p in files}
    for unwanted in (
        "psycopg",
        "libQt6Quick",
        "libQt6Qml",
        "VirtualKeyboard",
        "hypothesis",
        "Qt6Pdf",  # only the tests read PDFs back
        "Qt6Network",  # QtPdf's; nothing else links it
        "libgtk-3",  # the GTK theme's (left out with it)
        "libcairo",
        "opengl32sw",
        "libqvnc",
    ):
        assert not [n for n in names if unwanted in n], f"the bundle carries {unwanted}"
    pyz = _pyz_modules(frozen_app)
    for unwanted in ("setuptools", "pkg_resources", "trio", "jinja2", "cffi"):
        assert unwanted not in pyz, f"the bundle's Python archive carries {unwanted}"
    size = sum(p.stat().st_size for p in files)
    print(f"bundle size on disk: {size / 1e6:.0f} MB")  # the figure bench/README.md records
    # The Linux bundle measured 143 MB (with Qt's ICU data cut to vi/en: 5.6 MB instead of 32).
    assert size < 150e6, f"the bundle grew to {size / 1e6:.0f} MB (target < 150 MB)"


def _pyz_modules(exe: Path) -> set[str]:
    """The top-level packages in the executable's Python archive."""
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    archive = CArchiveReader(str(exe))
    pyz = exe.parent.parent / f"{exe.name}.pyz"
    pyz.write_bytes(archive.extract("PYZ.pyz"))
    try:
        return {name.split(".")[0] for name in ZlibArchiveReader(str(pyz)).toc}
    finally:
        pyz.unlink()


def test_the_frozen_app_passes_its_self_check(frozen_app: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AGENT_APP_DATA_DIR=str(tmp_path))
    run = subprocess.run(
        [str(frozen_app), "--self-check"], capture_output=True, text=True, timeout=300, env=env
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    for line in ("demo window:", "charts: 1 on the events page", "receipt PDF:", "D05-TS .xlsx"):
        assert line in run.stdout, run.stdout
    assert "self-check passed" in run.stdout


def test_the_frozen_app_passes_its_smoke_test(frozen_app: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AGENT_APP_DATA_DIR=str(tmp_path))
    run = subprocess.run(
        [str(frozen_app), "--smoke-test"], capture_output=True, text=True, timeout=120, env=env
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "first window:" in run.stdout
    assert "saved household" in run.stdout


def test_the_frozen_calculator_uses_the_bundled_rates(frozen_app: Path) -> None:
    run = subprocess.run(
        [
            str(frozen_app),
            "quote",
            "--income",
            "2000000",
            "--support",
            "near_poor",
            "--method",
            "yearly",
            "--paid-on",
            "2026-11-21",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "3.696.000 ₫" in run.stdout

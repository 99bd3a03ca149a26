#!/usr/bin/env python3
"""One entry point for people and CI: set up a virtualenv in ``.venv`` and run the app or the
checks. Needs only Python 3.11+; everything else is installed from the package index.

    python3 dev.py run [ARGS...]   set up, then start the app (arguments go to agent-app;
                                   with none, it starts in demo mode: agent-app --demo)
    python3 dev.py test [ARGS...]  set up, then lint, type-check and run the whole test suite
    python3 dev.py bench           set up, then run the benchmarks in bench/
    python3 dev.py build           set up, then build the one-dir bundle in dist/agent-app
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dev-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def _run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def setup() -> None:
    """Create .venv and install the project with its dev tools; skipped when nothing changed."""
    if sys.version_info < (3, 11):  # noqa: UP036  # dev.py itself may be started by an older Python
        sys.exit(f"Python 3.11 or newer is needed (found {sys.version.split()[0]}).")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        _say(f"creating virtualenv in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    _say("installing the project and its development tools (first run takes a few minutes)")
    log = VENV / "install.log"
    with log.open("w", encoding="utf-8") as out:
        for args in (["--upgrade", "pip"], ["-e", ".[dev]"]):
            cmd = [str(PYTHON), "-m", "pip", "install", "--quiet", *args]
            code = subprocess.call(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
            if code:
                print(log.read_text(encoding="utf-8")[-4000:], file=sys.stderr)
                _say(f"installing failed (exit {code}); the full log is in {log}")
                sys.exit(code)
    STAMP.write_text(wanted)


# Debian/Ubuntu packages of the libraries Qt's X11 (xcb) platform plugin needs; Qt's own message
# when one is missing ("could not load the Qt platform plugin xcb even though it was found")
# names none of them.
QT_XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` could not find ("libfoo.so.1 => not found")."""
    found = []
    for line in ldd_output.splitlines():
        name, _, where = line.strip().partition("=>")
        if where.strip() == "not found" and name.strip() not in found:
            found.append(name.strip())
    return found


def display_advice(missing: list[str], env: dict[str, str]) -> str | None:
    """What to tell someone whose Qt cannot open a window here; None when nothing is wrong."""
    lines = []
    if missing:
        packages = sorted({QT_XCB_PACKAGES.get(name, "") for name in missing} - {""})
        unknown = [name for name in missing if name not in QT_XCB_PACKAGES]
        lines.append("Qt cannot load its display plugin (xcb): missing " + ", ".join(missing) + ".")
        if packages:
            lines.append("Install them with:  sudo apt-get install " + " ".join(packages))
        if unknown:
            lines.append("Find the package of " + ", ".join(unknown) + " with apt-file search.")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        lines.append(
            "There is no display (DISPLAY is not set): start the app from a desktop session, "
            "or run it without a window with QT_QPA_PLATFORM=offscreen."
        )
    return "\n".join(lines) or None


def _linux_display_problem() -> str | None:
    """Check, before starting the app, that Qt can open a window on this Linux machine."""
    env = dict(os.environ)
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return None
    if not env.get("DISPLAY") and env.get("WAYLAND_DISPLAY"):
        return None  # Wayland: Qt uses its wayland plugin, not xcb
    where = subprocess.run(
        [str(PYTHON), "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    missing: list[str] = []
    qt = Path(where) / "Qt"
    for library in (qt / "plugins/platforms/libqxcb.so", qt / "lib/libQt6XcbQpa.so.6"):
        if library.is_file():
            ldd = subprocess.run(["ldd", str(library)], capture_output=True, text=True)
            missing += [m for m in missing_libraries(ldd.stdout) if m not in missing]
    # libxcb-cursor is opened at run time, so ldd does not list it.
    probe = "import ctypes; ctypes.CDLL('libxcb-cursor.so.0')"
    if subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode:
        missing.append("libxcb-cursor.so.0")
    return display_advice(missing, env)


def run_app(args: list[str]) -> int:
    # A newcomer's first command shows the whole loop: embedded server, demo data, the window.
    windowless = "--smoke-test" in args or (args and args[0] in {"quote", "quote-household"})
    problem = None if windowless else _linux_display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 3
    return _run(BIN / "agent-app", *(args or ["--demo"]))


def run_tests(args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    steps: list[tuple[str, list[str | Path]]] = [
        ("lint", [PYTHON, "-m", "ruff", "check", "."]),
        ("format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
        ("types", [PYTHON, "-m", "mypy"]),
        ("tests", [PYTHON, "-m", "pytest", *args]),
    ]
    for name, cmd in steps:
        _say(f"{name}: {' '.join(str(c) for c in cmd[1:])}")
        code = _run(*cmd, env=env)
        if code:
            _say(f"{name} failed (exit {code})")
            return code
    _say("all checks passed")
    return 0


def run_bench() -> int:
    scripts = sorted((ROOT / "bench").glob("bench_*.py"))
    for script in scripts:
        _say(f"bench: {script.name}")
        code = _run(PYTHON, script)
        if code:
            return code
    return 0


def build_bundle() -> int:
    """PyInstaller over build.spec into dist/agent-app; prints the bundle's size on disk."""
    code = _run(PYTHON, "-m", "PyInstaller", "--noconfirm", "--clean", ROOT / "build.spec")
    if code:
        return code
    bundle = ROOT / "dist" / "agent-app"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    cli = bundle / ("agent-app-cli.exe" if os.name == "nt" else "agent-app-cli")
    _say(f"bundle: {bundle} ({size / 1e6:.0f} MB); try: {cli} --smoke-test")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "build", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    if command == "run":
        return run_app(rest)
    if command == "test":
        return run_tests(rest)
    if command == "bench":
        return run_bench()
    if command == "build":
        return build_bundle()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

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


def run_app(args: list[str]) -> int:
    # A newcomer's first command shows the whole loop: embedded server, demo data, the window.
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

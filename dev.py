#!/usr/bin/env python3
"""One entry point for people and CI: set up a virtualenv in ``.venv`` and run the app or the
checks. Needs only Python 3.11+; everything else is installed from the package index.

    python3 dev.py run [ARGS...]   set up, then start the app (arguments go to agent-app;
                                   with none, it starts in demo mode: agent-app --demo)
    python3 dev.py console [ARGS]  set up, then serve the supervisors' console with demo data
                                   (agent-server demo: prints the address and a password)
    python3 dev.py test [ARGS...]  set up, then lint, type-check and run the whole test suite
    python3 dev.py bench           set up, then run the benchmarks in bench/
    python3 dev.py build           set up, then build the one-dir bundle in dist/agent-app
    python3 dev.py mutate [--max-children N] [FILE...]
                                   set up, then run mutation testing (mutmut) of the money and
                                   wire core with its unit tests and print the score per file
                                   (all four files, or only those named; not part of CI)
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
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


# What `dev.py mutate` mutates; [tool.mutmut] in pyproject.toml holds the same list and the tests
# that run against each mutant. docs/testing.md explains the score and what it leaves out.
MUTATED = (
    "sync/domain/rules.py",
    "sync/domain/rates.py",
    "sync/domain/validators.py",
    "sync/protocol.py",
)
KILLED = {
    1: "killed",
    3: "killed",
    24: "timeout",
    -24: "timeout",
    36: "timeout",
    152: "timeout",
    255: "timeout",
}
MIN_SCORE = 95.0  # per cent of mutants killed, message wording left out (issue #8)
# A string literal holding two words separated by a space is message text (codes, field names,
# kinds and statuses never contain one): a mutant that changes only such literals is wording.
WORDING = re.compile(r"[^\W\d_]{2,} [^\W\d_]{2,}")


def _functions(tree: ast.Module) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        children = node.body if isinstance(node, ast.ClassDef) else [node]
        for child in children:
            if (
                isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                and "__mutmut_" in child.name
            ):
                found[child.name] = child
    return found


def _only_wording(orig: ast.AST, mutant: ast.AST) -> bool:
    """True when ``mutant`` differs from ``orig`` only in string literals that are message text."""
    a, b = list(ast.walk(orig)), list(ast.walk(mutant))
    if len(a) != len(b):
        return False
    changed = False
    for x, y in zip(a, b, strict=True):
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.Constant) and isinstance(y, ast.Constant):
            if x.value == y.value and type(x.value) is type(y.value):
                continue
            if not (isinstance(x.value, str) and isinstance(y.value, str)):
                return False
            if not WORDING.search(x.value):
                return False
            changed = True
            continue
        for name, value in ast.iter_fields(x):
            if name == "name" and isinstance(x, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if not isinstance(value, ast.AST | list) and value != getattr(y, name):
                return False
    return changed


def mutation_score(files: list[str]) -> int:
    """Print killed / scored per file and in total from mutmut's results in mutants/."""
    rows: list[tuple[str, int, int, int, int, list[str]]] = []
    all_wording = all_wording_killed = 0
    for path in files:
        meta = ROOT / "mutants" / f"{path}.meta"
        mutated = ROOT / "mutants" / path
        if not meta.exists() or not mutated.exists():
            _say(f"no mutmut results for {path}")
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        functions = _functions(ast.parse(mutated.read_text(encoding="utf-8")))
        killed = scored = wording = wording_killed = unchecked = 0
        alive: list[str] = []
        for key, code in sorted(codes.items()):
            name = key.rpartition(".")[2]
            orig = functions.get(name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig")
            if orig is not None and name in functions and _only_wording(orig, functions[name]):
                wording += 1
                wording_killed += code in KILLED
            elif code is None:
                unchecked += 1
            else:
                scored += 1
                if code in KILLED:
                    killed += 1
                else:
                    alive.append(key)
        rows.append((path, killed, scored, wording, unchecked, alive))
        all_wording += wording
        all_wording_killed += wording_killed
    if not rows:
        return 1
    print()
    print(f"{'mutation score':<28}{'killed / total':>16}{'%':>9}   excluded (message wording)")
    for path, killed, scored, wording, unchecked, _ in rows:
        pct = 100 * killed / scored if scored else 100.0
        extra = f", {unchecked} not run" if unchecked else ""
        print(f"{path:<28}{f'{killed} / {scored}':>16}{pct:>8.1f}%   {wording}{extra}")
    killed, scored = sum(r[1] for r in rows), sum(r[2] for r in rows)
    pct = 100 * killed / scored if scored else 100.0
    print(f"{'total':<28}{f'{killed} / {scored}':>16}{pct:>8.1f}%   {sum(r[3] for r in rows)}")
    if all_wording:
        _say(
            f"{all_wording} mutants only change message text and are left out of the score "
            f"({all_wording_killed} of them were killed anyway)"
        )
    alive = [key for row in rows for key in row[5]]
    listing = ROOT / "mutants" / "surviving.txt"
    listing.write_text("".join(f"{key}\n" for key in alive), encoding="utf-8")
    if alive:
        _say(f"{len(alive)} mutants survived (listed in {listing.relative_to(ROOT)});")
        _say(f"see one with: {BIN / 'mutmut'} show NAME")
    if pct < MIN_SCORE:
        _say(f"the score is below {MIN_SCORE} %: kill the survivors with tests (docs/testing.md)")
        return 1
    return 0


def run_mutate(args: list[str]) -> int:
    children = "2"  # the machine is shared: do not take every core
    if args[:1] == ["--max-children"] and len(args) > 1:
        children, args = args[1], args[2:]
    files = [Path(a).as_posix().removeprefix("./") for a in args] or list(MUTATED)
    unknown = [f for f in files if f not in MUTATED]
    if unknown:
        _say(
            f"not mutated by this command: {', '.join(unknown)} (choose from {', '.join(MUTATED)})"
        )
        return 2
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CI="true", PYTHONPATH=str(ROOT))
    # Mutants already decided as survivors are run again: tests may have been added since.
    for path in files:
        meta = ROOT / "mutants" / f"{path}.meta"
        if meta.exists():
            data = json.loads(meta.read_text())
            codes = data["exit_code_by_key"]
            for key, code in codes.items():
                if code is not None and code not in KILLED:
                    codes[key] = None
            meta.write_text(json.dumps(data, indent=4))
    names = [f"{f.removesuffix('.py').replace('/', '.')}.*" for f in files] if args else []
    _say(f"mutmut run --max-children {children} {' '.join(names)}".rstrip())
    code = _run(BIN / "mutmut", "run", "--max-children", children, *names, env=env)
    if code:
        _say(f"mutmut failed (exit {code})")
        return code
    return mutation_score(files)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "console", "test", "bench", "build", "setup", "mutate"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    if command == "run":
        return run_app(rest)
    if command == "console":
        # The supervisors' console with demo data, in a browser at the printed address.
        return _run(BIN / "agent-server", "demo", *rest)
    if command == "test":
        return run_tests(rest)
    if command == "bench":
        return run_bench()
    if command == "build":
        return build_bundle()
    if command == "mutate":
        return run_mutate(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

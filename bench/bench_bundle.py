"""Benchmark of the laptop bundle (``python3 dev.py build`` first): its size on disk by part,
and the frozen app's cold start to the first window.

1. Size: every file of ``dist/agent-app`` (symbolic links not counted), grouped into Qt
   libraries, Qt's ICU, Qt plugins, the PySide6 bindings, the Python runtime, the two
   executables (bootloader and Python archive each), the system libraries the build collected
   (Linux) and the other packages. Target < 150 MB.
2. Cold start to the first window an agent sees: ``agent-app-cli --first-window-test`` run
   ``--runs`` times in fresh processes (offscreen), over a data dir holding a profile (the
   unlock dialog) and over an empty one (the first-run dialog); each prints the time from the
   start of the app's code to that window painted. Target < 0.5 s.
3. Cold start to the main window on a new profile: ``agent-app-cli --smoke-test`` (a throwaway
   profile created on the way: scrypt and the schema included), the same way.

    .venv/bin/python bench/bench_bundle.py [--bundle dist/agent-app] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def part(rel: str) -> str:
    """The group a bundle file belongs to."""
    if re.fullmatch(r"agent-app(-cli)?(\.exe)?", rel):
        return "the two executables (bootloader + Python archive)"
    if "PySide6/Qt/lib/libicu" in rel or re.search(r"/icu\w*\.dll$", rel):
        return "Qt's ICU"
    if "PySide6/Qt/plugins/" in rel or "PySide6/plugins/" in rel:
        return "Qt plugins"
    if "PySide6/Qt/translations" in rel or "PySide6/translations" in rel:
        return "Qt translations"
    if "PySide6/Qt/lib/" in rel or re.search(r"PySide6/Qt6\w+\.dll$", rel):
        return "Qt libraries"
    if "PySide6/" in rel or "shiboken6/" in rel:
        return "PySide6 bindings"
    if "python3" in rel or "base_library.zip" in rel or "lib-dynload" in rel or "/DLLs/" in rel:
        return "Python runtime"
    top = rel.split("/")[1] if rel.startswith("_internal/") else rel.split("/")[0]
    if re.match(r"lib.*\.so", top) or top.lower().endswith(".dll"):
        return "system libraries"
    if top == "resources" or top == "LICENSE":
        return "app resources"
    return "other packages"


def sizes(bundle: Path) -> None:
    groups: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            groups[part(path.relative_to(bundle).as_posix())] += path.stat().st_size
    total = sum(groups.values())
    print(f"bundle {bundle}: {total / 1e6:.1f} MB on disk (target < 150 MB)")
    for name, size in groups.most_common():
        print(f"  {size / 1e6:6.1f} MB  {name}")


def _first_window(exe: Path, data: Path) -> tuple[float, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [str(exe), "--first-window-test", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    found = re.search(r"first window: (\d+\.\d+) s \(cpu (\d+\.\d+) s, (\w+)\)", done.stdout)
    if done.returncode or not found:
        raise SystemExit(f"the first-window test failed: {done.stdout}{done.stderr[-2000:]}")
    return float(found.group(1)), found.group(3)


def first_windows(bundle: Path, runs: int) -> None:
    """What an agent's double-click shows first: the unlock dialog of a data dir holding a
    profile (made here from source, the same format), and the first-run one of an empty one."""
    from agent_app.storage import create_profile

    exe = bundle / ("agent-app-cli.exe" if os.name == "nt" else "agent-app-cli")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        held, empty = Path(tmp) / "held", Path(tmp) / "empty"
        empty.mkdir()
        create_profile(
            held,
            agent_name="Nguyễn Thị Lan",
            agent_code="AG01",
            communes=["31027"],
            passphrase="bench-bundle-passphrase",
        ).close()
        for data, what in ((held, "unlock dialog"), (empty, "first-run dialog")):
            times = [_first_window(exe, data)[0] for _ in range(runs)]
            print(
                f"frozen cold start to the first window ({what}), {runs} runs: median "
                f"{statistics.median(times):.2f} s, {min(times):.2f}-{max(times):.2f} s "
                f"(target < 0.5 s)"
            )


def cold_start(bundle: Path, runs: int) -> None:
    """The main window on a new profile (``--smoke-test``: scrypt and the schema included)."""
    exe = bundle / ("agent-app-cli.exe" if os.name == "nt" else "agent-app-cli")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-bundle-") as data:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AGENT_APP_DATA_DIR=data)
            done = subprocess.run(
                [str(exe), "--smoke-test"], capture_output=True, text=True, env=env, timeout=120
            )
        found = re.search(r"first window: (\d+\.\d+) s", done.stdout)
        if done.returncode or not found:
            raise SystemExit(f"the smoke test failed: {done.stdout}{done.stderr[-2000:]}")
        times.append(float(found.group(1)))
    print(
        f"frozen cold start to the main window on a new profile, {runs} runs: median "
        f"{statistics.median(times):.2f} s, {min(times):.2f}-{max(times):.2f} s"
    )
    if hasattr(os, "getloadavg"):
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "agent-app")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.bundle.is_dir():
        print(f"no bundle at {args.bundle}: run `python3 dev.py build` first; skipped")
        return
    sizes(args.bundle)
    first_windows(args.bundle, args.runs)
    cold_start(args.bundle, args.runs)


if __name__ == "__main__":
    main()

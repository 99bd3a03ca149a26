"""Desktop app figures: search-as-you-type latency with 100,000 households, cold start to the
first window, and resident memory — each beside a bare PySide6 window for scale.

    .venv/bin/python bench/bench_app.py [--households N] [--cold-start-only RUNS]

Search latency is measured from the query being sent (the debounce already over) to the table
model holding the rows, through the real database thread and the real encrypted store.
Cold start is the best of three spawns with bytecode caching on, as in an installed app; then
the main window's cold start (``--smoke-test``: a new profile, scrypt included) from source, with
its CPU time (``--cold-start-only RUNS`` measures only that).
Targets: search median < 15 ms, p95 < 40 ms; first window < 0.6 s; memory < 150 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer  # noqa: E402

from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE, demo_households  # noqa: E402

TYPED = ["nguyen van anh", "tran thi hoa", "le minh", "ap tan hoa", "pham duc", "091"]

BARE_WINDOW = """
import time, sys
t = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget(); w.resize(400, 300); w.show(); app.processEvents()
print(f"shown {time.perf_counter() - t:.3f}", flush=True)
sys.path.insert(0, "bench"); from memory import rss_kb; print("rss", rss_kb(), flush=True)
"""

APP_MEMORY = """
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from agent_app.app import AgentApp, _application
from agent_app.storage import open_profile
app = _application(sys.argv)
agent = AgentApp(app, Path(sys.argv[1]))
agent.start_translations_only()
loop = QEventLoop()
agent.window_shown.connect(lambda w: w.households.results_applied.connect(loop.quit))
agent.window_shown.connect(lambda w: w.show_page(w.PAGE_HOUSEHOLDS))
agent.tasks.run_db(open_profile, Path(sys.argv[1]), sys.argv[2], sys.argv[3],
                   on_done=agent.open_store)
QTimer.singleShot(60000, loop.quit)
loop.exec()
for _ in range(10):
    app.processEvents()
print("shown 0")
sys.path.insert(0, "bench"); from memory import rss_kb; print("rss", rss_kb(), flush=True)
agent.shutdown()
"""

APP_WINDOW = """
import time, sys
t = time.perf_counter()
from pathlib import Path
from agent_app.app import AgentApp, _application
app = _application(sys.argv)
agent = AgentApp(app, Path(sys.argv[1]))
agent.start()
agent.dialog.show(); app.processEvents()
print(f"shown {time.perf_counter() - t:.3f}", flush=True)
agent.shutdown()
"""


def first_window(code: str, *args: str) -> tuple[float, float, float]:
    """Wall time from spawning the process to its "shown" line; the in-process time; RSS."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # An installed app has its bytecode cached (pip compiles on install); a shell that sets
    # PYTHONDONTWRITEBYTECODE would make every start recompile the project's own modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    inside, rss = float("nan"), float("nan")
    wall = float("nan")
    for line in proc.stdout:
        if line.startswith("shown"):
            wall = time.perf_counter() - started
            inside = float(line.split()[1])
        elif line.startswith("rss"):
            rss = int(line.split()[1]) / 1024
    proc.wait()
    return wall, inside, rss


def smoke_starts(runs: int) -> None:
    """The path the frozen app's cold start takes (``bench_bundle.py``), run from source:
    ``python -m agent_app --smoke-test`` in fresh processes, each creating a throwaway profile
    (its scrypt key included) and showing the main window. Prints the median and range of
    spawn-to-window wall time, of the in-process time and of the CPU (user + sys) spent by the
    first window."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    walls: list[float] = []
    insides: list[float] = []
    cpus: list[float] = []
    totals: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "agent_app", "--smoke-test"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            found = re.match(r"first window: (\d+\.\d+) s(?: \(cpu (\d+\.\d+) s\))?", line)
            if found:
                walls.append(time.perf_counter() - started)
                insides.append(float(found.group(1)))
                if found.group(2):
                    cpus.append(float(found.group(2)))
        if hasattr(os, "wait4"):  # the whole run's CPU, saving a household and exiting included
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            totals.append(usage.ru_utime + usage.ru_stime)
        if proc.wait():
            raise SystemExit("the smoke test failed")

    def spread(values: list[float]) -> str:
        return f"median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"

    print(
        f"cold start to the main window from source, {runs} runs (smoke test, new profile): "
        f"spawn to window {spread(walls)}, in-process {spread(insides)}"
    )
    if cpus:
        print(f"  CPU (user + sys) by the first window: {spread(cpus)}")
    if totals:
        print(f"  CPU (user + sys) of the whole run, to exit: {spread(totals)}")
    if hasattr(os, "getloadavg"):
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f}")


def wait_for(signal: object, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument(
        "--cold-start-only",
        type=int,
        metavar="RUNS",
        default=0,
        help="only the main window's cold start from source, this many runs",
    )
    args = parser.parse_args()
    if args.cold_start_only:
        smoke_starts(args.cold_start_only)
        return
    from agent_app.app import _application

    app = _application(sys.argv[:1])

    from agent_app.services import Workspace
    from agent_app.storage import create_profile
    from agent_app.tasks import Tasks
    from agent_app.ui.context import AppContext
    from agent_app.ui.main_window import MainWindow

    tasks = Tasks()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)

        def load() -> Workspace:
            store = create_profile(
                data_dir,
                agent_name=DEMO_AGENT["name"],
                agent_code=DEMO_AGENT["code"],
                communes=DEMO_AGENT["communes"],
                passphrase=DEMO_PASSPHRASE,
            )
            households = demo_households(
                args.households, DEMO_AGENT["communes"], today=date(2026, 1, 5)
            )
            with store.transaction():
                store.records.bulk_import((h.id, h.body, h.members) for h in households)
            return Workspace(store)

        started = time.perf_counter()
        workspace = tasks.run_db(load).result()
        print(f"loaded {args.households:,} households in {time.perf_counter() - started:.1f} s")
        ctx = AppContext(workspace, tasks)
        window = MainWindow(ctx, communes=DEMO_AGENT["communes"])
        window.show()
        window.show_page(window.PAGE_HOUSEHOLDS)
        page = window.households
        wait_for(page.results_applied)

        latencies = []
        for phrase in TYPED:
            for end in range(1, len(phrase) + 1):
                page.search.blockSignals(True)  # the debounce is not what is measured
                page.search.setText(phrase[:end])
                page.search.blockSignals(False)
                t0 = time.perf_counter()
                page.refresh()
                wait_for(page.results_applied)
                latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
        print(
            f"search-as-you-type over {len(latencies)} keystrokes: "
            f"median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, "
            f"max {latencies[-1]:.1f} ms (targets 15 / 40 ms)"
        )
        direct = []
        answers = []
        for phrase in TYPED:
            for end in range(1, len(phrase) + 1):
                t0 = time.perf_counter()
                rows = tasks.run_db(workspace.households.search, phrase[:end], limit=200).result()
                direct.append((time.perf_counter() - t0) * 1000)
                answers.append(rows)
        direct.sort()
        print(
            f"  of which Workspace.households.search alone: median "
            f"{statistics.median(direct):.1f} ms, p95 {direct[int(len(direct) * 0.95) - 1]:.1f} ms"
        )
        # The GUI thread's share: the same answers put into the model and the visible table.
        gui = []
        for rows in answers:
            t0 = time.perf_counter()
            page._apply(page.latest_request, rows)
            app.processEvents()  # the repaint the new rows cause
            gui.append((time.perf_counter() - t0) * 1000)
        gui.sort()
        print(
            f"  and the GUI thread's share (model reset, selection, repaint): median "
            f"{statistics.median(gui):.1f} ms, p95 {gui[int(len(gui) * 0.95) - 1]:.1f} ms"
        )
        # An orderly end: window deleted, store closed on its thread, workers stopped.
        window.close()
        window.deleteLater()
        tasks.run_db(workspace.store.close).result()
        tasks.shutdown()
        tasks.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window, page, ctx, workspace

        # Cold start: the unlock window of a data dir that has a profile.
        bare = [first_window(BARE_WINDOW) for _ in range(3)]
        ours = [first_window(APP_WINDOW, str(data_dir)) for _ in range(3)]
        _, _, app_rss = first_window(APP_MEMORY, str(data_dir), DEMO_AGENT["code"], DEMO_PASSPHRASE)
    print(
        f"resident memory of the app showing {args.households:,} households: {app_rss:.0f} MB "
        f"(fresh process; target 150 MB)"
    )
    print(
        f"cold start to first window (best of 3, spawn to shown): app "
        f"{min(w for w, _, _ in ours):.2f} s ({min(i for _, i, _ in ours):.2f} s after "
        f"Python started), bare PySide6 window {min(w for w, _, _ in bare):.2f} s "
        f"(target 0.6 s)"
    )
    print(f"bare PySide6 window resident memory: {min(r for _, _, r in bare):.0f} MB")
    smoke_starts(5)


if __name__ == "__main__":
    main()

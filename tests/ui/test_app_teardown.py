"""The interpreter survives many signal emits and a clean exit: PySide6 6.12.0 takes a
reference from True on each emit, and without agent_app.ui.qt_compat a long run aborted at
exit with "Fatal Python error: bool_dealloc"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EMITS = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from agent_app.ui.qt_compat import protect_bools
emits = sys.getrefcount(True) + 10_000  # more than True holds, before any reserve
protected = protect_bools() if sys.argv[1] == "protect" else False
app = QCoreApplication([])
class Pinger(QObject):
    ping = Signal(object)
pinger = Pinger()
pinger.ping.connect(lambda _value: None)
for _ in range(emits):
    pinger.ping.emit(None)
print("protected" if protected else "unprotected", flush=True)
"""


def _run(mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", EMITS, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_more_emits_than_true_has_references_do_not_abort() -> None:
    done = _run("protect")
    assert done.returncode == 0, done.stderr
    assert "bool_dealloc" not in done.stderr


def test_the_guard_is_needed_exactly_when_emits_leak() -> None:
    from agent_app.ui.qt_compat import emit_leaks_references

    unguarded = _run("bare")
    if emit_leaks_references():  # PySide6 6.12.0 on Python 3.11: the bug is real
        assert unguarded.returncode != 0
        assert "bool_dealloc" in unguarded.stderr
    else:
        assert unguarded.returncode == 0, unguarded.stderr

"""The packaged-build checks: ``agent-app --smoke-test`` in a fresh process, and the Vietnamese
catalogue complete and up to date with the source strings."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_test_opens_the_window_saves_and_prints_the_time(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENT_APP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "agent_app", "--smoke-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"^first window: \d+\.\d\d s \(cpu \d+\.\d\d s\)$", done.stdout, re.MULTILINE
    ), done.stdout
    assert re.search(r"^saved household [0-9a-f-]{36}$", done.stdout, re.MULTILINE)


@pytest.mark.parametrize("with_profile", [False, True])
def test_first_window_test_prints_the_time_to_the_window_an_agent_sees(tmp_path, with_profile):
    if with_profile:
        from agent_app.storage import create_profile

        create_profile(
            tmp_path,
            agent_name="Nguyễn Thị Lan",
            agent_code="AG01",
            communes=["31027"],
            passphrase="một hai ba bốn",
        ).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "agent_app", "--first-window-test", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    dialog = "UnlockDialog" if with_profile else "FirstRunDialog"
    assert re.search(
        rf"^first window: \d+\.\d\d s \(cpu \d+\.\d\d s, {dialog}\)$", done.stdout, re.MULTILINE
    ), done.stdout


def test_every_source_string_has_vietnamese_and_vi_qm_is_current():
    done = subprocess.run(
        [sys.executable, str(ROOT / "resources" / "translations" / "build.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    os.name == "nt",
    reason="Windows has no polite kill (terminate() is TerminateProcess): closing the window "
    "is the clean end there",
)
def test_the_demo_ends_cleanly_on_a_polite_kill(tmp_path):
    # Its temporary folders (server database, demo profile, window state) go with it.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent_app", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        # The line is printed once the window is up; a minute is plenty, a hang is a failure.
        # A reader thread, not select(): Windows cannot select() on a pipe.
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            pytest.fail("the demo printed nothing within a minute")
        assert re.match(r"demo server: http://127\.0\.0\.1:\d+$", line.strip()), line
        assert list(tmp_path.glob("bhxh-demo-*")), "the demo made no temporary folder"
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()  # closes the pipes
    assert proc.returncode == 0, err
    assert list(tmp_path.glob("bhxh-demo-*")) == []

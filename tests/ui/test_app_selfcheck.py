"""``agent-app --self-check`` (what tests/packaging runs on the frozen bundle) in a fresh
process from the source tree: the demo window, its charts, a receipt PDF, an .xlsx list and
Vietnamese through Qt's ICU, each reported, exit 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_self_check_tours_what_a_laptop_uses(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENT_APP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "agent_app", "--self-check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    out = done.stdout
    assert re.search(r"^demo window: \d+\.\d\d s$", out, re.MULTILINE), out
    assert re.search(r"^charts: [1-9]\d* on the events page$", out, re.MULTILINE), out
    assert re.search(r"^charts: [1-9]\d* on the progress screen$", out, re.MULTILINE), out
    assert re.search(r"^receipt PDF: \S+, [\d,]+ bytes$", out, re.MULTILINE), out
    assert re.search(r"^D05-TS \.xlsx: \d+ rows, [\d,]+ bytes$", out, re.MULTILINE), out
    assert "ICU: Vietnamese sorted and upper-cased" in out
    assert out.rstrip().endswith("self-check passed")
    assert not list(tmp_path.iterdir())  # the demo's folders are temporary, not the data dir

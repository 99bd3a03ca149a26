"""``agent-server demo`` (``python3 dev.py console``): a throwaway server with demo data whose
printed administrator can sign in."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.integration.console.conftest import sign_in

ROOT = Path(__file__).resolve().parents[3]


def test_the_demo_console_prints_an_account_that_signs_in() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "demo", "--port", str(port), "--households", "20"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(f"Console: http://127.0.0.1:{port}/"), first
        password = first.rsplit("password ", 1)[1].strip()
        assert "Demo agent's enrollment code" in process.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        import requests

        deadline = time.monotonic() + 60  # uvicorn binds just after the lines are printed
        while True:
            try:
                requests.get(url + "/api/v1/health", timeout=1)
                break
            except requests.ConnectionError:
                assert process.poll() is None, "the demo server stopped"
                assert time.monotonic() < deadline, "the demo server did not start"
                threading.Event().wait(0.1)
        session = sign_in(url, "admin", password)
        assert session.get(url + "/overview", timeout=30).status_code == 200
        session.close()
    finally:
        process.kill()
        process.communicate(timeout=30)

"""``pip install '.[server]'`` into a fresh virtualenv gives a working ``agent-server`` without Qt:
it provisions an agent, serves, and answers /health. Slow (a real install, about a minute)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import venv
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _bin(env_dir: Path, name: str) -> Path:
    folder = env_dir / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_server_extra_installs_and_serves_without_qt(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = _bin(env_dir, "python")
    # A copy of the sources: a build must not leave build/ or *.egg-info in the checkout.
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "mutants"),
    )
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{src}[server]"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]

    qt = subprocess.run([str(python), "-c", "import PySide6"], capture_output=True, text=True)
    assert qt.returncode != 0, "the server install brought PySide6"

    server = _bin(env_dir, "agent-server")
    data = tmp_path / "data"
    added = subprocess.run(
        [
            str(server),
            "add-agent",
            *("--data-dir", str(data), "--username", "mai"),
            *("--name", "Trần Thị Mai", "--commune", "31027"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert added.returncode == 0, added.stderr[-2000:]
    port = _free_port()
    serving = subprocess.Popen(
        [str(server), "serve", "--data-dir", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except requests.ConnectionError:
                assert serving.poll() is None, serving.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the server did not start in 60 s"
                time.sleep(0.2)  # polling a starting process: there is no signal to wait on
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
    finally:
        serving.kill()
        serving.wait(timeout=30)
        serving.stderr.close()

"""The CLIs print Vietnamese through a Windows pipe: a stream in an ANSI code page (emulated with
``PYTHONIOENCODING=cp1252``, what a Windows pipe or file gets) cannot spell ứ, ổ, ự or ₫, and
printing used to raise ``UnicodeEncodeError``. Now the output is UTF-8 and complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RATES = ROOT / "resources" / "reference" / "rates.json"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-m", "sync.server", "--help"], "tự nguyện"),
        (["-m", "sync.server", "check-rates", str(RATES)], "→"),
        (
            [
                *("-m", "agent_app", "quote", "--income", "2000000", "--support", "near_poor"),
                *("--method", "yearly", "--paid-on", "2026-11-21"),
            ],
            "3.696.000 ₫",
        ),
        (["-m", "agent_app", "quote-household", "--members", "3", "--months", "12"], "₫"),
    ],
)
@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_vietnamese_output_through_an_ansi_code_page_pipe(args, expected, encoding):
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    run = subprocess.run([sys.executable, *args], capture_output=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    assert expected in run.stdout.decode("utf-8")


def test_an_encoding_that_spells_vietnamese_is_left_alone():
    env = dict(os.environ, PYTHONIOENCODING="utf-16")
    code = "import sys; from sync.console import utf8_output as u; u(); print(sys.stdout.encoding)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, cwd=ROOT)
    assert run.stdout.decode("utf-16").strip() == "utf-16"


def test_a_tilde_in_a_folder_argument_means_the_home_folder():
    # cmd.exe and PowerShell do not expand ~; the CLIs must.
    from agent_app.__main__ import build_parser as app_parser
    from sync.server.__main__ import build_parser as server_parser

    home = Path.home()
    assert app_parser().parse_args(["--data-dir", "~/agent"]).data_dir == home / "agent"
    args = server_parser().parse_args(
        ["add-agent", "--data-dir", "~/srv", "--username", "u", "--name", "N", "--commune", "1"]
    )
    assert args.data_dir == home / "srv"

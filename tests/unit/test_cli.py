"""The two console entry points, run as installed commands and in-process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from agent_app.__main__ import main as agent_app_main
from sync import __version__
from sync.server.__main__ import main as agent_server_main


@pytest.mark.parametrize("command", ["agent-app", "agent-server"])
def test_installed_commands_answer_help_and_version(command):
    # The scripts live beside the interpreter running the tests (the virtualenv's bin/).
    exe = shutil.which(command, path=str(Path(sys.executable).parent)) or shutil.which(command)
    assert exe, f"{command} is not installed; run README's set-up"
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"{command} {__version__}"
    help_ = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True)
    assert "usage:" in help_.stdout


def test_quote_prints_the_worked_example_in_vietnamese(capsys):
    code = agent_app_main(
        [
            "quote",
            "--income",
            "2000000",
            "--support",
            "near_poor",
            "--method",
            "yearly",
            "--paid-on",
            "2026-11-21",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Tổng số tiền phải đóng" in out
    assert "3.696.000 ₫" in out
    assert "308.000 ₫" in out


def test_quote_household_in_english_defaults_to_today(capsys):
    code = agent_app_main(
        ["--lang", "en", "quote-household", "--members", "3"], today=date(2025, 11, 1)
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Total to pay" in out
    assert "2.906.280 ₫" in out


def test_quote_with_income_below_floor_explains_and_exits_2(capsys):
    code = agent_app_main(["quote", "--income", "1000000", "--paid-on", "2026-03-01"])
    err = capsys.readouterr().err
    assert code == 2
    assert "thấp hơn mức tối thiểu 1.500.000 ₫" in err


def test_check_rates_accepts_the_bundled_file(capsys):
    assert agent_server_main(["check-rates"]) == 0
    out = capsys.readouterr().out
    assert "base_salary" in out
    assert "[announced]" in out


def test_check_rates_rejects_overlapping_entries(tmp_path, capsys):
    bad = json.loads(json.dumps(_bundled()))
    bad["tables"]["base_salary"][1]["valid_from"] = "2016-04-01"  # overlaps the one before
    path = tmp_path / "rates.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert agent_server_main(["check-rates", str(path)]) == 1
    assert "overlap" in capsys.readouterr().err


def _bundled() -> dict:
    from sync.domain.rates import load_rates

    return load_rates().to_dict()

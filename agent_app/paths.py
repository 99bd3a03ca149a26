"""Where the app keeps its data and finds its bundled resources: the one paths module.

The data dir comes from ``$AGENT_APP_DATA_DIR`` (tests and ``--data-dir`` set it) or the
platform's user data folder; resources are found beside the package or inside a PyInstaller
bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Final

import platformdirs

APP_NAME: Final = "bhxh-field-agent"
DATA_DIR_ENV: Final = "AGENT_APP_DATA_DIR"
# The profile's own folders for the files it writes (``<data dir>/profiles/<code>/<kind>``).
RECEIPTS: Final = "receipts"
REPORTS: Final = "reports"
EXPORTS: Final = "exports"  # the D05-TS / D03-TS lists for BHXH


def default_data_dir() -> Path:
    """``$AGENT_APP_DATA_DIR`` if set and not blank, else the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def profile_files_dir(profile_path: Path, kind: str) -> Path:
    """Where the profile at ``profile_path`` keeps its ``kind`` of files (``RECEIPTS``,
    ``REPORTS``) by default: a folder inside the profile, the same wherever the app started."""
    if kind not in (RECEIPTS, REPORTS, EXPORTS):
        raise ValueError(f"unknown kind of files {kind!r}")
    return Path(profile_path) / kind


def _resources_root() -> Path:
    # PyInstaller unpacks datas under sys._MEIPASS; a source checkout has resources/ beside
    # agent_app/.
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under the top-level ``resources/`` package."""
    return _resources_root().joinpath(*parts)

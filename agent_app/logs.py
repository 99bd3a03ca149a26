"""The app's log file and crash reports, in the data dir (``<data dir>/logs``): what an agent
sends to support when something went wrong. Qt-free; the UI shows the report's path."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Final

from sync import __version__

LOG_DIR: Final = "logs"
LOG_FILE: Final = "agent-app.log"
_HANDLER_NAME: Final = "agent-app-file"


def log_dir(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``<data dir>/logs/agent-app.log`` (UTF-8, rotated at 1 MB, five kept); returns
    the file. Calling it again replaces the handler (another data dir, tests)."""
    folder = log_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return path


def close_logging() -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
        old.close()


def write_crash_report(
    data_dir: Path,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    now: datetime | None = None,
) -> Path:
    """Write what happened (version, platform, the traceback) to a new file in the log folder
    and to the log; returns the file. Never raises: a failing report falls back to stderr."""
    moment = now or datetime.now(UTC)
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    body = (
        f"BHXH field agent {__version__}\n"
        f"time: {moment.isoformat()}\n"
        f"python: {sys.version.split()[0]} on {platform.platform()}\n\n{text}"
    )
    logging.getLogger("agent_app").error("unexpected error:\n%s", text)
    folder = log_dir(data_dir)
    path = folder / f"crash-{moment.strftime('%Y%m%d-%H%M%S-%f')}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    except OSError:
        print(body, file=sys.stderr)
    return path

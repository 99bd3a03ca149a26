"""Console output that survives Windows: the CLIs print Vietnamese (ứ, ổ, ự, ₫, →), which the
ANSI code pages a Windows pipe or file gets (cp1252, cp1258) cannot spell, so ``print`` would
raise ``UnicodeEncodeError``. Such streams are switched to UTF-8 before anything is printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final, TextIO

# Characters the CLIs print that the Windows ANSI code pages lack.
_SAMPLE: Final = "ứổự₫→"


def _can_spell(stream: TextIO) -> bool:
    try:
        _SAMPLE.encode(stream.encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def utf8_output() -> None:
    """Reconfigure stdout and stderr to UTF-8 where their encoding cannot write Vietnamese.

    A windowed (GUI) executable may have no streams at all; those are left alone.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None or _can_spell(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def user_path(text: str) -> Path:
    """A path typed on a command line, ``~`` expanded: cmd.exe and PowerShell pass ``~/x``
    through unexpanded, and a folder literally named ``~`` would be created instead."""
    return Path(text).expanduser()

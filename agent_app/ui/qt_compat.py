"""A guard against a PySide6 6.12.0 regression that aborted test runs at exit.

``SignalInstance.emit()`` returns ``True`` without taking a new reference, so every emit from
Python code removes one reference from ``True``. On Python 3.11 the bools are ordinary objects
(3.12 made them immortal): after enough emits -- the worker bridge emits once per background
task -- the count reaches zero and the interpreter aborts with "Fatal Python error: bool_dealloc",
usually while collecting garbage at exit (PySide6 6.11.3 does not have the bug).

:func:`protect_bools` measures the leak once and, only when it is there, gives ``True`` and
``False`` a reserve of references no run can use up, which is what Python 3.12 does for every
bool. Call it once a process, before the first window; it is a no-op where the bug is absent.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Final

from PySide6.QtCore import QObject, Signal

# 2**40 references: a trillion emits before the reserve could run out.
RESERVE: Final = 1 << 40
_protected = False


class _Probe(QObject):
    ping = Signal()


def emit_leaks_references() -> bool:
    """Whether emitting a signal from Python takes a reference from ``True`` (PySide6 6.12.0)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    return sys.getrefcount(True) < before


def protect_bools() -> bool:
    """Give the bools a reserve of references when emits leak them; True if it was needed."""
    global _protected
    if _protected or sys.version_info >= (3, 12) or not emit_leaks_references():
        return False
    for flag in (True, False):
        # ob_refcnt is the first field of every object; id() is its address in CPython.
        ctypes.c_ssize_t.from_address(id(flag)).value += RESERVE
    _protected = True
    return True

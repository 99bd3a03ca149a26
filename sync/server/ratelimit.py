"""Rate limits per client address for the calls that need no token (device registration).

A thin layer over the ``limits`` library: a moving window in this process's memory, so each
``serve`` process counts for itself (several workers behind a load balancer each allow the
rate; the balancer's own limits are the place for a cluster-wide one).
"""

from __future__ import annotations

import math
import time
from typing import Final

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

# One laptop registers once; a post office behind one address enrolls a few at a time.
DEVICE_RATE: Final = "10/minute"


class RateLimiter:
    """``hit(key)`` counts one call; it returns ``None`` while within ``rate`` (the ``limits``
    notation, e.g. ``"10/minute"``) and otherwise the whole seconds until the next is allowed."""

    def __init__(self, rate: str = DEVICE_RATE) -> None:
        self.rate = rate
        self._item = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, key: str) -> int | None:
        if self._limiter.hit(self._item, key):
            return None
        reset = self._limiter.get_window_stats(self._item, key).reset_time
        return max(1, math.ceil(reset - time.time()))

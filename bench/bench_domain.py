"""Benchmark of the shared domain: how fast quotes, validation and commune search run.

Prints figures; asserts nothing. The server recomputes every enrollment of a day-end sync and the
enrollment form requotes on every keystroke, so both must stay far below a millisecond.

    python3 dev.py bench            # or: .venv/bin/python bench/bench_domain.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from sync.domain.admin_units import admin_units
from sync.domain.records import parse_record
from sync.domain.rules import load_rates, quote_household, quote_voluntary
from sync.domain.text import fold
from sync.domain.validators import normalize_cccd, normalize_phone


def _per_call_us(fn: Callable[[], object], *, repeat: int = 5, number: int = 2_000) -> float:
    """Median microseconds per call over ``repeat`` runs of ``number`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(runs)


def main() -> None:
    t0 = time.perf_counter()
    rates = load_rates()
    units = admin_units()
    startup_ms = (time.perf_counter() - t0) * 1e3
    paid_on = date(2026, 11, 21)
    person = {
        "household_id": "0192f5a0-0000-7000-8000-000000000001",
        "full_name": "Nguyễn Thị Ánh",
        "date_of_birth": "1990-05-17",
        "sex": "female",
        "relationship": "spouse",
        "cccd": "001190012345",
        "phone": "0912 345 678",
    }
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "quote_voluntary yearly",
            lambda: quote_voluntary(
                rates, income=2_000_000, support="near_poor", method="yearly", paid_on=paid_on
            ),
        ),
        (
            "quote_voluntary advance 60 months",
            lambda: quote_voluntary(
                rates,
                income=2_000_000,
                support="near_poor",
                method="advance",
                months=60,
                paid_on=paid_on,
            ),
        ),
        (
            "quote_household 5 members",
            lambda: quote_household(rates, members=5, months=12, paid_on=paid_on),
        ),
        ("parse_record person", lambda: parse_record("person", person)),
        ("normalize_cccd", lambda: normalize_cccd("001190012345")),
        ("normalize_phone", lambda: normalize_phone("+84 912 345 678")),
        ("fold name", lambda: fold("Đặng Thị Ngọc Ánh")),
        ("search communes 'u minh'", lambda: units.search("u minh")),
    ]
    print(f"load rates + admin units (first use): {startup_ms:8.1f} ms")
    for name, fn in cases:
        number = 200 if name.startswith("search") else 2_000
        us = _per_call_us(fn, number=number)
        print(f"{name:<36} {us:10.1f} µs/call  {1e6 / us:12,.0f} /s")


if __name__ == "__main__":
    main()

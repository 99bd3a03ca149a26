"""A lookup over many records costs what it finds: ``Records.of_kind_in`` (the lists for BHXH,
the receipts of many enrollments) goes by the column it is given, not by walking every record
of the kind on ``(kind, day)``, which SQLite chose for ``kind = ?`` with the ORDER BY: with
10,000 payments the export's check read every enrollment for each chunk of 500."""

from __future__ import annotations

from typing import Any

import pytest

from agent_app.storage import Store


@pytest.mark.parametrize("column", ["household_id", "person_id", "parent_id"])
def test_of_kind_in_searches_the_column_index(store: Store, column: str) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        store.records.of_kind_in("enrollment", column, ["a", "b", "c"])
    finally:
        store.conn.set_trace_callback(None)
    [statement] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    plan: list[Any] = store.all("EXPLAIN QUERY PLAN " + statement)
    details = [row[-1] for row in plan]
    assert any(f"({column}=?)" in d for d in details), details
    assert not any("record_kind_day" in d for d in details), details

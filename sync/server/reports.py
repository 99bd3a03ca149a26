"""Supervisor totals: enrollments, their amount and receipts per commune, province and day."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import or_, select

from sync.server.auth import Caller
from sync.server.db import Database, records


def summary(
    db: Database, caller: Caller, date_from: str | None = None, date_to: str | None = None
) -> dict[str, Any]:
    """Totals over the caller's communes, optionally between two ISO dates (inclusive)."""
    with db.connect() as conn:
        rows = conn.execute(
            select(
                records.c.kind, records.c.body, records.c.commune_code, records.c.province_code
            ).where(
                records.c.kind.in_(["enrollment", "receipt"]),
                records.c.deleted.is_(False),
                records.c.commune_code.in_(sorted(caller.communes)),
                # A receipt counts only as its enrollment's one live receipt (db.records).
                or_(records.c.kind == "enrollment", records.c.live_receipt_of.is_not(None)),
            )
        ).all()
    cells: dict[tuple[str, str, str], dict[str, int]] = defaultdict(
        lambda: {"enrollments": 0, "amount": 0, "receipts": 0, "receipt_amount": 0}
    )
    for kind, body, commune, province in rows:
        day = str(body.get("paid_on" if kind == "enrollment" else "issued_on", ""))
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        cell = cells[(day, province or "", commune or "")]
        amount = body.get("amount")
        amount = amount if isinstance(amount, int) and not isinstance(amount, bool) else 0
        if kind == "enrollment":
            cell["enrollments"] += 1
            cell["amount"] += amount
        else:
            cell["receipts"] += 1
            cell["receipt_amount"] += amount
    out_rows: list[dict[str, Any]] = [
        {"day": day, "province_code": province, "commune_code": commune, **values}
        for (day, province, commune), values in sorted(cells.items())
    ]
    totals = {"enrollments": 0, "amount": 0, "receipts": 0, "receipt_amount": 0}
    for row in out_rows:
        for key in totals:
            totals[key] += row[key]
    return {"rows": out_rows, "totals": totals}

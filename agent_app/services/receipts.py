"""The receipt ledger: every receipt of a period with its status, voiding a wrong receipt (a new
version by its author, never a deletion: the number stays used), the BHXH confirmation code
added when BHXH returns it, how many times each was printed (reprints say "copy"), and the
details form C45-BB prints that the agent sets once per profile."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Final

from agent_app.services._base import Base
from agent_app.services._common import as_day, fail, parse
from agent_app.services.types import Changed
from sync.domain.receipts import is_live_receipt

# The receipt details a profile keeps in its settings (``receipt.<key>``): the BHXH office
# that issues the form, the organisation authorised by BHXH to collect, the form's series.
RECEIPT_SETTINGS: Final = ("office", "organisation", "series")
# The SQL twin of ``is_live_receipt`` over ``record.body`` (JSON true reads back as 1).
LIVE_RECEIPT_SQL: Final = "json_extract(body, '$.voided') IS NOT 1"
LIVE: Final = "live"
VOIDED: Final = "voided"


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    """One line of the ledger."""

    id: str
    number: str
    issued_on: date
    payer_name: str
    amount: int
    scheme: str
    enrollment_id: str
    voided: bool
    void_reason: str | None
    confirmation_code: str | None
    synced: bool
    printed: int

    @property
    def status(self) -> str:
        return VOIDED if self.voided else LIVE


class ReceiptCases(Base):
    def receipt_ledger(
        self, day_from: date, day_to: date, status: str | None = None
    ) -> list[ReceiptRow]:
        """Every receipt issued between the two days (inclusive), voided ones too, newest
        number last; ``status`` ``"live"`` or ``"voided"`` keeps only those."""
        unsynced = self.store.outbox.record_ids()
        prints = self.store.receipt_prints.counts()
        rows = self.store.all(
            """SELECT r.id, r.body, r.version, e.body, p.body, h.body
               FROM record r
               LEFT JOIN record e ON e.id = r.parent_id
               LEFT JOIN record p ON p.id = json_extract(e.body, '$.person_id')
               LEFT JOIN record h ON h.id = r.household_id
               WHERE r.kind = 'receipt' AND r.deleted = 0 AND r.day BETWEEN ? AND ?
               ORDER BY r.day, json_extract(r.body, '$.number')""",
            (day_from.isoformat(), day_to.isoformat()),
        )
        out: list[ReceiptRow] = []
        for rid, body_text, version, e_text, p_text, h_text in rows:
            body = json.loads(body_text)
            enrollment = json.loads(e_text) if e_text else {}
            scheme = str(enrollment.get("scheme", ""))
            if scheme == "voluntary" and p_text:
                payer = str(json.loads(p_text).get("full_name", ""))
            else:
                payer = str(json.loads(h_text).get("head_name", "")) if h_text else ""
            row = ReceiptRow(
                id=rid,
                number=str(body.get("number", "")),
                issued_on=as_day(body.get("issued_on")) or day_from,
                payer_name=payer,
                amount=int(body.get("amount") or 0),
                scheme=scheme,
                enrollment_id=str(body.get("enrollment_id", "")),
                voided=not is_live_receipt(body),
                void_reason=body.get("void_reason") or None,
                confirmation_code=body.get("confirmation_code") or None,
                synced=int(version) > 0 and rid not in unsynced,
                printed=prints.get(rid, 0),
            )
            if status is None or row.status == status:
                out.append(row)
        return out

    def void_receipt(self, receipt_id: str, reason: str) -> Changed:
        """Mark a receipt voided with ``reason`` (a new version of it, synced like any
        correction): it stays in the ledger with its number, leaves Today's money and the
        day's close, and its enrollment may be given a new receipt. A voided receipt cannot
        be brought back."""
        rec = self.records.get(receipt_id, "receipt")
        if not is_live_receipt(rec.body):
            raise fail("already_voided", "voided")
        if not reason.strip():
            raise fail("void_reason_required", "void_reason")
        today = self.current_day()
        body = {
            **rec.body,
            "voided": True,
            "void_reason": reason,
            "voided_on": max(today, as_day(rec.body.get("issued_on")) or today).isoformat(),
        }
        body = parse("receipt", body, today).to_body()
        with self.store.transaction():
            self.records.put("receipt", receipt_id, body, now=self.now())
        return self._receipt_changed(receipt_id, body)

    def add_confirmation_code(self, receipt_id: str, code: str) -> Changed:
        """Record the confirmation code (mã xác nhận) BHXH returned for the receipt: a new
        version of it, synced. The code is checked (letters and digits, 4 to 40)."""
        rec = self.records.get(receipt_id, "receipt")
        body = parse("receipt", {**rec.body, "confirmation_code": code}, self.current_day())
        wire = body.to_body()
        if wire == rec.body:
            return Changed(frozenset(), ())
        with self.store.transaction():
            self.records.put("receipt", receipt_id, wire, now=self.now())
        return self._receipt_changed(receipt_id, wire)

    def _receipt_changed(self, receipt_id: str, body: dict[str, object]) -> Changed:
        ids = [receipt_id]
        enrollment_id = body.get("enrollment_id")
        if isinstance(enrollment_id, str):
            ids.append(enrollment_id)
            found = self.store.one("SELECT household_id FROM record WHERE id = ?", (receipt_id,))
            if found is not None and found[0]:
                ids.append(str(found[0]))
        return Changed(frozenset({"receipt", "enrollment"}), tuple(ids))

    def receipt_printed(self, receipt_id: str) -> int:
        """Count a print (paper or PDF) of the receipt; returns how many there have been."""
        self.records.get(receipt_id, "receipt")
        return self.store.receipt_prints.add(receipt_id, now=self.now())

    def receipt_settings(self) -> dict[str, str]:
        """The office, organisation and series this profile prints on its receipts (only
        those the agent set)."""
        out = {}
        for key in RECEIPT_SETTINGS:
            row = self.store.one("SELECT value FROM setting WHERE key = ?", (f"receipt.{key}",))
            value = json.loads(row[0]) if row is not None else None
            if isinstance(value, str) and value.strip():
                out[key] = value.strip()
        return out

    def set_receipt_settings(self, values: dict[str, str | None]) -> None:
        """Set (or clear, with an empty text) the receipt details in ``RECEIPT_SETTINGS``."""
        with self.store.transaction():
            for key, value in values.items():
                if key not in RECEIPT_SETTINGS:
                    raise KeyError(key)
                cleaned = " ".join((value or "").split())
                if cleaned:
                    self.store.execute(
                        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) "
                        "DO UPDATE SET value = excluded.value",
                        (f"receipt.{key}", json.dumps(cleaned, ensure_ascii=False)),
                    )
                else:
                    self.store.execute("DELETE FROM setting WHERE key = ?", (f"receipt.{key}",))
